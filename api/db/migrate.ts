// Versioned SQL migrations: files NNN_name.sql in ./migrations, each applied once, in order, inside
// a transaction. An advisory lock keeps two hubs that start together from applying one twice.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Db } from './types.ts';

const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));
const MIGRATION_LOCK_KEY = 7_204_118; // any constant shared by all hubs of this schema
const FILE_PATTERN = /^(\d{3})_([a-z0-9_]+)\.sql$/;

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export function listMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return readdirSync(dir)
    .filter((file) => FILE_PATTERN.test(file))
    .sort()
    .map((file) => {
      const [, version, name] = FILE_PATTERN.exec(file) as RegExpExecArray;
      return { version: Number(version), name: name as string, sql: readFileSync(`${dir}${file}`, 'utf8') };
    });
}

/** Applies pending migrations and returns the versions it applied. */
export async function migrate(db: Db, migrations = listMigrations()): Promise<number[]> {
  await db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version integer PRIMARY KEY,
    name text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now()
  )`);
  return db.tx(async (q) => {
    await q.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
    const done = new Set(
      (await q.query<{ version: number }>('SELECT version FROM schema_migrations')).map((row) => row.version),
    );
    const applied: number[] = [];
    for (const migration of migrations) {
      if (done.has(migration.version)) continue;
      // Statements are split on lines holding only ';' -- our migration files are written that way,
      // because PGlite's parameterised query() takes one statement at a time.
      for (const statement of splitStatements(migration.sql)) await q.query(statement);
      await q.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [migration.version, migration.name]);
      applied.push(migration.version);
    }
    return applied;
  });
}

/**
 * Splits a migration into statements at each ';' that ends a line outside a dollar-quoted body
 * ($$ … $$ or $tag$ … $tag$), and drops whole-line comments. PGlite's parameterised query() takes
 * one statement at a time, so function bodies must stay whole.
 */
export function splitStatements(sql: string): string[] {
  const statements: string[] = [];
  let current: string[] = [];
  let dollarTag: string | null = null;
  for (const line of sql.split('\n')) {
    if (dollarTag === null && /^\s*--/.test(line)) continue;
    current.push(line);
    for (const match of line.matchAll(/\$[A-Za-z_]*\$/g)) {
      if (dollarTag === null) dollarTag = match[0];
      else if (match[0] === dollarTag) dollarTag = null;
    }
    if (dollarTag === null && /;\s*$/.test(line)) {
      statements.push(current.join('\n').replace(/;\s*$/, '').trim());
      current = [];
    }
  }
  statements.push(current.join('\n').trim());
  return statements.filter((statement) => statement.length > 0);
}
