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
  type ForceFileProps,
  type GisManifest,
  type GridProps,
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
}

/** Parses every file named in GIS_FILES. Throws, naming the file, when one is missing or not JSON. */
export function readGisData(dir: string = DEFAULT_GIS_DIR): GisData {
  const read = <T>(name: string): T => {
    const path = join(dir, name);
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (cause) {
      throw new Error(`GIS file ${path} is missing: run "npm run gis" or point readGisData() at a complete directory.`, { cause });
    }
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
  };
}
