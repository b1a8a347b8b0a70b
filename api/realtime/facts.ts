// Facts for the screens, logged with a sequence number inside the writing transaction (see
// migration 006). Taking the number is the last statement of the transaction: the counter row
// stays locked only for the commit.
import type { AlarmSummary, EventSummary, ModeState } from '../../contract/api.ts';
import type { Supervision, TaskSummary } from '../../contract/closedLoop.ts';
import type { Warning } from '../../contract/warnings.ts';
import type { HazardUpdate, IncidentSummary, ShelterUpdate } from '../../contract/incidents.ts';
import type { Queryable } from '../db/index.ts';

export type Fact =
  | { kind: 'event:new' | 'event:updated'; grid: string; payload: EventSummary }
  | { kind: 'alarm:new' | 'alarm:updated'; grid: string; payload: AlarmSummary }
  | { kind: 'task:updated'; grid: string; payload: TaskSummary }
  | { kind: 'supervision:new'; grid: string; payload: Supervision }
  | { kind: 'warning:new' | 'warning:updated'; grid: string | null; payload: Warning }
  | { kind: 'incident:updated'; grid: null; payload: IncidentSummary }
  | { kind: 'hazard:updated'; grid: null; payload: HazardUpdate }
  | { kind: 'shelter:updated'; grid: null; payload: ShelterUpdate }
  | { kind: 'mode:changed'; grid: null; payload: ModeState };

export type LoggedFact = Fact & { seq: number };

/** How many facts are kept for screens that reconnect; an older gap gets a fresh snapshot instead. */
export const FACTS_RETAINED = 20_000;

export async function logFacts(q: Queryable, townshipCode: string, facts: Fact[]): Promise<void> {
  if (facts.length === 0) return;
  const [counter] = await q.query<{ seq: number }>(
    `INSERT INTO push_counters (township_code, seq) VALUES ($1, $2) ON CONFLICT (township_code)
     DO UPDATE SET seq = push_counters.seq + $2 RETURNING seq`,
    [townshipCode, facts.length],
  );
  const first = counter!.seq - facts.length + 1;
  await q.query(
    `INSERT INTO push_log (township_code, seq, kind, grid_code, payload)
     SELECT $1, f.seq, f.kind, f.grid, f.payload FROM jsonb_to_recordset($2::jsonb) AS f(seq bigint, kind text, grid text, payload jsonb)`,
    [townshipCode, JSON.stringify(facts.map((f, i) => ({ seq: first + i, kind: f.kind, grid: f.grid, payload: f.payload })))],
  );
}

export async function factsAfter(q: Queryable, townshipCode: string, seq: number, limit: number): Promise<LoggedFact[]> {
  const rows = await q.query<{ seq: number; kind: Fact['kind']; grid_code: string | null; payload: never }>(
    'SELECT seq, kind, grid_code, payload FROM push_log WHERE township_code = $1 AND seq > $2 ORDER BY seq LIMIT $3',
    [townshipCode, seq, limit],
  );
  return rows.map((r) => ({ seq: r.seq, kind: r.kind, grid: r.grid_code, payload: r.payload }) as LoggedFact);
}

/** The oldest retained and the newest sequence number (0, 0 before the first fact). */
export async function factRange(q: Queryable, townshipCode: string): Promise<{ oldest: number; newest: number }> {
  const [row] = await q.query<{ oldest: number | null; newest: number | null }>(
    'SELECT min(seq) AS oldest, max(seq) AS newest FROM push_log WHERE township_code = $1', [townshipCode]);
  return { oldest: row?.oldest ?? 0, newest: row?.newest ?? 0 };
}

export async function pruneFacts(q: Queryable, townshipCode: string, keep = FACTS_RETAINED): Promise<void> {
  await q.query('DELETE FROM push_log WHERE township_code = $1 AND seq <= (SELECT max(seq) FROM push_log WHERE township_code = $1) - $2', [townshipCode, keep]);
}
