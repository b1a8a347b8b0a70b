// Key places (重点场所): committees, schools, clinics, shelters, reservoirs, river gauges, plants, markets,
// cultural halls, pumping stations, larger enterprises…
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
  // one cultural hall (文化礼堂) in every village and community
  pumpingStations: 8,
  enterprises: 20, // 规上企业 other than the chemical plants
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
  cultural_hall: 'PL-CH-',
  pumping_station: 'PL-PS-',
  enterprise: 'PL-EN-',
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
/** Pumping stations (排涝站) stand on the embankment: off the river line, but no farther than this from it. */
const PUMPING_STATION_RIVER_KM: readonly [number, number] = [0.05, 0.25];
const PUMPING_STATION_SPREAD_KM = 0.15;
const ENTERPRISES_AT_SEAT = 7; // the others stand in the industrial area
const ENTERPRISE_INDUSTRY_SPREAD_KM = 0.9;
const ENTERPRISE_SEAT_SPREAD_KM = 1;
const ENTERPRISE_MIN_RIVER_KM = 0.5; // off the embankment and the floodplain
const ENTERPRISE_REGIONS = ['浙江', '龙游'] as const;
const ENTERPRISE_WORDS = ['龙翔', '兴达', '嘉诚', '荣昌', '宏远', '新辉', '凯达', '天成', '信诚', '德隆', '永兴', '安达', '盛源', '和丰', '明达', '华茂', '景程', '正阳', '汇通', '金鼎', '元丰', '晨光'] as const;
const ENTERPRISE_TRADES = ['特种纸', '纸业', '机械', '电子', '食品', '竹木制品', '建材', '汽车零部件', '纺织', '五金', '家居', '包装', '电气'] as const;

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

  // Kinds added later draw from their own generators, so the places above keep their positions.
  addCulturalHalls({ ...ctx, rng: rng.fork('cultural_hall') }, add);
  addPumpingStations({ ...ctx, rng: rng.fork('pumping_station') }, add);
  addEnterprises({ ...ctx, rng: rng.fork('enterprise') }, add);

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
  const inside = riverPointsInside(ctx);
  const count = PLACE_COUNTS.riverGauges;
  if (inside.length < count) throw new Error(`The river runs through the township for only ${inside.length} candidate points: move RIVER_DEFAULTS.anchor inside.`);
  for (let i = 0; i < count; i++) {
    const at = inside[Math.floor(((i + 0.5) * inside.length) / count)] as (typeof inside)[number];
    add('river_gauge', `衢江湖镇水位站${i + 1}号${SCHEMATIC}`, at);
  }
}

/** One cultural hall (文化礼堂) in every village and community, near its centre. */
function addCulturalHalls(ctx: PlaceContext, add: AddPlace): void {
  for (const v of ctx.villages) add('cultural_hall', `${v.name}文化礼堂`, ctx.locator.sampleNear(ctx.rng, v.site, VILLAGE_CENTRE_SPREAD_KM, (g) => g.villageCode === v.code));
}

/** Drainage pumping stations (排涝站) on the embankment, spread over the river's course through the township. */
function addPumpingStations(ctx: PlaceContext, add: AddPlace): void {
  const inside = riverPointsInside(ctx);
  const count = PLACE_COUNTS.pumpingStations;
  const [nearest, farthest] = PUMPING_STATION_RIVER_KM;
  if (inside.length < count) throw new Error(`The river runs through the township for only ${inside.length} candidate points: move RIVER_DEFAULTS.anchor inside.`);
  const short = ctx.townshipName.replace(/镇$/, '');
  for (let i = 0; i < count; i++) {
    // (i + 1) / (count + 1) of the way: mostly between the gauges, which stand at (i + 0.5) / count.
    const on = inside[Math.floor(((i + 1) * inside.length) / (count + 1))] as (typeof inside)[number];
    const at = ctx.locator.sampleNear(ctx.rng, on.point, PUMPING_STATION_SPREAD_KM, (_, p) => {
      const km = distanceToLineKm(p, ctx.river.coordinates);
      return km >= nearest && km <= farthest;
    });
    add('pumping_station', `${short}排涝站${i + 1}号${SCHEMATIC}`, at);
  }
}

/** Larger enterprises (规上企业, not chemical): most in the industrial area, a few around the seat; fictitious names. */
function addEnterprises(ctx: PlaceContext, add: AddPlace): void {
  const { rng, locator } = ctx;
  const count = PLACE_COUNTS.enterprises;
  const words = rng.shuffle(ENTERPRISE_WORDS);
  if (words.length < count) throw new Error(`Only ${words.length} enterprise name words for ${count} enterprises: add to ENTERPRISE_WORDS.`);
  const industry = localFrame(ctx.seat).toLonLat(INDUSTRY_OFFSET_KM);
  const offRiver = (_: Grid, p: [number, number]) => distanceToLineKm(p, ctx.river.coordinates) >= ENTERPRISE_MIN_RIVER_KM;
  for (let i = 0; i < count; i++) {
    const at = i < ENTERPRISES_AT_SEAT ? locator.sampleNear(rng, ctx.seat, ENTERPRISE_SEAT_SPREAD_KM, offRiver) : locator.sampleNear(rng, industry, ENTERPRISE_INDUSTRY_SPREAD_KM, offRiver);
    add('enterprise', `${rng.pick(ENTERPRISE_REGIONS)}${words[i] ?? ''}${rng.pick(ENTERPRISE_TRADES)}有限公司${SCHEMATIC}`, at);
  }
}

/** Points every RIVER_GAUGE_STEP_KM along the river, those inside the township, from west to east. */
function riverPointsInside(ctx: PlaceContext): { point: [number, number]; grid: Grid }[] {
  const line = turf.lineString(ctx.river.coordinates);
  const length = turf.length(line, { units: 'kilometers' });
  const inside: { point: [number, number]; grid: Grid }[] = [];
  for (let d = 0; d <= length; d += RIVER_GAUGE_STEP_KM) {
    const point = roundPosition(turf.along(line, d, { units: 'kilometers' }).geometry.coordinates);
    const grid = ctx.locator.locate(point);
    if (grid) inside.push({ point, grid });
  }
  return inside;
}
