// Alarms as the screens see them, and the steps a person takes on one: acknowledging it (告警确认:
// the duty officer has seen it and owns it now). Every change of an alarm is a fact, so the wall and
// the consoles keep their lists without reloading: raised (`alarm:new`), acknowledged, turned into
// an event or cleared (`alarm:updated`).
import type { AlarmSummary } from '../../../contract/api.ts';
import type { AlarmClearReason, AlarmKind, AlarmSeverity, AlarmStatus, DeviceType } from '../../../contract/domain.ts';
import { audit } from '../../audit.ts';
import { IN_SCOPE_SQL, scopeParams } from '../../auth/permissions.ts';
import type { Scope } from '../../auth/principal.ts';
import type { Db, Queryable } from '../../db/index.ts';
import { logFacts, type Fact } from '../../realtime/facts.ts';
import { DomainError } from '../errors.ts';

const SUMMARY_COLUMNS = `a.id, a.kind, a.device_code, d.name AS device_name, d.type, a.severity, a.status, a.value, a.threshold, d.lon, d.lat,
  d.grid_code, a.raised_at, a.acknowledged_by, a.acknowledged_at, a.cleared_at, a.cleared_reason, a.event_id`;
const SUMMARY_FROM = 'alarms a JOIN devices d ON d.code = a.device_code JOIN grids g ON g.code = d.grid_code JOIN villages v ON v.code = g.village_code';

interface SummaryRow {
  id: number; kind: AlarmKind; device_code: string; device_name: string; type: DeviceType; severity: AlarmSeverity; status: AlarmStatus;
  value: number; threshold: number; lon: number; lat: number; grid_code: string; raised_at: Date; acknowledged_by: string | null;
  acknowledged_at: Date | null; cleared_at: Date | null; cleared_reason: AlarmClearReason | null; event_id: number | null;
}

const toSummary = (r: SummaryRow): AlarmSummary => ({
  id: r.id, kind: r.kind, deviceCode: r.device_code, deviceName: r.device_name, deviceType: r.type, severity: r.severity, status: r.status,
  value: r.value, threshold: r.threshold, lon: r.lon, lat: r.lat, gridCode: r.grid_code, raisedAt: r.raised_at.toISOString(),
  acknowledgedBy: r.acknowledged_by, acknowledgedAt: r.acknowledged_at?.toISOString() ?? null, clearedAt: r.cleared_at?.toISOString() ?? null,
  clearedReason: r.cleared_reason, eventId: r.event_id,
});

/** The alarms with these ids, in id order. */
export async function alarmSummaries(q: Queryable, ids: readonly number[]): Promise<AlarmSummary[]> {
  if (ids.length === 0) return [];
  const rows = await q.query<SummaryRow>(`SELECT ${SUMMARY_COLUMNS} FROM ${SUMMARY_FROM} WHERE a.id = ANY($1::bigint[]) ORDER BY a.id`, [ids]);
  return rows.map(toSummary);
}

/** Logs the alarms' present state as facts of one kind (call inside the transaction that changed them). */
export async function logAlarmFacts(q: Queryable, townshipCode: string, kind: 'alarm:new' | 'alarm:updated', ids: readonly number[]): Promise<AlarmSummary[]> {
  const alarms = await alarmSummaries(q, ids);
  await logFacts(q, townshipCode, alarms.map((alarm): Fact => ({ kind, grid: alarm.gridCode, payload: alarm })));
  return alarms;
}

export async function acknowledgeAlarm(db: Db, townshipCode: string, alarmId: number, actor: string, ip: string | null): Promise<AlarmSummary> {
  return db.tx(async (q) => {
    const [alarm] = await q.query<{ status: string }>(
      `SELECT a.status FROM ${SUMMARY_FROM} WHERE a.id = $1 AND v.township_code = $2 FOR UPDATE OF a`,
      [alarmId, townshipCode],
    );
    if (!alarm) throw new DomainError('not_found', `No alarm ${alarmId}.`);
    if (alarm.status !== 'active') throw new DomainError('conflict', `Alarm ${alarmId} is already ${alarm.status}.`);
    await q.query(`UPDATE alarms SET status = 'acknowledged', acknowledged_by = $2, acknowledged_at = now() WHERE id = $1`, [alarmId, actor]);
    await audit(q, { actor, action: 'alarm.acknowledged', target: `alarm:${alarmId}`, ip });
    const [updated] = await logAlarmFacts(q, townshipCode, 'alarm:updated', [alarmId]);
    return updated!;
  });
}

/**
 * Clears open alarms of these devices (all of them, or only those of one kind) and logs each as a
 * fact; answers how many cleared.
 */
export async function clearAlarms(q: Queryable, townshipCode: string, deviceCodes: readonly string[], reason: AlarmClearReason, kind?: AlarmKind): Promise<number> {
  if (deviceCodes.length === 0) return 0;
  const cleared = await q.query<{ id: number }>(
    `UPDATE alarms SET status = 'cleared', cleared_at = now(), cleared_reason = $2
     WHERE status IN ('active', 'acknowledged') AND device_code = ANY($1::text[]) AND ($3::text IS NULL OR kind = $3) RETURNING id`,
    [deviceCodes, reason, kind ?? null],
  );
  await logAlarmFacts(q, townshipCode, 'alarm:updated', cleared.map((row) => row.id));
  return cleared.length;
}

/** Alarms in the caller's scope, newest first; `openOnly` keeps active and acknowledged ones. */
export async function listAlarms(q: Queryable, scope: Scope, options: { openOnly: boolean; limit: number }): Promise<AlarmSummary[]> {
  const rows = await q.query<SummaryRow>(
    `SELECT ${SUMMARY_COLUMNS} FROM ${SUMMARY_FROM}
     WHERE ${IN_SCOPE_SQL}
       AND ($4::boolean IS FALSE OR a.status IN ('active', 'acknowledged'))
     ORDER BY a.raised_at DESC, a.id DESC LIMIT $5`,
    [...scopeParams(scope), options.openOnly, options.limit],
  );
  return rows.map(toSummary);
}
