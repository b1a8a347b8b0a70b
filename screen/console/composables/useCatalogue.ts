// The event catalogue (事项清单) and its departments, with lookups. Loaded when a page opens it and
// again on reload() (after an administrator's edit: there is no push for catalogue edits); a load
// overtaken by a newer one is dropped, and the one in flight is aborted with the caller's scope.
import { computed, onScopeDispose, shallowRef } from 'vue';
import type { Catalogue, Department, EventItem } from '../../../contract/closedLoop.ts';
import { EVENT_CATEGORIES, type EventCategory } from '../../../contract/domain.ts';
import { errorText, isAbort, type LoadState } from '../../shared/hubApi.ts';
import { fetchCatalogue } from '../api/reference.ts';

export function useCatalogue() {
  const catalogue = shallowRef<Catalogue | null>(null);
  const state = shallowRef<LoadState>('loading');
  const error = shallowRef<string | null>(null);
  let request: AbortController | undefined;

  async function reload(): Promise<void> {
    request?.abort();
    const current = (request = new AbortController());
    state.value = 'loading';
    try {
      const answer = await fetchCatalogue(current.signal);
      if (current.signal.aborted) return;
      catalogue.value = answer;
      state.value = 'done';
      error.value = null;
    } catch (cause) {
      if (isAbort(cause) || current.signal.aborted) return;
      state.value = 'error';
      error.value = errorText(cause);
    }
  }
  void reload();
  onScopeDispose(() => request?.abort());

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

  return { catalogue, state, error, groups, item, department, departments, reload };
}
