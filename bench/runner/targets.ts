import { QUERIES } from '../shared/queries';
import { speedRatio, type Row, type Target } from './report-model';

/** The issue's targets, judged from the report rows. A target with no measurement is "missed". */
export function judgeTargets(rows: Row[]): Target[] {
  const byId = new Map(rows.map((row) => [row.id, row]));
  const value = (id: string) => byId.get(id)?.ours?.value;
  const worst = (ids: string[], pick: (row: Row) => number | undefined) => {
    const found = ids.map((id) => ({ id, n: byId.has(id) ? pick(byId.get(id) as Row) : undefined }));
    if (found.some((f) => f.n === undefined || !Number.isFinite(f.n))) return { n: undefined, id: '' };
    return found.reduce((a, b) => ((b.n as number) > (a.n as number) ? b : a));
  };
  const depths = ['start', 'middle', 'end'].map((d) => `keyset_${d}`);
  const scopes = [
    { prefix: 'search_', where: 'all sessions' },
    { prefix: 'search_session_', where: 'one session' },
  ];
  const insert = byId.get('insert_many');
  const keyset = worst(depths, (r) => r.ours?.value);
  const comlink = worst(
    depths.map((id) => `comlink_${id}`),
    (r) => r.ours?.value,
  );
  const label = (id: string) => byId.get(id)?.label.replace(/^search [^:]*: /, '') ?? id;
  // The old bench targets (p50, p99) and issue 5's (no slower than 2x FTS5), for each scope.
  const searchTargets = scopes.flatMap(({ prefix, where }) => {
    const ids = QUERIES.map((q) => `${prefix}${q.id}`);
    const comparable = QUERIES.filter((q) => q.fts5Comparable).map((q) => `${prefix}${q.id}`);
    const p50 = worst(ids, (r) => r.ours?.value);
    const p99 = worst(ids, (r) => r.ours?.p99);
    const vsFts5 = worst(comparable, (r) => {
      const ratio = speedRatio(r, 'fts5');
      return ratio === undefined ? undefined : 1 / ratio;
    });
    return [
      target(`search ${where}, p50 (worst query)`, p50.n, 2, 'ms', 'at most', `worst: ${label(p50.id)}`),
      target(`search ${where}, p99 (worst query)`, p99.n, 15, 'ms', 'at most', `worst: ${label(p99.id)}`),
      target(
        `search ${where}, p50 vs FTS5 (worst query FTS5 can answer)`,
        vsFts5.n,
        2,
        'x FTS5 time',
        'at most',
        `worst: ${label(vsFts5.id)}`,
      ),
    ];
  });
  return [
    target('insert_many on OPFS vs native better-sqlite3', insert && speedRatio(insert, 'native'), 0.25, 'x native', 'at least'),
    target('insert_many on OPFS vs IndexedDB', insert && speedRatio(insert, 'idb'), 5, 'x IndexedDB', 'at least'),
    target('single durable upsert, p50', value('upsert'), 1.5, 'ms', 'at most'),
    target(
      'keyset page of 50 in the worker, p50 at any depth',
      keyset.n,
      0.5,
      'ms',
      'at most',
      `worst: ${keyset.id.replace('keyset_', '')}`,
    ),
    target(
      'keyset page of 50 through Comlink, p50 at any depth',
      comlink.n,
      2,
      'ms',
      'at most',
      `worst: ${comlink.id.replace('comlink_keyset_', '')}`,
    ),
    target('cold start to first query (wasm cached), median', value('cold_start'), 150, 'ms', 'at most'),
    ...searchTargets,
    target('index heap', value('index_heap'), 80, 'MB', 'at most'),
    target('persisted index load at restart (every session)', value('index_load'), 400, 'ms', 'at most'),
    ...issue16Targets(byId),
    ...issue17Targets(byId),
    target('main-thread JS at startup, gzip', value('bundle_main'), 100, 'kB', 'at most'),
  ];
}

