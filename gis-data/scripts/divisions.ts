// Villages tiling the township, grids tiling each village, and the residents of each grid.
import type { Polygon } from 'geojson';
import { areaKm2, containsPoint, localFrame, roundPolygon, roundPosition } from './geo.ts';
import { partitionPolygon } from './partition.ts';
import type { Random } from './random.ts';
import { spreadPoints } from './sample.ts';

/** A village or community as listed by the statistics bureau (国家统计局 2023年统计用区划代码). */
export interface VillageRef {
  code: string; // 12 digits
  name: string; // full name, e.g. 新光村村民委员会
  kind: '村' | '社区';
  shortName: string; // e.g. 新光村
}

export interface Village {
  code: string;
  name: string; // short name
  fullName: string;
  kind: '村' | '社区';
  site: [number, number]; // the point its shape grew from: the village centre
  polygon: Polygon;
}

export interface Grid {
  code: string; // village code + 2 digits
  name: string;
  villageCode: string;
  site: [number, number];
  polygon: Polygon;
  population: number;
  households: number;
}

export interface DivisionOptions {
  seat: readonly [number, number]; // the township seat (镇区), where the communities are
  communityRingKm: number; // communities sit this far around the seat, so their shapes are small
  seatVillages: number; // villages placed in a ring around the communities, to keep those small
  seatVillageRingKm: number;
  gridsPerVillage: readonly [number, number];
  gridsPerCommunity: readonly [number, number];
  gridsPerKm2: number; // larger villages get more grids
  residents: readonly [number, number]; // township total (湖镇镇: about 60–70 thousand)
  communityDensity: number; // a community has this many times the residents of a village of its size
  personsPerHousehold: readonly [number, number];
}

export const DIVISION_DEFAULTS: DivisionOptions = {
  seat: [119.097, 29.062],
  communityRingKm: 0.55,
  seatVillages: 5,
  seatVillageRingKm: 1.6,
  gridsPerVillage: [3, 6],
  gridsPerCommunity: [4, 6],
  gridsPerKm2: 0.6,
  residents: [62000, 68000],
  communityDensity: 6,
  personsPerHousehold: [2.6, 3.0],
};

/** The villages, in the order of `refs`, tiling the township. */
export function buildVillages(rng: Random, township: Polygon, refs: readonly VillageRef[], options: DivisionOptions = DIVISION_DEFAULTS): Village[] {
  if (!containsPoint(township, options.seat)) throw new Error(`The township seat ${options.seat.join(',')} is outside the township: move it inside.`);
  const communities = refs.filter((r) => r.kind === '社区');
  const villages = rng.shuffle(refs.filter((r) => r.kind === '村'));

  const frame = localFrame(options.seat);
  const start = rng.float(0, 2 * Math.PI);
  const ring = (count: number, radiusKm: number, offset: number): [number, number][] =>
    Array.from({ length: count }, (_, i) => {
      const angle = start + offset + (2 * Math.PI * i) / count;
      const site = roundPosition(frame.toLonLat([radiusKm * Math.cos(angle), radiusKm * Math.sin(angle)]));
      if (!containsPoint(township, site)) throw new Error(`A site ${radiusKm} km from the seat falls outside the township: move the seat or shrink the rings.`);
      return site;
    });
  const communitySites = ring(communities.length, options.communityRingKm, 0);
  const seatSites = ring(Math.min(options.seatVillages, villages.length), options.seatVillageRingKm, Math.PI / options.seatVillages);
  const fixed = [...communitySites, ...seatSites];
  const villageSites = [...seatSites, ...spreadPoints(rng, township, villages.length - seatSites.length, { fixed })];

  const ordered = [...communities, ...villages];
  const sites = [...communitySites, ...villageSites] as [number, number][];
  const polygons = partitionPolygon(township, sites);
  const byCode = new Map(
    ordered.map((ref, i) => [
      ref.code,
      {
        code: ref.code,
        name: ref.shortName,
        fullName: ref.name,
        kind: ref.kind,
        site: sites[i] as [number, number],
        polygon: roundPolygon(polygons[i] as Polygon),
      },
    ]),
  );
  return refs.map((ref) => byCode.get(ref.code) as Village);
}

/** The grids of every village, each village split by the Voronoi cells of spread points; with residents. */
export function buildGrids(rng: Random, villages: readonly Village[], options: DivisionOptions = DIVISION_DEFAULTS): Grid[] {
  const shapes = villages.map((village) => {
    const [min, max] = village.kind === '社区' ? options.gridsPerCommunity : options.gridsPerVillage;
    const wanted = Math.round(min + areaKm2(village.polygon) * options.gridsPerKm2 + rng.float(-0.5, 0.5));
    const count = Math.min(max, Math.max(min, wanted));
    const sites = spreadPoints(rng, village.polygon, count);
    return { village, sites, polygons: partitionPolygon(village.polygon, sites).map(roundPolygon) };
  });

  const villageWeights = villages.map((v) => Math.sqrt(areaKm2(v.polygon)) * Math.exp(rng.normal(0, 0.25)) * (v.kind === '社区' ? options.communityDensity : 1));
  const villagePopulation = apportion(rng.int(options.residents[0], options.residents[1]), villageWeights);

  return shapes.flatMap(({ village, sites, polygons }, v) => {
    const population = apportion(villagePopulation[v] ?? 0, polygons.map(() => rng.float(0.7, 1.3)));
    return polygons.map((polygon, g) => {
      const people = population[g] ?? 0;
      return {
        code: `${village.code}${String(g + 1).padStart(2, '0')}`,
        name: `${village.name}第${g + 1}网格`,
        villageCode: village.code,
        site: sites[g] as [number, number],
        polygon,
        population: people,
        households: Math.round(people / rng.float(options.personsPerHousehold[0], options.personsPerHousehold[1])),
      };
    });
  });
}

/** Splits a whole number in proportion to weights (largest remainder), so the parts add up exactly. */
export function apportion(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((s, w) => s + w, 0);
  if (!(sum > 0)) throw new Error('apportion() needs at least one positive weight.');
  const exact = weights.map((w) => (total * w) / sum);
  const out = exact.map(Math.floor);
  const order = exact.map((x, i) => ({ i, rest: x - Math.floor(x) })).sort((a, b) => b.rest - a.rest || a.i - b.i);
  let left = total - out.reduce((s, n) => s + n, 0);
  for (const { i } of order) {
    if (left-- <= 0) break;
    out[i] = (out[i] ?? 0) + 1;
  }
  return out;
}
