// Checks the committed departments and event catalogue (gis-data/huzhen/catalogue.json) against the
// other files: owners that exist, deadlines that tighten with the level, run cards the township can send.
import * as turf from '@turf/turf';
import { describe, expect, it } from 'vitest';
import { DEPARTMENT_KINDS, EVENT_CATEGORIES, EVENT_LEVELS, FORCE_KINDS, type DepartmentKind, type ForceKind } from '../../contract/domain.ts';
import { readGisData } from '../../gis-data/read.ts';

const data = readGisData();
const { departments, items } = data.catalogue;
const departmentByCode = new Map(departments.map((d) => [d.code, d]));
const townshipDepartments = departments.filter((d) => d.villageCode === null);
const forces = data.forces.features.map((f) => f.properties);
const forcesOf = (kind: ForceKind) => forces.filter((f) => f.kind === kind).length;
const villageOfGrid = new Map(data.grids.features.map((g) => [g.properties.code, g.properties.villageCode]));
const township = data.township.features[0]?.geometry;
const MIN_ITEMS = 40;

/** Who may own a force of each kind: the township department of that trade, or a village committee for village teams. */
const OWNER_KINDS: Record<ForceKind, readonly DepartmentKind[]> = {
  police: ['police'],
  fire: ['fire', 'village'],
  medical: ['health'],
  emergency_team: ['emergency', 'village'],
  militia: ['armed'],
  volunteer: ['volunteer', 'village'],
  power: ['power'],
  water_conservancy: ['water'],
};

describe('departments', () => {
  it('has one township department of every kind but village, coded DEP-<KIND> and named after 湖镇', () => {
    const kinds = DEPARTMENT_KINDS.filter((k) => k !== 'village');
    expect(townshipDepartments.map((d) => d.kind)).toEqual(kinds);
    for (const d of townshipDepartments) {
      expect(d.code).toBe(`DEP-${d.kind.toUpperCase()}`);
      expect(d.name.startsWith('湖镇'), d.name).toBe(true);
      expect(d.name.startsWith('湖镇镇'), d.name).toBe(false);
    }
    expect(townshipDepartments.map((d) => d.name)).toEqual(expect.arrayContaining(['湖镇派出所', '湖镇专职消防队', '湖镇中心卫生院', '湖镇新时代文明实践所']));
  });

  it('gives every village and community its committee, standing at its committee place', () => {
    const committees = departments.filter((d) => d.kind === 'village');
    expect(committees).toHaveLength(data.villages.features.length);
    for (const v of data.villages.features.map((f) => f.properties)) {
      const committee = departmentByCode.get(`DEP-V-${v.code}`);
      expect(committee, v.name).toBeDefined();
      expect(committee?.kind).toBe('village');
      expect(committee?.villageCode).toBe(v.code);
      expect(committee?.name).toBe(v.kind === '社区' ? `${v.name}居委会` : `${v.name}村委会`);
      const place = data.places.features.find((p) => p.properties.kind === 'village_committee' && p.properties.villageCode === v.code);
      if (place) expect([committee?.lon, committee?.lat], v.name).toEqual(place.geometry.coordinates);
    }
  });

  it('has unique codes, a contact person and a phone for each, and stands inside the township', () => {
    expect(new Set(departments.map((d) => d.code)).size).toBe(departments.length);
    for (const d of departments) {
      expect(d.contactName, d.code).toMatch(/^[\u4e00-\u9fff]{2,3}$/);
      expect(d.phone, d.code).toMatch(d.villageCode === null ? /^0570-7\d{6}$/ : /^1\d{10}$/);
      expect(turf.booleanPointInPolygon([d.lon, d.lat], township!), d.code).toBe(true);
    }
  });

  it('gives every force an owner that exists and fits its kind; a village team belongs to the committee of its own village', () => {
    for (const f of forces) {
      const owner = departmentByCode.get(f.departmentCode);
      expect(owner, `${f.code} ${f.name}`).toBeDefined();
      expect(OWNER_KINDS[f.kind], `${f.code} ${f.name}`).toContain(owner?.kind);
      if (owner?.kind === 'village') expect(owner.villageCode, f.name).toBe(villageOfGrid.get(f.gridCode));
    }
  });

  it('makes the township station of each trade belong to its department', () => {
    const ownerOf = (name: string) => forces.find((f) => f.name === name)?.departmentCode;
    expect(ownerOf('湖镇派出所')).toBe('DEP-POLICE');
    expect(ownerOf('湖镇专职消防队')).toBe('DEP-FIRE');
    expect(ownerOf('湖镇镇卫生院急救点')).toBe('DEP-HEALTH');
    expect(ownerOf('湖镇镇民兵应急分队')).toBe('DEP-ARMED');
  });
});

