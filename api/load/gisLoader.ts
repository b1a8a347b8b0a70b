// Imports the township's geography, places, devices, departments, forces, the event catalogue, workers,
// households, key people and the elevation grid from a gis-data folder into an empty database, all in
// one transaction: a crash mid-import leaves nothing. A database imported before households and the
// elevation grid existed gets them on its next start (completeGisData).
import { bbox as turfBbox } from '@turf/turf';
import type { Feature, Point } from 'geojson';
import type { Queryable, Db } from '../db/index.ts';

import type { GisData } from '../../gis-data/read.ts';

export interface LoadResult {
  loaded: boolean;
  townshipCode: string;
}

const IMPORTED_BY = 'import'; // updated_by of rows that came from the gis-data files, not from a person
const bboxOf = (feature: Feature) => turfBbox(feature).slice(0, 4);
const lonLat = (feature: Feature<Point>) => ({ lon: feature.geometry.coordinates[0], lat: feature.geometry.coordinates[1] });

/** Inserts many rows with one statement: rows travel as one jsonb array, so both backends take it alike. */
async function insertRows(q: Queryable, table: string, columns: Record<string, string>, rows: object[]): Promise<void> {
  if (rows.length === 0) return;
  const names = Object.keys(columns);
  const recordType = names.map((name) => `${name} ${columns[name]}`).join(', ');
  await q.query(
    `INSERT INTO ${table} (${names.join(', ')}) SELECT ${names.join(', ')} FROM jsonb_to_recordset($1::jsonb) AS r(${recordType})`,
    [JSON.stringify(rows)],
  );
}

/**
 * True when the schema has the table: departments and the catalogue (migration 009), households and
 * terrain (010). A database migrated only part-way, as a test of an earlier migration leaves it, gets
 * the township without them.
 */
async function hasTable(q: Queryable, table: 'departments' | 'households'): Promise<boolean> {
  const rows = await q.query<{ present: boolean }>('SELECT to_regclass($1) IS NOT NULL AS present', [table]);
  return rows[0]?.present === true;
}

async function insertHouseholds(q: Queryable, township: string, data: GisData): Promise<void> {
  await insertRows(q, 'households',
    { code: 'text', township_code: 'text', grid_code: 'text', lon: 'float8', lat: 'float8', residents: 'int' },
    data.households.map((h) => ({ code: h.code, township_code: township, grid_code: h.gridCode, lon: h.lon, lat: h.lat, residents: h.residents })));
}

async function insertTerrain(q: Queryable, township: string, data: GisData): Promise<void> {
  await q.query('INSERT INTO terrain (township_code, header, heights) VALUES ($1, $2, $3)',
    [township, JSON.stringify(data.elevation.header), data.elevation.heights]);
}

