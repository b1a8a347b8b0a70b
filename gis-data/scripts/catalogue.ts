// Departments (township offices and village committees) and the event catalogue (事项清单): for each
// kind of matter, the department that answers for it, its deadline and what to send, per level.
// Names and contacts are fictitious; the catalogue follows what a Zhejiang township command room handles.
import { EVENT_CATEGORIES, EVENT_LEVELS, FORCE_KINDS, type DepartmentKind, type EventCategory, type EventLevel, type ForceKind } from '../../contract/domain.ts';
import type { DepartmentRecord, EventItemRecord } from '../../contract/gis.ts';
import type { Village } from './divisions.ts';
import type { Force } from './forces.ts';
import type { Locator } from './locate.ts';
import { mobilePhone, officePhone, personName } from './names.ts';
import type { Place } from './places.ts';
import type { Random } from './random.ts';

export type TownshipDepartmentKind = Exclude<DepartmentKind, 'village'>;

/** DEP-POLICE, DEP-FIRE, …: one department of each kind in the township. */
export function townshipDepartmentCode(kind: TownshipDepartmentKind): string {
  return `DEP-${kind.toUpperCase()}`;
}

/** The committee (村委会/居委会) of one village or community. */
export function villageDepartmentCode(villageCode: string): string {
  return `DEP-V-${villageCode}`;
}

export interface DepartmentContext {
  rng: Random;
  townshipName: string; // 湖镇镇
  seat: readonly [number, number];
  villages: readonly Village[];
  places: readonly Place[];
  forces: readonly Force[];
  locator: Locator;
}

/**
 * Where a township department stands: at the station it runs (the force it owns of the same name),
 * at a named place, in the township government compound (offices of the 镇政府), or elsewhere in the seat.
 */
type Site = 'own_force' | 'government' | 'seat' | { place: (town: string) => string };

/** The township departments, in DEPARTMENT_KINDS order, named after the township's short name (湖镇). */
const TOWNSHIP_DEPARTMENTS: readonly { kind: TownshipDepartmentKind; name: (short: string) => string; at: Site }[] = [
  { kind: 'police', name: (s) => `${s}派出所`, at: 'own_force' },
  { kind: 'fire', name: (s) => `${s}专职消防队`, at: 'own_force' },
  { kind: 'health', name: (s) => `${s}中心卫生院`, at: { place: (t) => `${t}卫生院` } },
  { kind: 'emergency', name: (s) => `${s}应急管理办公室`, at: 'government' },
  { kind: 'enforcement', name: (s) => `${s}综合行政执法队`, at: 'seat' },
  { kind: 'market', name: (s) => `${s}市场监督管理所`, at: 'seat' },
  { kind: 'water', name: (s) => `${s}水利站`, at: 'own_force' },
  { kind: 'power', name: (s) => `${s}供电所`, at: 'own_force' },
  { kind: 'civil', name: (s) => `${s}社会事务办`, at: 'government' },
  { kind: 'armed', name: (s) => `${s}人民武装部`, at: 'government' },
  { kind: 'volunteer', name: (s) => `${s}新时代文明实践所`, at: 'own_force' },
];

const SEAT_SPREAD_KM = 0.5; // as places.ts: township institutions stand within about this of the seat
const GOVERNMENT_SPREAD_KM = 0.2; // the government compound, near the seat's centre
const OFFICE_SPREAD_KM = 0.02; // offices in one compound, a few tens of metres apart so the map shows each
const VILLAGE_SPREAD_KM = 0.2; // a committee without a place of its own stands near the village centre
const CONTACT = { birthYears: [1965, 1992] as const, femaleShare: 0.35 };

