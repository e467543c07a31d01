import { expect, test, type Locator, type Page } from '@playwright/test';
import { AppPage } from './support/app';
import { openData } from './support/data';
import { deflateSync, unzipSync } from 'fflate';
import { rawZip, zeroDeflate, type RawEntry } from '../test-support/make-zip-bomb';
import { workbookBytes } from '../test-support/make-files';
import { makeDocx } from '../test-support/make-docx';

/**
 * Files too big to read are refused before a byte of them is read (issue 18, point 6): an upload
 * over the limit of the settings, a backup over 1 GB, an import over 256 MB. Each file here is
 * 2 GB made of one 1 MB Blob repeated, so nothing of that size is ever allocated; every way of
 * reading a Blob is watched, and none may be called on it.
 */

const GB2 = 2048;

/** Gives `input` a 2 GB file named `name`, as choosing it would, and watches every read of it. */
async function chooseHugeFile(page: Page, input: Locator, name: string): Promise<void> {
  await input.evaluate(
    (element, { name, megabytes }) => {
      const megabyte = new Blob([new Uint8Array(1024 * 1024)]);
      const file = new File(Array<Blob>(megabytes).fill(megabyte), name);
      const reads: string[] = ((window as unknown as { hugeReads: string[] }).hugeReads ??= []);
      for (const method of ['arrayBuffer', 'text', 'stream', 'bytes', 'slice'] as const) {
        const original = (Blob.prototype as unknown as Record<string, (...args: unknown[]) => unknown>)[method];
        if (!original) continue;
        Object.defineProperty(file, method, {
          value: (...args: unknown[]) => {
            reads.push(`${name}.${method}`);
            return original.apply(file, args);
          },
        });
      }
      for (const method of ['readAsArrayBuffer', 'readAsText', 'readAsDataURL', 'readAsBinaryString'] as const) {
        const original = FileReader.prototype[method] as (blob: Blob) => void;
        FileReader.prototype[method] = function (this: FileReader, blob: Blob) {
          if (blob === file) reads.push(`${name}.${method}`);
          return original.call(this, blob);
        };
      }
      const transfer = new DataTransfer();
      transfer.items.add(file);
      (element as HTMLInputElement).files = transfer.files;
      element.dispatchEvent(new Event('change', { bubbles: true }));
    },
    { name, megabytes: GB2 },
  );
}

const reads = (page: Page) => page.evaluate(() => (window as unknown as { hugeReads?: string[] }).hugeReads ?? []);

test('a 2 GB upload, backup and import are each refused, saying the limit, before any of it is read', async ({ page }) => {
  const app = new AppPage(page);
  await app.goto();
  await app.waitUntilReady();
  await app.newSession({ name: 'Big files' });

  await page.getByRole('button', { name: /^Documents/ }).click();
  const panel = page.getByRole('complementary', { name: 'Documents' });
  await chooseHugeFile(page, page.getByLabel('Choose files to upload'), 'huge.txt');
  await expect(panel.getByRole('alert')).toHaveText(
    'huge.txt is 2 GB; the limit is 50 MB. Split it into smaller files, or raise the limit in Settings.',
  );
  await expect(panel.getByRole('list', { name: 'Uploads' }).getByRole('status')).toHaveText('Failed');
  await page.getByRole('button', { name: 'Close documents' }).click();

  const dialog = await openData(page);
  const data = dialog.getByRole('region', { name: 'Data' });
  await chooseHugeFile(page, data.locator('input[type=file][accept*="sqlite3"]'), 'huge.sqlite3');
  await expect(data.getByRole('alert')).toHaveText(
    'huge.sqlite3 is 2 GB; LibrAgent reads files of this kind up to 1 GB. Your current data was not changed.',
  );
  await chooseHugeFile(page, data.locator('input[type=file][accept*="json"]'), 'huge.json');
  await expect(data.getByRole('alert')).toHaveText(
    'huge.json is 2 GB; LibrAgent reads files of this kind up to 256 MB. Your current data was not changed.',
  );
  expect(await reads(page)).toEqual([]);
});

/** A real file's entries deflated again as they were, with one hostile entry added. */
function withEntry(bytes: Uint8Array, extra: RawEntry): Buffer {
  const entries = Object.entries(unzipSync(bytes)).map(([name, data]) => ({
    name,
    data: deflateSync(data),
    method: 8 as const,
    declaredSize: data.length,
  }));
  return Buffer.from(rawZip([...entries, extra]));
}

test('deflate bombs are refused as they are uploaded: one declaring gigabytes, one whose header lies', async ({ page }) => {
  const app = new AppPage(page);
  await app.goto();
  await app.waitUntilReady();
  await app.newSession({ name: 'Bombs' });
  await page.getByRole('button', { name: /^Documents/ }).click();
  const uploads = page.getByRole('complementary', { name: 'Documents' }).getByRole('list', { name: 'Uploads' });
  const MB = 1024 * 1024;
  const xlsxBomb = withEntry(workbookBytes('xlsx', { One: [['a']] }), {
    name: 'xl/worksheets/sheet2.xml',
    data: zeroDeflate(MB),
    method: 8,
    declaredSize: 4_000_000_000,
  });
  const docxLiar = withEntry(makeDocx([{ text: 'Hello' }]), {
    name: 'word/document2.xml',
    data: zeroDeflate(300 * MB),
    method: 8,
    declaredSize: 2000,
  });
  expect(xlsxBomb.length + docxLiar.length).toBeLessThan(3 * MB);
  await page.getByLabel('Choose files to upload').setInputFiles([
    { name: 'bomb.xlsx', mimeType: 'application/octet-stream', buffer: xlsxBomb },
    { name: 'liar.docx', mimeType: 'application/octet-stream', buffer: docxLiar },
  ]);
  await expect(uploads.getByRole('listitem').filter({ hasText: 'bomb.xlsx' }).getByRole('alert')).toHaveText(
    /^bomb\.xlsx unpacks to 3\.7 GB; LibrAgent unpacks files of this kind up to 256 MB\. Split it/,
  );
  await expect(uploads.getByRole('listitem').filter({ hasText: 'liar.docx' }).getByRole('alert')).toHaveText(
    /^liar\.docx is not a readable Word document/,
  );
  await expect(page.getByRole('list', { name: 'Session documents' }).getByRole('listitem')).toHaveCount(0);
});
