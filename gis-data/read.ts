// Reads the township GIS files (gis-data/huzhen/ by default) into typed collections.
// The hub's loader uses this; a deployment can point it at a directory of its own imported files.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FeatureCollection, LineString, MultiPolygon, Point, Polygon } from 'geojson';
import {
  GIS_FILES,
  type CatalogueFile,
  type DeviceFileProps,
  type ElevationHeader,
  type ForceFileProps,
  type GisManifest,
  type GridProps,
  type HouseholdRecord,
  type HouseholdsFile,
  type KeyPersonRecord,
  type PlaceFileProps,
  type RiverProps,
  type TownshipProps,
  type VillageProps,
  type WorkerRecord,
} from '../contract/gis.ts';

export const DEFAULT_GIS_DIR = fileURLToPath(new URL('./huzhen/', import.meta.url));

export interface CountyProps {
  name: string;
  adcode: number | string;
}

export interface GisData {
  manifest: GisManifest;
  county: FeatureCollection<Polygon | MultiPolygon, CountyProps>;
  township: FeatureCollection<Polygon | MultiPolygon, TownshipProps>;
  villages: FeatureCollection<Polygon | MultiPolygon, VillageProps>;
  grids: FeatureCollection<Polygon | MultiPolygon, GridProps>;
  river: FeatureCollection<LineString, RiverProps>;
  places: FeatureCollection<Point, PlaceFileProps>;
  devices: FeatureCollection<Point, DeviceFileProps>;
  forces: FeatureCollection<Point, ForceFileProps>;
  workers: WorkerRecord[];
  keyPeople: KeyPersonRecord[];
  catalogue: CatalogueFile;
  /** The schematic heightmap: elevation.json and the bytes of elevation.bin (decode with contract/heightmap.ts). */
  elevation: { header: ElevationHeader; heights: Uint8Array };
  households: HouseholdRecord[];
}

/** Parses every file named in GIS_FILES. Throws, naming the file, when one is missing or not JSON. */
export function readGisData(dir: string = DEFAULT_GIS_DIR): GisData {
  const bytes = (name: string): Buffer => {
    const path = join(dir, name);
    try {
      return readFileSync(path);
    } catch (cause) {
      throw new Error(`GIS file ${path} is missing: run "npm run gis" or point readGisData() at a complete directory.`, { cause });
    }
  };
  const read = <T>(name: string): T => {
    const path = join(dir, name);
    const text = bytes(name).toString('utf8');
    try {
      return JSON.parse(text) as T;
    } catch (cause) {
      throw new Error(`GIS file ${path} is not valid JSON: regenerate it with "npm run gis".`, { cause });
    }
  };
  return {
    manifest: read(GIS_FILES.manifest),
    county: read(GIS_FILES.county),
    township: read(GIS_FILES.township),
    villages: read(GIS_FILES.villages),
    grids: read(GIS_FILES.grids),
    river: read(GIS_FILES.river),
    places: read(GIS_FILES.places),
    devices: read(GIS_FILES.devices),
    forces: read(GIS_FILES.forces),
    workers: read(GIS_FILES.workers),
    keyPeople: read(GIS_FILES.keyPeople),
    catalogue: read(GIS_FILES.catalogue),
    elevation: { header: read(GIS_FILES.elevation), heights: new Uint8Array(bytes(GIS_FILES.elevationHeights)) },
    households: read<HouseholdsFile>(GIS_FILES.households).households.map(([code, gridCode, lon, lat, residents]) => ({ code, gridCode, lon, lat, residents })),
  };
}
