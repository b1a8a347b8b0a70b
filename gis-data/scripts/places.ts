// Key places (重点场所): committees, schools, clinics, shelters, reservoirs, river gauges, plants, markets…
// Names are fictitious but follow local usage, mostly derived from the real village names.
import * as turf from '@turf/turf';
import type { LineString } from 'geojson';
import type { PlaceKind } from '../../contract/domain.ts';
import type { Grid, Village } from './divisions.ts';
import { distanceToLineKm, localFrame, roundPosition } from './geo.ts';
import type { Locator } from './locate.ts';
import { code, stem } from './names.ts';
import type { Random } from './random.ts';
import type { HillTest } from './terrain.ts';

export interface Place {
  code: string;
  name: string;
  kind: PlaceKind;
  villageCode: string;
  gridCode: string;
  capacity?: number;
  point: [number, number];
}

export interface PlaceContext {
  rng: Random;
  townshipName: string; // 湖镇镇
  seat: readonly [number, number];
  villages: readonly Village[];
  grids: readonly Grid[];
  locator: Locator;
  river: LineString;
  inHills: HillTest;
}

export const PLACE_COUNTS = {
  villageSchools: 9, // plus 3 township schools
  villageKindergartens: 9, // plus the central kindergarten
  villageClinics: 30, // plus the township health centre
  villageElderlyCare: 9, // plus the township home for the elderly
  villageShelters: 29, // plus the township's central shelter
  reservoirs: 8,
  riverGauges: 8,
  chemicalPlants: 5,
  villageMarkets: 5, // plus the township market
  gasStations: 5,
};

const CODE_PREFIX: Record<PlaceKind, string> = {
  village_committee: 'PL-VC-',
  school: 'PL-SC-',
  kindergarten: 'PL-KG-',
  clinic: 'PL-CL-',
  elderly_care: 'PL-EC-',
  shelter: 'PL-SH-',
  reservoir: 'PL-RS-',
  river_gauge: 'PL-RG-',
  chemical_plant: 'PL-CP-',
  market: 'PL-MK-',
  gas_station: 'PL-GS-',
};

const SEAT_SPREAD_KM = 0.5; // township institutions stand within about this of the seat
const VILLAGE_CENTRE_SPREAD_KM = 0.2; // village institutions stand near the village centre
const SHELTER_CAPACITY: readonly [number, number] = [100, 3000];
const SHELTER_SHARE_OF_RESIDENTS: readonly [number, number] = [0.3, 0.8]; // of the village's residents
const RIVER_GAUGE_STEP_KM = 0.05; // candidate spacing along the river
const INDUSTRY_OFFSET_KM: readonly [number, number] = [2.5, -1.5]; // the industrial area, east-south-east of the seat
const INDUSTRY_SPREAD_KM = 0.6;
const INDUSTRY_MIN_RIVER_KM = 1;
const COMPANY_WORDS = ['恒丰', '瑞达', '金泰', '华宇', '永盛', '鑫源', '宏达', '博远'] as const;
const COMPANY_TRADES = ['精细化工', '新材料', '化工', '化学', '涂料'] as const;
const SCHEMATIC = '（示意）';

