// Acknowledging an alarm (告警确认): the duty officer has seen it and owns it now.
import { audit } from '../../audit.ts';
import { IN_SCOPE_SQL, scopeParams } from '../../auth/permissions.ts';
import type { Scope } from '../../auth/principal.ts';
import type { Db, Queryable } from '../../db/index.ts';
import { DomainError } from '../errors.ts';

export async function acknowledgeAlarm(db: Db, townshipCode: string, alarmId: number, actor: string, ip: string | null): Promise<void> {
  await db.tx(async (q) => {
    const [alarm] = await q.query<{ status: string }>(
      `SELECT a.status FROM alarms a JOIN devices d ON d.code = a.device_code JOIN grids g ON g.code = d.grid_code
       JOIN villages v ON v.code = g.village_code WHERE a.id = $1 AND v.township_code = $2 FOR UPDATE OF a`,
      [alarmId, townshipCode],
    );
    if (!alarm) throw new DomainError('not_found', `No alarm ${alarmId}.`);
    if (alarm.status !== 'active') throw new DomainError('conflict', `Alarm ${alarmId} is already ${alarm.status}.`);
    await q.query(`UPDATE alarms SET status = 'acknowledged', acknowledged_by = $2, acknowledged_at = now() WHERE id = $1`, [alarmId, actor]);
    await audit(q, { actor, action: 'alarm.acknowledged', target: `alarm:${alarmId}`, ip });
  });
}

export interface AlarmRow {
  id: number;
  deviceCode: string;
  deviceType: string;
  severity: string;
  status: string;
  value: number;
  threshold: number;
  gridCode: string;
  raisedAt: string;
  acknowledgedBy: string | null;
}

/** Alarms in the caller's scope, newest first; `openOnly` keeps active and acknowledged ones. */
export async function listAlarms(q: Queryable, scope: Scope, options: { openOnly: boolean; limit: number }): Promise<AlarmRow[]> {
  const rows = await q.query<{ id: number; device_code: string; type: string; severity: string; status: string; value: number; threshold: number; grid_code: string; raised_at: Date; acknowledged_by: string | null }>(
    `SELECT a.id, a.device_code, d.type, a.severity, a.status, a.value, a.threshold, d.grid_code, a.raised_at, a.acknowledged_by
     FROM alarms a JOIN devices d ON d.code = a.device_code JOIN grids g ON g.code = d.grid_code JOIN villages v ON v.code = g.village_code
     WHERE ${IN_SCOPE_SQL}
       AND ($4::boolean IS FALSE OR a.status IN ('active', 'acknowledged'))
     ORDER BY a.raised_at DESC, a.id DESC LIMIT $5`,
    [...scopeParams(scope), options.openOnly, options.limit],
  );
  return rows.map((r) => ({ id: r.id, deviceCode: r.device_code, deviceType: r.type, severity: r.severity, status: r.status, value: r.value,
    threshold: r.threshold, gridCode: r.grid_code, raisedAt: r.raised_at.toISOString(), acknowledgedBy: r.acknowledged_by }));
}
