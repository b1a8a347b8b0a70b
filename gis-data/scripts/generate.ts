// Generates the demo township's GIS files (gis-data/huzhen/): seeded, byte-identical for the same seed.
//   node --import tsx gis-data/scripts/generate.ts [--seed N] [--out DIR]
// The county outline and the village names/codes are real (gis-data/reference/); every shape and point
// below the county is generated and schematic (示意).
import '../../scripts/requireRuntime.ts';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as turf from '@turf/turf';
import type { Polygon } from 'geojson';
import { GIS_FILES, HOUSEHOLD_FIELDS, type CatalogueFile, type GisManifest, type HouseholdRow } from '../../contract/gis.ts';
import { encodeHeights } from '../../contract/heightmap.ts';
import { buildCatalogue, buildDepartments } from './catalogue.ts';
import { buildDevices } from './devices.ts';
import { DIVISION_DEFAULTS, buildGrids, buildVillages } from './divisions.ts';
import { buildElevation } from './elevation.ts';
import { buildForces } from './forces.ts';
import { roundPolygon } from './geo.ts';
import { buildHouseholds } from './households.ts';
import { buildKeyPeople } from './key-people.ts';
import { Locator } from './locate.ts';
import { buildPlaces } from './places.ts';
import { createRandom } from './random.ts';
import { type Reference, readReference } from './reference.ts';
import { buildRiver } from './river.ts';
import { documentText, featureCollectionText, recordsText, sectionsText } from './serialize.ts';
import { hillTest } from './terrain.ts';
import { buildTownship } from './township.ts';
import { buildWorkers } from './workers.ts';
import { isMain } from '../../scripts/isMain.ts';

export const DEFAULT_SEED = 20231;
export const DEFAULT_OUT_DIR = fileURLToPath(new URL('../huzhen/', import.meta.url));
export const GENERATOR = 'gis-data/scripts/generate.ts v3'; // v2: departments and the event catalogue; v3: elevation and households
export const ATTRIBUTION = [
  '县界：DataV.GeoAtlas（数据来源：高德地图）',
  '村（社区）名称与代码：国家统计局 2023年统计用区划代码',
  '镇、村（社区）、网格边界及各类点位均为程序生成的示意数据（示意），非真实边界与位置',
] as const;

export type GisFileName = (typeof GIS_FILES)[keyof typeof GIS_FILES];
/** Every file is text but the heightmap's heights. */
export type GisFiles = { [N in GisFileName]: N extends typeof GIS_FILES.elevationHeights ? Uint8Array : string };

const HOUSEHOLDS_NOTE = '户（示意）：程序生成的虚构住户点位与人数，各网格合计等于 grids.geojson 的户数与人口。 Fictitious households: per grid, they add up to the grid\'s households and population.';

