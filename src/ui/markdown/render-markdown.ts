import DOMPurify from 'dompurify';
import { Marked } from 'marked';

/**
 * Markdown to safe HTML for the message view. Every message is untrusted (a model, a tool or an
 * imported file wrote it), so marked's output always goes through DOMPurify: no script, no event
 * handler, no `javascript:` URL survives. Links open in a new tab without access to this one.
 */
const marked = new Marked({ gfm: true, breaks: true, async: false });

const purifier = DOMPurify();
purifier.addHook('afterSanitizeAttributes', (node) => {
  if (!node.hasAttribute('href')) return;
  if (node.tagName === 'A') {
    node.setAttribute('target', '_blank');
    node.setAttribute('rel', 'noopener noreferrer nofollow');
  } else {
    // An <area> (or anything else with a link) could be clicked without the new-tab rule above.
    node.removeAttribute('href');
  }
});
// A message may only carry Markdown's own classes (a fenced block's language): a class of the
// app's own stylesheet could hide text from view that "Copy" would still copy, or dress a
// message up as the app's own controls.
purifier.addHook('uponSanitizeAttribute', (_node, data) => {
  if (data.attrName === 'class' && !/^language-[\w+#.-]{1,40}$/.test(data.attrValue)) data.keepAttr = false;
});

// Set once: a configuration passed to every sanitize() call would be parsed again each time.
purifier.setConfig({
  // HTML only: no SVG or MathML at all, so no SVG link (which the new-tab rule would miss), no
  // filter or <feImage>, and no <use> or <image> that loads from another address.
  USE_PROFILES: { html: true },
  // No remote media either: an image URL written by a model (or by a prompt injection in an
  // uploaded document) would be fetched on render and could carry conversation text away.
  FORBID_TAGS: [
    'style',
    'form',
    'input',
    'button',
    'textarea',
    'select',
    'iframe',
    'object',
    'embed',
    'img',
    'picture',
    'source',
    'video',
    'audio',
    'image',
    'track',
    'link',
    'meta',
    'base',
  ],
  // `background` loads an image even on a table; `ping` reports a click to another address.
  FORBID_ATTR: ['style', 'background', 'ping', 'srcset', 'poster', 'action', 'formaction'],
});

const cache = new Map<string, string>();
const CACHE_LIMIT = 2000;
/** Text and HTML kept, in UTF-16 code units: a few 10 MB messages must not fill the tab's memory. */
const CACHE_CODE_UNITS = 16 * 1024 * 1024;
let cached = 0;

/** Renders `text` once per distinct text: the list re-renders often while a message streams. */
export function renderMarkdown(text: string): string {
  const hit = cache.get(text);
  if (hit !== undefined) return hit;
  const html = purifier.sanitize(marked.parse(text) as string);
  const size = text.length + html.length;
  if (size > CACHE_CODE_UNITS / 4) return html; // Too big to keep: rendered again when shown again.
  // The oldest entries go first, until the new one fits both limits.
  while (cache.size > 0 && (cache.size >= CACHE_LIMIT || cached + size > CACHE_CODE_UNITS)) {
    const [oldText, oldHtml] = cache.entries().next().value as [string, string];
    cache.delete(oldText);
    cached -= oldText.length + oldHtml.length;
  }
  cache.set(text, html);
  cached += size;
  return html;
}
