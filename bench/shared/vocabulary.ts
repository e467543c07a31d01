import { createRandom, intBetween, pick, type Random } from './random';

/**
 * English words in rough frequency order (chat about software and documents), then a long tail of
 * made-up words, drawn with a Zipf distribution: a few words are everywhere ("the"), most are rare.
 * That shape is what makes search cost realistic: common words have huge posting lists.
 */
const HEAD = `the to and a of is in it you that for this with on be are can as not your have if or
from by at we will an use but what which do all more so there one was they would their when how
file data can should need also like set then each new only other some time see just make any first
database index query search message session user assistant content document page table row column
function value error result change update create delete list open close read write save load build
test run start stop check return type string number array object field key name path line text
code server client browser worker thread memory storage cache disk network request response api
configuration config configure conference confirm confident conflict connect connection context
performance latency throughput benchmark measure profile optimize fast slow large small simple
version release feature issue bug fix problem solution example option setting default custom
model prompt token answer question chat history summary note idea plan step task project team
because about into over after before between through during without within around against
here where why who them these those such very much many most well still even back down out up
good great better best right wrong same different important possible available working
sqlite wasm opfs javascript typescript svelte component state event handler module package
import export class interface method property parameter argument variable constant loop
transaction commit rollback schema migration record insert select join order group limit offset
spreadsheet sheet cell formula pdf upload parse chunk extract offline sync local private`
  .split(/\s+/)
  .filter(Boolean);

const SYLLABLES = 'ka lo mi ra ne to su vi an el or ix um pre tra con dis ver ble tion ment ous ly ing'.split(' ');

function tailWords(count: number): string[] {
  const random = createRandom(0xc0ffee);
  const words = new Set<string>();
  while (words.size < count) {
    let word = '';
    for (let i = intBetween(random, 2, 4); i > 0; i--) word += pick(random, SYLLABLES);
    if (!HEAD.includes(word)) words.add(word);
  }
  return [...words];
}

export const WORDS: readonly string[] = [...new Set(HEAD)].concat(tailWords(3000));

/** Cumulative Zipf weights (s = 1) over WORDS, for a binary search per draw. */
const CUMULATIVE = (() => {
  const sums = new Float64Array(WORDS.length);
  let total = 0;
  for (let rank = 0; rank < WORDS.length; rank++) sums[rank] = total += 1 / (rank + 1);
  return sums.map((sum) => sum / total);
})();

export function zipfWord(random: Random): string {
  const target = random();
  let low = 0;
  let high = CUMULATIVE.length - 1;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (CUMULATIVE[middle] < target) low = middle + 1;
    else high = middle;
  }
  return WORDS[low];
}

/** Chinese and Japanese words for the CJK messages; the search bench looks for 数据库. */
export const CJK_WORDS: readonly string[] =
  `数据库 索引 查询 性能 搜索 文件 会话 消息 浏览器 本地 离线 存储 表格 页面 结果 问题 用户 助手
内容 文档 版本 更新 删除 创建 速度 内存 缓存 测试 我们 你们 这个 那个 可以 需要 因为 所以 但是 已经 データベース 検索 保存 ファイル`
    .split(/\s+/)
    .filter(Boolean);

export const CJK_PARTICLES: readonly string[] = ['的', '是', '在', '和', '了', '很', '也', 'の', 'を', 'は'];
