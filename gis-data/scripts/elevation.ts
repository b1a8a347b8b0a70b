// A schematic (示意) elevation model of the township, in line with terrain.ts: the Qu river (衢江) plain in
// the north, hills in the south. The river flows west → east here (the generated line runs in the
// direction of flow, from 衢州 towards 兰溪), so the plain and the river fall gently eastwards; the
// channel is carved a few metres below its banks; the floodplain beside it has no embankment and
// rises in low steps (a floodplain, a terrace scarp, an upper plain), so a rising river spreads
// progressively; south of the plain the hills rise to a few hundred metres. Every river water-level
// gauge gets the elevation of its zero (its datum), chosen so that the devices' warning stage is the
// level at which the lowest bank near the gauge starts to overtop.
import type { LineString, Polygon } from 'geojson';
import { ELEVATION_ENCODING, type ElevationHeader, type GaugeDatum } from '../../contract/gis.ts';
import { Heightmap } from '../../contract/heightmap.ts';
import type { Device } from './devices.ts';
import * as turf from '@turf/turf';
import { type Coord, KM_PER_DEG_LAT, localFrame } from './geo.ts';
import { fbm, ridged, smoothstep, gradientNoise } from './noise.ts';
import type { Place } from './places.ts';
import type { Random } from './random.ts';
import { TERRAIN } from './terrain.ts';

export const ELEVATION_DEFAULTS = {
  cellDegrees: [0.0004, 0.00035] as const, // about 39 m × 39 m at 29° N
  marginDeg: 0.01, // around the township's bbox (about 1 km)
  bankWestM: 40, // bank top where the river enters the grid in the west
  slopeMPerKm: 0.06, // the river and its plain fall this much per km eastwards (downstream)
  channelHalfWidthKm: 0.12,
  channelDepthM: 6, // thalweg below the bank top
  // The land beside the channel, as [distance from the channel edge (km), height above the bank (m)]:
  // a low floodplain, a first terrace scarp, a middle plain, a second scarp, the upper plain.
  profile: [[0, 0], [0.3, 1], [0.4, 1.8], [0.9, 2.6], [1.05, 3.8]] as const,
  upperPlainRiseMPerKm: 2.5, // beyond the last profile point, up to the hills' foot
  plainSwellM: 3, // amplitude of the plain's broad swells and hollows (fBm) …
  plainSwellKm: 2.5, // … and their wavelength
  swellFadeKm: 0.8, // the swells grow from nothing at the channel edge over this distance
  floodplainWidth: [0.5, 1.7] as const, // the profile is stretched along the river by this factor: wide reaches and narrow ones …
  floodplainWidthKm: 6, // … that alternate over about this distance
  plainNoiseM: 0.5, // finer undulation
  plainNoiseKm: 0.7,
  hillReliefM: [90, 520] as const, // hills rise this much above the plain: crests ~150–500 m above sea level
  hillNoiseKm: 2.2,
  hillRampKm: 1.6, // the foothills grow over this distance beyond hillsMinRiverKm − hillLeadKm
  hillLeadKm: 0.6,
  hillLatBlendDeg: 0.006, // the hills fade in across the northern edge of terrain.ts's hill band
  hillDeepKm: 3, // relief keeps growing this far into the hills
  bankSearchKm: 0.6, // a gauge's datum comes from the lowest bank within this distance
  bankBandKm: 0.08, // "bank": land cells within this distance of the channel edge
};

export type ElevationOptions = typeof ELEVATION_DEFAULTS;

export interface ElevationContext {
  rng: Random;
  /** The generator's seed, recorded in the header (the heights draw from `rng`, a fork of it). */
  seed: number;
  township: Polygon;
  river: LineString;
  places: readonly Place[];
  devices: readonly Device[];
}

export interface Elevation {
  header: ElevationHeader;
  heightmap: Heightmap;
  /** Distance from a point to the river line, in km (the channel is channelHalfWidthKm each side of it). */
  riverKm(p: Coord): number;
}

