// A map layer fed by GET /layers/:name: one PrimitiveCollection added when the viewer exists, filled by
// `draw` once the GeoJSON arrives, removed (and so destroyed) when the viewer goes or the scope ends.
// A failed load is tried again whenever `retry` changes (e.g. when the hub connects); the layer is
// drawn again whenever `redraw` changes (the relief under it). `ready`, when given, is waited for
// before drawing (e.g. what ground primitives need to be built at once).
import { PrimitiveCollection, type Viewer } from 'cesium';
import type { ShallowRef } from 'vue';
import type { LayerName } from '../../../contract/api.ts';
import type { FeatureCollection } from '../../shared/geojson.ts';
import { fetchLayer } from './hubApi.ts';
import { useViewerLoad, type ViewerLoadTriggers } from './useViewerLoad.ts';
import { setLayerCount } from './wallHooks.ts';

/** Draws the features into the collection and answers how many features it drew. */
export type DrawLayer = (features: FeatureCollection, collection: PrimitiveCollection) => number;

export interface MapLayerOptions extends ViewerLoadTriggers {
  /** Waited for before the first draw. */
  ready?: () => Promise<unknown>;
}

export function useMapLayer(viewer: ShallowRef<Viewer | null>, name: LayerName, draw: DrawLayer, { ready, ...triggers }: MapLayerOptions = {}) {
  return useViewerLoad(viewer, `layer ${name}`, (v) => {
    const collection = v.scene.primitives.add(new PrimitiveCollection()) as PrimitiveCollection;
    return {
      fetch: async (signal) => (await Promise.all([fetchLayer(name, signal), ready?.()]))[0],
      show(features: FeatureCollection) {
        collection.removeAll();
        setLayerCount(name, draw(features, collection));
      },
      dispose() {
        setLayerCount(name, undefined);
        if (!v.isDestroyed()) v.scene.primitives.remove(collection);
      },
    };
  }, triggers);
}