/** Issue 16's table: search at a heavy user's scale, each measure with its own limit (p50 unless said). */
function issue16Targets(byId: Map<string, Row>): Target[] {
  const p50 = (id: string) => byId.get(id)?.ours?.value;
  const p99 = (id: string) => byId.get(id)?.ours?.p99;
  const limits: [string, number | undefined, number, string][] = [
    ['full index build', p50('index_build'), 3_000, 'ms'],
    ['index on disk', p50('index_bytes'), 30, 'MB'],
    ['all sessions, rare word, p50', p50('search_rare'), 1, 'ms'],
    ['all sessions, "the", p50', p50('search_common'), 25, 'ms'],
    ['all sessions, "the", p99', p99('search_common'), 60, 'ms'],
    ['all sessions, prefix "conf", p50', p50('search_prefix'), 15, 'ms'],
    ['all sessions, typo, p50', p50('search_typo'), 15, 'ms'],
    ['all sessions, CJK, p50', p50('search_cjk'), 5, 'ms'],
    ['one session, common, p50', p50('search_session_common'), 10, 'ms'],
    ['one session, prefix, p50', p50('search_session_prefix'), 5, 'ms'],
    ['one session, typo, p50', p50('search_session_typo'), 5, 'ms'],
    ['one session, CJK, p50', p50('search_session_cjk'), 5, 'ms'],
    ['one session, rare, p50', p50('search_session_rare'), 1, 'ms'],
    ['catch-up after one new message, p50', p50('index_catchup'), 1, 'ms'],
    ['keyset page while the index loads, p99', p99('keyset_while_loading'), 20, 'ms'],
  ];
  return limits.map(([label, measured, limit, unit]) => target(`issue 16: ${label}`, measured, limit, unit, 'at most'));
}

/** Issue 17's table: instant start and a lean write path (p50; "any depth" is the worst of the three depths). */
function issue17Targets(byId: Map<string, Row>): Target[] {
  const p50 = (id: string) => byId.get(id)?.ours?.value;
  const worstOf = (prefix: string) => {
    const values = ['start', 'middle', 'end'].map((depth) => p50(`${prefix}_${depth}`));
    return values.every((value) => value !== undefined && Number.isFinite(value)) ? Math.max(...(values as number[])) : undefined;
  };
  const insert = byId.get('insert_many');
  const issue = (label: string) => `issue 17: ${label}`;
  return [
    target(
      issue('page load into a 100,000-message session, newest message painted'),
      p50('app_load_session'),
      350,
      'ms',
      'at most',
    ),
    target(issue('cold start: new Worker() to first query'), p50('cold_start'), 150, 'ms', 'at most'),
    target(issue('database worker JS loaded at start, gzip'), p50('bundle_worker'), 120, 'kB', 'at most'),
    target(issue('durable single upsert'), p50('upsert'), 1.5, 'ms', 'at most'),
    target(issue('keyset page of 50 in the worker, any depth'), worstOf('keyset'), 0.5, 'ms', 'at most'),
    target(issue('get_page (OFFSET) of 50, any depth'), worstOf('offset'), 1.0, 'ms', 'at most'),
    target(issue('insert_many vs native better-sqlite3'), insert && speedRatio(insert, 'native'), 0.5, 'x native', 'at least'),
    target(issue('insert_many vs IndexedDB'), insert && speedRatio(insert, 'idb'), 3, 'x IndexedDB', 'at least'),
  ];
}

function target(
  label: string,
  measured: number | undefined,
  limit: number,
  unit: string,
  comparison: Target['comparison'],
  detail = '',
): Target {
  const finite = measured !== undefined && Number.isFinite(measured);
  const met = finite ? (comparison === 'at most' ? measured <= limit : measured >= limit) : false;
  return {
    label,
    measured: finite ? measured : undefined,
    limit,
    unit,
    comparison,
    met,
    detail: finite ? detail : 'not measured',
  };
}
