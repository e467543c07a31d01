import { describe, expect, it } from 'vitest';
import { CallTable, methodsByPath } from './call-table';

const table = {
  info: () => 'info',
  sessions: { get: (id: string) => `session ${id}`, list: () => ['a'] },
};

describe('CallTable', () => {
  it('runs a call by its dotted path', () => {
    const calls = new CallTable(table);
    expect(calls.run('info', [])).toBe('info');
    expect(calls.run('sessions.get', ['s1'])).toBe('session s1');
  });

  it('refuses a path that is no call, including the properties every object has', () => {
    const calls = new CallTable(table);
    for (const path of [
      'sessions.nope',
      'sessions',
      'toString',
      'constructor',
      '__proto__',
      'sessions.__proto__',
      'sessions.get.call',
      '',
    ]) {
      expect(() => calls.run(path, [])).toThrow(expect.objectContaining({ code: 'InvalidInput' }));
    }
  });

  it('hands every call of a namespace to `send` by its path', async () => {
    const sent: [string, unknown[]][] = [];
    const routed = new CallTable(table).routed('sessions', (path, args) => {
      sent.push([path, args]);
      return Promise.resolve(path);
    });
    expect(Object.keys(routed)).toEqual(['get', 'list']);
    await expect(routed.get('s1')).resolves.toBe('sessions.get');
    expect(sent).toEqual([['sessions.get', ['s1']]]);
  });

  it('lists the methods of nested objects by path', () => {
    expect([...methodsByPath({ ...table, deep: { er: { call: () => 1 } }, value: 3 }).keys()]).toEqual([
      'info',
      'sessions.get',
      'sessions.list',
      'deep.er.call',
    ]);
  });
});
