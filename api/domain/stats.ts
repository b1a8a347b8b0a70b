// The wall's figures, computed from the database rows in one read. Every number here can be checked
// by running the same SQL by hand; nothing is counted in memory alone.
import type { StatsSnapshot } from '../../contract/api.ts';
import { EVENT_LEVELS, type EventLevel } from '../../contract/domain.ts';
import type { Scope } from '../auth/principal.ts';
import type { Queryable } from '../db/index.ts';
import { chinaDayStart, chinaMonthStart, DAY_MS, HOUR_MS } from './time.ts';

const WINDOW_DAYS = 30;
/** A worker whose last position is older than this is no longer counted as on patrol. */
export const PATROL_ACTIVE_MS = 15 * 60_000;

interface Windows { now: Date; today: Date; month: Date; last24h: Date; last30d: Date; lastHour: Date }

function windowsAt(now: Date): Windows {
  return {
    now,
    today: chinaDayStart(now),
    month: chinaMonthStart(now),
    last24h: new Date(now.getTime() - DAY_MS),
    last30d: new Date(now.getTime() - WINDOW_DAYS * DAY_MS),
    lastHour: new Date(now.getTime() - HOUR_MS),
  };
}

const countsBy = (rows: { key: string; n: number }[]) => Object.fromEntries(rows.map((r) => [r.key, r.n]));

/**
 * Rows of the scope: `g` is the grid alias, parameters $1 township, $2 village or null, $3 grid or
 * null. A grid worker's figures count only their grid, a grid leader's only their village.
 */
const IN_SCOPE = `v.township_code = $1 AND ($2::text IS NULL OR g.village_code = $2) AND ($3::text IS NULL OR g.code = $3)`;
const EVENTS_IN_SCOPE = `events e JOIN grids g ON g.code = e.grid_code JOIN villages v ON v.code = g.village_code`;

