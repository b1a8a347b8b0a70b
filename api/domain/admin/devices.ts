// IoT devices (物, devices.manage): registering a sensor with its thresholds and taking one out of
// service. The grid follows from the position. Ingest only knows devices from the township held in
// memory, so the caller reloads it after either change.
import type { DeviceType } from '../../../contract/domain.ts';
import { audit } from '../../audit.ts';
import type { Db, Queryable } from '../../db/index.ts';
import { clearAlarms } from '../iot/alarms.ts';
import { DomainError } from '../errors.ts';
import type { DeviceInput } from '../../http/routes/adminSchemas.ts';
import type { Township } from '../township.ts';

export interface DeviceView {
  code: string;
  name: string;
  type: DeviceType;
  gridCode: string;
  placeCode: string | null;
  unit: string;
  lon: number;
  lat: number;
  thresholds: { normalMin: number; normalMax: number; warnAbove: number; criticalAbove: number };
  active: boolean;
  lastValue: number | null;
  lastReadingAt: string | null;
}

interface DeviceRow {
  code: string;
  name: string;
  type: DeviceType;
  grid_code: string;
  place_code: string | null;
  unit: string;
  lon: number;
  lat: number;
  normal_min: number;
  normal_max: number;
  warn_above: number;
  critical_above: number;
  active: boolean;
  last_value: number | null;
  last_reading_at: Date | null;
}

const COLUMNS = `d.code, d.name, d.type, d.grid_code, d.place_code, d.unit, d.lon, d.lat, d.normal_min, d.normal_max,
  d.warn_above, d.critical_above, d.active, d.last_value, d.last_reading_at`;
const IN_TOWNSHIP = 'JOIN grids g ON g.code = d.grid_code JOIN villages v ON v.code = g.village_code';

const toView = (r: DeviceRow): DeviceView => ({
  code: r.code, name: r.name, type: r.type, gridCode: r.grid_code, placeCode: r.place_code, unit: r.unit, lon: r.lon, lat: r.lat,
  thresholds: { normalMin: r.normal_min, normalMax: r.normal_max, warnAbove: r.warn_above, criticalAbove: r.critical_above },
  active: r.active, lastValue: r.last_value, lastReadingAt: r.last_reading_at ? r.last_reading_at.toISOString() : null,
});

export async function listDevices(q: Queryable, townshipCode: string): Promise<DeviceView[]> {
  const rows = await q.query<DeviceRow>(`SELECT ${COLUMNS} FROM devices d ${IN_TOWNSHIP} WHERE v.township_code = $1 ORDER BY d.code`, [townshipCode]);
  return rows.map(toView);
}

export async function createDevice(db: Db, township: Township, input: DeviceInput, actor: string, ip: string | null): Promise<DeviceView> {
  const grid = township.locateGrid(input.lon, input.lat);
  if (!grid) {
    throw new DomainError('outside_township', `(${input.lon}, ${input.lat}) is outside ${township.name}; send WGS84 longitude and latitude of the device.`,
      [{ path: 'lon', message: 'outside the township' }]);
  }
  return db.tx(async (q) => {
    if (input.placeCode) {
      const found = await q.query(
        'SELECT 1 FROM places p JOIN grids g ON g.code = p.grid_code JOIN villages v ON v.code = g.village_code WHERE p.code = $1 AND v.township_code = $2',
        [input.placeCode, township.code],
      );
      if (found.length === 0) {
        throw new DomainError('unknown_reference', `No place "${input.placeCode}" in ${township.name}; leave placeCode out or fix it.`,
          [{ path: 'placeCode', message: 'unknown place' }]);
      }
    }
    const [inserted] = await q.query<{ code: string }>(
      `INSERT INTO devices (code, grid_code, place_code, name, type, unit, lon, lat, normal_min, normal_max, warn_above, critical_above)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) ON CONFLICT (code) DO NOTHING RETURNING code`,
      [input.code, grid.code, input.placeCode ?? null, input.name, input.type, input.unit, input.lon, input.lat,
        input.normalMin, input.normalMax, input.warnAbove, input.criticalAbove],
    );
    if (!inserted) throw new DomainError('conflict', `A device "${input.code}" exists already; choose another code.`);
    await audit(q, {
      actor, action: 'device.created', target: `device:${input.code}`,
      detail: { type: input.type, gridCode: grid.code, placeCode: input.placeCode ?? null, warnAbove: input.warnAbove, criticalAbove: input.criticalAbove }, ip,
    });
    return toView((await q.query<DeviceRow>(`SELECT ${COLUMNS} FROM devices d WHERE d.code = $1`, [input.code]))[0]!);
  });
}

/**
 * Takes a device out of service: its readings are refused from now on, and its open alarms are
 * cleared, since no reading will ever clear them. Deactivating an inactive device changes nothing.
 */
export async function deactivateDevice(db: Db, townshipCode: string, code: string, actor: string, ip: string | null): Promise<{ device: DeviceView; alarmsCleared: number }> {
  return db.tx(async (q) => {
    const [current] = await q.query<DeviceRow>(
      `SELECT ${COLUMNS} FROM devices d ${IN_TOWNSHIP} WHERE d.code = $1 AND v.township_code = $2 FOR UPDATE OF d`,
      [code, townshipCode],
    );
    if (!current) throw new DomainError('not_found', `No device "${code}"; list them with GET /api/v1/devices.`);
    if (!current.active) return { device: toView(current), alarmsCleared: 0 };
    await q.query('UPDATE devices SET active = false WHERE code = $1', [code]);
    const cleared = await clearAlarms(q, townshipCode, [code], 'deactivated');
    await audit(q, { actor, action: 'device.deactivated', target: `device:${code}`, detail: { alarmsCleared: cleared }, ip });
    return { device: toView({ ...current, active: false }), alarmsCleared: cleared };
  });
}
