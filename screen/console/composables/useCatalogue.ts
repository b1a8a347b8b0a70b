// The event catalogue (事项清单) and its departments, loaded once per session, with lookups.
import { computed, shallowRef } from 'vue';
import type { Catalogue, Department, EventItem } from '../../../contract/closedLoop.ts';
import { EVENT_CATEGORIES, type EventCategory } from '../../../contract/domain.ts';
import { errorText, type LoadState } from '../../shared/hubApi.ts';
import { fetchCatalogue } from '../api/reference.ts';

export function useCatalogue() {
  const catalogue = shallowRef<Catalogue | null>(null);
  const state = shallowRef<LoadState>('loading');
  const error = shallowRef<string | null>(null);
  fetchCatalogue()
    .then((answer) => {
      catalogue.value = answer;
      state.value = 'done';
    })
    .catch((cause: unknown) => {
      state.value = 'error';
      error.value = errorText(cause);
    });

  const items = computed(() => new Map((catalogue.value?.items ?? []).filter((i) => i.active).map((i) => [i.code, i])));
  const departments = computed(() => new Map((catalogue.value?.departments ?? []).map((d) => [d.code, d])));
  /** Active items grouped by category, in the catalogue's category order. */
  const groups = computed(() => {
    const byCategory = new Map<EventCategory, EventItem[]>();
    for (const item of items.value.values()) {
      const group = byCategory.get(item.category) ?? [];
      group.push(item);
      byCategory.set(item.category, group);
    }
    return EVENT_CATEGORIES.filter((c) => byCategory.has(c)).map((category) => ({ category, items: byCategory.get(category)! }));
  });

  const item = (code: string | null | undefined): EventItem | undefined => (code ? items.value.get(code) : undefined);
  const department = (code: string | null | undefined): Department | undefined => (code ? departments.value.get(code) : undefined);

  return { catalogue, state, error, groups, item, department, departments };
}
