// What map layers and the terrain have in common: per viewer, something fetched from the hub and
// shown on it. A newer load overtakes (aborts) an older one, a failed load is tried again whenever
// `retry` changes (e.g. when the hub connects), what was fetched is shown again whenever `redraw`
// changes (e.g. the relief it stands on), and everything is undone when the viewer goes or the
// caller's scope ends.
import type { Viewer } from 'cesium';
import { ref, watch, type ShallowRef, type WatchSource } from 'vue';
import { errorText, isAbort, type LoadState } from '../../shared/hubApi.ts';

/** What one viewer gets: opened when the viewer exists, disposed with it. */
export interface ViewerLoad<T> {
  /** Fetches what to show; the signal aborts when a newer load overtakes it or the viewer goes. */
  fetch(signal: AbortSignal): Promise<T>;
  /** Shows the fetched value (again after a retry). */
  show(value: T): void;
  /** Undoes everything on the viewer (it may already be destroyed). */
  dispose(): void;
}

export interface ViewerLoadTriggers {
  /** A failed load is tried again when this changes. */
  retry?: WatchSource;
  /** The last fetched value is shown again when this changes. */
  redraw?: WatchSource;
}

export function useViewerLoad<T>(viewer: ShallowRef<Viewer | null>, label: string, open: (viewer: Viewer) => ViewerLoad<T>, { retry, redraw }: ViewerLoadTriggers = {}) {
  const state = ref<LoadState>('idle');
  const error = ref<string | null>(null);

  watch(
    viewer,
    (current, _previous, onCleanup) => {
      if (!current) return;
      const v = current;
      const opened = open(v);
      let request = new AbortController();
      let shown: { value: T } | null = null;

      function show(value: T) {
        opened.show(value);
        shown = { value };
        v.scene.requestRender();
        state.value = 'done';
        error.value = null;
      }

      function load() {
        request.abort();
        const mine = (request = new AbortController());
        state.value = 'loading';
        opened.fetch(mine.signal)
          .then((value) => {
            if (mine.signal.aborted || v.isDestroyed()) return;
            show(value);
          })
          .catch((cause: unknown) => {
            if (isAbort(cause) || mine.signal.aborted) return;
            state.value = 'error';
            error.value = errorText(cause);
            console.warn(`${label}: ${error.value}`);
          });
      }

      load();
      const stopRetry = retry ? watch(retry, () => state.value === 'error' && load()) : undefined;
      const stopRedraw = redraw ? watch(redraw, () => {
        if (shown && !v.isDestroyed()) show(shown.value);
      }) : undefined;
      onCleanup(() => {
        stopRetry?.();
        stopRedraw?.();
        request.abort();
        opened.dispose();
        if (!v.isDestroyed()) v.scene.requestRender();
      });
    },
    { immediate: true },
  );

  return { state, error };
}
