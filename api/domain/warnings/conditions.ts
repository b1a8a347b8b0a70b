// What each kind of warning rule sees in the database now: one condition per subject that holds.
// A condition carries the evidence a warning keeps when it is raised. Reads only.
import type { AlarmSeverity, DeviceType, EventCategory, EventLevel, KeyGroup } from '../../../contract/domain.ts';
import { EVENT_LEVELS } from '../../../contract/domain.ts';
import type { WarningEvidence, WarningRuleKind, WarningRuleParamsOf } from '../../../contract/warnings.ts';
import type { Queryable } from '../../db/index.ts';
import { distanceM } from '../../geo/distance.ts';

export interface Condition {
  subject: string;
  title: string;
  evidence: WarningEvidence;
  gridCode: string | null;
  lon: number | null;
  lat: number | null;
}

type Reader<K extends WarningRuleKind> = (q: Queryable, townshipCode: string, params: WarningRuleParamsOf<K>) => Promise<Condition[]>;

const IN_TOWNSHIP = 'JOIN grids g ON g.code = d.grid_code JOIN villages v ON v.code = g.village_code';
const severities = (min: AlarmSeverity): AlarmSeverity[] => (min === 'warning' ? ['warning', 'critical'] : ['critical']);
/** Evidence lists are capped: a warning records what it saw, not the whole table. */
const EVIDENCE_ITEMS = 50;

const threshold: Reader<'threshold'> = async (q, townshipCode, params) => {
  const rows = await q.query<{ id: number; device_code: string; name: string; type: DeviceType; severity: AlarmSeverity; value: number; threshold: number;
    grid_code: string; lon: number; lat: number }>(
    `SELECT DISTINCT ON (a.device_code) a.id, a.device_code, d.name, d.type, a.severity, a.value, a.threshold, d.grid_code, d.lon, d.lat
     FROM alarms a JOIN devices d ON d.code = a.device_code ${IN_TOWNSHIP}
     WHERE v.township_code = $1 AND a.kind = 'threshold' AND a.status IN ('active', 'acknowledged') AND d.type = $2 AND a.severity = ANY($3::text[])
     ORDER BY a.device_code, (a.severity = 'critical') DESC, a.raised_at DESC`,
    [townshipCode, params.deviceType, severities(params.minSeverity)],
  );
  return rows.map((r) => ({
    subject: `device:${r.device_code}`, title: `${r.name}：${r.value}（阈值 ${r.threshold}）`, gridCode: r.grid_code, lon: r.lon, lat: r.lat,
    evidence: { kind: 'threshold', deviceCode: r.device_code, deviceType: r.type, alarmId: r.id, severity: r.severity, value: r.value, threshold: r.threshold },
  }));
};

/** Least-squares slope of value over time, per hour. */
export function slopePerHour(points: readonly { t: number; value: number }[]): number {
  const n = points.length;
  const meanT = points.reduce((s, p) => s + p.t, 0) / n;
  const meanV = points.reduce((s, p) => s + p.value, 0) / n;
  let num = 0;
  let den = 0;
  for (const p of points) {
    num += (p.t - meanT) * (p.value - meanV);
    den += (p.t - meanT) ** 2;
  }
  return den === 0 ? 0 : (num / den) * 3_600_000;
}

