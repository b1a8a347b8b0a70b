// Figures that are states, not windows: open events, active alarms, the latest readings, who is on
// patrol, and population. Read per grid and cut to a scope in memory. Each part is read on its own,
// through indexes that hold only the current state (migration 007), so a hub re-reads just the parts
// a write touched, at a cost bounded by the current state, not by history.
import type { AlarmSeverity, DeviceType, EventStatus, TaskStatus } from '../../contract/domain.ts';
import type { Queryable } from '../db/index.ts';

/** A worker whose last position is older than this is no longer counted as on patrol. */
export const PATROL_ACTIVE_MS = 15 * 60_000;

export interface StateRows {
  open: { grid: string; status: EventStatus; n: number; overdue: number; nearing: number; supervised: number; escalated: number }[];
  tasks: { grid: string; status: TaskStatus; n: number; late: number }[];
  alarms: { grid: string; type: DeviceType; severity: AlarmSeverity; n: number }[];
  latest: { grid: string; type: DeviceType; deviceCode: string; value: number; at: Date }[];
  patrol: { grid: string; n: number }[];
  population: { grid: string; residents: number; households: number; keyPeople: number }[];
}

export const STATE_PARTS = ['open', 'tasks', 'alarms', 'latest', 'patrol', 'population'] as const satisfies readonly (keyof StateRows)[];
export type StatePart = (typeof STATE_PARTS)[number];

/** The state as read, and when each part changes by the clock alone (an event falls overdue, a patrol goes quiet). */
export interface LiveState {
  rows: StateRows;
  /** Epoch ms from which a part must be read again even if nothing was written; absent: never. */
  changesAt: Partial<Record<StatePart, number>>;
}

interface PartRead<K extends StatePart> { rows: StateRows[K]; changesAt: number | null }
type PartReader<K extends StatePart> = (q: Queryable, townshipCode: string, now: Date) => Promise<PartRead<K>>;

const IN_TOWNSHIP = `JOIN villages v ON v.code = g.village_code WHERE v.township_code = $1`;

const earliest = (times: (Date | null)[]): number | null => {
  let min: number | null = null;
  for (const t of times) if (t !== null && (min === null || t.getTime() < min)) min = t.getTime();
  return min;
};

/**
 * Open events per grid and status: how many, how many overdue and nearing their deadline now, and how
 * many were supervised or escalated. `supervisedSql` says how a supervised event is recognised: the
 * live side counts the event's notice counter, the verifier the notices themselves.
 */
const openReader = (supervisedSql: string): PartReader<'open'> => async (q, townshipCode, now) => {
  const rows = await q.query<StateRows['open'][number] & { nextDeadline: Date | null; nextNearing: Date | null }>(
    `SELECT e.grid_code AS grid, e.status, count(*) AS n, count(*) FILTER (WHERE e.deadline_at < $2) AS overdue,
            count(*) FILTER (WHERE e.nearing_at <= $2 AND e.deadline_at >= $2) AS nearing,
            count(*) FILTER (WHERE ${supervisedSql}) AS supervised,
            count(*) FILTER (WHERE e.escalated_at IS NOT NULL) AS escalated,
            min(e.deadline_at) FILTER (WHERE e.deadline_at >= $2) AS "nextDeadline",
            min(e.nearing_at) FILTER (WHERE e.nearing_at > $2) AS "nextNearing"
     FROM events e JOIN grids g ON g.code = e.grid_code ${IN_TOWNSHIP} AND e.status NOT IN ('closed', 'evaluated')
     GROUP BY e.grid_code, e.status`,
    [townshipCode, now],
  );
  // An event is overdue once now is past its deadline: the count changes 1 ms after the next one;
  // it is nearing from its nearing moment on.
  const deadline = earliest(rows.map((r) => r.nextDeadline));
  const nearing = earliest(rows.map((r) => r.nextNearing));
  const next = [deadline === null ? null : deadline + 1, nearing].filter((t): t is number => t !== null);
  return {
    rows: rows.map(({ grid, status, n, overdue, nearing: near, supervised, escalated }) => ({ grid, status, n, overdue, nearing: near, supervised, escalated })),
    changesAt: next.length > 0 ? Math.min(...next) : null,
  };
};
const readOpen = openReader('e.supervisions > 0');
const readOpenRaw = openReader('EXISTS (SELECT 1 FROM supervisions s WHERE s.event_id = e.id)');

/** Open dispatch tasks per grid (of their event) and status, and how many are past their due time. */
const readTasks: PartReader<'tasks'> = async (q, townshipCode, now) => {
  const rows = await q.query<StateRows['tasks'][number] & { nextDue: Date | null }>(
    `SELECT e.grid_code AS grid, t.status, count(*) AS n, count(*) FILTER (WHERE t.due_at < $2) AS late,
            min(t.due_at) FILTER (WHERE t.due_at >= $2) AS "nextDue"
     FROM tasks t JOIN events e ON e.id = t.event_id JOIN grids g ON g.code = e.grid_code ${IN_TOWNSHIP}
       AND t.status IN ('notified', 'accepted', 'arrived')
     GROUP BY e.grid_code, t.status`,
    [townshipCode, now],
  );
  const next = earliest(rows.map((r) => r.nextDue));
  return { rows: rows.map(({ grid, status, n, late }) => ({ grid, status, n, late })), changesAt: next === null ? null : next + 1 };
};

