import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { measureBundle } from '../bench/runner/bundle-sizes';

/**
 * Issue 17: the database worker starts with only what the first screen needs. The build the other
 * tests run (dist-e2e, built by playwright.config.ts's web server) is inspected: each part that
 * loads on demand is a chunk of its own, outside the worker's start-up closure, and none of its
 * code is in that closure either (a string only that part contains stands for it).
 */
const DIST = join(import.meta.dirname, '..', 'dist-e2e');

const LAZY_PARTS = [
  { part: 'the MCP SDK', chunk: 'mcp-client', marker: 'mcp-session-id' },
  { part: 'the agent', chunk: 'create-agent', marker: 'An answer is already being written' },
  { part: 'the model providers', chunk: 'provider-kinds', marker: 'anthropic-version' },
  { part: 'backup, restore, export and import', chunk: 'data-service', marker: 'libragent-backup' },
  { part: 'the spreadsheet reader', chunk: 'parse-spreadsheet', marker: null },
  { part: 'the Word reader', chunk: 'parse-docx', marker: null },
  { part: 'the PDF reader', chunk: 'parse-pdf', marker: null },
];

test('the database worker loads the agent, MCP, providers, backup and export and the parsers only on demand', () => {
  const bundle = measureBundle(DIST);
  const startup = bundle.workerStatic.files;
  const startupCode = startup.map((file) => readFileSync(join(DIST, 'assets', file), 'utf8')).join('\n');
  expect(startup.some((file) => file.startsWith('worker-'))).toBe(true);
  for (const { part, chunk, marker } of LAZY_PARTS) {
    const ofPart = (file: string) => file.startsWith(`${chunk}-`);
    expect(bundle.workerLazy.files.some(ofPart), `${part} is a chunk of its own, loaded on demand`).toBe(true);
    expect(startup.some(ofPart), `${part} is not loaded at start`).toBe(false);
    if (marker) expect(startupCode.includes(marker), `${part}'s code is not in the start-up chunks`).toBe(false);
  }
});
