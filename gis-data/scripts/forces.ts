// Response forces (联勤联动力量): township stations near the seat, teams and volunteers in the villages.
// Each has an owner department (catalogue.ts) that the room calls when it is dispatched.
import type { ForceKind } from '../../contract/domain.ts';
import { type TownshipDepartmentKind, townshipDepartmentCode, villageDepartmentCode } from './catalogue.ts';
import type { Grid, Village } from './divisions.ts';
import type { Locator } from './locate.ts';
import { code, officePhone } from './names.ts';
import type { Place } from './places.ts';
import type { Random } from './random.ts';

export interface Force {
  code: string;
  name: string;
  kind: ForceKind;
  members: number;
  phone: string;
  gridCode: string;
  departmentCode: string;
  point: [number, number];
}

export interface ForceContext {
  rng: Random;
  townshipName: string;
  seat: readonly [number, number];
  villages: readonly Village[];
  places: readonly Place[];
  locator: Locator;
}

/** Township-level forces: name (after the township's short name), kind, members [min, max], owner department. */
const TOWNSHIP_FORCES: readonly { name: (town: string, short: string) => string; kind: ForceKind; members: readonly [number, number]; owner: TownshipDepartmentKind; atPlace?: string }[] = [
  { name: (_, s) => `${s}派出所`, kind: 'police', members: [18, 30], owner: 'police' },
  { name: (_, s) => `${s}专职消防队`, kind: 'fire', members: [15, 24], owner: 'fire' },
  { name: (t) => `${t}卫生院急救点`, kind: 'medical', members: [8, 14], owner: 'health', atPlace: '卫生院' },
  { name: (t) => `${t}应急救援队`, kind: 'emergency_team', members: [30, 50], owner: 'emergency' },
  // The township's flood-control office (防汛防台) sits in the emergency office, so it owns this team, not the water station.
  { name: (t) => `${t}防汛抢险队`, kind: 'emergency_team', members: [25, 40], owner: 'emergency' },
  { name: (t) => `${t}民兵应急分队`, kind: 'militia', members: [30, 60], owner: 'armed' },
  { name: (_, s) => `${s}供电所`, kind: 'power', members: [15, 25], owner: 'power' },
  { name: (t) => `${t}水利站`, kind: 'water_conservancy', members: [6, 12], owner: 'water' },
  { name: (t) => `${t}新时代文明实践志愿服务队`, kind: 'volunteer', members: [40, 80], owner: 'volunteer' },
];

export const VILLAGE_FORCES = {
  fireStations: 5, // 微型消防站: every community first, then some villages
  emergencyTeams: 8, // 村应急小分队
  volunteerTeams: 15, // 志愿服务队
};

const SEAT_SPREAD_KM = 0.5;
const VILLAGE_SPREAD_KM = 0.2;
const MEMBERS = { fireStation: [6, 10], emergencyTeam: [8, 15], volunteerTeam: [10, 40] } as const;

export function buildForces(ctx: ForceContext): Force[] {
  const { rng, locator } = ctx;
  const short = ctx.townshipName.replace(/镇$/, '');
  const forces: Force[] = [];
  const add = (name: string, kind: ForceKind, members: readonly [number, number], departmentCode: string, at: { point: [number, number]; grid: Grid }) => {
    forces.push({ code: code('FRC-', forces.length + 1, 3), name, kind, members: rng.int(members[0], members[1]), phone: officePhone(rng), gridCode: at.grid.code, departmentCode, point: at.point });
  };
  const inVillage = (v: Village) => locator.sampleNear(rng, v.site, VILLAGE_SPREAD_KM, (g) => g.villageCode === v.code);

  for (const f of TOWNSHIP_FORCES) {
    const place = f.atPlace ? ctx.places.find((p) => p.name.endsWith(f.atPlace ?? '')) : undefined;
    const at = place ? locator.sampleNear(rng, place.point, 0.03, (g) => g.code === place.gridCode) : locator.sampleNear(rng, ctx.seat, SEAT_SPREAD_KM);
    add(f.name(ctx.townshipName, short), f.kind, f.members, townshipDepartmentCode(f.owner), at);
  }

  const communities = ctx.villages.filter((v) => v.kind === '社区');
  const villages = rng.shuffle(ctx.villages.filter((v) => v.kind === '村'));
  // Village forces belong to their village committee. A 微型消防站 too: the committee sets it up, keeps
  // its roster of villagers on call and is the one who can muster them; the township fire team only
  // trains it. The room still finds it by kind (fire) when a run card asks for fire forces.
  const owned = (v: Village) => villageDepartmentCode(v.code);
  for (const v of [...communities, ...villages].slice(0, VILLAGE_FORCES.fireStations)) add(`${v.name}微型消防站`, 'fire', MEMBERS.fireStation, owned(v), inVillage(v));
  for (const v of villages.slice(0, VILLAGE_FORCES.emergencyTeams)) add(`${v.name}应急小分队`, 'emergency_team', MEMBERS.emergencyTeam, owned(v), inVillage(v));
  for (const v of rng.shuffle(ctx.villages).slice(0, VILLAGE_FORCES.volunteerTeams)) add(`${v.name}志愿服务队`, 'volunteer', MEMBERS.volunteerTeam, owned(v), inVillage(v));
  return forces;
}
