// A schema of its own on a shared PostgreSQL server, selected through the connection's search_path:
// tests, benchmarks and the crash drill each get an empty database without a server of their own.
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export interface IsolatedSchema {
  /** The base URL with `options=-c search_path=<schema>`. */
  url: string;
  schema: string;
  drop(): Promise<void>;
}

async function run(base: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: base });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export async function createIsolatedSchema(base: string, prefix: string): Promise<IsolatedSchema> {
  if (!/^[a-z_]+$/.test(prefix)) throw new Error(`Schema prefix "${prefix}" must be lower-case letters and underscores.`);
  const schema = `${prefix}_${randomBytes(6).toString('hex')}`;
  await run(base, `CREATE SCHEMA ${schema}`);
  const url = new URL(base);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return { url: url.toString(), schema, drop: () => run(base, `DROP SCHEMA IF EXISTS ${schema} CASCADE`) };
}
