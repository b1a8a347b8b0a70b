// A list read from the hub and kept up to date by pushed facts. A load's answer may predate facts
// that arrived while it was on its way, so those are applied again on top of it; a load overtaken by
// a newer one is dropped. The owner keeps the items (replace/apply); this keeps the order right.
import { onScopeDispose, ref } from 'vue';
import { errorText, isAbort, type LoadState } from './hubApi.ts';

export interface LiveListOptions<Item> {
  fetch: (signal: AbortSignal) => Promise<Item[]>;
  /** The list is now exactly these items. */
  replace: (items: Item[]) => void;
  /** One pushed item (new, changed or gone) onto the list. */
  apply: (item: Item) => void;
  /** A load failed (its message is also in `error`). */
  onError?: (message: string) => void;
}

export function useLiveList<Item>({ fetch, replace, apply, onError }: LiveListOptions<Item>) {
  const state = ref<LoadState>('idle');
  const error = ref<string | null>(null);
  let request: AbortController | undefined;
  /** Items pushed while a load is in flight: its answer may predate them. */
  let pushedDuringLoad: Item[] = [];

  async function load(): Promise<void> {
    request?.abort();
    const current = (request = new AbortController());
    pushedDuringLoad = [];
    state.value = 'loading';
    try {
      const items = await fetch(current.signal);
      if (current.signal.aborted) return;
      replace(items);
      for (const item of pushedDuringLoad) apply(item);
      state.value = 'done';
      error.value = null;
    } catch (cause) {
      if (isAbort(cause) || current.signal.aborted) return;
      state.value = 'error';
      error.value = errorText(cause);
      onError?.(error.value);
    } finally {
      if (request === current) {
        request = undefined;
        pushedDuringLoad = [];
      }
    }
  }

  function push(item: Item): void {
    if (request) pushedDuringLoad.push(item);
    apply(item);
  }

  onScopeDispose(() => request?.abort());

  return { state, error, load, push };
}
