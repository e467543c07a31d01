import { describe, expect, it } from 'vitest';
import { ChangeFeed } from '../change-feed';
import { createSqliteRepositories } from '../db/sqlite';
import { openTestClient } from '../db/test-support';
import { DEFAULT_AGENT_SETTINGS, SettingsService } from './settings-service';

async function withStored(rows: [string, string][]) {
  const sql = await openTestClient();
  for (const [key, value] of rows) sql.run('INSERT INTO settings (key, value, updated_at) VALUES (?, ?, 1)', [key, value]);
  return new SettingsService(createSqliteRepositories(sql), new ChangeFeed());
}

describe('settings saved with a value the app refuses', () => {
  it('are used with their defaults, part by part, and said what is wrong with, instead of breaking every read', async () => {
    const settings = await withStored([
      ['agent', '{"maxSteps": -5}'],
      ['search', '{"indexIntervalSeconds": 60}'],
      ['content.chunking', 'not JSON at all'],
    ]);
    const read = settings.get();
    expect(read.agent).toEqual(DEFAULT_AGENT_SETTINGS);
    expect(read.search.indexIntervalSeconds).toBe(60);
    const problems = settings.problems();
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/^Chunking: /);
    expect(problems[1]).toMatch(/^Answers: .*Steps per answer/);
  });

  it('are replaced by the next save, which keeps the good parts', async () => {
    const settings = await withStored([
      ['agent', '{"maxSteps": "many"}'],
      ['search', '{"indexIntervalSeconds": 60}'],
    ]);
    settings.update({ agent: { ...DEFAULT_AGENT_SETTINGS, maxSteps: 4 } });
    expect(settings.problems()).toEqual([]);
    expect(settings.get().agent.maxSteps).toBe(4);
    expect(settings.get().search.indexIntervalSeconds).toBe(60);
  });
});