const NOTE = '示意高程：程序生成的示意地形（北部衢江平原、南部丘陵），非实测数据，仅用于演示淹没分析；可替换为实测 DEM。' +
  ' Schematic heights, not survey data: a bathtub flood on them shows the idea, not a forecast.';
const RIVER_NAME = '衢江';

export function buildElevation(ctx: ElevationContext, options: ElevationOptions = ELEVATION_DEFAULTS): Elevation {
  const extent = gridExtent(ctx.township, options);
  const { west, north, cols, rows } = extent;
  const [cellLon, cellLat] = options.cellDegrees;
  const centreLat = (extent.south + extent.north) / 2;
  const frame = localFrame([(extent.west + extent.east) / 2, centreLat]);
  const riverXY = ctx.river.coordinates.map((p) => frame.toKm(p));
  const riverKm = (p: Coord) => distanceToPolylineKm(frame.toKm(p), riverXY);
  const first = ctx.river.coordinates[0];
  const last = ctx.river.coordinates[ctx.river.coordinates.length - 1];
  if (!first || !last || !((last[0] ?? 0) > (first[0] ?? 0))) throw new Error('The river line must run west → east, in the direction of flow: fix river.ts or the downstream sign here.');

  const relief = reliefModel(ctx, options, frame.toKm([west, 0])[0]);
  const heights = new Float64Array(cols * rows);
  for (let row = 0; row < rows; row++) {
    const lat = north - (row + 0.5) * cellLat;
    for (let col = 0; col < cols; col++) {
      const lon = west + (col + 0.5) * cellLon;
      const [x, y] = frame.toKm([lon, lat]);
      // Decimetres, as elevation.bin stores them: the heightmap holds what the file will.
      heights[row * cols + col] = Math.round(relief(x, y, lat, distanceToPolylineKm([x, y], riverXY)) * 10) / 10;
    }
  }

  let [minM, maxM] = [Infinity, -Infinity];
  for (const h of heights) [minM, maxM] = [Math.min(minM, h), Math.max(maxM, h)];
  const header: ElevationHeader = {
    west: extent.west,
    south: extent.south,
    east: extent.east,
    north: extent.north,
    cols,
    rows,
    cellDegrees: [cellLon, cellLat],
    cellSizeM: [Math.round(cellLon * KM_PER_DEG_LAT * 1000 * Math.cos((centreLat * Math.PI) / 180)), Math.round(cellLat * KM_PER_DEG_LAT * 1000)],
    unit: 'm',
    encoding: ELEVATION_ENCODING,
    layout: 'row-major from the north-west cell, one height per cell at its centre',
    datum: 'EGM96/示意',
    schematic: true,
    seed: ctx.seed,
    minM,
    maxM,
    river: { name: RIVER_NAME, downstream: 'east', slopeMPerKm: options.slopeMPerKm, channelDepthM: options.channelDepthM },
    gauges: [],
    note: NOTE,
  };
  const heightmap = new Heightmap(header, heights);
  header.gauges = gaugeDatums(heightmap, riverKm, ctx, options);
  return { header, heightmap, riverKm };
}

/**
 * The height (m) at local km (x, y) and latitude `lat`, `d` km from the river. `westX` is the grid's
 * western edge in the same frame, where the bank stands at bankWestM.
 */
