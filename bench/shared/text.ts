import { intBetween, pick, type Random } from './random';
import { CJK_PARTICLES, CJK_WORDS, zipfWord } from './vocabulary';

/** Prose, code and CJK text shaped like chat messages. Lengths are in words (CJK: characters). */

export function sentence(random: Random, words: number): string {
  const parts: string[] = [];
  for (let i = 0; i < words; i++) parts.push(zipfWord(random));
  const text = parts.join(' ');
  return text.charAt(0).toUpperCase() + text.slice(1) + pick(random, ['.', '.', '.', '?', '!', ':']);
}

export function prose(random: Random, words: number): string {
  const sentences: string[] = [];
  for (let left = words; left > 0;) {
    const size = Math.min(left, intBetween(random, 5, 18));
    sentences.push(sentence(random, size));
    left -= size;
  }
  return sentences.join(' ');
}

/** Paragraphs with the Markdown an assistant writes: headings and bullet lists now and then. */
export function longAnswer(random: Random, words: number): string {
  const blocks: string[] = [];
  for (let left = words; left > 0;) {
    const size = Math.min(left, intBetween(random, 30, 90));
    const kind = random();
    if (kind < 0.15) blocks.push(`## ${sentence(random, intBetween(random, 2, 5)).slice(0, -1)}`);
    if (kind > 0.75) {
      const items = intBetween(random, 2, 5);
      blocks.push(Array.from({ length: items }, () => `- ${prose(random, Math.ceil(size / items))}`).join('\n'));
    } else {
      blocks.push(prose(random, size));
    }
    left -= size;
  }
  return blocks.join('\n\n');
}

const CODE_SHAPES = [
  (a: string, b: string, n: number) => `const ${a} = await ${b}.${a}(${n});`,
  (a: string, b: string) => `if (!${a}) throw new Error('${b} ${a} failed');`,
  (a: string, b: string, n: number) => `for (let i = 0; i < ${a}.length; i += ${n}) ${b}.push(${a}[i]);`,
  (a: string, b: string) => `export function ${a}(${b}: string): number {`,
  (a: string, b: string) => `  return ${a}.map((item) => item.${b});`,
  (a: string, b: string, n: number) => `SELECT ${a}, ${b} FROM ${a}s WHERE id = ${n};`,
  () => '}',
];

export function codeBlock(random: Random, lines: number): string {
  const body: string[] = [];
  for (let i = 0; i < lines; i++) {
    const shape = pick(random, CODE_SHAPES);
    body.push(shape(identifier(random), identifier(random), intBetween(random, 1, 500)));
  }
  return `\`\`\`${pick(random, ['ts', 'js', 'sql', 'python'])}\n${body.join('\n')}\n\`\`\``;
}

function identifier(random: Random): string {
  return zipfWord(random).replace(/[^a-z]/gi, '') || 'value';
}

export function cjkText(random: Random, characters: number): string {
  let text = '';
  while (text.length < characters) {
    text += pick(random, CJK_WORDS);
    if (random() < 0.4) text += pick(random, CJK_PARTICLES);
    if (random() < 0.08) text += '。';
  }
  return `${text}。`;
}