export async function loadGisData(db: Db, data: GisData): Promise<LoadResult> {
  const township = data.township.features[0];
  if (!township) throw new Error('gis-data has no township feature: regenerate it with `npm run gis`.');
  const code = township.properties.code;
  return db.tx(async (q) => {
    const existing = await q.query('SELECT 1 FROM townships WHERE code = $1', [code]);
    if (existing.length > 0) return { loaded: false, townshipCode: code };

    await q.query(
      `INSERT INTO townships (code, name, county_code, county_name, geometry, bbox, schematic, attribution)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [code, township.properties.name, township.properties.countyCode, township.properties.countyName,
        JSON.stringify(township.geometry), bboxOf(township), true, data.manifest.attribution],
    );
    for (const [name, layer] of [['county', data.county], ['river', data.river]] as const) {
      await q.query('INSERT INTO map_layers (township_code, name, geojson) VALUES ($1, $2, $3)', [code, name, JSON.stringify(layer)]);
    }
    await insertRows(q, 'villages',
      { code: 'text', township_code: 'text', name: 'text', full_name: 'text', kind: 'text', geometry: 'jsonb', bbox: 'float8[]', schematic: 'boolean' },
      data.villages.features.map((f) => ({ code: f.properties.code, township_code: code, name: f.properties.name,
        full_name: f.properties.fullName, kind: f.properties.kind, geometry: f.geometry, bbox: bboxOf(f), schematic: true })));
    await insertRows(q, 'grids',
      { code: 'text', village_code: 'text', name: 'text', geometry: 'jsonb', bbox: 'float8[]', population: 'int', households: 'int', schematic: 'boolean' },
      data.grids.features.map((f) => ({ code: f.properties.code, village_code: f.properties.villageCode, name: f.properties.name,
        geometry: f.geometry, bbox: bboxOf(f), population: f.properties.population, households: f.properties.households, schematic: true })));
    await insertRows(q, 'places',
      { code: 'text', grid_code: 'text', name: 'text', kind: 'text', lon: 'float8', lat: 'float8', capacity: 'int' },
      data.places.features.map((f) => ({ code: f.properties.code, grid_code: f.properties.gridCode, name: f.properties.name,
        kind: f.properties.kind, ...lonLat(f), capacity: f.properties.capacity ?? null })));
    await insertRows(q, 'devices',
      { code: 'text', grid_code: 'text', place_code: 'text', name: 'text', type: 'text', unit: 'text', lon: 'float8', lat: 'float8',
        normal_min: 'float8', normal_max: 'float8', warn_above: 'float8', critical_above: 'float8' },
      data.devices.features.map((f) => ({ code: f.properties.code, grid_code: f.properties.gridCode, place_code: f.properties.placeCode ?? null,
        name: f.properties.name, type: f.properties.type, unit: f.properties.unit, ...lonLat(f), normal_min: f.properties.normalMin,
        normal_max: f.properties.normalMax, warn_above: f.properties.warnAbove, critical_above: f.properties.criticalAbove })));
    // Departments before the forces they own and the items they answer for (foreign keys).
    const catalogue = await hasTable(q, 'departments');
    if (catalogue) {
      await insertRows(q, 'departments',
        { code: 'text', township_code: 'text', name: 'text', kind: 'text', village_code: 'text', contact_name: 'text', phone: 'text', lon: 'float8', lat: 'float8', updated_by: 'text' },
        data.catalogue.departments.map((d) => ({ code: d.code, township_code: code, name: d.name, kind: d.kind, village_code: d.villageCode,
          contact_name: d.contactName, phone: d.phone, lon: d.lon, lat: d.lat, updated_by: IMPORTED_BY })));
    }
    await insertRows(q, 'response_forces',
      { code: 'text', township_code: 'text', grid_code: 'text', name: 'text', kind: 'text', members: 'int', phone: 'text', lon: 'float8', lat: 'float8',
        ...(catalogue ? { department_code: 'text' } : {}) },
      data.forces.features.map((f) => ({ code: f.properties.code, township_code: code, grid_code: f.properties.gridCode, name: f.properties.name,
        kind: f.properties.kind, members: f.properties.members, phone: f.properties.phone, ...lonLat(f), department_code: f.properties.departmentCode })));
    if (catalogue) {
      await insertRows(q, 'event_items',
        { code: 'text', township_code: 'text', category: 'text', name: 'text', default_level: 'text', department_code: 'text', deadline_hours: 'jsonb', run_card: 'jsonb', updated_by: 'text' },
        data.catalogue.items.map((i) => ({ code: i.code, township_code: code, category: i.category, name: i.name, default_level: i.defaultLevel,
          department_code: i.departmentCode, deadline_hours: i.deadlineHours, run_card: i.runCard, updated_by: IMPORTED_BY })));
    }
    await insertRows(q, 'workers',
      { code: 'text', name: 'text', grid_code: 'text', role: 'text', phone: 'text' },
      data.workers.map((w) => ({ code: w.code, name: w.name, grid_code: w.gridCode, role: w.role, phone: w.phone })));
    const households = await hasTable(q, 'households');
    if (households) {
      await insertHouseholds(q, code, data);
      await insertTerrain(q, code, data);
    }
    await insertRows(q, 'key_people',
      { code: 'text', grid_code: 'text', name: 'text', id_number: 'text', phone: 'text', address: 'text', groups: 'text[]', lon: 'float8', lat: 'float8',
        ...(households ? { household_code: 'text' } : {}) },
      data.keyPeople.map((p) => ({ code: p.code, grid_code: p.gridCode, name: p.name, id_number: p.idNumber, phone: p.phone,
        address: p.address, groups: p.groups, lon: p.lon, lat: p.lat, household_code: p.householdCode ?? null })));
    return { loaded: true, townshipCode: code };
  });
}

export interface CompletionResult {
  /** Households inserted (0 when the township had them already). */
  households: number;
  /** Key people given their household (and its position). */
  keyPeople: number;
  terrain: boolean;
}

/**
 * Fills in what an earlier import could not hold: the households (and each key person's household) and
 * the elevation grid, each only when the township has none yet, in one transaction. Safe to call on
 * every start. Households whose grids the database does not have (another township's files) are not
 * imported: nothing is, and the result says so.
 */
export async function completeGisData(db: Db, data: GisData, townshipCode: string): Promise<CompletionResult> {
  return db.tx(async (q) => {
    const result: CompletionResult = { households: 0, keyPeople: 0, terrain: false };
    if (!(await hasTable(q, 'households'))) return result;
    const [counts] = await q.query<{ households: number; terrain: number; grids_missing: number }>(
      `SELECT (SELECT count(*) FROM households WHERE township_code = $1) AS households,
              (SELECT count(*) FROM terrain WHERE township_code = $1) AS terrain,
              (SELECT count(*) FROM (SELECT DISTINCT r.grid_code FROM jsonb_to_recordset($2::jsonb) AS r(grid_code text)) wanted
                WHERE NOT EXISTS (SELECT 1 FROM grids g JOIN villages v ON v.code = g.village_code WHERE g.code = wanted.grid_code AND v.township_code = $1)) AS grids_missing`,
      [townshipCode, JSON.stringify([...new Set(data.households.map((h) => h.gridCode))].map((grid_code) => ({ grid_code })))],
    );
    if (counts?.households === 0 && counts.grids_missing === 0 && data.households.length > 0) {
      await insertHouseholds(q, townshipCode, data);
      result.households = data.households.length;
      const moved = await q.query<{ code: string }>(
        `UPDATE key_people k SET household_code = r.household_code, lon = r.lon, lat = r.lat
         FROM jsonb_to_recordset($1::jsonb) AS r(code text, grid_code text, household_code text, lon float8, lat float8)
         WHERE k.code = r.code AND k.grid_code = r.grid_code AND k.household_code IS NULL RETURNING k.code`,
        [JSON.stringify(data.keyPeople.filter((p) => p.householdCode).map((p) => ({ code: p.code, grid_code: p.gridCode, household_code: p.householdCode, lon: p.lon, lat: p.lat })))],
      );
      result.keyPeople = moved.length;
    }
    if (counts?.terrain === 0) {
      await insertTerrain(q, townshipCode, data);
      result.terrain = true;
    }
    return result;
  });
}
