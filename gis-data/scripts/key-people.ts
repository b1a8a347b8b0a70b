// Fictitious key-group people (重点人群), spread over the grids in proportion to their residents.
import type { KeyGroup } from '../../contract/domain.ts';
import type { KeyPersonRecord } from '../../contract/gis.ts';
import { apportion, type Grid, type Village } from './divisions.ts';
import { makeIdNumber } from './id-number.ts';
import type { Locator } from './locate.ts';
import { code, mobilePhone, personName, type Sex } from './names.ts';
import type { Random } from './random.ts';

/** Ages are counted on this day: the files describe the township as of the start of 2024. */
export const REFERENCE_DATE = '2024-01-01';
export const COUNTY_REGION = '330825'; // 龙游县: the first six digits of local ID numbers

export const KEY_PEOPLE_DEFAULTS = {
  shareOfResidents: [0.042, 0.05] as const, // 2.6–3.4 thousand people in a township of 60–70 thousand
  secondGroupChance: 0.2,
};

/** How often each group is the first (main) one. */
const GROUP_WEIGHTS: Record<KeyGroup, number> = {
  elderly_alone: 45,
  disabled: 22,
  low_income: 18,
  left_behind_child: 11,
  mental_disorder: 2.5,
  community_correction: 1.5,
};

/** Ages (inclusive, on REFERENCE_DATE) a person of a group can have. */
export const GROUP_AGES: Record<KeyGroup, readonly [number, number]> = {
  elderly_alone: [65, 98],
  disabled: [5, 90],
  low_income: [1, 95], // 低保 is granted per household, children included
  left_behind_child: [1, 15],
  community_correction: [18, 65],
  mental_disorder: [18, 80],
};

/** Which second group goes with a first one (the age ranges must overlap). */
const SECOND_GROUPS: Record<KeyGroup, readonly KeyGroup[]> = {
  elderly_alone: ['disabled', 'low_income'],
  disabled: ['low_income', 'elderly_alone', 'mental_disorder'],
  low_income: ['disabled', 'elderly_alone'],
  left_behind_child: ['disabled', 'low_income'],
  community_correction: ['low_income'],
  mental_disorder: ['low_income', 'disabled'],
};

const FEMALE_SHARE: Partial<Record<KeyGroup, number>> = { elderly_alone: 0.62, community_correction: 0.15 };
const DEFAULT_FEMALE_SHARE = 0.48;
const DAY_MS = 86_400_000;
const HOUSE_NUMBERS = 399; // 数字门牌 in a village run up to about this
const BUILDINGS = 30; // buildings (幢) in a community

export interface KeyPeopleContext {
  rng: Random;
  townshipName: string;
  villages: readonly Village[];
  grids: readonly Grid[];
  locator: Locator;
}

export function buildKeyPeople(ctx: KeyPeopleContext, options = KEY_PEOPLE_DEFAULTS): KeyPersonRecord[] {
  const { rng, grids } = ctx;
  const residents = grids.reduce((s, g) => s + g.population, 0);
  const total = Math.round(residents * rng.float(options.shareOfResidents[0], options.shareOfResidents[1]));
  const perGrid = apportion(total, grids.map((g) => g.population));
  const villages = new Map(ctx.villages.map((v) => [v.code, v]));
  const usedIds = new Set<string>();
  const groups = Object.keys(GROUP_WEIGHTS) as KeyGroup[];
  const weights = groups.map((g) => GROUP_WEIGHTS[g]);
  const people: KeyPersonRecord[] = [];

  grids.forEach((grid, i) => {
    const village = villages.get(grid.villageCode);
    if (!village) throw new Error(`Grid ${grid.code} names village ${grid.villageCode}, which is not in the list.`);
    for (let n = 0; n < (perGrid[i] ?? 0); n++) {
      const first = rng.weighted(groups, weights);
      const personGroups: KeyGroup[] = rng.chance(options.secondGroupChance) ? [first, rng.pick(SECOND_GROUPS[first])] : [first];
      const [minAge, maxAge] = ageRange(personGroups);
      const age = rng.int(minAge, maxAge);
      const birth = birthDate(rng, age);
      const sex: Sex = rng.chance(FEMALE_SHARE[first] ?? DEFAULT_FEMALE_SHARE) ? 'female' : 'male';
      const idNumber = uniqueId(rng, birth, sex, usedIds);
      const [lon, lat] = ctx.locator.sampleInGrid(rng, grid);
      people.push({
        code: code('KP', people.length + 1, 5),
        name: personName(rng, sex, Number(birth.slice(0, 4))),
        idNumber,
        phone: mobilePhone(rng),
        address: address(rng, ctx.townshipName, village),
        groups: personGroups,
        gridCode: grid.code,
        lon,
        lat,
      });
    }
  });
  return people;
}

/** The ages that fit all of a person's groups. */
export function ageRange(groups: readonly KeyGroup[]): [number, number] {
  let [min, max] = [0, Infinity];
  for (const g of groups) [min, max] = [Math.max(min, GROUP_AGES[g][0]), Math.min(max, GROUP_AGES[g][1])];
  if (min > max) throw new Error(`No age fits the groups ${groups.join(' + ')}: fix SECOND_GROUPS.`);
  return [min, max];
}

/** Whole years between a YYYYMMDD birth date and REFERENCE_DATE. */
export function ageOn(birth: string, on: string = REFERENCE_DATE): number {
  const [by, bm, bd] = [Number(birth.slice(0, 4)), Number(birth.slice(4, 6)), Number(birth.slice(6, 8))];
  const [y, m, d] = on.split('-').map(Number) as [number, number, number];
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

/** A YYYYMMDD date on which someone is exactly `age` on REFERENCE_DATE. */
function birthDate(rng: Random, age: number): string {
  const ref = Date.parse(`${REFERENCE_DATE}T00:00:00Z`);
  const ref0 = new Date(ref);
  const latest = Date.UTC(ref0.getUTCFullYear() - age, ref0.getUTCMonth(), ref0.getUTCDate()); // birthday on the day
  const earliest = Date.UTC(ref0.getUTCFullYear() - age - 1, ref0.getUTCMonth(), ref0.getUTCDate()) + DAY_MS;
  const day = new Date(earliest + rng.int(0, Math.round((latest - earliest) / DAY_MS)) * DAY_MS);
  return `${day.getUTCFullYear()}${String(day.getUTCMonth() + 1).padStart(2, '0')}${String(day.getUTCDate()).padStart(2, '0')}`;
}

function uniqueId(rng: Random, birth: string, sex: Sex, used: Set<string>): string {
  for (;;) {
    const sequence = rng.int(0, 499) * 2 + (sex === 'male' ? 1 : 0); // odd = male
    const id = makeIdNumber({ region: COUNTY_REGION, birth, sequence });
    if (!used.has(id)) {
      used.add(id);
      return id;
    }
  }
}

/** A 数字门牌-style address: 湖镇镇新光村12号, or 湖镇镇阳湖社区5幢2单元301室 in a community. */
function address(rng: Random, town: string, village: Village): string {
  if (village.kind === '社区') return `${town}${village.name}${rng.int(1, BUILDINGS)}幢${rng.int(1, 3)}单元${rng.int(1, 6)}0${rng.int(1, 4)}室`;
  return `${town}${village.name}${rng.int(1, HOUSE_NUMBERS)}号`;
}