/** Township departments first, then one committee per village, in the villages' order. */
export function buildDepartments(ctx: DepartmentContext): DepartmentRecord[] {
  const { rng, locator } = ctx;
  const short = ctx.townshipName.replace(/镇$/, '');
  const contact = () => personName(rng, rng.chance(CONTACT.femaleShare) ? 'female' : 'male', rng.int(CONTACT.birthYears[0], CONTACT.birthYears[1]));
  const government = locator.sampleNear(rng, ctx.seat, GOVERNMENT_SPREAD_KM).point;

  const siteOf = (kind: TownshipDepartmentKind, at: Site): [number, number] => {
    if (at === 'government') return locator.sampleNear(rng, government, OFFICE_SPREAD_KM).point;
    if (at === 'seat') return locator.sampleNear(rng, ctx.seat, SEAT_SPREAD_KM).point;
    if (at === 'own_force') {
      const force = ctx.forces.find((f) => f.departmentCode === townshipDepartmentCode(kind));
      if (!force) throw new Error(`No force is owned by the ${kind} department, which should stand at its station: give it one in forces.ts or another site.`);
      return force.point;
    }
    const name = at.place(ctx.townshipName);
    const place = ctx.places.find((p) => p.name === name);
    if (!place) throw new Error(`The ${kind} department stands at the place "${name}", which places.ts did not build: rename the site.`);
    return place.point;
  };

  const departments: DepartmentRecord[] = [];
  for (const d of TOWNSHIP_DEPARTMENTS) {
    const [lon, lat] = siteOf(d.kind, d.at);
    // A township office is called on its duty landline.
    departments.push({ code: townshipDepartmentCode(d.kind), name: d.name(short), kind: d.kind, villageCode: null, contactName: contact(), phone: officePhone(rng), lon, lat });
  }
  for (const v of ctx.villages) {
    const committee = ctx.places.find((p) => p.kind === 'village_committee' && p.villageCode === v.code);
    const [lon, lat] = committee?.point ?? locator.sampleNear(rng, v.site, VILLAGE_SPREAD_KM, (g) => g.villageCode === v.code).point;
    const name = v.kind === '社区' ? `${v.name}居委会` : `${v.name}村委会`;
    // The contact is the village's secretary or director, reached on their mobile: few committee offices are staffed at night.
    departments.push({ code: villageDepartmentCode(v.code), name, kind: 'village', villageCode: v.code, contactName: contact(), phone: mobilePhone(rng), lon, lat });
  }
  return departments;
}

/**
 * Hours from acceptance to the deadline, per level (general, significant, major, extraordinary).
 * A graver matter is never due later: it is due sooner, or as soon when the time is already the floor.
 */
const HOURS = {
  immediate: [1, 1, 1, 1], // lives at stake: fires, fights, accidents, people trapped or in the water
  urgent: [2, 1, 1, 1], // a danger that can turn into casualties: dam or slope failure, a gas leak
  rapid: [4, 2, 1, 1], // damage or risk that spreads by the hour: burst mains, outages, open manholes
  sameDay: [24, 12, 4, 2], // hazards to remove within the day
  twoDays: [48, 24, 12, 6],
  routine: [72, 48, 24, 12], // disputes, nuisances, requests for help that need a visit
  long: [120, 72, 48, 24], // matters that need a survey or a procedure: land, buildings, licences
} as const satisfies Record<string, readonly [number, number, number, number]>;

/** What to send at one level: force kind → how many. Only the department and the grid's workers go when empty. */
type Card = Partial<Record<ForceKind, number>>;

interface ItemSpec {
  code: string;
  category: EventCategory;
  name: string;
  level: EventLevel;
  department: TownshipDepartmentKind;
  hours: readonly [number, number, number, number];
  /** One card per level, in EVENT_LEVELS order; each sends at least what the level below sends. */
  card: readonly [Card, Card, Card, Card];
}

