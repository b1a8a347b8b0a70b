// IoT devices (物联感知): which sensors stand where, and the ranges the simulator draws readings from.
import type { DeviceType, PlaceKind } from '../../contract/domain.ts';
import type { Grid, Village } from './divisions.ts';
import { localFrame, roundPosition } from './geo.ts';
import type { Locator } from './locate.ts';
import { code, stem } from './names.ts';
import type { Place } from './places.ts';
import type { Random } from './random.ts';
import type { HillTest } from './terrain.ts';

export interface Device {
  code: string;
  name: string;
  type: DeviceType;
  gridCode: string;
  placeCode?: string;
  unit: string;
  normalMin: number;
  normalMax: number;
  warnAbove: number;
  criticalAbove: number;
  point: [number, number];
}

interface Range {
  unit: string;
  normalMin: number;
  normalMax: number;
  warnAbove: number;
  criticalAbove: number;
}

const NEVER = 1e9; // a threshold no reading reaches
/** On/off sensors report 1 when triggered. */
const ON_OFF_CRITICAL: Range = { unit: '', normalMin: 0, normalMax: 0, warnAbove: 0.5, criticalAbove: 0.5 };
const ON_OFF_WARNING: Range = { unit: '', normalMin: 0, normalMax: 0, warnAbove: 0.5, criticalAbove: 1.5 };

export const DEVICE_RANGES = {
  riverLevel: { unit: 'm', normalMin: 2, normalMax: 4, warnAbove: 5.5, criticalAbove: 6.5 }, // 衢江 gauge reading
  reservoirLevel: { unit: 'm', normalMin: 3, normalMax: 6, warnAbove: 7.5, criticalAbove: 8.5 }, // above the spillway crest = danger
  smoke: ON_OFF_CRITICAL, // 1 = smoke detected
  gas: { unit: '%LEL', normalMin: 0, normalMax: 5, warnAbove: 20, criticalAbove: 50 }, // usual low/high alarm points
  manhole: ON_OFF_WARNING, // 1 = cover tilted or open
  elevator: ON_OFF_WARNING, // 1 = fault
  airQuality: { unit: 'AQI', normalMin: 20, normalMax: 90, warnAbove: 150, criticalAbove: 200 }, // 轻度 / 中度污染 and worse
  geoHazard: { unit: 'mm', normalMin: 0, normalMax: 5, warnAbove: 20, criticalAbove: 50 }, // cumulative displacement
  camera: { unit: '', normalMin: 1, normalMax: 1, warnAbove: NEVER, criticalAbove: NEVER }, // 1 online, 0 offline: never an alarm
} satisfies Record<string, Range>;

const CODE_PREFIX: Record<DeviceType, string> = {
  water_level: 'DEV-WL-',
  smoke: 'DEV-SM-',
  gas: 'DEV-GS-',
  manhole: 'DEV-MH-',
  elevator: 'DEV-EL-',
  air_quality: 'DEV-AQ-',
  geo_hazard: 'DEV-GH-',
  camera: 'DEV-CM-',
};

/** How many of a device type a place of a kind gets: [min, max]. */
const SMOKE_PER_PLACE: Partial<Record<PlaceKind, readonly [number, number]>> = { school: [3, 4], elderly_care: [2, 3], market: [2, 2] };
const GAS_PER_PLACE: Partial<Record<PlaceKind, readonly [number, number]>> = { chemical_plant: [3, 5], gas_station: [2, 2], market: [1, 1] };
const CAMERAS_PER_PLACE: Partial<Record<PlaceKind, readonly [number, number]>> = {
  village_committee: [1, 1],
  school: [2, 2],
  kindergarten: [1, 1],
  elderly_care: [1, 1],
  shelter: [1, 1],
  reservoir: [1, 1],
  river_gauge: [1, 1],
  chemical_plant: [2, 2],
  market: [2, 2],
  gas_station: [1, 1],
};
const MANHOLE_ROADS_PER_COMMUNITY = 2;
const MANHOLE_SPACING_KM = 0.12;
const ELEVATORS_PER_COMMUNITY: readonly [number, number] = [6, 10];
const BUILDINGS_PER_COMMUNITY = 30; // residential buildings (幢) numbered 1…30
const AIR_QUALITY_VILLAGES = 10; // plus one per community and one at each chemical plant
const GEO_HAZARD_SITES = 10;
const SENSORS_PER_GEO_HAZARD_SITE: readonly [number, number] = [2, 3];
const PLACE_SPREAD_KM = 0.03; // a sensor stands within a few tens of metres of its place
const SITE_SPREAD_KM = 0.08;
const SCHEMATIC_SUFFIX = /（示意）$/;

export interface DeviceContext {
  rng: Random;
  villages: readonly Village[];
  places: readonly Place[];
  locator: Locator;
  inHills: HillTest;
}

