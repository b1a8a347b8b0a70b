// Households as points (示意): every grid's households and residents, clustered into hamlets (自然村) —
// loose ones on the plain, small ones on valley floors in the hills, dense blocks in the communities —
// and the key-group people moved into households of their grid. The per-grid totals are the grids'
// own (grids.geojson `households` and `population`), exactly.
import type { KeyPersonRecord, HouseholdRecord } from '../../contract/gis.ts';
import type { Grid, Village } from './divisions.ts';
import type { Elevation } from './elevation.ts';
import type { Locator } from './locate.ts';
import type { Random } from './random.ts';

export const HOUSEHOLD_DEFAULTS = {
  hamletHouseholds: [25, 70] as const, // households per hamlet of a village
  communityBlockHouseholds: [90, 160] as const, // per block of a community (社区)
  hamletSpreadKm: 0.06, // standard deviation of a household's offset from its hamlet's centre: a compact 自然村
  communitySpreadKm: 0.12,
  hamletCandidates: 6, // a hamlet's centre is the lowest of this many draws (plus jitter): valley floors in the hills
  hamletJitterM: 10, // more than the plain's relief within a grid, far less than the hills': on the plain any draw will do
  hamletSizeSpread: 0.5, // lognormal spread of hamlet sizes
  householdSizes: [1, 2, 3, 4, 5, 6, 7] as const,
  householdSizeWeights: [14, 28, 24, 18, 10, 4, 2] as const, // rural Zhejiang: mostly 2–4 people, mean about 3
  maxResidents: 9,
  riverSetbackKm: 0.18, // no house within this distance of the river's line (the channel is 0.12 km wide each side)
};

export type HouseholdOptions = typeof HOUSEHOLD_DEFAULTS;

export interface HouseholdContext {
  rng: Random;
  villages: readonly Village[];
  grids: readonly Grid[];
  locator: Locator;
  elevation: Elevation;
  keyPeople: readonly KeyPersonRecord[];
}

export interface HouseholdsResult {
  households: HouseholdRecord[];
  /** The key people, each with the household they live in and its position. */
  keyPeople: KeyPersonRecord[];
}

export function buildHouseholds(ctx: HouseholdContext, options: HouseholdOptions = HOUSEHOLD_DEFAULTS): HouseholdsResult {
  const villages = new Map(ctx.villages.map((v) => [v.code, v]));
  const peopleByGrid = groupBy(ctx.keyPeople, (p) => p.gridCode);
  const households: HouseholdRecord[] = [];
  const placed = new Map<string, KeyPersonRecord>();
  for (const grid of ctx.grids) {
    const village = villages.get(grid.villageCode);
    if (!village) throw new Error(`Grid ${grid.code} names village ${grid.villageCode}, which is not in the list.`);
    const people = peopleByGrid.get(grid.code) ?? [];
    const living = people.filter(livesAlone).length;
    const sizes = householdSizes(ctx.rng, grid, living, options);
    const points = householdPoints(ctx, grid, village.kind === '社区', options);
    const first = households.length;
    sizes.forEach((residents, i) => {
      const [lon, lat] = points[i]!;
      households.push({ code: `H${String(households.length + 1).padStart(5, '0')}`, gridCode: grid.code, lon, lat, residents });
    });
    for (const [person, household] of settle(ctx.rng, people, households.slice(first))) placed.set(person.code, moveInto(person, household));
  }
  return { households, keyPeople: ctx.keyPeople.map((p) => placed.get(p.code) ?? p) };
}

/** 独居老人 live alone: they take a one-person household. */
const livesAlone = (person: KeyPersonRecord) => person.groups.includes('elderly_alone');

/**
 * Residents per household, summing to the grid's population over its households, at least `singles`
 * of them with one resident (for the elderly living alone), in a shuffled order.
 */
function householdSizes(rng: Random, grid: Grid, singles: number, o: HouseholdOptions): number[] {
  const count = grid.households;
  if (singles > count || grid.population < count || grid.population > count * o.maxResidents) {
    throw new Error(`Grid ${grid.code}: ${grid.population} residents cannot fill ${count} households with ${singles} living alone.`);
  }
  const sizes: number[] = Array.from({ length: count }, (_, i) => (i < singles ? 1 : rng.weighted(o.householdSizes, o.householdSizeWeights)));
  // Nudge households (never the reserved singles) one resident at a time until the sum is exact.
  let excess = sizes.reduce((s, n) => s + n, 0) - grid.population;
  while (excess !== 0) {
    const i = rng.int(singles, count - 1);
    if (excess > 0 && sizes[i]! > 1) [sizes[i], excess] = [sizes[i]! - 1, excess - 1];
    else if (excess < 0 && sizes[i]! < o.maxResidents) [sizes[i], excess] = [sizes[i]! + 1, excess + 1];
  }
  return rng.shuffle(sizes);
}

/** One point per household of the grid: around hamlet centres, in the grid, back from the river's channel. */
function householdPoints(ctx: HouseholdContext, grid: Grid, community: boolean, o: HouseholdOptions): [number, number][] {
  const { rng, locator, elevation } = ctx;
  const [low, high] = community ? o.communityBlockHouseholds : o.hamletHouseholds;
  const hamlets = Math.max(1, Math.round(grid.households / rng.float(low, high)));
  const dry = (p: [number, number]) => elevation.riverKm(p) >= o.riverSetbackKm;
  const centres = Array.from({ length: hamlets }, () => {
    let best: [number, number] | undefined;
    let bestCost = Infinity;
    for (let c = 0; c < o.hamletCandidates; c++) {
      const p = locator.sampleInGrid(rng, grid);
      const cost = elevation.heightmap.heightAt(p[0], p[1]) + rng.float(0, o.hamletJitterM);
      if (dry(p) && cost < bestCost) [best, bestCost] = [p, cost];
    }
    return best ?? locator.sampleNear(rng, grid.site, 0.3, (g, p) => g === grid && dry(p)).point;
  });
  const weights = centres.map(() => Math.exp(rng.normal(0, o.hamletSizeSpread)));
  const spread = community ? o.communitySpreadKm : o.hamletSpreadKm;
  return Array.from({ length: grid.households }, () => {
    const centre = rng.weighted(centres, weights);
    return locator.sampleNear(rng, centre, spread, (g, p) => g === grid && dry(p)).point;
  });
}

/** Key people → households of their grid: a one-person household each for those living alone, a household of two or more for the others, never two in one. */
function settle(rng: Random, people: readonly KeyPersonRecord[], households: readonly HouseholdRecord[]): [KeyPersonRecord, HouseholdRecord][] {
  const free = {
    alone: rng.shuffle(households.filter((h) => h.residents === 1)),
    family: rng.shuffle(households.filter((h) => h.residents > 1)),
  };
  return people.map((person) => {
    const household = (livesAlone(person) ? free.alone : free.family).pop();
    if (!household) throw new Error(`Grid ${person.gridCode} has too few ${livesAlone(person) ? 'one-person' : 'family'} households for its key people.`);
    return [person, household];
  });
}

/** The person with their household's code and position (key order as in the file: household before lon/lat). */
function moveInto(p: KeyPersonRecord, household: HouseholdRecord): KeyPersonRecord {
  return { code: p.code, name: p.name, idNumber: p.idNumber, phone: p.phone, address: p.address, groups: p.groups, gridCode: p.gridCode,
    householdCode: household.code, lon: household.lon, lat: household.lat };
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    let group = groups.get(k);
    if (!group) groups.set(k, (group = []));
    group.push(item);
  }
  return groups;
}