/** The catalogue, by category. Counts stay within the forces the township has of each kind (checked). */
const ITEMS: readonly ItemSpec[] = [
  // 安全隐患
  { code: 'gas_cylinder_leak', category: 'safety_hazard', name: '液化气瓶泄漏', level: 'significant', department: 'emergency', hours: HOURS.urgent,
    card: [{ fire: 1 }, { fire: 1, police: 1 }, { fire: 2, police: 1, medical: 1 }, { fire: 2, police: 1, medical: 1, emergency_team: 1, power: 1 }] },
  { code: 'hazardous_chemical_storage', category: 'safety_hazard', name: '危化品违规储存', level: 'general', department: 'emergency', hours: HOURS.sameDay,
    card: [{}, { fire: 1 }, { fire: 1, police: 1 }, { fire: 2, police: 1, medical: 1, emergency_team: 1 }] },
  { code: 'dangerous_house', category: 'safety_hazard', name: '危房隐患', level: 'general', department: 'emergency', hours: HOURS.twoDays,
    card: [{}, { emergency_team: 1 }, { emergency_team: 2, police: 1 }, { emergency_team: 2, police: 1, militia: 1, volunteer: 2 }] },
  { code: 'enterprise_safety', category: 'safety_hazard', name: '企业安全生产隐患', level: 'general', department: 'emergency', hours: HOURS.routine,
    card: [{}, {}, { fire: 1, emergency_team: 1 }, { fire: 1, emergency_team: 1, police: 1, medical: 1 }] },
  { code: 'construction_site_safety', category: 'safety_hazard', name: '建筑施工安全隐患', level: 'general', department: 'emergency', hours: HOURS.twoDays,
    card: [{}, {}, { emergency_team: 1 }, { emergency_team: 1, police: 1, medical: 1 }] },
  // Lifts are special equipment (特种设备), supervised by the market authority.
  { code: 'elevator_trapped', category: 'safety_hazard', name: '电梯困人', level: 'significant', department: 'market', hours: HOURS.immediate,
    card: [{ fire: 1 }, { fire: 1, medical: 1 }, { fire: 2, medical: 1 }, { fire: 2, medical: 1, police: 1 }] },

  // 消防
  { code: 'fire_residential', category: 'fire', name: '住宅火灾', level: 'significant', department: 'fire', hours: HOURS.immediate,
    card: [{ fire: 1 }, { fire: 2, medical: 1 }, { fire: 2, medical: 1, police: 1, emergency_team: 1 }, { fire: 2, medical: 1, police: 1, emergency_team: 1, militia: 1, power: 1 }] },
  { code: 'fire_forest', category: 'fire', name: '山林火灾', level: 'significant', department: 'fire', hours: HOURS.immediate,
    card: [{ fire: 1, emergency_team: 1 }, { fire: 2, emergency_team: 2, militia: 1 }, { fire: 2, emergency_team: 3, militia: 1, police: 1, medical: 1 },
      { fire: 3, emergency_team: 3, militia: 1, police: 1, medical: 1, volunteer: 2 }] },
  { code: 'fire_factory', category: 'fire', name: '厂房仓库火灾', level: 'major', department: 'fire', hours: HOURS.immediate,
    card: [{ fire: 2 }, { fire: 2, police: 1, medical: 1 }, { fire: 3, police: 1, medical: 1, emergency_team: 1, power: 1 }, { fire: 3, police: 1, medical: 1, emergency_team: 2, militia: 1, power: 1 }] },
  { code: 'fire_vehicle', category: 'fire', name: '车辆火灾', level: 'general', department: 'fire', hours: HOURS.immediate,
    card: [{ fire: 1 }, { fire: 1, police: 1 }, { fire: 2, police: 1, medical: 1 }, { fire: 2, police: 1, medical: 1, emergency_team: 1 }] },
  { code: 'fire_field', category: 'fire', name: '田间野外火情', level: 'general', department: 'fire', hours: HOURS.immediate,
    card: [{ fire: 1 }, { fire: 1, emergency_team: 1 }, { fire: 2, emergency_team: 2 }, { fire: 2, emergency_team: 2, militia: 1 }] },
  { code: 'ebike_charging', category: 'fire', name: '电动车违规充电', level: 'general', department: 'fire', hours: HOURS.sameDay,
    card: [{}, { fire: 1 }, { fire: 1, police: 1 }, { fire: 1, police: 1, power: 1 }] },
  { code: 'fire_exit_blocked', category: 'fire', name: '消防通道堵塞', level: 'general', department: 'fire', hours: HOURS.sameDay,
    card: [{}, {}, { fire: 1 }, { fire: 1, police: 1 }] },
  { code: 'fire_equipment_damaged', category: 'fire', name: '消防设施损坏', level: 'general', department: 'fire', hours: HOURS.routine,
    card: [{}, {}, { fire: 1 }, { fire: 1 }] },

  // 防汛
  { code: 'river_over_warning', category: 'flood', name: '河道水位超警', level: 'significant', department: 'water', hours: HOURS.rapid,
    card: [{ water_conservancy: 1 }, { water_conservancy: 1, emergency_team: 1 }, { water_conservancy: 1, emergency_team: 2, militia: 1 },
      { water_conservancy: 1, emergency_team: 3, militia: 1, police: 1, medical: 1, volunteer: 2 }] },
  { code: 'reservoir_danger', category: 'flood', name: '山塘水库险情', level: 'major', department: 'water', hours: HOURS.urgent,
    card: [{ water_conservancy: 1 }, { water_conservancy: 1, emergency_team: 1 }, { water_conservancy: 1, emergency_team: 2, militia: 1, police: 1 },
      { water_conservancy: 1, emergency_team: 3, militia: 1, police: 1, medical: 1, volunteer: 2 }] },
  { code: 'embankment_seepage', category: 'flood', name: '堤防管涌渗漏', level: 'major', department: 'water', hours: HOURS.urgent,
    card: [{ water_conservancy: 1, emergency_team: 1 }, { water_conservancy: 1, emergency_team: 2 }, { water_conservancy: 1, emergency_team: 2, militia: 1 },
      { water_conservancy: 1, emergency_team: 3, militia: 1, police: 1, medical: 1 }] },
  // Flood control in the streets (防汛防台) is the emergency office's; the water station lends its pumps.
  { code: 'urban_waterlogging', category: 'flood', name: '城镇内涝积水', level: 'general', department: 'emergency', hours: HOURS.rapid,
    card: [{ emergency_team: 1 }, { emergency_team: 1, water_conservancy: 1 }, { emergency_team: 2, water_conservancy: 1, police: 1 },
      { emergency_team: 3, water_conservancy: 1, police: 1, militia: 1, power: 1 }] },
  { code: 'pumping_station_fault', category: 'flood', name: '排涝站故障', level: 'general', department: 'water', hours: HOURS.rapid,
    card: [{ water_conservancy: 1 }, { water_conservancy: 1, power: 1 }, { water_conservancy: 1, power: 1, emergency_team: 1 }, { water_conservancy: 1, power: 1, emergency_team: 2 }] },
  { code: 'farmland_waterlogging', category: 'flood', name: '农田受淹', level: 'general', department: 'water', hours: HOURS.sameDay,
    card: [{}, { water_conservancy: 1 }, { water_conservancy: 1, emergency_team: 1 }, { water_conservancy: 1, emergency_team: 2, militia: 1 }] },

  // 地质灾害: the emergency office leads; the county's geological survey team is called from there.
  { code: 'landslide', category: 'geo_hazard', name: '山体滑坡', level: 'significant', department: 'emergency', hours: HOURS.urgent,
    card: [{ emergency_team: 1 }, { emergency_team: 2, police: 1 }, { emergency_team: 2, police: 1, medical: 1, militia: 1 },
      { emergency_team: 3, police: 1, medical: 1, militia: 1, fire: 1, volunteer: 2 }] },
  { code: 'rockfall', category: 'geo_hazard', name: '崩塌落石', level: 'general', department: 'emergency', hours: HOURS.rapid,
    card: [{ emergency_team: 1 }, { emergency_team: 1, police: 1 }, { emergency_team: 2, police: 1, medical: 1 }, { emergency_team: 2, police: 1, medical: 1, militia: 1 }] },
  { code: 'debris_flow', category: 'geo_hazard', name: '泥石流', level: 'major', department: 'emergency', hours: HOURS.urgent,
    card: [{ emergency_team: 2 }, { emergency_team: 2, police: 1, medical: 1 }, { emergency_team: 3, police: 1, medical: 1, militia: 1 },
      { emergency_team: 3, police: 1, medical: 1, militia: 1, fire: 2, volunteer: 3 }] },
  { code: 'ground_crack', category: 'geo_hazard', name: '地面开裂沉降', level: 'general', department: 'emergency', hours: HOURS.sameDay,
    card: [{}, { emergency_team: 1 }, { emergency_team: 1, police: 1 }, { emergency_team: 2, police: 1, militia: 1 }] },
  { code: 'geo_displacement_alarm', category: 'geo_hazard', name: '地灾监测点位移超限', level: 'significant', department: 'emergency', hours: HOURS.rapid,
    card: [{ emergency_team: 1 }, { emergency_team: 1, police: 1 }, { emergency_team: 2, police: 1, militia: 1 }, { emergency_team: 3, police: 1, militia: 1, medical: 1, volunteer: 2 }] },

  // 环境卫生: the enforcement team keeps the streets (市容环卫); rivers are the water station's (河长制).
  { code: 'garbage_dumping', category: 'environment', name: '垃圾乱堆乱放', level: 'general', department: 'enforcement', hours: HOURS.routine,
    card: [{}, {}, { volunteer: 1 }, { volunteer: 2 }] },
  { code: 'river_floating_debris', category: 'environment', name: '河道漂浮物', level: 'general', department: 'water', hours: HOURS.twoDays,
    card: [{}, {}, { water_conservancy: 1 }, { water_conservancy: 1, volunteer: 2 }] },
  { code: 'straw_burning', category: 'environment', name: '违规焚烧秸秆', level: 'general', department: 'enforcement', hours: HOURS.rapid,
    card: [{}, { fire: 1 }, { fire: 1, emergency_team: 1 }, { fire: 2, emergency_team: 1, police: 1 }] },
  { code: 'sewage_discharge', category: 'environment', name: '污水直排', level: 'general', department: 'enforcement', hours: HOURS.twoDays,
    card: [{}, {}, { water_conservancy: 1 }, { water_conservancy: 1, police: 1 }] },
  { code: 'noise_nuisance', category: 'environment', name: '噪声扰民', level: 'general', department: 'enforcement', hours: HOURS.sameDay,
    card: [{}, {}, { police: 1 }, { police: 1 }] },

  // 矛盾纠纷: mediated by the social affairs office with the village mediation committee; police stand by when it heats up.
  { code: 'neighbour_dispute', category: 'dispute', name: '邻里纠纷', level: 'general', department: 'civil', hours: HOURS.routine,
    card: [{}, {}, { police: 1 }, { police: 1, volunteer: 1 }] },
  { code: 'land_contract_dispute', category: 'dispute', name: '土地承包纠纷', level: 'general', department: 'civil', hours: HOURS.long,
    card: [{}, {}, { police: 1 }, { police: 1 }] },
  { code: 'homestead_dispute', category: 'dispute', name: '宅基地纠纷', level: 'general', department: 'civil', hours: HOURS.long,
    card: [{}, {}, { police: 1 }, { police: 1 }] },
  { code: 'wage_dispute', category: 'dispute', name: '劳资纠纷', level: 'general', department: 'civil', hours: HOURS.routine,
    card: [{}, {}, { police: 1 }, { police: 1, militia: 1 }] },
  { code: 'family_dispute', category: 'dispute', name: '婚姻家庭纠纷', level: 'general', department: 'civil', hours: HOURS.routine,
    card: [{}, { police: 1 }, { police: 1 }, { police: 1, medical: 1 }] },
  { code: 'consumer_dispute', category: 'dispute', name: '消费纠纷', level: 'general', department: 'market', hours: HOURS.routine,
    card: [{}, {}, {}, { police: 1 }] },

  // 社会治安
  { code: 'fight', category: 'public_order', name: '打架斗殴', level: 'significant', department: 'police', hours: HOURS.immediate,
    card: [{ police: 1 }, { police: 1, medical: 1 }, { police: 1, medical: 1, militia: 1 }, { police: 1, medical: 1, militia: 1, emergency_team: 1 }] },
  { code: 'theft', category: 'public_order', name: '盗窃', level: 'general', department: 'police', hours: HOURS.sameDay,
    card: [{ police: 1 }, { police: 1 }, { police: 1 }, { police: 1, militia: 1 }] },
  { code: 'suspicious_person', category: 'public_order', name: '可疑人员', level: 'general', department: 'police', hours: HOURS.rapid,
    card: [{}, { police: 1 }, { police: 1, militia: 1 }, { police: 1, militia: 1, volunteer: 1 }] },
  { code: 'telecom_fraud', category: 'public_order', name: '电信网络诈骗', level: 'general', department: 'police', hours: HOURS.sameDay,
    card: [{}, { police: 1 }, { police: 1 }, { police: 1 }] },
  { code: 'gambling', category: 'public_order', name: '聚众赌博', level: 'general', department: 'police', hours: HOURS.rapid,
    card: [{ police: 1 }, { police: 1 }, { police: 1, militia: 1 }, { police: 1, militia: 1 }] },
  { code: 'missing_person', category: 'public_order', name: '人员走失', level: 'significant', department: 'police', hours: HOURS.urgent,
    card: [{ police: 1, volunteer: 1 }, { police: 1, volunteer: 2 }, { police: 1, volunteer: 3, emergency_team: 1 }, { police: 1, volunteer: 3, emergency_team: 2, militia: 1 }] },
  { code: 'illegal_fireworks', category: 'public_order', name: '违规燃放烟花爆竹', level: 'general', department: 'police', hours: HOURS.rapid,
    card: [{}, { police: 1 }, { police: 1, fire: 1 }, { police: 1, fire: 1, emergency_team: 1 }] },

  // 道路交通: the police station stands in for the traffic police (交警中队) on township roads.
  { code: 'traffic_accident', category: 'traffic', name: '交通事故', level: 'significant', department: 'police', hours: HOURS.immediate,
    card: [{ police: 1 }, { police: 1, medical: 1 }, { police: 1, medical: 1, fire: 1 }, { police: 1, medical: 1, fire: 2, emergency_team: 1 }] },
  { code: 'road_collapse', category: 'traffic', name: '道路塌陷', level: 'significant', department: 'emergency', hours: HOURS.urgent,
    card: [{ police: 1 }, { police: 1, emergency_team: 1 }, { police: 1, emergency_team: 2, water_conservancy: 1 },
      { police: 1, emergency_team: 2, water_conservancy: 1, medical: 1, power: 1 }] },
  { code: 'road_obstruction', category: 'traffic', name: '道路障碍物', level: 'general', department: 'emergency', hours: HOURS.rapid,
    card: [{}, { emergency_team: 1 }, { emergency_team: 1, police: 1 }, { emergency_team: 2, police: 1 }] },
  { code: 'road_occupation', category: 'traffic', name: '占道经营及乱停乱放', level: 'general', department: 'enforcement', hours: HOURS.sameDay,
    card: [{}, {}, { police: 1 }, { police: 1 }] },
  { code: 'traffic_facility_damaged', category: 'traffic', name: '交通设施损坏', level: 'general', department: 'police', hours: HOURS.twoDays,
    card: [{}, {}, { police: 1 }, { police: 1, power: 1 }] },

  // 市政设施: streetlights are maintained by the power station, village water supply by the water station (农村供水).
  { code: 'streetlight_broken', category: 'infrastructure', name: '路灯损坏', level: 'general', department: 'power', hours: HOURS.routine,
    card: [{}, {}, { power: 1 }, { power: 1 }] },
  { code: 'manhole_cover_missing', category: 'infrastructure', name: '窨井盖缺失', level: 'general', department: 'enforcement', hours: HOURS.rapid,
    card: [{}, { emergency_team: 1 }, { emergency_team: 1, police: 1 }, { emergency_team: 1, police: 1, medical: 1 }] },
  { code: 'water_main_burst', category: 'infrastructure', name: '供水管爆裂', level: 'general', department: 'water', hours: HOURS.rapid,
    card: [{ water_conservancy: 1 }, { water_conservancy: 1, police: 1 }, { water_conservancy: 1, police: 1, emergency_team: 1 },
      { water_conservancy: 1, police: 1, emergency_team: 2, power: 1 }] },
  { code: 'power_outage', category: 'infrastructure', name: '停电', level: 'general', department: 'power', hours: HOURS.rapid,
    card: [{ power: 1 }, { power: 1 }, { power: 1, emergency_team: 1 }, { power: 1, emergency_team: 2, police: 1, medical: 1 }] },
  { code: 'fallen_power_line', category: 'infrastructure', name: '电线断落', level: 'significant', department: 'power', hours: HOURS.immediate,
    card: [{ power: 1 }, { power: 1, police: 1 }, { power: 1, police: 1, medical: 1 }, { power: 1, police: 1, medical: 1, fire: 1 }] },
  { code: 'drain_blocked', category: 'infrastructure', name: '排水管道堵塞', level: 'general', department: 'enforcement', hours: HOURS.sameDay,
    card: [{}, {}, { emergency_team: 1 }, { emergency_team: 1, water_conservancy: 1 }] },
  { code: 'public_facility_damaged', category: 'infrastructure', name: '公共设施损坏', level: 'general', department: 'enforcement', hours: HOURS.routine,
    card: [{}, {}, {}, { emergency_team: 1 }] },

  // 食品药品
  { code: 'food_safety_hazard', category: 'food_drug', name: '食品安全隐患', level: 'general', department: 'market', hours: HOURS.twoDays,
    card: [{}, {}, { medical: 1 }, { medical: 1, police: 1 }] },
  { code: 'food_poisoning', category: 'food_drug', name: '食物中毒', level: 'significant', department: 'market', hours: HOURS.immediate,
    card: [{ medical: 1 }, { medical: 1, police: 1 }, { medical: 1, police: 1, emergency_team: 1 }, { medical: 1, police: 1, emergency_team: 2, volunteer: 2 }] },
  { code: 'rural_banquet_safety', category: 'food_drug', name: '农村集体聚餐安全隐患', level: 'general', department: 'market', hours: HOURS.sameDay,
    card: [{}, {}, { medical: 1 }, { medical: 1, police: 1 }] },
  { code: 'unlicensed_business', category: 'food_drug', name: '无证经营', level: 'general', department: 'market', hours: HOURS.long,
    card: [{}, {}, {}, { police: 1 }] },
  { code: 'expired_food', category: 'food_drug', name: '销售过期变质食品', level: 'general', department: 'market', hours: HOURS.twoDays,
    card: [{}, {}, {}, { police: 1 }] },
  { code: 'counterfeit_drugs', category: 'food_drug', name: '假劣药品', level: 'general', department: 'market', hours: HOURS.routine,
    card: [{}, {}, { police: 1 }, { police: 1, medical: 1 }] },

  // 民生服务: the social affairs office (民政) with volunteers; the health centre for illness.
  { code: 'elderly_alone_help', category: 'livelihood', name: '独居老人求助', level: 'general', department: 'civil', hours: HOURS.rapid,
    card: [{ volunteer: 1 }, { volunteer: 1, medical: 1 }, { volunteer: 1, medical: 1, police: 1 }, { volunteer: 2, medical: 1, police: 1 }] },
  { code: 'hardship_relief', category: 'livelihood', name: '困难群众救助', level: 'general', department: 'civil', hours: HOURS.routine,
    card: [{}, { volunteer: 1 }, { volunteer: 1 }, { volunteer: 2, medical: 1 }] },
  { code: 'medical_help', category: 'livelihood', name: '突发疾病求助', level: 'significant', department: 'health', hours: HOURS.immediate,
    card: [{ medical: 1 }, { medical: 1 }, { medical: 1, police: 1 }, { medical: 1, police: 1, emergency_team: 1 }] },
  { code: 'left_behind_child_care', category: 'livelihood', name: '留守儿童关爱', level: 'general', department: 'civil', hours: HOURS.routine,
    card: [{}, {}, { volunteer: 1 }, { volunteer: 1, police: 1 }] },
  { code: 'disabled_assistance', category: 'livelihood', name: '残疾人帮扶', level: 'general', department: 'civil', hours: HOURS.long,
    card: [{}, {}, { volunteer: 1 }, { volunteer: 2 }] },

  // 其他
  { code: 'drowning', category: 'other', name: '溺水救援', level: 'significant', department: 'fire', hours: HOURS.immediate,
    card: [{ fire: 1, medical: 1 }, { fire: 1, medical: 1, emergency_team: 1 }, { fire: 2, medical: 1, emergency_team: 2, police: 1 },
      { fire: 2, medical: 1, emergency_team: 3, police: 1, volunteer: 2 }] },
  { code: 'dog_bite', category: 'other', name: '犬只伤人', level: 'general', department: 'police', hours: HOURS.rapid,
    card: [{}, { police: 1 }, { police: 1, medical: 1 }, { police: 1, medical: 1, emergency_team: 1 }] },
  // Wild boars come down from the southern hills; the militia's hunting squad drives them off.
  { code: 'wild_boar', category: 'other', name: '野猪出没伤人', level: 'general', department: 'emergency', hours: HOURS.rapid,
    card: [{ militia: 1 }, { militia: 1, police: 1 }, { militia: 1, police: 1, medical: 1 }, { militia: 1, police: 1, medical: 1, emergency_team: 2 }] },
  { code: 'illegal_construction', category: 'other', name: '违法建设', level: 'general', department: 'enforcement', hours: HOURS.long,
    card: [{}, {}, { police: 1 }, { police: 1, emergency_team: 1 }] },
  { code: 'epidemic_report', category: 'other', name: '传染病疫情报告', level: 'significant', department: 'health', hours: HOURS.urgent,
    card: [{ medical: 1 }, { medical: 1, police: 1 }, { medical: 1, police: 1, volunteer: 2 }, { medical: 1, police: 1, volunteer: 3, militia: 1, emergency_team: 2 }] },
  { code: 'other_matter', category: 'other', name: '其他事项', level: 'general', department: 'emergency', hours: HOURS.routine,
    card: [{}, {}, {}, { emergency_team: 1 }] },
];