const rateOfRise: Reader<'rate_of_rise'> = async (q, townshipCode, params) => {
  const rows = await q.query<{ device_code: string; name: string; type: DeviceType; normal_max: number; grid_code: string; lon: number; lat: number; ts: Date; value: number }>(
    `SELECT d.code AS device_code, d.name, d.type, d.normal_max, d.grid_code, d.lon, d.lat, r.ts, r.value
     FROM devices d ${IN_TOWNSHIP} JOIN readings r ON r.device_code = d.code
     WHERE v.township_code = $1 AND d.type = $2 AND d.active AND r.ts > now() - make_interval(mins => $3::int)
     ORDER BY d.code, r.ts`,
    [townshipCode, params.deviceType, params.windowMinutes],
  );
  const byDevice = new Map<string, typeof rows>();
  for (const row of rows) {
    const readings = byDevice.get(row.device_code);
    if (readings) readings.push(row);
    else byDevice.set(row.device_code, [row]);
  }
  const conditions: Condition[] = [];
  for (const [code, readings] of byDevice) {
    if (readings.length < params.minReadings) continue;
    const first = readings[0]!;
    const latest = readings[readings.length - 1]!;
    if (!(latest.value > first.normal_max)) continue;
    const rise = slopePerHour(readings.map((r) => ({ t: r.ts.getTime(), value: r.value })));
    if (rise < params.risePerHour) continue;
    conditions.push({
      subject: `device:${code}`, title: `${first.name}每小时上涨 ${rise.toFixed(2)}（当前 ${latest.value}）`, gridCode: first.grid_code, lon: first.lon, lat: first.lat,
      evidence: { kind: 'rate_of_rise', deviceCode: code, deviceType: first.type, risePerHour: Number(rise.toFixed(4)), limitPerHour: params.risePerHour,
        latest: latest.value, normalMax: first.normal_max, readings: readings.slice(-EVIDENCE_ITEMS).map((r) => ({ ts: r.ts.toISOString(), value: r.value })) },
    });
  }
  return conditions;
};

const cluster: Reader<'cluster'> = async (q, townshipCode, params) => {
  const rows = await q.query<{ grid_code: string; grid_name: string; n: number; events: { id: number; number: string; lon: number; lat: number }[] }>(
    `SELECT e.grid_code, g.name AS grid_name, count(*)::int AS n,
       jsonb_agg(jsonb_build_object('id', e.id, 'number', e.number, 'lon', e.lon, 'lat', e.lat) ORDER BY e.id) AS events
     FROM events e JOIN grids g ON g.code = e.grid_code
     WHERE e.township_code = $1 AND e.category = $2 AND e.accepted_at > now() - make_interval(mins => $3::int)
     GROUP BY e.grid_code, g.name HAVING count(*) >= $4`,
    [townshipCode, params.category, params.withinMinutes, params.count],
  );
  return rows.map((r) => {
    const latest = r.events[r.events.length - 1]!;
    return {
      subject: `grid:${r.grid_code}:${params.category}`, title: `${r.grid_name}近 ${params.withinMinutes} 分钟内 ${r.n} 起同类事件`,
      gridCode: r.grid_code, lon: latest.lon, lat: latest.lat,
      evidence: { kind: 'cluster', gridCode: r.grid_code, category: params.category as EventCategory, count: r.n, withinMinutes: params.withinMinutes,
        events: r.events.slice(-EVIDENCE_ITEMS).map((e) => ({ id: e.id, number: e.number })) },
    };
  });
};

const overdue: Reader<'overdue'> = async (q, townshipCode, params) => {
  const levels = EVENT_LEVELS.slice(EVENT_LEVELS.indexOf(params.minLevel));
  const rows = await q.query<{ id: number; number: string; title: string; level: EventLevel; deadline_at: Date; grid_code: string; lon: number; lat: number }>(
    `SELECT id, number, title, level, deadline_at, grid_code, lon, lat FROM events
     WHERE township_code = $1 AND status NOT IN ('closed', 'evaluated') AND deadline_at < now() AND level = ANY($2::text[])
     ORDER BY id`,
    [townshipCode, levels],
  );
  return rows.map((r) => ({
    subject: `event:${r.id}`, title: `${r.number} ${r.title} 已超时`, gridCode: r.grid_code, lon: r.lon, lat: r.lat,
    evidence: { kind: 'overdue', eventId: r.id, number: r.number, level: r.level, deadlineAt: r.deadline_at.toISOString() },
  }));
};

/** Metres per degree of latitude, and a safe bound for longitude at the township's latitude, for a bbox prefilter. */
const M_PER_DEG_LAT = 111_320;

