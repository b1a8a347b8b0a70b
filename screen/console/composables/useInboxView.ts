// The inbox page's view: the filter from the address bar (changing it replaces the query, so the
// browser's back button and a shared link restore it), and the rows, counts and filter options from
// the console's inbox index, recomputed only when the index, the filter or an event's timing changes.
import { computed } from 'vue';
import { useRoute, useRouter } from 'vue-router';
import type { EventSummary } from '../../../contract/api.ts';
import { useNow } from '../../shared/useNow.ts';
import type { InboxFilter } from './inbox.ts';
import { filterFromQuery, queryFromFilter } from './inboxQuery.ts';
import { useConsoleHub } from './useConsoleHub.ts';

export interface FacetOption {
  value: string;
  label: string;
  count: number;
}

export function useInboxView() {
  const { inbox } = useConsoleHub();
  const route = useRoute();
  const router = useRouter();
  const now = useNow();

  const filter = computed(() => filterFromQuery(route.query));
  function setFilter(next: InboxFilter): void {
    const lang = route.query.lang;
    void router.replace({ query: { ...queryFromFilter(next), ...(lang ? { lang } : {}) } });
  }

  // `version` changes with every push; the index answers from its cached view when nothing it shows changed.
  const rows = computed(() => {
    void inbox.version.value;
    // The index's own copy, handed out until the next change; the virtual table never writes to it.
    return inbox.items.rows(filter.value, now.value.getTime()) as EventSummary[];
  });
  const timing = computed(() => {
    void inbox.version.value;
    return inbox.items.timingCounts(now.value.getTime());
  });

  const villages = computed<FacetOption[]>(() => {
    void inbox.version.value;
    return [...inbox.items.facetCounts('village')].map(([value, count]) => ({ value, label: value, count })).sort(byLabel);
  });
  /** Grids with open events, of the chosen villages when some are chosen. */
  const grids = computed<FacetOption[]>(() => {
    void inbox.version.value;
    const chosen = filter.value.village;
    return [...inbox.items.facetCounts('grid')]
      .map(([value, count]) => ({ value, count, grid: inbox.items.grid(value) }))
      .filter(({ grid }) => chosen.length === 0 || (grid !== undefined && chosen.includes(grid.village)))
      .map(({ value, count, grid }) => ({ value, count, label: grid?.name ?? value }))
      .sort(byLabel);
  });
  const counts = computed(() => {
    void inbox.version.value;
    return {
      total: inbox.items.size,
      status: inbox.items.facetCounts('status'),
      level: inbox.items.facetCounts('level'),
      category: inbox.items.facetCounts('category'),
      source: inbox.items.facetCounts('source'),
    };
  });

  return { filter, setFilter, rows, timing, villages, grids, counts, now, state: inbox.state, error: inbox.error, statusSince: (id: number) => inbox.items.statusSince(id) };
}

const byLabel = (a: FacetOption, b: FacetOption) => a.label.localeCompare(b.label, 'zh-CN');
