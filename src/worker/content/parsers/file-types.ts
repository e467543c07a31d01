/**
 * The file types an upload may have, by extension. The extension says what the user meant; the
 * content (see detect-type.ts) must agree before anything heavy runs.
 */

export type DocumentKind = 'pdf' | 'spreadsheet' | 'text' | 'docx';

/** What SheetJS is asked to read; csv and tsv are decoded as UTF-8 text first. */
export type SpreadsheetFormat = 'xlsx' | 'xlsm' | 'xlsb' | 'xls' | 'ods' | 'csv' | 'tsv';

/** A file's kind and the MIME type stored with it in the content store. */
export type DetectedType = { mimeType: string } & (
  { kind: 'pdf' } | { kind: 'spreadsheet'; format: SpreadsheetFormat } | { kind: 'text' } | { kind: 'docx' }
);

export const PDF_MIME = 'application/pdf';

export const DOCX_MIME = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

export const SPREADSHEET_MIME: Readonly<Record<SpreadsheetFormat, string>> = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  xlsm: 'application/vnd.ms-excel.sheet.macroEnabled.12',
  xlsb: 'application/vnd.ms-excel.sheet.binary.macroEnabled.12',
  xls: 'application/vnd.ms-excel',
  ods: 'application/vnd.oasis.opendocument.spreadsheet',
  csv: 'text/csv',
  tsv: 'text/tab-separated-values',
};

/** Spreadsheet formats stored as a ZIP archive: their content must be one. */
export const ZIP_SPREADSHEETS: readonly SpreadsheetFormat[] = ['xlsx', 'xlsm', 'xlsb', 'ods'];

const PLAIN = 'text/plain';

/** Text files by extension. Source code without a registered MIME type gets a `text/x-` name. */
const TEXT_MIME: Readonly<Record<string, string>> = {
  txt: PLAIN,
  text: PLAIN,
  log: PLAIN,
  md: 'text/markdown',
  markdown: 'text/markdown',
  mdx: 'text/markdown',
  rst: 'text/x-rst',
  adoc: 'text/asciidoc',
  tex: 'text/x-tex',
  json: 'application/json',
  jsonl: 'application/jsonl',
  ndjson: 'application/x-ndjson',
  html: 'text/html',
  htm: 'text/html',
  xml: 'application/xml',
  css: 'text/css',
  scss: 'text/x-scss',
  less: 'text/x-less',
  js: 'text/javascript',
  mjs: 'text/javascript',
  cjs: 'text/javascript',
  jsx: 'text/javascript',
  ts: 'text/x-typescript',
  mts: 'text/x-typescript',
  cts: 'text/x-typescript',
  tsx: 'text/x-typescript',
  svelte: 'text/x-svelte',
  vue: 'text/x-vue',
  py: 'text/x-python',
  rs: 'text/x-rust',
  go: 'text/x-go',
  java: 'text/x-java',
  kt: 'text/x-kotlin',
  kts: 'text/x-kotlin',
  scala: 'text/x-scala',
  swift: 'text/x-swift',
  c: 'text/x-c',
  h: 'text/x-c',
  cpp: 'text/x-c++',
  cc: 'text/x-c++',
  cxx: 'text/x-c++',
  hpp: 'text/x-c++',
  hh: 'text/x-c++',
  cs: 'text/x-csharp',
  rb: 'text/x-ruby',
  php: 'text/x-php',
  pl: 'text/x-perl',
  lua: 'text/x-lua',
  r: 'text/x-r',
  dart: 'text/x-dart',
  sh: 'text/x-shellscript',
  bash: 'text/x-shellscript',
  zsh: 'text/x-shellscript',
  ps1: 'text/x-powershell',
  bat: PLAIN,
  cmd: PLAIN,
  sql: 'application/sql',
  yaml: 'application/yaml',
  yml: 'application/yaml',
  toml: 'application/toml',
  ini: PLAIN,
  cfg: PLAIN,
  conf: PLAIN,
  properties: PLAIN,
  env: PLAIN,
  gitignore: PLAIN,
  dockerignore: PLAIN,
  editorconfig: PLAIN,
  graphql: 'application/graphql',
  proto: PLAIN,
  diff: 'text/x-diff',
  patch: 'text/x-diff',
  srt: 'application/x-subrip',
  vtt: 'text/vtt',
};

/** Common files that have no extension but are text. */
const TEXT_NAMES: ReadonlySet<string> = new Set([
  'makefile',
  'dockerfile',
  'readme',
  'license',
  'changelog',
  'gemfile',
  'procfile',
]);

/** Types people often try that cannot be read yet, with what to do instead. */
const UNSUPPORTED_HINTS: Readonly<Record<string, string>> = {
  doc: 'Save old Word documents (.doc) as .docx, PDF or plain text and upload that.',
  odt: 'Save text documents as PDF or plain text and upload that.',
  rtf: 'Save it as PDF or plain text and upload that.',
  ppt: 'Save presentations as PDF and upload that.',
  pptx: 'Save presentations as PDF and upload that.',
  odp: 'Save presentations as PDF and upload that.',
  zip: 'Unpack the archive and upload the files inside.',
  gz: 'Unpack the archive and upload the files inside.',
  '7z': 'Unpack the archive and upload the files inside.',
  rar: 'Unpack the archive and upload the files inside.',
  png: 'Images cannot be read (there is no text recognition).',
  jpg: 'Images cannot be read (there is no text recognition).',
  jpeg: 'Images cannot be read (there is no text recognition).',
  gif: 'Images cannot be read (there is no text recognition).',
  webp: 'Images cannot be read (there is no text recognition).',
};

export type DeclaredType =
  { kind: 'pdf' } | { kind: 'docx' } | { kind: 'spreadsheet'; format: SpreadsheetFormat } | { kind: 'text'; mimeType: string };

/** The lower-case extension of a file name ("Report.PDF" -> "pdf", ".env" -> "env", "Makefile" -> ""). */
export function extensionOf(name: string): string {
  const base = name.split(/[/\\]/).pop() ?? '';
  const dot = base.lastIndexOf('.');
  return dot < 0 ? '' : base.slice(dot + 1).toLowerCase();
}

/** What the file name says the file is, or null for a name this app cannot read. */
export function declaredType(name: string): DeclaredType | null {
  const extension = extensionOf(name);
  if (extension === 'pdf') return { kind: 'pdf' };
  if (extension === 'docx') return { kind: 'docx' };
  if (Object.hasOwn(SPREADSHEET_MIME, extension)) return { kind: 'spreadsheet', format: extension as SpreadsheetFormat };
  if (Object.hasOwn(TEXT_MIME, extension)) return { kind: 'text', mimeType: TEXT_MIME[extension] };
  const base = (name.split(/[/\\]/).pop() ?? '').toLowerCase();
  if (extension === '' && TEXT_NAMES.has(base)) return { kind: 'text', mimeType: PLAIN };
  return null;
}

/** Advice for a type this app cannot read, or '' when there is nothing more specific to say. */
export function unsupportedHint(name: string): string {
  const extension = extensionOf(name);
  return Object.hasOwn(UNSUPPORTED_HINTS, extension) ? UNSUPPORTED_HINTS[extension] : '';
}

export const SUPPORTED_TYPES_SENTENCE =
  'Upload a PDF, a Word document (.docx), a spreadsheet (xlsx, xls, ods, csv, tsv) or a text file (plain text, Markdown, JSON, HTML, source code).';