describe('the event catalogue', () => {
  it(`has at least ${MIN_ITEMS} items covering every category, with unique snake_case codes and unique Chinese names`, () => {
    expect(items.length).toBeGreaterThanOrEqual(MIN_ITEMS);
    for (const category of EVENT_CATEGORIES) expect(items.some((i) => i.category === category), category).toBe(true);
    for (const i of items) {
      expect(EVENT_CATEGORIES).toContain(i.category);
      expect(i.code).toMatch(/^[a-z][a-z0-9]*(_[a-z0-9]+)*$/);
      expect(i.name, i.code).toMatch(/^[\u4e00-\u9fff]+$/);
      expect(EVENT_LEVELS).toContain(i.defaultLevel);
    }
    expect(new Set(items.map((i) => i.code)).size).toBe(items.length);
    expect(new Set(items.map((i) => i.name)).size).toBe(items.length);
  });

  it('puts every item in the hands of a township department that exists', () => {
    for (const i of items) {
      const department = departmentByCode.get(i.departmentCode);
      expect(department, i.code).toBeDefined();
      expect(department?.villageCode, i.code).toBeNull();
    }
  });

  it('sets a deadline in whole hours for every level, never later for a graver level', () => {
    for (const i of items) {
      expect(Object.keys(i.deadlineHours), i.code).toEqual([...EVENT_LEVELS]);
      const hours = EVENT_LEVELS.map((level) => i.deadlineHours[level]);
      for (const h of hours) {
        expect(Number.isInteger(h), i.code).toBe(true);
        expect(h, i.code).toBeGreaterThan(0);
      }
      for (let k = 1; k < hours.length; k++) expect(hours[k], `${i.code} ${EVENT_LEVELS[k]}`).toBeLessThanOrEqual(hours[k - 1] ?? 0);
    }
  });

  it('never asks for more forces of a kind than the township has', () => {
    for (const i of items) {
      for (const level of EVENT_LEVELS) {
        for (const line of i.runCard[level]) {
          expect(FORCE_KINDS, i.code).toContain(line.kind);
          expect(Number.isInteger(line.count) && line.count > 0, `${i.code} ${level} ${line.kind}`).toBe(true);
          expect(line.count, `${i.code} ${level} ${line.kind}`).toBeLessThanOrEqual(forcesOf(line.kind));
        }
      }
    }
  });

  it('has a run card for every level that names each kind once and sends at a graver level at least what the level below sends', () => {
    const count = (lines: { kind: ForceKind; count: number }[], kind: ForceKind) => lines.find((l) => l.kind === kind)?.count ?? 0;
    for (const i of items) {
      expect(Object.keys(i.runCard), i.code).toEqual([...EVENT_LEVELS]);
      for (const level of EVENT_LEVELS) {
        const kinds = i.runCard[level].map((l) => l.kind);
        expect(new Set(kinds).size, `${i.code} ${level}`).toBe(kinds.length);
      }
      for (let k = 1; k < EVENT_LEVELS.length; k++) {
        const [lower, higher] = [i.runCard[EVENT_LEVELS[k - 1]!], i.runCard[EVENT_LEVELS[k]!]];
        for (const kind of FORCE_KINDS) expect(count(higher, kind), `${i.code} ${EVENT_LEVELS[k]} ${kind}`).toBeGreaterThanOrEqual(count(lower, kind));
      }
    }
  });

  it('sends forces at the gravest level of every item, and at every level of fires, fights and accidents', () => {
    for (const i of items) expect(i.runCard.extraordinary.length, i.code).toBeGreaterThan(0);
    for (const code of ['fire_residential', 'fire_forest', 'fight', 'traffic_accident']) {
      const item = items.find((i) => i.code === code);
      expect(item, code).toBeDefined();
      for (const level of EVENT_LEVELS) expect(item?.runCard[level].length, `${code} ${level}`).toBeGreaterThan(0);
    }
  });
});
