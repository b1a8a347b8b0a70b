// A database that had rows before the statistics buckets existed gets its buckets from the
// migration, and the figures then agree with the rows.
import { describe, expect, it } from 'vitest';
import { listMigrations, migrate } from '../../api/db/migrate.ts';
import { openPglite } from '../../api/db/pglite.ts';
import { loadTownship } from '../../api/domain/township.ts';
import { loadGisData } from '../../api/load/gisLoader.ts';
import { townshipRefs } from '../../api/stats/refs.ts';
import { StatsService } from '../../api/stats/service.ts';
import { readGisData } from '../../gis-data/read.ts';

describe('the statistics buckets migration', () => {
  it('backfills buckets from events, closings, readings and points written before it', async () => {
    const db = await openPglite();
    try {
      const all = listMigrations();
      await migrate(db, all.filter((m) => m.version < 5));
      await loadGisData(db, readGisData());
      const township = (await loadTownship(db))!;
      const grid = [...township.grids.keys()][0]!;
      const device = [...township.devices.values()][0]!;
      const worker = [...township.workers.values()][0]!;
      const now = Date.now();
      const ago = (minutes: number) => new Date(now - minutes * 60_000).toISOString();
      for (let i = 0; i < 4; i++) {
        await db.query(
          `INSERT INTO events (number, township_code, grid_code, title, category, level, source, status, lon, lat, occurred_at, accepted_at, deadline_at, closed_at)
           VALUES ($1, $2, $3, 't', 'traffic', 'major', 'video', $4, 119.1, 29.06, $5, $5, $6, $7)`,
          [`N-${i}`, township.code, grid, i < 2 ? 'closed' : 'accepted', ago(300 - i), ago(100), i < 2 ? ago(i === 0 ? 200 : 50) : null],
        );
      }
      await db.query(`INSERT INTO readings (device_code, ts, value) VALUES ($1, $2, 1.5), ($1, $3, 2.5)`, [device.code, ago(90), ago(30)]);
      await db.query('UPDATE devices SET last_value = 2.5, last_reading_at = $2 WHERE code = $1', [device.code, ago(30)]); // as ingest keeps it
      await db.query(`INSERT INTO points_ledger (rule_code, worker_code, points, ts) VALUES ('patrol_shift', $1, 1, $2)`, [worker.code, ago(20)]);

      await migrate(db, all);
      const [buckets] = await db.query<{ n: number }>('SELECT count(*) AS n FROM stat_buckets');
      expect(buckets!.n).toBeGreaterThan(5);
      const stats = await StatsService.start(db, () => townshipRefs(township));
      const { mismatches, checked } = await stats.verify([{ townshipCode: township.code }, { townshipCode: township.code, gridCode: grid }]);
      expect(checked).toBeGreaterThan(100);
      expect(mismatches).toEqual([]);
      const snapshot = await stats.snapshot({ townshipCode: township.code });
      expect(snapshot.windows['24h'].events.total).toBe(4);
      expect(snapshot.windows['24h'].closed.count).toBe(2);
      expect(snapshot.windows['24h'].closed.onTime).toBe(1);
    } finally {
      await db.close();
    }
  });
});
