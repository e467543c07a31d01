/**
 * PDF to text with pdf.js, page by page. Browser only: pdf.js 6 needs a browser or Node >= 22.13,
 * so this file belongs to the Chromium (e2e) tests, not Vitest; its pure parts, pdf-text-lines.ts
 * and pdf-errors.ts, are unit-tested.
 *
 * Each page is a section that starts with the line "--- Page N ---" (so a chunk read on its own
 * still says where it is) and carries its page number for the chunker.
 */
import { createCheckpoint } from '../cancellation';
import { emptyFile, overLimit } from '../content-errors';
import { TextBuilder, type ExtractedText } from './extracted-text';
import { formatCount } from '../limits';
import { loadPdfJs, startPdfWorker } from './load-pdfjs';
import { toPdfError } from './pdf-errors';
import { pageTextLines } from './pdf-text-lines';

export interface PdfOptions {
  /** PDFs with more pages are refused before any page is read (ContentLimits.maxPdfPages). */
  maxPages: number;
  /**
   * Where the app serves pdf.js's CMaps (the files of `pdfjs-dist/cmaps/`), e.g.
   * `new URL('pdfjs/cmaps/', self.location.href).href`. Without them, text in CJK fonts that use
   * predefined CMaps comes out garbled or empty. Relative URLs resolve against the worker's URL.
   */
  cMapUrl?: string;
  signal?: AbortSignal;
  /** Called after each page is read. */
  onPage?: (done: number, total: number) => void;
}

export const pageMarker = (page: number) => `--- Page ${page} ---`;

export async function parsePdf(name: string, bytes: Uint8Array, options: PdfOptions): Promise<ExtractedText> {
  const { signal } = options;
  const checkpoint = createCheckpoint(signal);
  const pdfjs = await loadPdfJs();
  signal?.throwIfAborted();
  const session = startPdfWorker(pdfjs);
  // Neither a worker that failed to start nor a cancel may leave the upload waiting forever: after
  // task.destroy(), pdf.js can leave a pending getPage()/getTextContent() unsettled.
  const aborted = new Promise<never>((_, reject) => {
    signal?.addEventListener('abort', () => reject(signal.reason), { once: true });
  });
  aborted.catch(() => undefined);
  const guard = <T>(promise: Promise<T>) => Promise.race([promise, session.failure, aborted]);
  const task = pdfjs.getDocument({
    data: bytes.slice(), // pdf.js transfers (detaches) the buffer it is given: keep the caller's intact
    worker: session.worker,
    cMapUrl: options.cMapUrl === undefined ? undefined : directoryUrl(options.cMapUrl),
    cMapPacked: true,
    // CMaps are fetched by pdf.js's worker: its main-thread fetch reads document.baseURI, and there
    // is no document here. Without a cMapUrl there is nothing to fetch.
    useWorkerFetch: options.cMapUrl !== undefined,
    // Text only: never load fonts into a page, fetch standard font programs, or decode images.
    disableFontFace: true,
    useSystemFonts: true,
    useWasm: false,
    isOffscreenCanvasSupported: false,
    isImageDecoderSupported: false,
    disableWorkerRendering: true,
    verbosity: pdfjs.VerbosityLevel.ERRORS,
  });
  const stop = () => void task.destroy();
  signal?.addEventListener('abort', stop, { once: true });
  try {
    const pdf = await guard(task.promise);
    const total = pdf.numPages;
    if (total > options.maxPages) {
      throw overLimit(
        name,
        `has ${formatCount(total)} pages; the limit is ${formatCount(options.maxPages)} pages`,
        'Split it into smaller PDFs, or raise the limit in Settings.',
      );
    }
    const builder = new TextBuilder();
    let hasText = false;
    for (let number = 1; number <= total; number++) {
      await checkpoint();
      const page = await guard(pdf.getPage(number));
      const content = await guard(page.getTextContent());
      page.cleanup(); // frees the page's parsed resources: long documents otherwise grow without bound
      const lines = pageTextLines(content.items);
      hasText ||= lines.length > 0;
      builder.addSection([pageMarker(number), ...lines], { page: number });
      options.onPage?.(number, total);
    }
    if (!hasText) {
      throw emptyFile(name, 'none of its pages has text; it is probably a scan, so run text recognition (OCR) on it first');
    }
    return builder.build();
  } catch (error) {
    throw toPdfError(name, error, signal);
  } finally {
    signal?.removeEventListener('abort', stop);
    // destroy() waits for pdf.js's worker to confirm, which a worker that never started cannot do.
    await guard(task.destroy()).catch(() => undefined);
    session.close();
  }
}

/** pdf.js wants a URL ending in '/'; resolve it here, where the worker's own URL is known. */
function directoryUrl(url: string): string {
  const base = globalThis.location?.href;
  const absolute = base ? new URL(url, base).href : url;
  return absolute.endsWith('/') ? absolute : `${absolute}/`;
}