/** File name → file contents, for one seed. Reads only the reference (gis-data/reference/ unless given); writes nothing. */
export function generateGisData(seed: number = DEFAULT_SEED, reference: Reference = readReference()): GisFiles {
  const rng = createRandom(seed);
  const { county, township: town } = reference;
  const townshipProps = { code: town.code, name: town.name, countyCode: county.code, countyName: county.name };

  const countyOutline = roundPolygon(county.outline);
  const township = assertSimple(roundPolygon(buildTownship(rng.fork('township'), county.outline)), town.name);
  const villages = buildVillages(rng.fork('villages'), township, reference.villages);
  const grids = buildGrids(rng.fork('grids'), villages);
  for (const shape of [...villages, ...grids]) assertSimple(shape.polygon, shape.name);
  const river = buildRiver(rng.fork('river'), township);
  const locator = new Locator(township, villages, grids);
  const inHills = hillTest(township, river);
  const seat = DIVISION_DEFAULTS.seat;

  const places = buildPlaces({ rng: rng.fork('places'), townshipName: town.name, seat, villages, grids, locator, river, inHills });
  const devices = buildDevices({ rng: rng.fork('devices'), villages, places, locator, inHills });
  const forces = buildForces({ rng: rng.fork('forces'), townshipName: town.name, seat, villages, places, locator });
  const workers = buildWorkers(rng.fork('workers'), villages, grids);
  const elevation = buildElevation({ rng: rng.fork('elevation'), seed, township, river, places, devices });
  const drawnKeyPeople = buildKeyPeople({ rng: rng.fork('key-people'), townshipName: town.name, villages, grids, locator });
  const { households, keyPeople } = buildHouseholds({ rng: rng.fork('households'), villages, grids, locator, elevation, keyPeople: drawnKeyPeople });
  const householdRows = households.map((h): HouseholdRow => [h.code, h.gridCode, h.lon, h.lat, h.residents]);
  const departments = buildDepartments({ rng: rng.fork('departments'), townshipName: town.name, seat, villages, places, forces, locator });
  const catalogue: CatalogueFile = { departments, items: buildCatalogue(departments, forces) };

  const manifest: GisManifest = {
    seed,
    generator: GENERATOR,
    township: townshipProps,
    counts: {
      villages: villages.length,
      grids: grids.length,
      places: places.length,
      devices: devices.length,
      forces: forces.length,
      departments: catalogue.departments.length,
      items: catalogue.items.length,
      workers: workers.length,
      keyPeople: keyPeople.length,
      residents: grids.reduce((s, g) => s + g.population, 0),
      households: grids.reduce((s, g) => s + g.households, 0),
    },
    attribution: [...ATTRIBUTION],
    schematic: true,
  };
  const point = (p: [number, number]) => ({ type: 'Point' as const, coordinates: p });

  return {
    [GIS_FILES.manifest]: documentText(manifest),
    [GIS_FILES.county]: featureCollectionText([{ properties: { name: county.name, adcode: county.adcode }, geometry: countyOutline }]),
    [GIS_FILES.township]: featureCollectionText([{ properties: { ...townshipProps, schematic: true }, geometry: township }]),
    [GIS_FILES.villages]: featureCollectionText(
      villages.map((v) => ({ properties: { code: v.code, name: v.name, fullName: v.fullName, kind: v.kind, townshipCode: town.code, schematic: true }, geometry: v.polygon })),
    ),
    [GIS_FILES.grids]: featureCollectionText(
      grids.map((g) => ({ properties: { code: g.code, name: g.name, villageCode: g.villageCode, population: g.population, households: g.households, schematic: true }, geometry: g.polygon })),
    ),
    [GIS_FILES.river]: featureCollectionText([{ properties: { name: '衢江', schematic: true }, geometry: river }]),
    [GIS_FILES.places]: featureCollectionText(places.map(({ point: p, ...properties }) => ({ properties, geometry: point(p) }))),
    [GIS_FILES.devices]: featureCollectionText(devices.map(({ point: p, ...properties }) => ({ properties, geometry: point(p) }))),
    [GIS_FILES.forces]: featureCollectionText(forces.map(({ point: p, ...properties }) => ({ properties, geometry: point(p) }))),
    [GIS_FILES.workers]: recordsText(workers),
    [GIS_FILES.keyPeople]: recordsText(keyPeople),
    [GIS_FILES.catalogue]: sectionsText({ departments: catalogue.departments, items: catalogue.items }),
    [GIS_FILES.elevation]: documentText(elevation.header),
    [GIS_FILES.elevationHeights]: encodeHeights(elevation.heightmap.heights),
    [GIS_FILES.households]: sectionsText({ households: householdRows }, { schematic: true, note: HOUSEHOLDS_NOTE, fields: HOUSEHOLD_FIELDS }),
  };
}

export function writeGisData(outDir: string, files: Readonly<Record<string, string | Uint8Array>>): void {
  mkdirSync(outDir, { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(join(outDir, name), text);
}

function assertSimple(polygon: Polygon, label: string): Polygon {
  const kinks = turf.kinks(polygon).features.length;
  if (kinks > 0) throw new Error(`The shape of ${label} crosses itself (${kinks} kinks): try another seed or fix the generator.`);
  return polygon;
}

function parseArgs(argv: readonly string[]): { seed: number; outDir: string } {
  let seed = DEFAULT_SEED;
  let outDir = DEFAULT_OUT_DIR;
  for (let i = 0; i < argv.length; i++) {
    const [flag, value] = [argv[i], argv[i + 1]];
    if (flag === '--seed' && value !== undefined && /^\d+$/.test(value)) seed = Number(value);
    else if (flag === '--out' && value !== undefined) outDir = resolve(value);
    else throw new Error(`Unknown or incomplete argument "${flag}". Usage: generate.ts [--seed N] [--out DIR]`);
    i++;
  }
  return { seed, outDir };
}

if (isMain(import.meta.url)) {
  const started = performance.now();
  const { seed, outDir } = parseArgs(process.argv.slice(2));
  const files = generateGisData(seed);
  writeGisData(outDir, files);
  const manifest = JSON.parse(files[GIS_FILES.manifest]) as GisManifest;
  console.log(`Wrote ${Object.keys(files).length} files to ${outDir} (seed ${seed}) in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  console.log(JSON.stringify(manifest.counts));
}
