// One event whole (GET /events/{id}), kept current: any fact about it (its summary, a task, a
// notice) fetches it again, coalesced, with an overtaken request dropped. Unmasking the reporter is
// one audited request with a reason; what it showed is kept while the page stays on the event, and
// later refreshes are masked (so the audit log holds one row per decision, not one per push).
import { onScopeDispose, ref, shallowRef, watch, type Ref } from 'vue';
import type { EventDetail } from '../../../contract/closedLoop.ts';
import { isAbort, type LoadState } from '../../shared/hubApi.ts';
import { fetchEventDetail } from '../api/events.ts';
import { useConsoleHub } from './useConsoleHub.ts';
import { useRefusalText } from './refusal.ts';

/** Facts about one event come in bursts (a dispatch is an event and a task per party): fetch once per burst. */
const REFRESH_COALESCE_MS = 100;

export interface Unmasked {
  reporterName: string | null;
  reporterPhone: string | null;
  /** Linked reports' reporters, by report id. */
  reports: Map<number, { reporterName: string | null; reporterPhone: string | null }>;
}

export function useEventDetail(id: Ref<number>) {
  const hub = useConsoleHub();
  const refusalText = useRefusalText();
  const detail = shallowRef<EventDetail | null>(null);
  const state = ref<LoadState>('idle');
  const error = ref<string | null>(null);
  const unmasked = shallowRef<Unmasked | null>(null);
  let request: AbortController | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  /** An unmask under way is never overtaken by a refresh: the hub has audited it, so its answer must show. */
  let unmasking: Promise<boolean> | null = null;

  async function load(unmaskReason?: string): Promise<boolean> {
    request?.abort();
    const current = (request = new AbortController());
    const eventId = id.value;
    state.value = 'loading';
    try {
      const answer = await fetchEventDetail(eventId, current.signal, unmaskReason);
      if (current.signal.aborted) return false;
      detail.value = answer;
      if (answer.unmasked) {
        unmasked.value = {
          reporterName: answer.event.reporterName,
          reporterPhone: answer.event.reporterPhone,
          reports: new Map(answer.reports.map((r) => [r.id, { reporterName: r.reporterName, reporterPhone: r.reporterPhone }])),
        };
      }
      state.value = 'done';
      error.value = null;
      return true;
    } catch (cause) {
      if (isAbort(cause)) return false;
      state.value = 'error';
      error.value = refusalText(cause);
      return false;
    }
  }

  watch(
    id,
    (eventId, _previous, onCleanup) => {
      detail.value = null;
      unmasked.value = null;
      void load();
      const stop = hub.watchEvent(eventId, () => {
        clearTimeout(timer);
        timer = setTimeout(() => void (unmasking ? unmasking.then(() => load()) : load()), REFRESH_COALESCE_MS);
      });
      onCleanup(() => {
        stop();
        clearTimeout(timer);
      });
    },
    { immediate: true },
  );

  onScopeDispose(() => {
    request?.abort();
    clearTimeout(timer);
  });

  /** Shows the reporter whole, for a reason the hub writes to its audit log. */
  const unmask = async (reason: string): Promise<boolean> => {
    unmasking = load(reason);
    try {
      return await unmasking;
    } finally {
      unmasking = null;
    }
  };

  return { detail, state, error, unmasked, reload: () => load(), unmask };
}
