// Figures that are states, not windows: open events, active alarms, the latest readings, who is on
// patrol, and population. Read per grid (bounded by the current state, not by history) and cut to
// a scope in memory.
import type { AlarmSeverity, DeviceType, EventStatus } from '../../contract/domain.ts';
import type { Queryable } from '../db/index.ts';

/** A worker whose last position is older than this is no longer counted as on patrol. */
export const PATROL_ACTIVE_MS = 15 * 60_000;

export interface StateRows {
  open: { grid: string; status: EventStatus; n: number; overdue: number }[];
  alarms: { grid: string; type: DeviceType; severity: AlarmSeverity; n: number }[];
  latest: { grid: string; type: DeviceType; deviceCode: string; value: number; at: Date }[];
  patrol: { grid: string; n: number }[];
  population: { grid: string; residents: number; households: number; keyPeople: number }[];
}

const IN_TOWNSHIP = `JOIN villages v ON v.code = g.village_code WHERE v.township_code = $1`;

async function sharedRows(q: Queryable, townshipCode: string, now: Date): Promise<Omit<StateRows, 'latest'>> {
  const open = await q.query<StateRows['open'][number]>(
    `SELECT e.grid_code AS grid, e.status, count(*) AS n, count(*) FILTER (WHERE e.deadline_at < $2) AS overdue
     FROM events e JOIN grids g ON g.code = e.grid_code ${IN_TOWNSHIP} AND e.status NOT IN ('closed', 'evaluated')
     GROUP BY e.grid_code, e.status`,
    [townshipCode, now],
  );
  const alarms = await q.query<StateRows['alarms'][number]>(
    `SELECT d.grid_code AS grid, d.type, a.severity, count(*) AS n
     FROM alarms a JOIN devices d ON d.code = a.device_code JOIN grids g ON g.code = d.grid_code ${IN_TOWNSHIP}
       AND a.status IN ('active', 'acknowledged')
     GROUP BY d.grid_code, d.type, a.severity`,
    [townshipCode],
  );
  const patrol = await q.query<StateRows['patrol'][number]>(
    `SELECT w.grid_code AS grid, count(DISTINCT p.worker_code) AS n
     FROM patrols p JOIN workers w ON w.code = p.worker_code JOIN grids g ON g.code = w.grid_code ${IN_TOWNSHIP}
       AND p.ended_at IS NULL AND p.last_seen_at > $2 AND p.last_seen_at <= $3
     GROUP BY w.grid_code`,
    [townshipCode, new Date(now.getTime() - PATROL_ACTIVE_MS), now],
  );
  const population = await q.query<StateRows['population'][number]>(
    `SELECT g.code AS grid, g.population AS residents, g.households,
            (SELECT count(*) FROM key_people k WHERE k.grid_code = g.code) AS "keyPeople"
     FROM grids g ${IN_TOWNSHIP}`,
    [townshipCode],
  );
  return { open, alarms, patrol, population };
}

/** The live state: latest readings from each device's stored latest value. */
export async function liveState(q: Queryable, townshipCode: string, now: Date): Promise<StateRows> {
  const latest = await q.query<StateRows['latest'][number]>(
    `SELECT d.grid_code AS grid, d.type, d.code AS "deviceCode", d.last_value AS value, d.last_reading_at AS at
     FROM devices d JOIN grids g ON g.code = d.grid_code ${IN_TOWNSHIP} AND d.last_reading_at IS NOT NULL`,
    [townshipCode],
  );
  return { ...(await sharedRows(q, townshipCode, now)), latest };
}

/** The same state from the raw rows: latest readings straight from the readings table. */
export async function rawState(q: Queryable, townshipCode: string, now: Date): Promise<StateRows> {
  const latest = await q.query<StateRows['latest'][number]>(
    `SELECT DISTINCT ON (r.device_code) d.grid_code AS grid, d.type, r.device_code AS "deviceCode", r.value, r.ts AS at
     FROM readings r JOIN devices d ON d.code = r.device_code JOIN grids g ON g.code = d.grid_code ${IN_TOWNSHIP}
     ORDER BY r.device_code, r.ts DESC, r.id DESC`,
    [townshipCode],
  );
  return { ...(await sharedRows(q, townshipCode, now)), latest };
}