const readAlarms: PartReader<'alarms'> = async (q, townshipCode) => ({
  rows: await q.query<StateRows['alarms'][number]>(
    `SELECT d.grid_code AS grid, d.type, a.severity, count(*) AS n
     FROM alarms a JOIN devices d ON d.code = a.device_code JOIN grids g ON g.code = d.grid_code ${IN_TOWNSHIP}
       AND a.status IN ('active', 'acknowledged')
     GROUP BY d.grid_code, d.type, a.severity`,
    [townshipCode],
  ),
  changesAt: null,
});

const readPatrol: PartReader<'patrol'> = async (q, townshipCode, now) => {
  const since = new Date(now.getTime() - PATROL_ACTIVE_MS);
  const rows = await q.query<StateRows['patrol'][number]>(
    `SELECT w.grid_code AS grid, count(DISTINCT p.worker_code) AS n
     FROM patrols p JOIN workers w ON w.code = p.worker_code JOIN grids g ON g.code = w.grid_code ${IN_TOWNSHIP}
       AND p.ended_at IS NULL AND p.last_seen_at > $2 AND p.last_seen_at <= $3
     GROUP BY w.grid_code`,
    [townshipCode, since, now],
  );
  // The count changes when the oldest active position goes quiet, or a position stamped ahead of now comes due.
  const [clock] = await q.query<{ oldest: Date | null; ahead: Date | null }>(
    `SELECT min(p.last_seen_at) FILTER (WHERE p.last_seen_at <= $2) AS oldest, min(p.last_seen_at) FILTER (WHERE p.last_seen_at > $2) AS ahead
     FROM patrols p WHERE p.ended_at IS NULL AND p.last_seen_at > $1`,
    [since, now],
  );
  const quiet = clock?.oldest ? clock.oldest.getTime() + PATROL_ACTIVE_MS + 1 : null;
  const due = clock?.ahead ? clock.ahead.getTime() : null;
  return { rows, changesAt: quiet === null ? due : due === null ? quiet : Math.min(quiet, due) };
};

const readPopulation: PartReader<'population'> = async (q, townshipCode) => ({
  rows: await q.query<StateRows['population'][number]>(
    `SELECT g.code AS grid, g.population AS residents, g.households,
            (SELECT count(*) FROM key_people k WHERE k.grid_code = g.code) AS "keyPeople"
     FROM grids g ${IN_TOWNSHIP}`,
    [townshipCode],
  ),
  changesAt: null,
});

/** Latest readings from each device's stored latest value (kept by ingest). */
const readLatestLive: PartReader<'latest'> = async (q, townshipCode) => ({
  rows: await q.query<StateRows['latest'][number]>(
    `SELECT d.grid_code AS grid, d.type, d.code AS "deviceCode", d.last_value AS value, d.last_reading_at AS at
     FROM devices d JOIN grids g ON g.code = d.grid_code ${IN_TOWNSHIP} AND d.last_reading_at IS NOT NULL`,
    [townshipCode],
  ),
  changesAt: null,
});

/**
 * Latest readings straight from the readings table (the verifier's side): each device's newest row,
 * found through the (device_code, ts) index, so the cost follows the devices, not years of readings.
 */
const readLatestRaw: PartReader<'latest'> = async (q, townshipCode) => ({
  rows: await q.query<StateRows['latest'][number]>(
    `SELECT d.grid_code AS grid, d.type, d.code AS "deviceCode", r.value, r.ts AS at
     FROM devices d JOIN grids g ON g.code = d.grid_code
       CROSS JOIN LATERAL (SELECT value, ts FROM readings WHERE device_code = d.code ORDER BY ts DESC, id DESC LIMIT 1) r
     ${IN_TOWNSHIP}`,
    [townshipCode],
  ),
  changesAt: null,
});

type Readers = { [K in StatePart]: PartReader<K> };
const LIVE: Readers = { open: readOpen, tasks: readTasks, alarms: readAlarms, latest: readLatestLive, patrol: readPatrol, population: readPopulation };
const RAW: Readers = { ...LIVE, open: readOpenRaw, latest: readLatestRaw };

async function readState(readers: Readers, q: Queryable, townshipCode: string, now: Date, parts: Iterable<StatePart>, previous: LiveState | null): Promise<LiveState> {
  const rows = { ...previous?.rows } as StateRows;
  const changesAt = { ...previous?.changesAt };
  for (const part of new Set(parts)) {
    const read = await (readers[part] as PartReader<typeof part>)(q, townshipCode, now);
    (rows as Record<StatePart, unknown>)[part] = read.rows;
    if (read.changesAt === null) delete changesAt[part];
    else changesAt[part] = read.changesAt;
  }
  const missing = STATE_PARTS.filter((part) => rows[part] === undefined);
  if (missing.length > 0) throw new Error(`readState: the parts ${missing.join(', ')} were neither read nor given from an earlier read.`);
  return { rows, changesAt };
}

/** The live state: `parts` read now, the others kept from `previous` (all parts when there is none). */
export function liveState(q: Queryable, townshipCode: string, now: Date, parts: Iterable<StatePart> = STATE_PARTS, previous: LiveState | null = null): Promise<LiveState> {
  return readState(LIVE, q, townshipCode, now, parts, previous);
}

/** The same state from the raw rows: latest readings straight from the readings table. */
export async function rawState(q: Queryable, townshipCode: string, now: Date): Promise<StateRows> {
  return (await readState(RAW, q, townshipCode, now, STATE_PARTS, null)).rows;
}

/** Parts whose figures the clock alone has changed by `now`. */
export function partsDueAt(state: LiveState, now: Date): StatePart[] {
  return STATE_PARTS.filter((part) => (state.changesAt[part] ?? Infinity) <= now.getTime());
}