function reliefModel(ctx: ElevationContext, o: ElevationOptions, westX: number) {
  const rng = ctx.rng;
  const plainSwell = fbm(gradientNoise(rng.int(0, 2 ** 31)), { octaves: 2, lacunarity: 2.1, gain: 0.5 });
  const plainNoise = fbm(gradientNoise(rng.int(0, 2 ** 31)), { octaves: 3, lacunarity: 2.1, gain: 0.45 });
  const hillNoise = ridged(gradientNoise(rng.int(0, 2 ** 31)), { octaves: 5, lacunarity: 2.03, gain: 0.5 });
  const widthNoise = gradientNoise(rng.int(0, 2 ** 31));
  const massNoise = fbm(gradientNoise(rng.int(0, 2 ** 31)), { octaves: 2, lacunarity: 2, gain: 0.5 });
  const [, minLat, , maxLat] = turf.bbox(ctx.township);
  const hillEdgeLat = minLat + TERRAIN.hillsShare * (maxLat - minLat); // terrain.ts's northern edge of the hills
  const hillStartKm = TERRAIN.hillsMinRiverKm - o.hillLeadKm;

  return (x: number, y: number, lat: number, d: number): number => {
    const bank = o.bankWestM - o.slopeMPerKm * (x - westX);
    // The swells fade out towards the channel: the banks follow the river's gentle fall, so the gauges'
    // warning stages mean much the same along it, while the plain behind them has its hollows.
    const swell = o.plainSwellM * plainSwell(x / o.plainSwellKm, y / o.plainSwellKm) * smoothstep(o.channelHalfWidthKm, o.channelHalfWidthKm + o.swellFadeKm, d);
    const undulation = swell + o.plainNoiseM * plainNoise(x / o.plainNoiseKm, y / o.plainNoiseKm);
    if (d < o.channelHalfWidthKm) {
      // A parabolic channel: its margins are shallow, its thalweg channelDepthM below the bank top.
      const depth = o.channelDepthM * (1 - (d / o.channelHalfWidthKm) ** 2);
      return bank - depth + undulation * 0.25;
    }
    const [narrow, wide] = o.floodplainWidth;
    const width = narrow + (wide - narrow) * (0.5 + 0.5 * widthNoise(x / o.floodplainWidthKm, 0.5));
    const plain = bank + profileHeight(o, (d - o.channelHalfWidthKm) / width) + undulation;
    // The hills: south of terrain.ts's hill edge and far enough from the river, blended in smoothly.
    const hilliness = smoothstep(hillStartKm, hillStartKm + o.hillRampKm, d) * smoothstep(hillEdgeLat + o.hillLatBlendDeg, hillEdgeLat - o.hillLatBlendDeg, lat);
    if (hilliness === 0) return plain;
    const deep = Math.min(1, (d - hillStartKm) / o.hillDeepKm);
    const crest = hillNoise(x / o.hillNoiseKm, y / o.hillNoiseKm);
    const mass = 0.75 + 0.25 * massNoise(x / 6, y / 6);
    const [low, high] = o.hillReliefM;
    return plain + hilliness * (low + (high - low) * crest * (0.35 + 0.65 * deep) * mass);
  };
}

/** Height above the bank at `away` km from the channel edge: the profile's points joined by straight lines, then a steady rise. */
function profileHeight(o: ElevationOptions, away: number): number {
  const points = o.profile;
  for (let i = 1; i < points.length; i++) {
    const [x0, h0] = points[i - 1]!;
    const [x1, h1] = points[i]!;
    if (away <= x1) return h0 + ((h1 - h0) * (away - x0)) / (x1 - x0);
  }
  const [xLast, hLast] = points[points.length - 1]!;
  return hLast + o.upperPlainRiseMPerKm * (away - xLast);
}

/** The grid's cell edges: the township's bbox plus the margin, snapped outwards to whole cells. */
function gridExtent(township: Polygon, o: ElevationOptions) {
  const [cellLon, cellLat] = o.cellDegrees;
  const [minX, minY, maxX, maxY] = turf.bbox(township);
  const westIndex = Math.floor((minX - o.marginDeg) / cellLon);
  const southIndex = Math.floor((minY - o.marginDeg) / cellLat);
  const cols = Math.ceil((maxX + o.marginDeg) / cellLon) - westIndex;
  const rows = Math.ceil((maxY + o.marginDeg) / cellLat) - southIndex;
  const round = (v: number) => Math.round(v * 1e7) / 1e7;
  return { west: round(westIndex * cellLon), south: round(southIndex * cellLat), east: round((westIndex + cols) * cellLon), north: round((southIndex + rows) * cellLat), cols, rows };
}