export async function computeSnapshot(q: Queryable, scopeOf: Scope, now = new Date()): Promise<StatsSnapshot> {
  const w = windowsAt(now);
  const townshipCode = scopeOf.townshipCode;
  const scope = [townshipCode, scopeOf.villageCode ?? null, scopeOf.gridCode ?? null];

  const [totals] = await q.query<{ today: number; last24h: number; open: number; overdue: number; month_reported: number; month_closed: number }>(
    `SELECT count(*) FILTER (WHERE e.accepted_at >= $5 AND e.accepted_at <= $4) AS today,
            count(*) FILTER (WHERE e.accepted_at > $6 AND e.accepted_at <= $4) AS last24h,
            count(*) FILTER (WHERE e.status NOT IN ('closed', 'evaluated')) AS open,
            count(*) FILTER (WHERE e.status NOT IN ('closed', 'evaluated') AND e.deadline_at < $4) AS overdue,
            count(*) FILTER (WHERE e.accepted_at >= $7 AND e.accepted_at <= $4) AS month_reported,
            count(*) FILTER (WHERE e.closed_at >= $7 AND e.closed_at <= $4) AS month_closed
     FROM ${EVENTS_IN_SCOPE} WHERE ${IN_SCOPE}`,
    [...scope, w.now, w.today, w.last24h, w.month],
  );
  const windowed = (column: string) =>
    q.query<{ key: string; n: number }>(
      `SELECT e.${column} AS key, count(*) AS n FROM ${EVENTS_IN_SCOPE}
       WHERE ${IN_SCOPE} AND e.accepted_at > $4 AND e.accepted_at <= $5 GROUP BY e.${column}`,
      [...scope, w.last30d, w.now],
    );
  const [byLevelRows, byCategoryRows, bySourceRows] = [await windowed('level'), await windowed('category'), await windowed('source')];
  const byStatusRows = await q.query<{ key: string; n: number }>(
    `SELECT e.status AS key, count(*) AS n FROM ${EVENTS_IN_SCOPE}
     WHERE ${IN_SCOPE} AND (e.status NOT IN ('closed', 'evaluated') OR (e.accepted_at > $4 AND e.accepted_at <= $5))
     GROUP BY e.status`,
    [...scope, w.last30d, w.now],
  );
  const hourlyRows = await q.query<{ hour: number; n: number }>(
    `SELECT floor(extract(epoch FROM e.accepted_at - $4::timestamptz) / 3600)::int AS hour, count(*) AS n FROM ${EVENTS_IN_SCOPE}
     WHERE ${IN_SCOPE} AND e.accepted_at >= $4 AND e.accepted_at <= $5 GROUP BY 1`,
    [...scope, w.today, w.now],
  );
  const alarmRows = await q.query<{ key: string; n: number }>(
    `SELECT d.type AS key, count(*) AS n FROM alarms a
     JOIN devices d ON d.code = a.device_code JOIN grids g ON g.code = d.grid_code JOIN villages v ON v.code = g.village_code
     WHERE ${IN_SCOPE} AND a.status IN ('active', 'acknowledged') GROUP BY d.type`,
    scope,
  );
  const [readings] = await q.query<{ n: number }>(
    `SELECT count(*) AS n FROM readings r
     JOIN devices d ON d.code = r.device_code JOIN grids g ON g.code = d.grid_code JOIN villages v ON v.code = g.village_code
     WHERE ${IN_SCOPE} AND r.ts > $4 AND r.ts <= $5`,
    [...scope, w.lastHour, w.now],
  );
  const [patrol] = await q.query<{ n: number }>(
    `SELECT count(DISTINCT p.worker_code) AS n FROM patrols p
     JOIN workers wk ON wk.code = p.worker_code JOIN grids g ON g.code = wk.grid_code JOIN villages v ON v.code = g.village_code
     WHERE ${IN_SCOPE} AND p.ended_at IS NULL AND p.last_seen_at > $4 AND p.last_seen_at <= $5`,
    [...scope, new Date(now.getTime() - PATROL_ACTIVE_MS), w.now],
  );
  const [points] = await q.query<{ n: number }>(
    `SELECT coalesce(sum(l.points), 0) AS n FROM points_ledger l
     JOIN workers wk ON wk.code = l.worker_code JOIN grids g ON g.code = wk.grid_code JOIN villages v ON v.code = g.village_code
     WHERE ${IN_SCOPE} AND l.ts >= $4 AND l.ts <= $5`,
    [...scope, w.today, w.now],
  );
  const [population] = await q.query<{ residents: number; households: number; key_people: number }>(
    `SELECT coalesce(sum(g.population), 0) AS residents, coalesce(sum(g.households), 0) AS households,
            (SELECT count(*) FROM key_people k WHERE k.grid_code IN (
               SELECT g.code FROM grids g JOIN villages v ON v.code = g.village_code WHERE ${IN_SCOPE})) AS key_people
     FROM grids g JOIN villages v ON v.code = g.village_code WHERE ${IN_SCOPE}`,
    scope,
  );

  const byLevel = Object.fromEntries(EVENT_LEVELS.map((level) => [level, 0])) as Record<EventLevel, number>;
  for (const row of byLevelRows) byLevel[row.key as EventLevel] = row.n;
  const hourlyToday = new Array<number>(24).fill(0);
  for (const row of hourlyRows) if (row.hour >= 0 && row.hour < 24) hourlyToday[row.hour] = row.n;
  const alarmsByType = countsBy(alarmRows);

  return {
    townshipCode,
    generatedAt: now.toISOString(),
    events: {
      today: totals!.today,
      last24h: totals!.last24h,
      open: totals!.open,
      overdue: totals!.overdue,
      monthReported: totals!.month_reported,
      monthClosed: totals!.month_closed,
      byLevel,
      byCategory: countsBy(byCategoryRows),
      bySource: countsBy(bySourceRows),
      byStatus: countsBy(byStatusRows),
      hourlyToday,
    },
    alarms: { active: alarmRows.reduce((sum, r) => sum + r.n, 0), byDeviceType: alarmsByType },
    readings: { lastHour: readings!.n },
    patrol: { activeWorkers: patrol!.n },
    points: { today: points!.n },
    population: { residents: population!.residents, households: population!.households, keyPeople: population!.key_people },
  };
}
