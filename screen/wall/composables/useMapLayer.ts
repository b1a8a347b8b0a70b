// A map layer fed by GET /layers/:name: one PrimitiveCollection added when the viewer exists, filled by
// `draw` once the GeoJSON arrives, removed (and so destroyed) when the viewer goes or the scope ends.
// A failed load is tried again whenever `retry` changes (e.g. when the hub connects).
import { PrimitiveCollection, type Viewer } from 'cesium';
import { ref, watch, type ShallowRef, type WatchSource } from 'vue';
import type { LayerName } from '../../../contract/api.ts';
import type { FeatureCollection } from '../../shared/geojson.ts';
import { errorText, isAbort, type LoadState } from '../../shared/hubApi.ts';
import { fetchLayer } from './hubApi.ts';
import { setLayerCount } from './wallHooks.ts';

/** Draws the features into the collection and answers how many features it drew. */
export type DrawLayer = (features: FeatureCollection, collection: PrimitiveCollection) => number;

export function useMapLayer(viewer: ShallowRef<Viewer | null>, name: LayerName, draw: DrawLayer, retry?: WatchSource) {
  const state = ref<LoadState>('idle');
  const error = ref<string | null>(null);

  watch(
    viewer,
    (current, _previous, onCleanup) => {
      if (!current) return;
      const v = current;
      const collection = v.scene.primitives.add(new PrimitiveCollection()) as PrimitiveCollection;
      let request = new AbortController();

      function load() {
        request.abort();
        const current = (request = new AbortController());
        state.value = 'loading';
        fetchLayer(name, current.signal)
          .then((features) => {
            if (current.signal.aborted) return;
            collection.removeAll();
            setLayerCount(name, draw(features, collection));
            v.scene.requestRender();
            state.value = 'done';
            error.value = null;
          })
          .catch((cause: unknown) => {
            if (isAbort(cause)) return;
            state.value = 'error';
            error.value = errorText(cause);
            console.warn(`layer ${name}: ${error.value}`);
          });
      }

      load();
      const stopRetry = retry ? watch(retry, () => state.value === 'error' && load()) : undefined;
      onCleanup(() => {
        stopRetry?.();
        request.abort();
        setLayerCount(name, undefined);
        if (!v.isDestroyed()) {
          v.scene.primitives.remove(collection);
          v.scene.requestRender();
        }
      });
    },
    { immediate: true },
  );

  return { state, error };
}