/**
 * Datums of the gauges on the river: river gauges and the outer-river gauges of pumping stations. A
 * gauge's zero is its lowest nearby bank minus the warning stage of its devices, so the warning
 * stage is where the water starts to leave the channel there.
 */
function gaugeDatums(map: Heightmap, riverKm: (p: Coord) => number, ctx: ElevationContext, o: ElevationOptions): GaugeDatum[] {
  const gauges: GaugeDatum[] = [];
  for (const place of ctx.places) {
    if (place.kind !== 'river_gauge' && place.kind !== 'pumping_station') continue;
    const devices = ctx.devices.filter((d) => d.type === 'water_level' && d.placeCode === place.code);
    if (devices.length === 0) continue;
    const bankM = lowestBank(map, riverKm, place.point, o);
    const warnAbove = Math.min(...devices.map((d) => d.warnAbove));
    const criticalAbove = Math.min(...devices.map((d) => d.criticalAbove));
    gauges.push({
      placeCode: place.code,
      placeKind: place.kind,
      deviceCodes: devices.map((d) => d.code),
      lon: place.point[0],
      lat: place.point[1],
      datumM: Math.round((bankM - warnAbove) * 100) / 100,
      bankM,
      warnAbove,
      criticalAbove,
    });
  }
  return gauges;
}

function lowestBank(map: Heightmap, riverKm: (p: Coord) => number, at: Coord, o: ElevationOptions): number {
  const frame = localFrame(at);
  const [cellLon, cellLat] = [map.cellLon, map.cellLat];
  const [lon, lat] = [at[0] ?? NaN, at[1] ?? NaN];
  const [east, northward] = frame.toLonLat([o.bankSearchKm, o.bankSearchKm]);
  const [reachLon, reachLat] = [east - lon, northward - lat];
  const { west, north } = map.header;
  const col0 = Math.max(0, Math.floor((lon - reachLon - west) / cellLon));
  const col1 = Math.min(map.cols - 1, Math.ceil((lon + reachLon - west) / cellLon));
  const row0 = Math.max(0, Math.floor((north - lat - reachLat) / cellLat));
  const row1 = Math.min(map.rows - 1, Math.ceil((north - lat + reachLat) / cellLat));
  let lowest = Infinity;
  for (let row = row0; row <= row1; row++) {
    for (let col = col0; col <= col1; col++) {
      const centre = [west + (col + 0.5) * cellLon, north - (row + 0.5) * cellLat];
      const [dx, dy] = frame.toKm(centre);
      if (dx * dx + dy * dy > o.bankSearchKm ** 2) continue;
      const d = riverKm(centre);
      if (d < o.channelHalfWidthKm || d > o.channelHalfWidthKm + o.bankBandKm) continue;
      lowest = Math.min(lowest, map.heights[row * map.cols + col]!);
    }
  }
  if (!Number.isFinite(lowest)) throw new Error(`No bank cell within ${o.bankSearchKm} km of the gauge at ${at.join(',')}: is it on the river?`);
  return lowest;
}

/** Planar distance (km) from a point to a polyline, both in the same local km frame. */
function distanceToPolylineKm([x, y]: readonly [number, number], line: readonly (readonly [number, number])[]): number {
  let best = Infinity;
  for (let i = 1; i < line.length; i++) {
    const [ax, ay] = line[i - 1]!;
    const [bx, by] = line[i]!;
    const dx = bx - ax;
    const dy = by - ay;
    const t = Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)));
    const ex = ax + t * dx - x;
    const ey = ay + t * dy - y;
    best = Math.min(best, ex * ex + ey * ey);
  }
  return Math.sqrt(best);
}