const ITEM_CODE = /^[a-z][a-z0-9]*(_[a-z0-9]+)*$/;

/**
 * The catalogue as written to catalogue.json. Throws, naming the item, when a run card asks for more
 * forces of a kind than the township has, shrinks at a higher level, or a deadline grows with the level.
 */
export function buildCatalogue(departments: readonly DepartmentRecord[], forces: readonly Force[]): EventItemRecord[] {
  const available = new Map<ForceKind, number>(FORCE_KINDS.map((k) => [k, forces.filter((f) => f.kind === k).length]));
  const townshipDepartments = new Set(departments.filter((d) => d.villageCode === null).map((d) => d.code));
  const codes = new Set<string>();
  const items = ITEMS.map((spec): EventItemRecord => {
    if (!ITEM_CODE.test(spec.code) || codes.has(spec.code)) throw new Error(`Item code "${spec.code}" is not snake_case or is used twice: rename it.`);
    codes.add(spec.code);
    const departmentCode = townshipDepartmentCode(spec.department);
    if (!townshipDepartments.has(departmentCode)) throw new Error(`Item ${spec.code} answers to ${departmentCode}, which buildDepartments() did not build.`);
    EVENT_LEVELS.forEach((level, i) => {
      if (i === 0) return;
      if ((spec.hours[i] ?? 0) > (spec.hours[i - 1] ?? 0)) throw new Error(`Item ${spec.code} is due later at ${level} than at the level below: shorten its deadline.`);
      for (const kind of FORCE_KINDS) {
        if ((spec.card[i]?.[kind] ?? 0) < (spec.card[i - 1]?.[kind] ?? 0)) throw new Error(`Item ${spec.code} sends fewer ${kind} at ${level} than at the level below: a graver level sends at least as much.`);
      }
    });
    for (const kind of FORCE_KINDS) {
      const wanted = Math.max(...spec.card.map((c) => c[kind] ?? 0));
      if (wanted > (available.get(kind) ?? 0)) throw new Error(`Item ${spec.code} sends ${wanted} ${kind} forces, the township has ${available.get(kind) ?? 0}: lower its run card.`);
    }
    return {
      code: spec.code,
      category: spec.category,
      name: spec.name,
      defaultLevel: spec.level,
      departmentCode,
      deadlineHours: byLevel((i) => spec.hours[i] ?? 0),
      runCard: byLevel((i) => cardLines(spec.card[i] ?? {})),
    };
  });
  const missing = EVENT_CATEGORIES.filter((c) => !items.some((item) => item.category === c));
  if (missing.length > 0) throw new Error(`The catalogue has no item in ${missing.join(', ')}: every category needs at least one.`);
  return items;
}

/** A record with the levels as keys, in EVENT_LEVELS order. */
function byLevel<T>(value: (index: number) => T): Record<EventLevel, T> {
  return Object.fromEntries(EVENT_LEVELS.map((level, i) => [level, value(i)])) as Record<EventLevel, T>;
}

/** A card's lines in FORCE_KINDS order, so the file does not depend on how the table was typed. */
function cardLines(card: Card): { kind: ForceKind; count: number }[] {
  return FORCE_KINDS.flatMap((kind) => {
    const count = card[kind] ?? 0;
    return count > 0 ? [{ kind, count }] : [];
  });
}
