// Households, the elevation grid and key people's homes in the database (migration 010): the import
// of an empty database stores them, and a database imported before they existed gets them on its
// next start, once. On PGlite, or on the PostgreSQL server at DATABASE_URL (in a schema of its own).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIsolatedSchema, type IsolatedSchema } from '../../api/db/isolatedSchema.ts';
import { openDatabase, type Db } from '../../api/db/index.ts';
import { ElevationGrid } from '../../api/geo/elevation.ts';
import { completeGisData, loadGisData } from '../../api/load/gisLoader.ts';
import { readGisData } from '../../gis-data/read.ts';
import { backendName } from '../support/hub.ts';

const gis = readGisData();
let db: Db;
let schema: IsolatedSchema | undefined;
let township: string;

beforeAll(async () => {
  schema = process.env.DATABASE_URL ? await createIsolatedSchema(process.env.DATABASE_URL, 'test') : undefined;
  db = await openDatabase({ databaseUrl: schema?.url });
  township = (await loadGisData(db, gis)).townshipCode;
});
afterAll(async () => {
  await db?.close();
  await schema?.drop();
});

const counts = async () => (await db.query<{ households: number; residents: number; terrain: number; homed: number }>(
  `SELECT (SELECT count(*) FROM households) AS households, (SELECT coalesce(sum(residents), 0) FROM households) AS residents,
          (SELECT count(*) FROM terrain) AS terrain, (SELECT count(*) FROM key_people WHERE household_code IS NOT NULL) AS homed`))[0]!;

describe(`households and terrain in the database (${backendName})`, () => {
  it('imports every household with the grids\' totals, every key person\'s home, and the elevation grid', async () => {
    expect(await counts()).toEqual({ households: gis.households.length, residents: gis.manifest.counts.residents, terrain: 1, homed: gis.keyPeople.length });
    const mismatched = await db.query(
      `SELECT g.code FROM grids g LEFT JOIN households h ON h.grid_code = g.code
       GROUP BY g.code, g.households, g.population HAVING count(h.code) <> g.households OR coalesce(sum(h.residents), 0) <> g.population`);
    expect(mismatched).toEqual([]);
    const moved = await db.query(`SELECT k.code FROM key_people k JOIN households h ON h.code = k.household_code WHERE h.lon <> k.lon OR h.lat <> k.lat OR h.grid_code <> k.grid_code`);
    expect(moved).toEqual([]);
  });

  it('gives the heights back byte for byte, as the grid the hub samples', async () => {
    const [row] = await db.query<{ header: typeof gis.elevation.header; heights: Uint8Array }>('SELECT header, heights FROM terrain WHERE township_code = $1', [township]);
    expect(row!.header).toEqual(gis.elevation.header);
    expect(Buffer.from(row!.heights).equals(Buffer.from(gis.elevation.heights))).toBe(true);
    const grid = ElevationGrid.from(row!);
    const fromFiles = ElevationGrid.from(gis.elevation);
    const gauge = gis.elevation.header.gauges[0]!;
    expect(grid.heightAt(gauge.lon, gauge.lat)).toBe(fromFiles.heightAt(gauge.lon, gauge.lat));
  });

  it('refuses a household without residents or outside the grids', async () => {
    const grid = gis.households[0]!.gridCode;
    await expect(db.query(`INSERT INTO households (code, township_code, grid_code, lon, lat, residents) VALUES ('HX1', $1, $2, 119.1, 29.1, 0)`, [township, grid])).rejects.toThrow(/check/i);
    await expect(db.query(`INSERT INTO households (code, township_code, grid_code, lon, lat, residents) VALUES ('HX2', $1, 'no-such-grid', 119.1, 29.1, 2)`, [township])).rejects.toThrow(/foreign key/i);
  });

  it('fills in households, homes and terrain for a township imported before them, once', async () => {
    // A database from before migration 010's data: the township is there, its households and grid are not.
    await db.query('UPDATE key_people SET household_code = NULL, lon = lon + 0.001');
    await db.query('DELETE FROM households');
    await db.query('DELETE FROM terrain');
    expect(await counts()).toMatchObject({ households: 0, terrain: 0, homed: 0 });

    expect(await completeGisData(db, gis, township)).toEqual({ households: gis.households.length, keyPeople: gis.keyPeople.length, terrain: true });
    expect(await counts()).toEqual({ households: gis.households.length, residents: gis.manifest.counts.residents, terrain: 1, homed: gis.keyPeople.length });
    const [person] = await db.query<{ lon: number; lat: number }>('SELECT lon, lat FROM key_people WHERE code = $1', [gis.keyPeople[0]!.code]);
    expect(person).toEqual({ lon: gis.keyPeople[0]!.lon, lat: gis.keyPeople[0]!.lat });

    expect(await completeGisData(db, gis, township)).toEqual({ households: 0, keyPeople: 0, terrain: false });
    expect((await counts()).households).toBe(gis.households.length);
  });

  it('leaves a township alone whose grids the files do not describe', async () => {
    await db.query('UPDATE key_people SET household_code = NULL');
    await db.query('DELETE FROM households');
    const strange = { ...gis, households: gis.households.map((h) => ({ ...h, gridCode: `X${h.gridCode}` })) };
    expect(await completeGisData(db, strange, township)).toEqual({ households: 0, keyPeople: 0, terrain: false });
    expect((await counts()).households).toBe(0);
    await completeGisData(db, gis, township);
  });
});
