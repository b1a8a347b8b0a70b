// A device that stops reporting (断线) raises an offline alarm: silence from a river gauge in a flood
// night is itself an alarm. "Heard" is the hub's clock at the device's last batch, so a device that
// sends buffered readings late is alive. A device never heard since it was registered is not judged:
// it may not be installed yet. The alarm clears when the device reports again (readings.ts).
import type { Db } from '../../db/index.ts';
import { logAlarmFacts } from './alarms.ts';

/** Raises an offline alarm for every active device of the township silent for longer than `afterMs`; answers how many. */
export async function raiseOfflineAlarms(db: Db, townshipCode: string, afterMs: number): Promise<number> {
  return db.tx(async (q) => {
    const raised = await q.query<{ id: number }>(
      `INSERT INTO alarms (device_code, kind, severity, value, threshold, raised_at)
       SELECT d.code, 'offline', 'warning', round(extract(epoch FROM now() - d.last_heard_at)), $2::float8 / 1000, now()
       FROM devices d JOIN grids g ON g.code = d.grid_code JOIN villages v ON v.code = g.village_code
       WHERE v.township_code = $1 AND d.active AND d.last_heard_at < now() - make_interval(secs => $2::float8 / 1000)
         AND NOT EXISTS (SELECT 1 FROM alarms a WHERE a.device_code = d.code AND a.kind = 'offline' AND a.status IN ('active', 'acknowledged'))
       ON CONFLICT (device_code) WHERE kind = 'offline' AND status IN ('active', 'acknowledged') DO NOTHING
       RETURNING id`,
      [townshipCode, afterMs],
    );
    await logAlarmFacts(q, townshipCode, 'alarm:new', raised.map((row) => row.id));
    return raised.length;
  });
}