const vulnerableNearAlarm: Reader<'vulnerable_near_alarm'> = async (q, townshipCode, params) => {
  const alarms = await q.query<{ id: number; device_code: string; name: string; grid_code: string; lon: number; lat: number }>(
    `SELECT a.id, a.device_code, d.name, d.grid_code, d.lon, d.lat
     FROM alarms a JOIN devices d ON d.code = a.device_code ${IN_TOWNSHIP}
     WHERE v.township_code = $1 AND a.kind = 'threshold' AND a.status IN ('active', 'acknowledged')
       AND d.type = ANY($2::text[]) AND a.severity = ANY($3::text[])
     ORDER BY a.id`,
    [townshipCode, params.deviceTypes, severities(params.minSeverity)],
  );
  const conditions: Condition[] = [];
  for (const alarm of alarms) {
    const dLat = params.radiusM / M_PER_DEG_LAT;
    const dLon = dLat / Math.cos((alarm.lat * Math.PI) / 180);
    const nearby = await q.query<{ code: string; groups: KeyGroup[]; lon: number; lat: number }>(
      `SELECT k.code, k.groups, k.lon, k.lat FROM key_people k
       WHERE k.groups && $1::text[] AND k.lon BETWEEN $2 AND $3 AND k.lat BETWEEN $4 AND $5`,
      [params.groups, alarm.lon - dLon, alarm.lon + dLon, alarm.lat - dLat, alarm.lat + dLat],
    );
    const inside = nearby.filter((p) => distanceM(alarm.lon, alarm.lat, p.lon, p.lat) <= params.radiusM).sort((a, b) => a.code.localeCompare(b.code));
    if (inside.length === 0) continue;
    const byGroup: Partial<Record<KeyGroup, number>> = {};
    for (const person of inside) for (const group of person.groups) if (params.groups.includes(group)) byGroup[group] = (byGroup[group] ?? 0) + 1;
    conditions.push({
      subject: `alarm:${alarm.id}`, title: `${alarm.name}告警点 ${params.radiusM} 米内有 ${inside.length} 名重点关爱人员`,
      gridCode: alarm.grid_code, lon: alarm.lon, lat: alarm.lat,
      evidence: { kind: 'vulnerable_near_alarm', alarmId: alarm.id, deviceCode: alarm.device_code, radiusM: params.radiusM, total: inside.length, byGroup,
        people: inside.slice(0, EVIDENCE_ITEMS).map((p) => p.code) },
    });
  }
  return conditions;
};

const shelterFull: Reader<'shelter_full'> = async (q, townshipCode, params) => {
  const rows = await q.query<{ incident_id: number; code: string; name: string; capacity: number; occupancy: number; grid_code: string; lon: number; lat: number }>(
    `SELECT s.incident_id, p.code, p.name, p.capacity, sum(s.people)::int AS occupancy, p.grid_code, p.lon, p.lat
     FROM shelter_arrivals s JOIN incidents i ON i.id = s.incident_id JOIN places p ON p.code = s.shelter_code
     WHERE s.township_code = $1 AND i.status = 'open' AND p.capacity > 0
     GROUP BY s.incident_id, p.code, p.name, p.capacity, p.grid_code, p.lon, p.lat
     HAVING sum(s.people) >= $2::float8 * p.capacity`,
    [townshipCode, params.share],
  );
  return rows.map((r) => ({
    subject: `incident:${r.incident_id}:shelter:${r.code}`, title: `${r.name}已安置 ${r.occupancy} 人（容量 ${r.capacity}）`, gridCode: r.grid_code, lon: r.lon, lat: r.lat,
    evidence: { kind: 'shelter_full', incidentId: r.incident_id, shelterCode: r.code, capacity: r.capacity, occupancy: r.occupancy, share: params.share },
  }));
};

export const CONDITION_READERS: { [K in WarningRuleKind]: Reader<K> } = {
  threshold, rate_of_rise: rateOfRise, cluster, overdue, vulnerable_near_alarm: vulnerableNearAlarm, shelter_full: shelterFull,
};
