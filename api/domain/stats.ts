// The wall's figures, computed from the database rows in one read. Every number here can be checked
// by running the same SQL by hand; nothing is counted in memory alone.
import type { StatsSnapshot } from '../../contract/api.ts';
import { EVENT_LEVELS, type EventLevel } from '../../contract/domain.ts';
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

export async function computeSnapshot(q: Queryable, townshipCode: string, now = new Date()): Promise<StatsSnapshot> {
  const w = windowsAt(now);
  const scope = [townshipCode];

  const [totals] = await q.query<{ today: number; last24h: number; open: number; overdue: number; month_reported: number; month_closed: number }>(
    `SELECT count(*) FILTER (WHERE accepted_at >= $2 AND accepted_at <= $1) AS today,
            count(*) FILTER (WHERE accepted_at > $3 AND accepted_at <= $1) AS last24h,
            count(*) FILTER (WHERE status NOT IN ('closed', 'evaluated')) AS open,
            count(*) FILTER (WHERE status NOT IN ('closed', 'evaluated') AND deadline_at < $1) AS overdue,
            count(*) FILTER (WHERE accepted_at >= $4 AND accepted_at <= $1) AS month_reported,
            count(*) FILTER (WHERE closed_at >= $4 AND closed_at <= $1) AS month_closed
     FROM events WHERE township_code = $5`,
    [w.now, w.today, w.last24h, w.month, townshipCode],
  );
  const windowed = (column: string) =>
    q.query<{ key: string; n: number }>(
      `SELECT ${column} AS key, count(*) AS n FROM events
       WHERE township_code = $1 AND accepted_at > $2 AND accepted_at <= $3 GROUP BY ${column}`,
      [townshipCode, w.last30d, w.now],
    );
  const [byLevelRows, byCategoryRows, bySourceRows] = [await windowed('level'), await windowed('category'), await windowed('source')];
  const byStatusRows = await q.query<{ key: string; n: number }>(
    `SELECT status AS key, count(*) AS n FROM events
     WHERE township_code = $1 AND (status NOT IN ('closed', 'evaluated') OR (accepted_at > $2 AND accepted_at <= $3))
     GROUP BY status`,
    [townshipCode, w.last30d, w.now],
  );
  const hourlyRows = await q.query<{ hour: number; n: number }>(
    `SELECT floor(extract(epoch FROM accepted_at - $2::timestamptz) / 3600)::int AS hour, count(*) AS n FROM events
     WHERE township_code = $1 AND accepted_at >= $2 AND accepted_at <= $3 GROUP BY 1`,
    [townshipCode, w.today, w.now],
  );
  const alarmRows = await q.query<{ key: string; n: number }>(
    `SELECT d.type AS key, count(*) AS n FROM alarms a
     JOIN devices d ON d.code = a.device_code JOIN grids g ON g.code = d.grid_code JOIN villages v ON v.code = g.village_code
     WHERE v.township_code = $1 AND a.status IN ('active', 'acknowledged') GROUP BY d.type`,
    scope,
  );
  const [readings] = await q.query<{ n: number }>(
    `SELECT count(*) AS n FROM readings r
     JOIN devices d ON d.code = r.device_code JOIN grids g ON g.code = d.grid_code JOIN villages v ON v.code = g.village_code
     WHERE v.township_code = $1 AND r.ts > $2 AND r.ts <= $3`,
    [townshipCode, w.lastHour, w.now],
  );
  const [patrol] = await q.query<{ n: number }>(
    `SELECT count(DISTINCT p.worker_code) AS n FROM patrols p
     JOIN workers wk ON wk.code = p.worker_code JOIN grids g ON g.code = wk.grid_code JOIN villages v ON v.code = g.village_code
     WHERE v.township_code = $1 AND p.ended_at IS NULL AND p.last_seen_at > $2 AND p.last_seen_at <= $3`,
    [townshipCode, new Date(now.getTime() - PATROL_ACTIVE_MS), w.now],
  );
  const [points] = await q.query<{ n: number }>(
    `SELECT coalesce(sum(l.points), 0) AS n FROM points_ledger l
     JOIN workers wk ON wk.code = l.worker_code JOIN grids g ON g.code = wk.grid_code JOIN villages v ON v.code = g.village_code
     WHERE v.township_code = $1 AND l.ts >= $2 AND l.ts <= $3`,
    [townshipCode, w.today, w.now],
  );
  const [population] = await q.query<{ residents: number; households: number; key_people: number }>(
    `SELECT coalesce(sum(g.population), 0) AS residents, coalesce(sum(g.households), 0) AS households,
            (SELECT count(*) FROM key_people k JOIN grids g2 ON g2.code = k.grid_code JOIN villages v2 ON v2.code = g2.village_code
             WHERE v2.township_code = $1) AS key_people
     FROM grids g JOIN villages v ON v.code = g.village_code WHERE v.township_code = $1`,
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
