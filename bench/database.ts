// The bench database: in-memory PGlite, or — when DATABASE_URL is set — the real server, in a fresh
// schema of its own that close() drops again. Migrated, with the demo township loaded.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase, type Db } from '../api/db/index.ts';
import { loadTownship } from '../api/domain/township.ts';
import { loadGisData } from '../api/load/gisLoader.ts';
import type { GisData } from '../gis-data/read.ts';
import type { BenchDatabase } from './harness.ts';

export interface OpenedBenchDatabase extends BenchDatabase {
  close(): Promise<void>;
}

export async function openBenchDatabase(gis: GisData, databaseUrl = process.env.DATABASE_URL): Promise<OpenedBenchDatabase> {
  const isolated = databaseUrl ? await createSchema(databaseUrl) : undefined;
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

/** A fresh schema on the server, selected through the connection's search_path (as tests/support/hub.ts does). */
async function createSchema(base: string): Promise<{ url: string; drop(): Promise<void> }> {
  const schema = `bench_${randomBytes(6).toString('hex')}`;
  const run = async (sql: string) => {
    const client = new pg.Client({ connectionString: base });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await run(`CREATE SCHEMA ${schema}`);
  const url = new URL(base);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return { url: url.toString(), drop: () => run(`DROP SCHEMA ${schema} CASCADE`) };
}
