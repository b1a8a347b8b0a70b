// A real PostgreSQL server through `pg`, used when DATABASE_URL is set.
import pg from 'pg';
import { SHARED_TEXT_PARSERS } from './parsers.ts';
import type { Db, Queryable } from './types.ts';

const typeParsers = {
  getTypeParser(oid: number, format?: string) {
    const shared = format === 'binary' ? undefined : SHARED_TEXT_PARSERS[oid];
    return shared ?? pg.types.getTypeParser(oid, format as 'text');
  },
} as pg.CustomTypesConfig;

export async function openPostgres(connectionString: string, maxConnections = 10): Promise<Db> {
  const pool = new pg.Pool({ connectionString, max: maxConnections, types: typeParsers });
  // A broken idle connection must not crash the hub: the next query gets a fresh one.
  pool.on('error', () => undefined);
  const client = await pool.connect(); // fail fast at start-up when the server is unreachable
  client.release();

  const wrap = (target: pg.Pool | pg.PoolClient): Queryable => ({
    async query<R extends object>(sql: string, params: readonly unknown[] = []) {
      const result = await target.query<R>(sql, params as unknown[]);
      return result.rows;
    },
  });
  const self = wrap(pool);
  return {
    kind: 'postgres',
    pgPool: pool,
    query: self.query,
    async exec(sql) {
      await pool.query(sql);
    },
    async tx(work) {
      const conn = await pool.connect();
      try {
        await conn.query('BEGIN');
        const result = await work(wrap(conn));
        await conn.query('COMMIT');
        return result;
      } catch (error) {
        await conn.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        conn.release();
      }
    },
    close: () => pool.end(),
  };
}
