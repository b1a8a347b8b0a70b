import { describe, expect, it } from 'vitest';
import { listMigrations, splitStatements } from '../../api/db/migrate.ts';

describe('migrations', () => {
  it('are numbered without gaps from 001', () => {
    const versions = listMigrations().map((m) => m.version);
    expect(versions).toEqual(versions.map((_, i) => i + 1));
  });

  it('split on statement ends and drop comment lines', () => {
    expect(splitStatements('-- a comment\nCREATE TABLE a (x int);\n\nINSERT INTO a VALUES (1)\n;\n')).toEqual([
      'CREATE TABLE a (x int)',
      'INSERT INTO a VALUES (1)',
    ]);
  });

  it('keep a dollar-quoted function body whole', () => {
    const sql = 'CREATE FUNCTION f() RETURNS trigger AS $$\nBEGIN\n  RAISE EXCEPTION \'no\';\nEND;\n$$ LANGUAGE plpgsql;\nSELECT 1;\n';
    const parts = splitStatements(sql);
    expect(parts).toHaveLength(2);
    expect(parts[0]).toContain("RAISE EXCEPTION 'no';\nEND;");
    expect(parts[1]).toBe('SELECT 1');
  });

  it('define every table of the domain', () => {
    const sql = listMigrations().map((m) => m.sql).join('\n');
    for (const table of ['townships', 'villages', 'grids', 'key_people', 'places', 'devices', 'readings', 'alarms', 'events', 'event_log',
      'response_forces', 'dispatch_tasks', 'points_rules', 'points_ledger', 'patrols', 'patrol_points', 'users', 'audit_log', 'mode_switches']) {
      expect(sql).toMatch(new RegExp(`CREATE TABLE ${table} \\(`));
    }
  });
});