export function buildPlaces(ctx: PlaceContext): Place[] {
  const { rng, villages, townshipName: town } = ctx;
  const places: Place[] = [];
  const counters = new Map<PlaceKind, number>();
  const add = (kind: PlaceKind, name: string, at: { point: [number, number]; grid: Grid }, capacity?: number): Place => {
    const n = (counters.get(kind) ?? 0) + 1;
    counters.set(kind, n);
    const place: Place = { code: code(CODE_PREFIX[kind], n, 3), name, kind, villageCode: at.grid.villageCode, gridCode: at.grid.code, point: at.point };
    if (capacity !== undefined) place.capacity = capacity;
    places.push(place);
    return place;
  };
  const atSeat = () => ctx.locator.sampleNear(rng, ctx.seat, SEAT_SPREAD_KM);
  const inVillage = (v: Village) => ctx.locator.sampleNear(rng, v.site, VILLAGE_CENTRE_SPREAD_KM, (g) => g.villageCode === v.code);
  const population = new Map(villages.map((v) => [v.code, ctx.grids.filter((g) => g.villageCode === v.code).reduce((s, g) => s + g.population, 0)]));
  // The largest villages (not communities) get the schools, markets…; ties broken by a shuffle.
  const bigVillages = rng
    .shuffle(villages.filter((v) => v.kind === '村'))
    .sort((a, b) => (population.get(b.code) ?? 0) - (population.get(a.code) ?? 0));
  const communities = villages.filter((v) => v.kind === '社区');
  const someVillages = (count: number) => rng.shuffle(villages).slice(0, count);

  for (const v of villages) add('village_committee', v.kind === '社区' ? `${v.name}居委会` : `${v.name}村委会`, inVillage(v));

  for (const name of [`${town}中心小学`, `${town}初级中学`, `${town}第二小学`]) add('school', name, atSeat());
  for (const v of bigVillages.slice(0, PLACE_COUNTS.villageSchools)) add('school', `${town}${stem(v.name)}小学`, inVillage(v));

  add('kindergarten', `${town}中心幼儿园`, atSeat());
  for (const v of bigVillages.slice(2, 2 + PLACE_COUNTS.villageKindergartens)) add('kindergarten', `${town}${stem(v.name)}幼儿园`, inVillage(v));

  add('clinic', `${town}卫生院`, atSeat());
  const clinicVillages = [...communities, ...bigVillages.slice(0, PLACE_COUNTS.villageClinics - communities.length)];
  for (const v of clinicVillages) add('clinic', v.kind === '社区' ? `${v.name}卫生服务站` : `${v.name}卫生室`, inVillage(v));

  add('elderly_care', `${town}敬老院`, atSeat());
  for (const v of someVillages(PLACE_COUNTS.villageElderlyCare)) add('elderly_care', `${v.name}居家养老服务照料中心`, inVillage(v));

  add('shelter', `${town}中心避难场所`, atSeat(), SHELTER_CAPACITY[1]);
  for (const v of someVillages(PLACE_COUNTS.villageShelters)) {
    const share = rng.float(SHELTER_SHARE_OF_RESIDENTS[0], SHELTER_SHARE_OF_RESIDENTS[1]);
    const capacity = Math.min(SHELTER_CAPACITY[1], Math.max(SHELTER_CAPACITY[0], Math.round(((population.get(v.code) ?? 0) * share) / 50) * 50));
    add('shelter', `${v.name}避难场所`, inVillage(v), capacity);
  }

  addReservoirs(ctx, add);
  addRiverGauges(ctx, add);

  const industry = localFrame(ctx.seat).toLonLat(INDUSTRY_OFFSET_KM);
  const words = rng.shuffle(COMPANY_WORDS);
  for (let i = 0; i < PLACE_COUNTS.chemicalPlants; i++) {
    const at = ctx.locator.sampleNear(rng, industry, INDUSTRY_SPREAD_KM, (_, p) => distanceToLineKm(p, ctx.river.coordinates) >= INDUSTRY_MIN_RIVER_KM);
    add('chemical_plant', `浙江${words[i % words.length] ?? ''}${rng.pick(COMPANY_TRADES)}有限公司${SCHEMATIC}`, at);
  }

  add('market', `${town}农贸市场`, atSeat());
  for (const v of bigVillages.slice(0, PLACE_COUNTS.villageMarkets)) add('market', `${stem(v.name)}农贸市场`, inVillage(v));

  for (const v of someVillages(PLACE_COUNTS.gasStations)) add('gas_station', `${town.replace(/镇$/, '')}${stem(v.name)}加油站${SCHEMATIC}`, ctx.locator.sampleNear(rng, v.site, 0.6, (g) => g.villageCode === v.code));

  return places;
}

type AddPlace = (kind: PlaceKind, name: string, at: { point: [number, number]; grid: Grid }, capacity?: number) => Place;

/** Reservoirs and hill ponds (山塘) in the hilly south, away from the river, one per village at most. */
function addReservoirs(ctx: PlaceContext, add: AddPlace): void {
  const { rng, locator } = ctx;
  const hillVillages = rng.shuffle(ctx.villages.filter((v) => ctx.inHills(v.site)));
  if (hillVillages.length < PLACE_COUNTS.reservoirs) throw new Error(`Only ${hillVillages.length} villages lie in the hills, ${PLACE_COUNTS.reservoirs} reservoirs wanted: enlarge TERRAIN.hillsShare.`);
  hillVillages.slice(0, PLACE_COUNTS.reservoirs).forEach((v, i) => {
    const at = locator.sampleNear(rng, v.site, 0.5, (g, p) => g.villageCode === v.code && ctx.inHills(p));
    add('reservoir', `${stem(v.name)}${i < PLACE_COUNTS.reservoirs / 2 ? '水库' : '山塘'}`, at);
  });
}

/** Water-level stations on the river line, evenly spread over its course through the township. */
function addRiverGauges(ctx: PlaceContext, add: AddPlace): void {
  const line = turf.lineString(ctx.river.coordinates);
  const length = turf.length(line, { units: 'kilometers' });
  const inside: { point: [number, number]; grid: Grid }[] = [];
  for (let d = 0; d <= length; d += RIVER_GAUGE_STEP_KM) {
    const point = roundPosition(turf.along(line, d, { units: 'kilometers' }).geometry.coordinates);
    const grid = ctx.locator.locate(point);
    if (grid) inside.push({ point, grid });
  }
  const count = PLACE_COUNTS.riverGauges;
  if (inside.length < count) throw new Error(`The river runs through the township for only ${inside.length} candidate points: move RIVER_DEFAULTS.anchor inside.`);
  for (let i = 0; i < count; i++) {
    const at = inside[Math.floor(((i + 0.5) * inside.length) / count)] as (typeof inside)[number];
    add('river_gauge', `衢江湖镇水位站${i + 1}号${SCHEMATIC}`, at);
  }
}
