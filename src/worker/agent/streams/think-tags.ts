/**
 * Reasoning models served without a reasoning parser (DeepSeek-R1, Qwen3 and others through some
 * servers) write their reasoning into the answer text between `<think>` and `</think>`. This moves
 * it to the thinking text while the answer streams, even when a tag is split across chunks.
 */

const OPEN = '<think>';
const CLOSE = '</think>';

/** Length of the longest end of `text` that is the beginning of `tag` (it may be completed later). */
function partialTagLength(text: string, tag: string): number {
  for (let length = Math.min(tag.length - 1, text.length); length > 0; length--) {
    if (text.endsWith(tag.slice(0, length))) return length;
  }
  return 0;
}

/**
 * Splits streamed answer text into `content` and `thinking`.
 *
 * - Text inside `<think>…</think>` goes to `thinking`; there may be several blocks.
 * - A `</think>` before any `<think>` means the prompt template opened the block (Qwen3 and
 *   DeepSeek-R1 templates do): everything before it is moved from `content` to `thinking`, so a
 *   snapshot taken earlier may have shown that text as content.
 * - Whitespace right after a tag is dropped while the text it starts is still empty (the `\n\n`
 *   models write after `</think>`).
 * - Up to 8 characters that could be the start of a tag are held back until the next piece shows
 *   whether they are one; `finish()` releases them.
 */
export class ThinkTagSplitter {
  content = '';
  thinking = '';
  private inside = false;
  private sawTag = false;
  private held = '';

  /** Adds a piece of answer text. */
  push(text: string): void {
    let rest = this.held + text;
    this.held = '';
    while (rest !== '') {
      const tag = this.inside ? CLOSE : OPEN;
      const at = rest.indexOf(tag);
      const strayClose = this.sawTag || this.inside ? -1 : rest.indexOf(CLOSE);
      if (strayClose !== -1 && (at === -1 || strayClose < at)) {
        this.thinking += this.content + rest.slice(0, strayClose);
        this.content = '';
        this.sawTag = true;
        rest = rest.slice(strayClose + CLOSE.length);
        continue;
      }
      if (at !== -1) {
        this.append(rest.slice(0, at));
        this.inside = !this.inside;
        this.sawTag = true;
        rest = rest.slice(at + tag.length);
        continue;
      }
      const hold = Math.max(partialTagLength(rest, tag), this.sawTag || this.inside ? 0 : partialTagLength(rest, CLOSE));
      this.append(rest.slice(0, rest.length - hold));
      this.held = rest.slice(rest.length - hold);
      return;
    }
  }

  /** Adds reasoning that arrived separately (a `reasoning_content` field) to `thinking`. */
  addThinking(text: string): void {
    this.thinking += text;
  }

  /** Ends the answer: text held back as a possible tag was not one. Returns true if that changed the texts. */
  finish(): boolean {
    const held = this.held;
    this.held = '';
    const before = this.content.length + this.thinking.length;
    this.append(held);
    return this.content.length + this.thinking.length !== before;
  }

  private append(text: string): void {
    if (this.inside) {
      this.thinking += this.sawTag && this.thinking === '' ? text.trimStart() : text;
    } else {
      this.content += this.sawTag && this.content === '' ? text.trimStart() : text;
    }
  }
}
