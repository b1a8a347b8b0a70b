// The real facts the generator builds on, copied into gis-data/reference/ so the repo is self-contained.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import type { VillageRef } from './divisions.ts';

export const REFERENCE_DIR = fileURLToPath(new URL('../reference/', import.meta.url));
export const REFERENCE_FILES = {
  countyOutline: 'longyou-330825-county-outline.wgs84.geojson', // DataV.GeoAtlas, GCJ-02 → WGS84
  divisions: 'huzhen-330825101-divisions-2023.json', // 国家统计局 2023年统计用区划代码
};

export interface Reference {
  /** adcode as in the source file (a number there); code is the statistics code as a string. */
  county: { code: string; name: string; adcode: number | string; outline: Polygon };
  township: { code: string; name: string };
  villages: VillageRef[];
}

interface DivisionsFile {
  county: { code: string; name: string };
  township: { code: string; name: string };
  villages: VillageRef[];
}

export function readReference(dir: string = REFERENCE_DIR): Reference {
  const outline = JSON.parse(readFileSync(`${dir}/${REFERENCE_FILES.countyOutline}`, 'utf8')) as { features: Feature<Polygon | MultiPolygon>[] };
  const feature = outline.features[0];
  const geometry = feature?.geometry;
  if (!geometry) throw new Error(`${REFERENCE_FILES.countyOutline} has no feature: restore it from shared/gis-reference/.`);
  if (geometry.type === 'MultiPolygon' && geometry.coordinates.length !== 1) throw new Error(`${REFERENCE_FILES.countyOutline} has ${geometry.coordinates.length} parts; the generator expects one.`);
  const rings = geometry.type === 'Polygon' ? geometry.coordinates : (geometry.coordinates[0] ?? []);

  const divisions = JSON.parse(readFileSync(`${dir}/${REFERENCE_FILES.divisions}`, 'utf8')) as DivisionsFile;
  for (const v of divisions.villages) {
    if (!v.code.startsWith(divisions.township.code) || v.code.length !== 12) throw new Error(`Village code ${v.code} is not a 12-digit code under township ${divisions.township.code}.`);
  }
  return {
    county: { code: divisions.county.code, name: divisions.county.name, adcode: (feature?.properties?.adcode as number | string | undefined) ?? divisions.county.code, outline: { type: 'Polygon', coordinates: rings } },
    township: { code: divisions.township.code, name: divisions.township.name },
    villages: divisions.villages,
  };
}
