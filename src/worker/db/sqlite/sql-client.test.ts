import { describe, expect, it } from 'vitest';
import { loadSqlite } from '../test-support';
import { SqlClient } from './sql-client';

async function emptyClient(): Promise<SqlClient> {
  const sqlite3 = await loadSqlite();
  return new SqlClient(new sqlite3.oo1.DB(':memory:'), sqlite3);
}

/** Every kind of value SQLite can hand back, each where its reading can go wrong. */
const VALUES: [string, unknown][] = [
  ['zero', 0],
  ['negative', -42],
  ['largest safe integer', Number.MAX_SAFE_INTEGER],
  ['smallest safe integer', Number.MIN_SAFE_INTEGER],
  ['float', 0.1 + 0.2],
  ['empty text', ''],
  ['unicode text', 'café 数据库 👍🏽 안녕하세요'],
  ['null', null],
  ['blob', new Uint8Array([0, 1, 2, 255])],
  ['ill-formed text', 'cut \ud83d in half'],
];

describe('SqlClient reading rows from the wasm exports', () => {
  it('returns every kind of value exactly as oo1 does', async () => {
    const sql = await emptyClient();
    sql.exec('CREATE TABLE t (name TEXT, v)');
    for (const [name, value] of VALUES) sql.run('INSERT INTO t VALUES (?, ?)', [name, value as never]);
    const rows = sql.all('SELECT name, v FROM t ORDER BY rowid');
    expect(rows.map((row) => [row.name, row.v])).toEqual(VALUES);
    for (const [name, value] of VALUES) {
      expect(sql.value('SELECT v FROM t WHERE name = ?', [name])).toEqual(value);
      expect(sql.get('SELECT v AS value FROM t WHERE name = ?', [name])).toEqual({ value });
    }
  });

  it('returns integers beyond 2^53 as BigInt, exactly', async () => {
    const sql = await emptyClient();
    for (const big of [2n ** 53n, 2n ** 53n + 1n, -(2n ** 63n), 2n ** 63n - 1n]) {
      expect(sql.value('SELECT CAST(? AS INTEGER)', [String(big)])).toBe(big);
    }
    expect(sql.value('SELECT 9007199254740991')).toBe(Number.MAX_SAFE_INTEGER);
  });

  it('reads long text and many rows after the heap has grown', async () => {
    const sql = await emptyClient();
    const long = 'word '.repeat(200_000);
    sql.exec('CREATE TABLE t (v TEXT)');
    sql.run('INSERT INTO t VALUES (?)', [long]);
    sql.run("INSERT INTO t SELECT printf('row %d', value) FROM json_each(?)", [JSON.stringify([...Array(1000).keys()])]);
    const rows = sql.all('SELECT v FROM t ORDER BY rowid');
    expect(rows).toHaveLength(1001);
    expect(rows[0].v).toBe(long);
    expect(rows[1000].v).toBe('row 999');
  });

  it('keys a row by its column names, the later of two equal names winning', async () => {
    const sql = await emptyClient();
    expect(sql.get('SELECT 1 AS a, 2 AS b, 3 AS a')).toEqual({ a: 3, b: 2 });
    expect(sql.all('SELECT 1 AS x UNION ALL SELECT 2')).toEqual([{ x: 1 }, { x: 2 }]);
  });

  it('rolledBack() lets work read its own writes, then undoes them, also when the work fails', async () => {
    const sql = await emptyClient();
    sql.exec('CREATE TABLE t (v)');
    sql.run('INSERT INTO t VALUES (1)');
    const seen = sql.rolledBack(() => {
      sql.run('INSERT INTO t VALUES (2)');
      return sql.value('SELECT sum(v) FROM t');
    });
    expect(seen).toBe(3);
    expect(sql.all('SELECT v FROM t')).toEqual([{ v: 1 }]);
    expect(() =>
      sql.rolledBack(() => {
        sql.run('INSERT INTO t VALUES (5)');
        throw new Error('the work failed');
      }),
    ).toThrow('the work failed');
    expect(sql.all('SELECT v FROM t')).toEqual([{ v: 1 }]);
    expect(sql.inTransaction).toBe(false);
    // The connection's own durability is as it was.
    expect(sql.value('PRAGMA synchronous')).toBe(2);
  });
});
