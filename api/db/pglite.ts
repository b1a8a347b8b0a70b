// The embedded database: PGlite in this process, persisted under a data folder or in memory.
import { mkdirSync } from 'node:fs';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import { lockDataDir, type DirLock } from './lock.ts';
import { SHARED_TEXT_PARSERS } from './parsers.ts';
import type { Db, Queryable } from './types.ts';

const parsers = Object.fromEntries(
  Object.entries(SHARED_TEXT_PARSERS).map(([oid, parse]) => [oid, (value: string) => parse(value)]),
);

/** Opens PGlite. `dataDir` undefined means in memory (tests); a folder is locked against a second process. */
export async function openPglite(dataDir?: string): Promise<Db> {
  let lock: DirLock | undefined;
  if (dataDir) {
    mkdirSync(dataDir, { recursive: true });
    lock = lockDataDir(dataDir);
  }
  let pg: PGlite;
  try {
    pg = await PGlite.create(dataDir ? `${dataDir}/pgdata` : undefined, { parsers });
  } catch (error) {
    lock?.release();
    throw error;
  }
  const wrap = (target: PGlite | Transaction): Queryable => ({
    async query<R extends object>(sql: string, params: readonly unknown[] = []) {
      const result = await target.query<R>(sql, params as unknown[]);
      return result.rows;
    },
  });
  const self = wrap(pg);
  return {
    kind: 'pglite',
    query: self.query,
    async exec(sql) {
      await pg.exec(sql);
    },
    tx: (work) => pg.transaction((t) => work(wrap(t))),
    async close() {
      try {
        await pg.close();
      } finally {
        lock?.release();
      }
    },
  };
}
