// The catalogue page's view: its filter survives the address bar, the rows are those of the chosen
// categories that hold the text, a run card reads in a few words, and villages and forces are named
// from the map when there is one, else from the catalogue, else by code.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Department, EventItem } from '../../contract/closedLoop.ts';
import { EVENT_CATEGORIES } from '../../contract/domain.ts';
import {
  catalogueFilterFromQuery, EMPTY_CATALOGUE_FILTER, filterDepartments, filterItems, placeNames, queryFromCatalogueFilter, runCardText, type CatalogueFilter,
} from '../../screen/console/composables/catalogueView.ts';

const item = (code: string, name: string, category: EventItem['category'], departmentCode: string): EventItem => ({
  code, name, category, departmentCode, defaultLevel: 'general',
  deadlineHours: { general: 24, significant: 12, major: 6, extraordinary: 2 },
  runCard: { general: [], significant: [], major: [], extraordinary: [] },
  active: true, updatedAt: '2026-11-21T00:00:00.000Z', updatedBy: 'seed',
});
const department = (code: string, name: string, villageCode: string | null, forces: string[] = []): Department => ({
  code, name, kind: villageCode ? 'village' : 'police', villageCode, contactName: `${name}联系人`, phone: '0570****349', lon: 119.1, lat: 29.06, forces,
});

const ITEMS = [
  item('gas_cylinder_leak', '液化气瓶泄漏', 'safety_hazard', 'DEP-EMERGENCY'),
  item('house_fire', '民房火灾', 'fire', 'DEP-FIRE'),
  item('embankment_seepage', '堤防渗水管涌', 'flood', 'DEP-WATER'),
  item('noise_dispute', '噪声扰民纠纷', 'dispute', 'DEP-V-1'),
];
const DEPARTMENTS = [
  department('DEP-FIRE', '湖镇专职消防队', null, ['FRC-002']),
  department('DEP-WATER', '湖镇水利站', null),
  department('DEP-V-1', '新光村村委会', '330825101200'),
];
const departmentName = (code: string) => DEPARTMENTS.find((d) => d.code === code)?.name;

const filterArb: fc.Arbitrary<CatalogueFilter> = fc.record({
  tab: fc.constantFrom('items' as const, 'departments' as const),
  category: fc.subarray([...EVENT_CATEGORIES]),
  text: fc.oneof(fc.constant(''), fc.constantFrom('火', 'FIRE', '水利', 'leak', '村委'), fc.string({ maxLength: 4 })),
});

describe('the catalogue page\'s view', () => {
  it('restores the same filter from the address it writes, and writes nothing for the plain view', () => {
    fc.assert(fc.property(filterArb, (filter) => {
      const restored = catalogueFilterFromQuery(queryFromCatalogueFilter(filter));
      expect(restored).toEqual({ ...filter, category: EVENT_CATEGORIES.filter((c) => filter.category.includes(c)), text: filter.text.trim() });
    }));
    expect(queryFromCatalogueFilter(EMPTY_CATALOGUE_FILTER)).toEqual({});
  });

  it('drops what the address bar holds but the domain does not know', () => {
    expect(catalogueFilterFromQuery({ tab: 'people', category: 'fire,arson,,flood', q: '  渗水 ' })).toEqual({ tab: 'items', category: ['fire', 'flood'], text: '渗水' });
    expect(catalogueFilterFromQuery({ tab: ['departments', 'items'], category: null })).toEqual({ tab: 'departments', category: [], text: '' });
  });

  it('keeps the items of the chosen categories whose name, code or department holds the text, in their order', () => {
    fc.assert(fc.property(filterArb, (filter) => {
      const needle = filter.text.trim().toLowerCase();
      const expected = ITEMS.filter((i) => (filter.category.length === 0 || filter.category.includes(i.category))
        && [i.name, i.code, departmentName(i.departmentCode) ?? ''].some((s) => s.toLowerCase().includes(needle)));
      expect(filterItems(ITEMS, filter, departmentName)).toEqual(expected);
    }));
    expect(filterItems(ITEMS, { ...EMPTY_CATALOGUE_FILTER, text: '消防队' }, departmentName).map((i) => i.code)).toEqual(['house_fire']);
    expect(filterItems(ITEMS, { ...EMPTY_CATALOGUE_FILTER, text: 'LEAK' }, departmentName).map((i) => i.code)).toEqual(['gas_cylinder_leak']);
  });

  it('finds departments by name, contact or village name, whatever categories the items tab had chosen', () => {
    const names = placeNames(DEPARTMENTS, null);
    const find = (text: string) => filterDepartments(DEPARTMENTS, { tab: 'departments', category: ['fire'], text }, names.village).map((d) => d.code);
    expect(find('')).toEqual(['DEP-FIRE', 'DEP-WATER', 'DEP-V-1']);
    expect(find('水利站联系人')).toEqual(['DEP-WATER']);
    expect(find('新光')).toEqual(['DEP-V-1']);
  });

  it('says a run card in a few words, and says so when a level sends nobody', () => {
    const label = (kind: string) => ({ police: '公安', fire: '消防' })[kind] ?? kind;
    expect(runCardText([{ kind: 'police', count: 1 }, { kind: 'fire', count: 2 }], label, '不派力量')).toBe('公安×1、消防×2');
    expect(runCardText([], label, '不派力量')).toBe('不派力量');
  });

  it('names villages and forces from the map, else the village\'s committee, else the code', () => {
    const withoutMap = placeNames(DEPARTMENTS, null);
    expect(withoutMap.village('330825101200')).toBe('新光村村委会');
    expect(withoutMap.village('330825101999')).toBe('330825101999');
    expect(withoutMap.force('FRC-002')).toBe('FRC-002');
    const map = {
      villages: { features: [{ properties: { code: '330825101200', name: '新光村' } }] },
      forces: { features: [{ properties: { code: 'FRC-002', name: '湖镇专职消防队' } }] },
    };
    const withMap = placeNames(DEPARTMENTS, map);
    expect(withMap.village('330825101200')).toBe('新光村');
    expect(withMap.force('FRC-002')).toBe('湖镇专职消防队');
  });
});
