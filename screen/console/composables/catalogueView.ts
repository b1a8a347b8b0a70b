// What the catalogue page shows: the tab, the categories and the text it is filtered by, kept in the
// address bar (?tab=departments&category=fire,flood&q=派出所) so a view can be shared; the rows
// that match; and the names a department's village and forces go by.
import type { Department, EventItem, RunCardLine } from '../../../contract/closedLoop.ts';
import { EVENT_CATEGORIES, type EventCategory } from '../../../contract/domain.ts';
import type { Query, QueryValue } from './inboxQuery.ts';

export const CATALOGUE_TABS = ['items', 'departments'] as const;
export type CatalogueTab = (typeof CATALOGUE_TABS)[number];

export interface CatalogueFilter {
  tab: CatalogueTab;
  category: EventCategory[];
  text: string;
}

export const EMPTY_CATALOGUE_FILTER: CatalogueFilter = { tab: 'items', category: [], text: '' };

const first = (value: QueryValue): string => (Array.isArray(value) ? value[0] : value) ?? '';

export function catalogueFilterFromQuery(query: Query): CatalogueFilter {
  const tab = first(query.tab);
  const categories = first(query.category).split(',').map((c) => c.trim());
  return {
    tab: (CATALOGUE_TABS as readonly string[]).includes(tab) ? (tab as CatalogueTab) : 'items',
    // Unknown categories are dropped; the order is the catalogue's, so one view has one address.
    category: EVENT_CATEGORIES.filter((c) => categories.includes(c)),
    text: first(query.q).trim(),
  };
}

/** Only what differs from the plain view, so the plain catalogue has a plain address. */
export function queryFromCatalogueFilter(filter: CatalogueFilter): Record<string, string> {
  const query: Record<string, string> = {};
  if (filter.tab !== 'items') query.tab = filter.tab;
  const category = EVENT_CATEGORIES.filter((c) => filter.category.includes(c));
  if (category.length > 0) query.category = category.join(',');
  if (filter.text.trim()) query.q = filter.text.trim();
  return query;
}

const matches = (needle: string, ...haystack: (string | null | undefined)[]) =>
  needle === '' || haystack.some((text) => text?.toLowerCase().includes(needle));

/** Items of the chosen categories (all when none is chosen) whose name, code or department's name holds the text. */
export function filterItems(items: readonly EventItem[], filter: CatalogueFilter, departmentName: (code: string) => string | undefined): EventItem[] {
  const needle = filter.text.trim().toLowerCase();
  return items.filter((item) => (filter.category.length === 0 || filter.category.includes(item.category))
    && matches(needle, item.name, item.code, departmentName(item.departmentCode)));
}

/** Departments whose name, code, contact or village holds the text (categories are the items' only). */
export function filterDepartments(departments: readonly Department[], filter: CatalogueFilter, villageName: (code: string) => string): Department[] {
  const needle = filter.text.trim().toLowerCase();
  return departments.filter((d) => matches(needle, d.name, d.code, d.contactName, d.villageCode === null ? null : villageName(d.villageCode)));
}

/** A run card in a few words: "公安×1、消防×2", or `none` for a level that sends no force. */
export function runCardText(lines: readonly RunCardLine[], forceLabel: (kind: RunCardLine['kind']) => string, none: string): string {
  return lines.length === 0 ? none : lines.map((line) => `${forceLabel(line.kind)}×${line.count}`).join('、');
}

/** The part of a map layer (useTownshipMap's villages or forces) that names things. */
interface NamedFeatures {
  features: readonly { properties: { code: string; name: string } }[];
}

export interface PlaceNames {
  village(code: string): string;
  force(code: string): string;
}

/**
 * Names for a department's village and forces: from the township map when the role may read it
 * (the administrator may not), else the village's committee in the catalogue, else the code.
 */
export function placeNames(departments: readonly Department[], map: { villages: NamedFeatures; forces: NamedFeatures } | null): PlaceNames {
  const villages = new Map<string, string>();
  for (const d of departments) if (d.kind === 'village' && d.villageCode !== null) villages.set(d.villageCode, d.name);
  for (const v of map?.villages.features ?? []) villages.set(v.properties.code, v.properties.name);
  const forces = new Map((map?.forces.features ?? []).map((f) => [f.properties.code, f.properties.name]));
  return {
    village: (code) => villages.get(code) ?? code,
    force: (code) => forces.get(code) ?? code,
  };
}
