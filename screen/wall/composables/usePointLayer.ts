// Point layers (places, forces): one PointPrimitiveCollection, each point coloured from its properties.
import { Cartesian3, Color, PointPrimitiveCollection, type Viewer } from 'cesium';
import type { ShallowRef, WatchSource } from 'vue';
import type { LayerName } from '../../../contract/api.ts';
import { pointOf } from '../../shared/geojson.ts';
import { useMapLayer } from './useMapLayer.ts';

export interface PointStyle<P> {
  /** CSS colour of a feature's point. */
  color: (properties: P) => string;
  pixelSize: number;
}

const POINT_HEIGHT = 20;
const OUTLINE = Color.BLACK.withAlpha(0.7);

export function usePointLayer<P>(viewer: ShallowRef<Viewer | null>, name: LayerName, style: PointStyle<P>, retry?: WatchSource) {
  return useMapLayer(viewer, name, (collection, primitives) => {
    const points = primitives.add(new PointPrimitiveCollection()) as PointPrimitiveCollection;
    for (const feature of collection.features) {
      const [lon = NaN, lat = NaN] = pointOf(feature.geometry) ?? [];
      if (!Number.isFinite(lon) || !Number.isFinite(lat)) continue;
      points.add({
        position: Cartesian3.fromDegrees(lon, lat, POINT_HEIGHT),
        color: Color.fromCssColorString(style.color(feature.properties as P)),
        pixelSize: style.pixelSize,
        outlineColor: OUTLINE,
        outlineWidth: 1,
        disableDepthTestDistance: Number.POSITIVE_INFINITY,
      });
    }
    return points.length;
  }, retry);
}
