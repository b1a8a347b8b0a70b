import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../api/db/index.ts';
import { migrate } from '../../api/db/migrate.ts';

const TYPES_PROBE = `SELECT count(*) AS n, 2::bigint AS big, 1.5::numeric AS dec, DATE '2026-11-21' AS day,
  TIMESTAMPTZ '2026-11-21T08:00:00Z' AS at, ARRAY[1.5, 2]::float8[] AS floats, '{"a":1}'::jsonb AS doc,
  ARRAY['x', 'y'] AS words, true AS flag, NULL::text AS nothing`;

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'cw-db-'));
  dirs.push(dir);
  return dir;
};
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

async function probe(db: Db) {
  try {
    return (await db.query(TYPES_PROBE))[0];
  } finally {
    await db.close();
  }
}

const EXPECTED_ROW = {
  n: 1, big: 2, dec: 1.5, day: '2026-11-21', at: new Date('2026-11-21T08:00:00Z'),
  floats: [1.5, 2], doc: { a: 1 }, words: ['x', 'y'], flag: true, nothing: null,
};

describe('the embedded database (PGlite)', () => {
  it('returns numbers, date strings, Dates, arrays and JSON like the pg backend does', async () => {
    expect(await probe(await openDatabase({}))).toEqual(EXPECTED_ROW);
  });

  it('keeps its data in the data folder across restarts', async () => {
    const dir = tempDir();
    const first = await openDatabase({ dataDir: dir });
    await first.query(`INSERT INTO audit_log (actor, action) VALUES ('test', 'persist-check')`);
    await first.close();
    const second = await openDatabase({ dataDir: dir });
    const rows = await second.query(`SELECT action FROM audit_log WHERE action = 'persist-check'`);
    await second.close();
    expect(rows).toHaveLength(1);
  });

  it('refuses a second process on the same data folder', async () => {
    const dir = tempDir();
    const db = await openDatabase({ dataDir: dir });
    try {
      const script = `import { openDatabase } from ${JSON.stringify(join(process.cwd(), 'api/db/index.ts'))};
        try { await openDatabase({ dataDir: ${JSON.stringify(dir)} }); process.exit(0); } catch (e) { console.error(e.message); process.exit(3); }`;
      const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8' });
      expect(child.status).toBe(3);
      expect(child.stderr).toContain('is in use by process');
    } finally {
      await db.close();
    }
  });

  it('rolls back a transaction that throws, leaving no half-written rows', async () => {
    const db = await openDatabase({});
    try {
      await expect(db.tx(async (q) => {
        await q.query(`INSERT INTO audit_log (actor, action) VALUES ('test', 'half')`);
        throw new Error('boom');
      })).rejects.toThrow('boom');
      expect(await db.query(`SELECT 1 FROM audit_log WHERE action = 'half'`)).toHaveLength(0);
    } finally {
      await db.close();
    }
  });

  it('applies each migration once', async () => {
    const db = await openDatabase({});
    try {
      expect(await migrate(db)).toEqual([]);
    } finally {
      await db.close();
    }
  });
});

describe.runIf(process.env.DATABASE_URL)('the real PostgreSQL server', () => {
  it('returns the same types as PGlite', async () => {
    expect(await probe(await openDatabase({ databaseUrl: process.env.DATABASE_URL }))).toEqual(EXPECTED_ROW);
  });
});
