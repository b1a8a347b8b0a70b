// An alarm becomes an event (告警转事件): the duty officer judges it real, and it enters the closed
// loop at the device's place, as an IoT-alarm event of the category its kind of sensor implies,
// general for a warning and significant for a critical alarm. The alarm keeps a link to its event.
import type { EventAccepted } from '../../../contract/api.ts';
import type { AlarmSeverity, DeviceType, EventCategory, EventLevel } from '../../../contract/domain.ts';
import { audit } from '../../audit.ts';
import type { Db } from '../../db/index.ts';
import { DomainError } from '../errors.ts';
import { logAlarmFacts } from './alarms.ts';
import { DEFAULT_DEADLINE_HOURS, insertEvent } from '../events/intake.ts';
import type { ItemRow } from '../catalogue/catalogue.ts';
import type { RoomPolicy } from '../policy.ts';
import type { Township } from '../township.ts';

export const CATEGORY_OF_DEVICE: Record<DeviceType, EventCategory> = {
  smoke: 'fire', water_level: 'flood', gas: 'safety_hazard', manhole: 'infrastructure', elevator: 'safety_hazard',
  air_quality: 'environment', geo_hazard: 'geo_hazard', camera: 'other',
};
const LEVEL_OF_SEVERITY: Record<AlarmSeverity, EventLevel> = { warning: 'general', critical: 'significant' };

export async function alarmToEvent(db: Db, township: Township, alarmId: number, by: { actor: string; ip: string | null }, policy: RoomPolicy, now = new Date()): Promise<EventAccepted> {
  return db.tx(async (q) => {
    const [alarm] = await q.query<{ id: number; status: string; severity: AlarmSeverity; value: number; threshold: number; event_id: number | null;
      device_code: string; device_name: string; type: DeviceType; unit: string; lon: number; lat: number; raised_at: Date }>(
      `SELECT a.id, a.status, a.severity, a.value, a.threshold, a.event_id, d.code AS device_code, d.name AS device_name, d.type, d.unit, d.lon, d.lat, a.raised_at
       FROM alarms a JOIN devices d ON d.code = a.device_code JOIN grids g ON g.code = d.grid_code JOIN villages v ON v.code = g.village_code
       WHERE a.id = $1 AND v.township_code = $2 FOR UPDATE OF a`, [alarmId, township.code]);
    if (!alarm) throw new DomainError('not_found', `No alarm ${alarmId}.`);
    if (alarm.event_id !== null) throw new DomainError('conflict', `Alarm ${alarmId} is already event ${alarm.event_id}.`);
    if (alarm.status === 'cleared') throw new DomainError('conflict', `Alarm ${alarmId} has cleared; the device is back in its normal range.`);
    const grid = township.locateGrid(alarm.lon, alarm.lat);
    if (!grid) throw new DomainError('outside_township', `Device ${alarm.device_code} lies outside ${township.name}.`);
    const category = CATEGORY_OF_DEVICE[alarm.type];
    const level = LEVEL_OF_SEVERITY[alarm.severity];
    const [item] = await q.query<ItemRow>('SELECT * FROM event_items WHERE township_code = $1 AND category = $2 AND active ORDER BY code LIMIT 1', [township.code, category]);
    const event = await insertEvent(q, township, {
      externalId: null, title: `${alarm.device_name}告警：${alarm.value}${alarm.unit}（阈值 ${alarm.threshold}${alarm.unit}）`,
      content: `由物联感知告警 ${alarm.id} 转为事件（${alarm.severity === 'critical' ? '严重' : '预警'}）。`,
      category, itemCode: item?.code ?? null, level, source: 'iot_alarm', reporterName: null, reporterPhone: null,
      lon: alarm.lon, lat: alarm.lat, datum: 'WGS84', grid, occurredAt: alarm.raised_at, acceptedAt: now,
      deadlineHours: item?.deadline_hours[level] ?? DEFAULT_DEADLINE_HOURS[level], alarmId: alarm.id,
    }, by, policy);
    await q.query(`UPDATE alarms SET event_id = $2, status = CASE WHEN status = 'active' THEN 'acknowledged' ELSE status END,
      acknowledged_by = coalesce(acknowledged_by, $3), acknowledged_at = coalesce(acknowledged_at, now()) WHERE id = $1`, [alarm.id, event.id, by.actor]);
    await audit(q, { actor: by.actor, action: 'alarm.to_event', target: `alarm:${alarm.id}`, detail: { event: event.number }, ip: by.ip });
    await logAlarmFacts(q, township.code, 'alarm:updated', [alarm.id]);
    return { event, duplicate: false };
  });
}
