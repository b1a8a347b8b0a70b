// The bench database: in-memory PGlite, or — when DATABASE_URL is set — the real server, in a fresh
// schema of its own that close() drops again. Migrated, with the demo township loaded.
import { openDatabase, type Db } from '../api/db/index.ts';
import { createIsolatedSchema } from '../api/db/isolatedSchema.ts';
import { loadTownship } from '../api/domain/township.ts';
import { loadGisData } from '../api/load/gisLoader.ts';
import type { GisData } from '../gis-data/read.ts';
import type { BenchDatabase } from './harness.ts';

export interface OpenedBenchDatabase extends BenchDatabase {
  close(): Promise<void>;
}

export async function openBenchDatabase(gis: GisData, databaseUrl = process.env.DATABASE_URL): Promise<OpenedBenchDatabase> {
  const isolated = databaseUrl ? await createIsolatedSchema(databaseUrl, 'bench') : undefined;
  let db: Db | undefined;
  try {
    db = await openDatabase({ databaseUrl: isolated?.url });
    await loadGisData(db, gis);
    const township = await loadTownship(db);
    if (!township) throw new Error('The bench database has no township after loading gis-data: check gis-data/huzhen.');
    const [row] = await db.query<{ version: string }>('SELECT version() AS version');
    const opened = db;
    return {
      db,
      kind: db.kind,
      version: row?.version ?? 'unknown',
      township,
      async close() {
        try {
          await opened.close();
        } finally {
          await isolated?.drop();
        }
      },
    };
  } catch (error) {
    await db?.close().catch(() => undefined);
    await isolated?.drop().catch(() => undefined);
    throw error;
  }
}

