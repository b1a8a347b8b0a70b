// Sensor readings in batches: all stored or none. Each device's latest value is kept on the device,
// and a reading above its thresholds raises an alarm unless an alarm at least as severe is open;
// a device back in its normal range clears its open threshold alarms, and a device heard again
// clears its offline alarm.
import type { z } from 'zod';
import type { AlarmSummary, ReadingsAccepted } from '../../../contract/api.ts';
import { DEVICE_VALUE_RANGES, type AlarmSeverity, type DeviceType } from '../../../contract/domain.ts';
import type { ReadingBatch } from '../../../contract/schemas.ts';
import { audit } from '../../audit.ts';
import { bump, readingBumps } from '../../stats/buckets.ts';
import type { Db, Queryable } from '../../db/index.ts';
import { DomainError } from '../errors.ts';
import { clearAlarms, logAlarmFacts } from './alarms.ts';
import type { DeviceRef, Township } from '../township.ts';

type ValidBatch = z.output<typeof ReadingBatch>;

interface Latest { device: DeviceRef; ts: string; value: number; peak: number }

function severityOf(device: DeviceRef, value: number): AlarmSeverity | null {
  if (value > device.criticalAbove) return 'critical';
  if (value > device.warnAbove) return 'warning';
  return null;
}
const RANK: Record<AlarmSeverity, number> = { warning: 1, critical: 2 };

export interface ReadingsResult extends ReadingsAccepted {
  alarms: AlarmSummary[];
}

export async function ingestReadings(db: Db, township: Township, batch: ValidBatch, actor: string, ip: string | null): Promise<ReadingsResult> {
  const unknown = batch.readings
    .map((reading, i) => ({ reading, i }))
    .filter(({ reading }) => !township.devices.has(reading.deviceCode));
  if (unknown.length > 0) {
    throw new DomainError('unknown_device', `${unknown.length} reading(s) name a device this hub does not know; register the device first or fix its code.`,
      unknown.slice(0, 50).map(({ reading, i }) => ({ path: `readings.${i}.deviceCode`, message: `unknown device "${reading.deviceCode}"` })));
  }
  refuseOutOfRange(township, batch);

  const latest = new Map<string, Latest>();
  for (const reading of batch.readings) {
    const device = township.devices.get(reading.deviceCode)!;
    const seen = latest.get(device.code);
    if (!seen) latest.set(device.code, { device, ts: reading.ts, value: reading.value, peak: reading.value });
    else {
      if (Date.parse(reading.ts) >= Date.parse(seen.ts)) Object.assign(seen, { ts: reading.ts, value: reading.value });
      seen.peak = Math.max(seen.peak, reading.value);
    }
  }

  return db.tx(async (q) => {
    await q.query(
      'INSERT INTO readings (device_code, ts, value) SELECT * FROM unnest($1::text[], $2::timestamptz[], $3::float8[])',
      [batch.readings.map((r) => r.deviceCode), batch.readings.map((r) => r.ts), batch.readings.map((r) => r.value)],
    );
    await q.query(
      `UPDATE devices d SET last_value = CASE WHEN d.last_reading_at IS NULL OR d.last_reading_at <= r.t THEN r.v ELSE d.last_value END,
         last_reading_at = greatest(d.last_reading_at, r.t), last_heard_at = now()
       FROM jsonb_to_recordset($1::jsonb) AS r(d text, t timestamptz, v float8)
       WHERE d.code = r.d`,
      [JSON.stringify([...latest.values()].map((l) => ({ d: l.device.code, t: l.ts, v: l.value })))],
    );
    await bump(q, township.code, readingBumps(batch.readings.map((r) => {
      const device = township.devices.get(r.deviceCode)!;
      return { ts: r.ts, value: r.value, grid: device.gridCode, type: device.type };
    })));
    const alarms = await raiseAndClearAlarms(q, township.code, [...latest.values()]);
    await clearAlarms(q, township.code, [...latest.keys()], 'reporting', 'offline');
    await audit(q, { actor, action: 'readings.ingested', detail: { readings: batch.readings.length, devices: latest.size, alarms: alarms.length }, ip });
    return { accepted: batch.readings.length, alarmsRaised: alarms.length, alarms };
  });
}

/** A value outside its device type's physical range (contract DEVICE_VALUE_RANGES) is a fault, not a reading. */
function refuseOutOfRange(township: Township, batch: ValidBatch): void {
  const outside = batch.readings
    .map((reading, i) => ({ reading, i, type: township.devices.get(reading.deviceCode)!.type }))
    .filter(({ reading, type }) => reading.value < DEVICE_VALUE_RANGES[type].min || reading.value > DEVICE_VALUE_RANGES[type].max);
  if (outside.length === 0) return;
  const rangeOf = (type: DeviceType) => {
    const { min, max, unit } = DEVICE_VALUE_RANGES[type];
    return `${min}…${max}${unit ? ` ${unit}` : ''}`;
  };
  const first = outside[0]!;
  throw new DomainError('out_of_range',
    `${outside.length} reading(s) lie outside their device type's physical range, e.g. readings.${first.i}.value = ${first.reading.value} for a ${first.type} sensor (${rangeOf(first.type)}); check the sensor or its unit. Nothing of the batch was stored.`,
    outside.slice(0, 50).map(({ reading, i, type }) => ({ path: `readings.${i}.value`, message: `${reading.value} is outside ${rangeOf(type)} for ${type}` })));
}

async function raiseAndClearAlarms(q: Queryable, townshipCode: string, latest: Latest[]): Promise<AlarmSummary[]> {
  const codes = latest.map((l) => l.device.code);
  const open = await q.query<{ device_code: string; severity: AlarmSeverity }>(
    `SELECT device_code, severity FROM alarms WHERE status IN ('active', 'acknowledged') AND kind = 'threshold' AND device_code = ANY($1::text[])`,
    [codes],
  );
  const openRank = new Map<string, number>();
  for (const alarm of open) openRank.set(alarm.device_code, Math.max(openRank.get(alarm.device_code) ?? 0, RANK[alarm.severity]));

  const toRaise: { device: DeviceRef; severity: AlarmSeverity; value: number; threshold: number; ts: string }[] = [];
  const recovered: string[] = [];
  for (const { device, ts, value, peak } of latest) {
    const severity = severityOf(device, peak);
    if (severity && RANK[severity] > (openRank.get(device.code) ?? 0)) {
      toRaise.push({ device, severity, value: peak, threshold: severity === 'critical' ? device.criticalAbove : device.warnAbove, ts });
    } else if (!severityOf(device, value) && openRank.has(device.code)) {
      recovered.push(device.code);
    }
  }
  // One statement for all of them (a batch is one device's latest state each, so one alarm per device at most).
  const inserted = toRaise.length === 0 ? [] : await q.query<{ id: number }>(
    `INSERT INTO alarms (device_code, kind, severity, value, threshold, raised_at)
     SELECT a.d, 'threshold', a.s, a.v, a.t, a.at FROM jsonb_to_recordset($1::jsonb) AS a(d text, s text, v float8, t float8, at timestamptz)
     RETURNING id`,
    [JSON.stringify(toRaise.map((a) => ({ d: a.device.code, s: a.severity, v: a.value, t: a.threshold, at: a.ts })))],
  );
  await clearAlarms(q, townshipCode, recovered, 'recovered', 'threshold');
  return logAlarmFacts(q, townshipCode, 'alarm:new', inserted.map((row) => row.id));
}
