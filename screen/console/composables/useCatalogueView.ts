// The catalogue page's view: the catalogue (loaded when the page opens, reloaded after an edit), the
// filter from the address bar (changing it replaces the query, so back and a shared link restore
// it), the rows that match, and the names of villages and forces (from the township map for a role
// that may read it: the administrator may not, and is not asked to).
import { computed, shallowRef } from 'vue';
import { useRoute, useRouter } from 'vue-router';
import type { TownshipMap } from './useTownshipMap.ts';
import { catalogueFilterFromQuery, filterDepartments, filterItems, placeNames, queryFromCatalogueFilter, type CatalogueFilter } from './catalogueView.ts';
import { can } from './session.ts';
import { useCatalogue } from './useCatalogue.ts';
import { useTownshipMap } from './useTownshipMap.ts';

export function useCatalogueView() {
  const catalogue = useCatalogue();
  const route = useRoute();
  const router = useRouter();
  const map = can('map.read') ? useTownshipMap().map : shallowRef<TownshipMap | null>(null);

  const filter = computed(() => catalogueFilterFromQuery(route.query));
  function setFilter(next: CatalogueFilter): void {
    const lang = route.query.lang;
    void router.replace({ query: { ...queryFromCatalogueFilter(next), ...(lang ? { lang } : {}) } });
  }

  const allItems = computed(() => catalogue.catalogue.value?.items ?? []);
  const allDepartments = computed(() => catalogue.catalogue.value?.departments ?? []);
  const departmentName = (code: string) => catalogue.departments.value.get(code)?.name ?? code;
  const names = computed(() => placeNames(allDepartments.value, map.value));
  const items = computed(() => filterItems(allItems.value, filter.value, departmentName));
  const departments = computed(() => filterDepartments(allDepartments.value, filter.value, names.value.village));
  /** Villages a department may serve: those with a committee in the catalogue, named as the table names them. */
  const villages = computed(() => [...new Set(allDepartments.value.flatMap((d) => (d.villageCode === null ? [] : [d.villageCode])))]
    .map((code) => ({ code, name: names.value.village(code) }))
    .sort((a, b) => a.name.localeCompare(b.name, 'zh-CN')));

  return {
    state: catalogue.state, error: catalogue.error, reload: catalogue.reload, filter, setFilter,
    items, departments, total: { items: computed(() => allItems.value.length), departments: computed(() => allDepartments.value.length) },
    allDepartments, departmentName, names, villages,
  };
}
