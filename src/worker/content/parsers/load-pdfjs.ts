/**
 * Loads pdf.js on the first PDF, so the app does not download ~1.6 MB it may never need, and
 * starts pdf.js's own worker for each document.
 *
 * Why a nested worker per document rather than pdf.js's worker code imported into the app worker
 * (its "fake worker"): imported into a dedicated worker, pdf.worker.mjs takes over that worker's
 * `self` (it listens on it and posts a "ready" message to the page), which is the app worker's
 * Comlink channel; parsing would also block the database and search while it runs; and pdf.js
 * keeps fonts and caches until its worker goes away, so ending the worker after each document
 * gives that memory back. Nested dedicated workers exist in every current browser.
 */
import type { PDFWorker } from 'pdfjs-dist';
import { readerUnavailable } from '../content-errors';

export type PdfJs = typeof import('pdfjs-dist');

let loading: Promise<PdfJs> | undefined;

export function loadPdfJs(): Promise<PdfJs> {
  loading ??= import('pdfjs-dist').catch((error: unknown) => {
    loading = undefined; // a failed download (offline, a new deploy) may work next time
    throw readerUnavailable('PDF reader', error);
  });
  return loading;
}

/** pdf.js's worker for one document. `failure` rejects if the worker script cannot start. */
export interface PdfWorkerSession {
  worker: PDFWorker;
  failure: Promise<never>;
  close(): void;
}

export function startPdfWorker(pdfjs: PdfJs): PdfWorkerSession {
  // Written out literally so Vite bundles the worker script as a worker chunk.
  const thread = new Worker(new URL('pdfjs-dist/build/pdf.worker.min.mjs', import.meta.url), { type: 'module', name: 'pdfjs' });
  // pdf.js waits forever on a worker that never loaded: the error event is the only sign of it.
  const failure = new Promise<never>((_, reject) => {
    thread.addEventListener('error', (event) => reject(readerUnavailable('PDF reader', event)), { once: true });
  });
  failure.catch(() => undefined); // only awaited while a document is open
  const worker = pdfjs.PDFWorker.create({ port: thread, verbosity: pdfjs.VerbosityLevel.ERRORS });
  return {
    worker,
    failure,
    close() {
      worker.destroy();
      thread.terminate();
    },
  };
}
