// Chooses the backend: a real server when DATABASE_URL is set, otherwise embedded PGlite.
import { migrate } from './migrate.ts';
import { openPglite } from './pglite.ts';
import { openPostgres } from './postgres.ts';
import type { Db } from './types.ts';

export type { Db, DbKind, Queryable } from './types.ts';

export interface DatabaseOptions {
  databaseUrl?: string;
  /** PGlite data folder; undefined keeps the embedded database in memory. */
  dataDir?: string;
}

export async function openDatabase(options: DatabaseOptions): Promise<Db> {
  const db = options.databaseUrl ? await openPostgres(options.databaseUrl) : await openPglite(options.dataDir);
  try {
    await migrate(db);
  } catch (error) {
    await db.close();
    throw error;
  }
  return db;
}
