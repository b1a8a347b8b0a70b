// The crash drill (scripts/drill.ts), short: the hub is SIGKILLed twice while writers post with
// retries, then the database is checked against every acknowledgement. Nothing acknowledged may be
// lost and nothing stored twice. On the database of the run: PostgreSQL when DATABASE_URL is set, else PGlite.
import { describe, expect, it } from 'vitest';
import { compareLedger, KINDS, runDrill, type DrillOptions, type Kind, type SentWrite, type StoreSnapshot } from '../../scripts/drill.ts';

const DRILL_TIMEOUT_MS = 120_000; // a short drill takes 15–25 s; a loaded CI machine gets headroom

async function shortDrill(options: DrillOptions) {
  const lines: string[] = [];
  const report = await runDrill({ rounds: 2, seconds: 6, log: (line) => lines.push(line), ...options });
  expect(report.passed, lines.join('\n')).toBe(true);
  expect(report.kills).toHaveLength(2);
  for (const kind of KINDS) expect(report.acknowledged[kind].writes, `${kind} acknowledged`).toBeGreaterThan(0);
  expect(report.networkErrors, 'the kills cut connections').toBeGreaterThan(0);
  return report;
}

describe('crash drill: kill -9 of the hub while writers post with retries', () => {
  // Each half of CI drills its own database: PGlite (taking over the lock a killed hub left), or PostgreSQL.
  const postgres = process.env.DATABASE_URL;
  it(`loses no acknowledged record and stores none twice on ${postgres ? 'PostgreSQL' : 'PGlite, taking over the stale lock'}`, async () => {
    const report = await shortDrill({ databaseUrl: postgres ?? null });
    if (postgres) expect(report.backend).toBe('postgres');
    else expect(report.kills.map((k) => k.staleLock)).toEqual([true, true]);
  }, DRILL_TIMEOUT_MS);
});

describe("the drill's checks", () => {
  const write = (kind: Kind, id: string, rows: string[], acked = true): SentWrite => ({
    kind, id, rows, keys: [id], ...(acked ? { ack: { status: 201, replay: false, attempts: 1, after: null, fake: false } } : { failure: 'no answer' }),
  });
  const writes = (): SentWrite[] => [
    write('events', 'e1', ['e1']),
    write('readings', 'r1', ['D1|t1', 'D2|t2']),
    write('readings', 'r2', ['D1|t3', 'D2|t4']),
    write('positions', 'p1', ['W1|t1']),
    write('points', 'x1', ['x1']),
  ];
  /** The store exactly as the writes say: every row once, one audit row per write, every key remembered. */
  const storeOf = (sent: SentWrite[]): StoreSnapshot => {
    const rows = Object.fromEntries(KINDS.map((k) => [k, new Map<string, number>()])) as StoreSnapshot['rows'];
    for (const w of sent) for (const row of w.rows) rows[w.kind].set(row, 1);
    const count = (kind: Kind) => sent.filter((w) => w.kind === kind).length;
    return {
      rows,
      externalIds: { events: new Map(sent.filter((w) => w.kind === 'events').map((w) => [w.id, 1])), points: new Map(sent.filter((w) => w.kind === 'points').map((w) => [w.id, 1])) },
      duplicateGroups: [],
      eventsWithoutOneAcceptLog: 0,
      auditTotal: sent.length + 1,
      auditByAction: new Map([['event.accepted', count('events')], ['readings.ingested', count('readings')], ['patrol.positions', count('positions')], ['points.recorded', count('points')]]),
      idempotencyKeys: new Map(sent.filter((w) => w.kind === 'readings' || w.kind === 'positions').map((w) => [w.id, 201])),
    };
  };
  const failed = (sent: SentWrite[], store: StoreSnapshot) => compareLedger(sent, store).checks.filter((c) => !c.ok).map((c) => c.name);

  it('pass a store that holds exactly what was acknowledged', () => {
    expect(failed(writes(), storeOf(writes()))).toEqual([]);
  });

  it('catch an acknowledged reading batch that is missing though its audit row is there', () => {
    const store = storeOf(writes());
    store.rows.readings.delete('D1|t3');
    store.rows.readings.delete('D2|t4');
    expect(failed(writes(), store)).toEqual(['every acknowledged reading is stored exactly once', 'audit_log rows ≥ acknowledged writes, one per stored write']);
  });

  it('catch an acknowledged event that is missing', () => {
    const store = storeOf(writes());
    store.rows.events.clear();
    store.externalIds.events.clear();
    expect(failed(writes(), store)).toContain('every acknowledged event is stored exactly once');
  });

  it('catch a record stored twice, even one never acknowledged', () => {
    const store = storeOf(writes());
    store.rows.positions.set('W1|t1', 2);
    expect(failed(writes(), store)).toEqual(expect.arrayContaining(['every acknowledged patrol position is stored exactly once', 'no row is stored twice (GROUP BY … HAVING count(*) > 1 is empty)']));
    const unacked = [...writes(), write('points', 'x2', ['x2'], false)];
    const twice = storeOf(unacked);
    twice.rows.points.set('x2', 2);
    twice.duplicateGroups.push('points note x2 ×2');
    expect(failed(unacked, twice)).toContain('no row is stored twice (GROUP BY … HAVING count(*) > 1 is empty)');
  });

  it('catch half a batch, a stray row, an unanswered key and a write never acknowledged', () => {
    const sent = [...writes(), write('readings', 'r3', ['D3|t5', 'D3|t6'], false)];
    const store = storeOf(writes());
    store.rows.readings.set('D3|t5', 1);
    store.auditByAction.set('readings.ingested', 3);
    store.rows.events.set('from-nowhere', 1);
    store.idempotencyKeys.set('r1', null);
    const result = compareLedger(sent, store);
    expect(result.checks.filter((c) => !c.ok).map((c) => c.name)).toEqual([
      'every batch is stored whole or not at all',
      'no row the drill never sent',
      'every write was acknowledged in the end (retried until 2xx)',
      'every acknowledged Idempotency-Key is stored with its answer',
    ]);
    expect(result.unacknowledgedRows).toBe(1);
  });
});
