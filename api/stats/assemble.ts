// Turns window aggregates and state rows into the wall's figures for one scope. The live hub and
// the verifier both come through here, so they differ only in where their aggregates come from.
import { CLOSE_HOURS_BOUNDS, STATS_WINDOWS, type RankingRow, type StatsSnapshot, type WindowFigures } from '../../contract/api.ts';
import { ALARM_SEVERITIES, EVENT_LEVELS, type AlarmSeverity, type DeviceType, type EventLevel } from '../../contract/domain.ts';
import type { Scope } from '../auth/principal.ts';
import { HOUR_MS, KEY, type Agg } from './keys.ts';
import { chinaDayStart } from '../domain/time.ts';
import { splitGridKey, type StatsAggregator } from './aggregator.ts';
import type { StateRows } from './state.ts';

const RANKING_SIZE = 10;
/**
 * Means are rounded to 6 decimals: readings carry 3, and a running window sum, added to and
 * subtracted from, differs in its last bits from the same sum added up afresh after a restart.
 */
const round6 = (value: number) => Math.round(value * 1e6) / 1e6;

/** Where the figures come from: the windows of an aggregator (live, or rebuilt from the raw rows) and the live state. */
export interface Sources {
  aggregator: Pick<StatsAggregator, 'window' | 'hour'>;
  state: StateRows;
  now: Date;
}

export interface TownshipRefs {
  code: string;
  grids: Map<string, { name: string; villageCode: string }>;
  workerNames: Map<string, string>;
}

const withPrefix = (totals: Map<string, Agg>, prefix: string) =>
  Object.fromEntries([...totals].filter(([key, agg]) => key.startsWith(prefix) && agg.count > 0).map(([key, agg]) => [key.slice(prefix.length), agg.count]));

function windowFigures(aggs: ReadonlyMap<string, Agg>, inScope: (grid: string) => boolean, refs: TownshipRefs): WindowFigures {
  // One pass: the grids in scope summed by key, and the event counts by grid and village.
  const totals = new Map<string, Agg>();
  const byGrid: Record<string, number> = {};
  const byVillage: Record<string, number> = {};
  for (const [id, agg] of aggs) {
    const [grid, key] = splitGridKey(id);
    if (!inScope(grid)) continue;
    const t = totals.get(key);
    if (!t) totals.set(key, { ...agg });
    else {
      t.count += agg.count;
      t.sum += agg.sum;
      t.min = t.min === null ? agg.min : agg.min === null ? t.min : Math.min(t.min, agg.min);
      t.max = t.max === null ? agg.max : agg.max === null ? t.max : Math.max(t.max, agg.max);
    }
    if (key !== KEY.events || agg.count === 0) continue;
    byGrid[grid] = (byGrid[grid] ?? 0) + agg.count;
    const village = refs.grids.get(grid)?.villageCode ?? 'unknown';
    byVillage[village] = (byVillage[village] ?? 0) + agg.count;
  }
  const count = (key: string) => totals.get(key)?.count ?? 0;
  const byLevel = Object.fromEntries(EVENT_LEVELS.map((level) => [level, count(KEY.level(level))])) as Record<EventLevel, number>;
  const closed = totals.get(KEY.closed);
  const closedCount = closed?.count ?? 0;
  const readings: WindowFigures['readings'] = {};
  for (const [key, agg] of totals) {
    if (!key.startsWith('rd.') || agg.count === 0) continue;
    readings[key.slice(3) as DeviceType] = { count: agg.count, mean: round6(agg.sum / agg.count), min: agg.min ?? 0, max: agg.max ?? 0 };
  }
  const supervisions = count(KEY.supervisions);
  let points = 0; // whole numbers: exact in doubles
  for (const [key, agg] of totals) if (key.startsWith('pt.w.')) points += agg.sum;
  return {
    events: { total: count(KEY.events), byLevel, byCategory: withPrefix(totals, 'ev.cat.'), bySource: withPrefix(totals, 'ev.src.'), byGrid, byVillage },
    closed: {
      count: closedCount,
      onTime: count(KEY.closedOnTime),
      onTimeRate: closedCount > 0 ? round6(count(KEY.closedOnTime) / closedCount) : null,
      meanHours: closedCount > 0 ? round6(closed!.sum / closedCount / 3600) : null,
      p90Hours: closedCount > 0 ? p90Bound(CLOSE_HOURS_BOUNDS.map((_, i) => count(KEY.closedHistogram(i))), closedCount) : null,
    },
    readings,
    points,
    supervisions,
  };
}

/** The histogram bound below which 90% of the closed events fall (Infinity reported as null). */
function p90Bound(counts: number[], total: number): number | null {
  let seen = 0;
  for (let i = 0; i < counts.length; i++) {
    seen += counts[i]!;
    if (seen >= 0.9 * total) return Number.isFinite(CLOSE_HOURS_BOUNDS[i]!) ? CLOSE_HOURS_BOUNDS[i]! : null;
  }
  return null;
}