export function buildDevices(ctx: DeviceContext): Device[] {
  const { rng, locator, places } = ctx;
  const devices: Device[] = [];
  const counters = new Map<DeviceType, number>();
  const add = (type: DeviceType, name: string, range: Range, at: { point: [number, number]; grid: Grid }, place?: Place): void => {
    const n = (counters.get(type) ?? 0) + 1;
    counters.set(type, n);
    // Key order as in the files: code, name, type, gridCode, placeCode?, unit, normalMin, normalMax, warnAbove, criticalAbove.
    devices.push({ code: code(CODE_PREFIX[type], n, 3), name, type, gridCode: at.grid.code, ...(place ? { placeCode: place.code } : {}), ...range, point: at.point });
  };
  /** A point next to the place and in the same grid. */
  const nearPlace = (place: Place, from: Random = rng) => locator.sampleNear(from, place.point, PLACE_SPREAD_KM, (g) => g.code === place.gridCode);
  const label = (place: Place) => place.name.replace(SCHEMATIC_SUFFIX, '');
  const times = ([min, max]: readonly [number, number]) => rng.int(min, max);

  for (const place of places) {
    if (place.kind === 'river_gauge') add('water_level', `${label(place)}水位计`, DEVICE_RANGES.riverLevel, nearPlace(place), place);
    if (place.kind === 'reservoir') add('water_level', `${label(place)}水位计`, DEVICE_RANGES.reservoirLevel, nearPlace(place), place);
  }
  for (const place of places) {
    const count = SMOKE_PER_PLACE[place.kind];
    if (count) for (let i = 1, n = times(count); i <= n; i++) add('smoke', `${label(place)}烟感${i}号`, DEVICE_RANGES.smoke, nearPlace(place), place);
  }
  for (const place of places) {
    const count = GAS_PER_PLACE[place.kind];
    if (count) for (let i = 1, n = times(count); i <= n; i++) add('gas', `${label(place)}可燃气体探测器${i}号`, DEVICE_RANGES.gas, nearPlace(place), place);
  }

  const communities = ctx.villages.filter((v) => v.kind === '社区');
  for (const c of communities) {
    let i = 0;
    for (const point of roadPoints(rng, c)) {
      const grid = locator.locate(point);
      if (grid?.villageCode === c.code) add('manhole', `${c.name}井盖${String(++i).padStart(2, '0')}`, DEVICE_RANGES.manhole, { point, grid });
    }
  }
  for (const c of communities) {
    const buildings = rng
      .shuffle(Array.from({ length: BUILDINGS_PER_COMMUNITY }, (_, b) => b + 1))
      .slice(0, times(ELEVATORS_PER_COMMUNITY))
      .sort((a, b) => a - b);
    for (const b of buildings) {
      add('elevator', `${c.name}${b}幢电梯`, DEVICE_RANGES.elevator, locator.sampleNear(rng, c.site, 0.3, (g) => g.villageCode === c.code));
    }
  }

  const committees = places.filter((p) => p.kind === 'village_committee');
  const airVillages = new Set([...communities.map((c) => c.code), ...rng.shuffle(ctx.villages.filter((v) => v.kind === '村')).slice(0, AIR_QUALITY_VILLAGES).map((v) => v.code)]);
  for (const committee of committees) {
    const v = ctx.villages.find((x) => x.code === committee.villageCode);
    if (v && airVillages.has(v.code)) add('air_quality', `${v.name}空气质量监测站`, DEVICE_RANGES.airQuality, nearPlace(committee), committee);
  }
  for (const plant of places.filter((p) => p.kind === 'chemical_plant')) add('air_quality', `${label(plant)}厂界空气监测`, DEVICE_RANGES.airQuality, nearPlace(plant), plant);

  const hillVillages = rng.shuffle(ctx.villages.filter((v) => ctx.inHills(v.site)));
  for (let s = 0; s < GEO_HAZARD_SITES; s++) {
    const v = hillVillages[s % hillVillages.length];
    if (!v) throw new Error('No village lies in the hills: no place for geological-hazard sensors; enlarge TERRAIN.hillsShare.');
    const site = locator.sampleNear(rng, v.site, 0.8, (g, p) => g.villageCode === v.code && ctx.inHills(p));
    for (let i = 1, n = times(SENSORS_PER_GEO_HAZARD_SITE); i <= n; i++) {
      const at = locator.sampleNear(rng, site.point, SITE_SPREAD_KM, (g, p) => g.code === site.grid.code && ctx.inHills(p));
      add('geo_hazard', `${stem(v.name)}地质灾害隐患点${s + 1}号位移计${i}`, DEVICE_RANGES.geoHazard, at);
    }
  }

  for (const place of places) {
    const count = CAMERAS_PER_PLACE[place.kind];
    if (count) for (let i = 1, n = times(count); i <= n; i++) add('camera', `${label(place)}视频监控${i}号`, DEVICE_RANGES.camera, nearPlace(place), place);
  }

  // Place kinds added later get their devices last, from their own generator, so the devices above keep their codes and positions.
  const later = rng.fork('later-place-kinds');
  for (const place of places) {
    if (place.kind === 'pumping_station') add('water_level', `${label(place)}外河水位计`, DEVICE_RANGES.riverLevel, nearPlace(place, later), place);
  }
  for (const place of places) {
    if (place.kind === 'cultural_hall') add('smoke', `${label(place)}烟感1号`, DEVICE_RANGES.smoke, nearPlace(place, later), place);
  }
  return devices;
}

/** Points every MANHOLE_SPACING_KM along a few straight schematic roads through the community centre. */
function roadPoints(rng: Random, community: Village): [number, number][] {
  const frame = localFrame(community.site);
  const points: [number, number][] = [];
  const first = rng.float(0, Math.PI);
  for (let r = 0; r < MANHOLE_ROADS_PER_COMMUNITY; r++) {
    const angle = first + (r * Math.PI) / MANHOLE_ROADS_PER_COMMUNITY;
    for (let d = -1.5; d <= 1.5; d += MANHOLE_SPACING_KM) {
      if (r > 0 && Math.abs(d) < MANHOLE_SPACING_KM / 2) continue; // the crossing already has one
      points.push(roundPosition(frame.toLonLat([d * Math.cos(angle), d * Math.sin(angle)])));
    }
  }
  return points;
}