function ranking(aggs: ReadonlyMap<string, Agg>, inScope: (grid: string) => boolean, refs: TownshipRefs): { workers: RankingRow[]; grids: RankingRow[] } {
  const workers = new Map<string, number>();
  const grids = new Map<string, number>();
  for (const [id, agg] of aggs) {
    const [grid, key] = splitGridKey(id);
    if (!key.startsWith('pt.w.') || !inScope(grid) || agg.count === 0) continue;
    const worker = key.slice(5);
    workers.set(worker, (workers.get(worker) ?? 0) + agg.sum);
    grids.set(grid, (grids.get(grid) ?? 0) + agg.sum);
  }
  const top = (m: Map<string, number>, name: (code: string) => string) =>
    [...m].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, RANKING_SIZE).map(([code, points]) => ({ code, name: name(code), points }));
  return { workers: top(workers, (c) => refs.workerNames.get(c) ?? c), grids: top(grids, (c) => refs.grids.get(c)?.name ?? c) };
}

export function assemble({ aggregator, state, now }: Sources, scope: Scope, refs: TownshipRefs): StatsSnapshot {
  const inScope = (grid: string) => {
    if (scope.gridCode) return grid === scope.gridCode;
    if (scope.villageCode) return refs.grids.get(grid)?.villageCode === scope.villageCode;
    return refs.grids.has(grid);
  };
  const windows = Object.fromEntries(STATS_WINDOWS.map((w) => [w, windowFigures(aggregator.window(w), inScope, refs)])) as StatsSnapshot['windows'];
  const today = windowFigures(aggregator.window('today'), inScope, refs);
  const todayStart = chinaDayStart(now).getTime();
  const hourlyToday = Array.from({ length: 24 }, (_, i) => {
    let n = 0;
    for (const [id, agg] of aggregator.hour(todayStart + i * HOUR_MS)) {
      const [grid, key] = splitGridKey(id);
      if (key === KEY.events && inScope(grid)) n += agg.count;
    }
    return n;
  });
  const byStatus: Record<string, number> = {};
  let open = 0;
  let overdue = 0;
  let nearing = 0;
  let supervised = 0;
  let escalated = 0;
  for (const row of state.open.filter((r) => inScope(r.grid))) {
    byStatus[row.status] = (byStatus[row.status] ?? 0) + row.n;
    open += row.n;
    overdue += row.overdue;
    nearing += row.nearing;
    supervised += row.supervised;
    escalated += row.escalated;
  }
  const tasks: StatsSnapshot['tasks'] = { open: 0, late: 0, byStatus: { notified: 0, accepted: 0, arrived: 0 } };
  for (const row of state.tasks.filter((r) => inScope(r.grid))) {
    tasks.open += row.n;
    tasks.late += row.late;
    tasks.byStatus[row.status as keyof StatsSnapshot['tasks']['byStatus']] += row.n;
  }
  const byDeviceType: Record<string, number> = {};
  const bySeverity = Object.fromEntries(ALARM_SEVERITIES.map((s) => [s, 0])) as Record<AlarmSeverity, number>;
  let active = 0;
  for (const row of state.alarms.filter((r) => inScope(r.grid))) {
    byDeviceType[row.type] = (byDeviceType[row.type] ?? 0) + row.n;
    bySeverity[row.severity] += row.n;
    active += row.n;
  }
  const latestByType: StatsSnapshot['readings']['latestByType'] = {};
  for (const row of state.latest.filter((r) => inScope(r.grid))) {
    const seen = latestByType[row.type];
    const at = row.at.getTime();
    if (!seen || at > Date.parse(seen.at) || (at === Date.parse(seen.at) && row.deviceCode > seen.deviceCode)) {
      latestByType[row.type] = { value: row.value, at: row.at.toISOString(), deviceCode: row.deviceCode };
    }
  }
  const population = { residents: 0, households: 0, keyPeople: 0 };
  for (const row of state.population.filter((r) => inScope(r.grid))) {
    population.residents += row.residents;
    population.households += row.households;
    population.keyPeople += row.keyPeople;
  }
  return {
    townshipCode: refs.code,
    scope: { villageCode: scope.villageCode ?? null, gridCode: scope.gridCode ?? null },
    generatedAt: now.toISOString(),
    windows,
    events: {
      today: today.events.total,
      last24h: windows['24h'].events.total,
      open,
      overdue,
      nearing,
      supervised,
      escalated,
      monthReported: windows.mtd.events.total,
      monthClosed: windows.mtd.closed.count,
      byLevel: windows['30d'].events.byLevel,
      byCategory: windows['30d'].events.byCategory,
      bySource: windows['30d'].events.bySource,
      byStatus,
      hourlyToday,
    },
    tasks,
    alarms: { active, byDeviceType, bySeverity },
    readings: { lastHour: Object.values(windows['1h'].readings).reduce((n, r) => n + (r?.count ?? 0), 0), latestByType },
    patrol: { activeWorkers: state.patrol.filter((r) => inScope(r.grid)).reduce((n, r) => n + r.n, 0) },
    points: { today: today.points },
    rankings: ranking(aggregator.window('mtd'), inScope, refs),
    population,
  };
}
