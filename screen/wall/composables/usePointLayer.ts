// Point layers (places, forces): one BillboardCollection of small outlined dots, coloured from each
// feature's properties, one shared image per colour. Billboards rather than point primitives: point
// primitives win depth ties against billboards, and would cover the event marks drawn above them
// (see eventMarks.ts).
import { BillboardCollection, Cartesian3, HeightReference, type Viewer } from 'cesium';
import type { ShallowRef, WatchSource } from 'vue';
import type { LayerName } from '../../../contract/api.ts';
import { pointOf } from '../../shared/geojson.ts';
import { terrainSurface } from './terrainSurface.ts';
import { useMapLayer } from './useMapLayer.ts';

export interface PointStyle<P> {
  /** CSS colour of a feature's dot. */
  color: (properties: P) => string;
  /** Diameter of the dot in pixels, outline excluded. */
  pixelSize: number;
}

/** Height above the ground (m), on whatever relief the map shows (terrainSurface.ts). */
const POINT_HEIGHT = 20;
const OUTLINE = 'rgba(0, 0, 0, 0.7)';
const OUTLINE_WIDTH = 1;

/** A dot of `diameter` px in `color` with a dark outline, on a canvas one pixel wider for anti-aliasing. */
function drawDot(color: string, diameter: number): HTMLCanvasElement {
  const canvas = document.createElement('canvas');
  const size = Math.ceil(diameter + 2 * OUTLINE_WIDTH) + 2;
  canvas.width = size;
  canvas.height = size;
  const g = canvas.getContext('2d');
  if (!g) throw new Error('The browser gave no 2D canvas context: the wall cannot draw its map points.');
  g.fillStyle = color;
  g.strokeStyle = OUTLINE;
  g.lineWidth = OUTLINE_WIDTH;
  g.beginPath();
  g.arc(size / 2, size / 2, diameter / 2 + OUTLINE_WIDTH / 2, 0, 2 * Math.PI);
  g.fill();
  g.stroke();
  return canvas;
}

export function usePointLayer<P>(viewer: ShallowRef<Viewer | null>, name: LayerName, style: PointStyle<P>, retry?: WatchSource) {
  return useMapLayer(viewer, name, (collection, primitives) => {
    const surface = terrainSurface.value;
    const dots = primitives.add(new BillboardCollection({ scene: viewer.value?.scene })) as BillboardCollection;
    const images = new Map<string, HTMLCanvasElement>();
    for (const feature of collection.features) {
      const [lon = NaN, lat = NaN] = pointOf(feature.geometry) ?? [];
      if (!Number.isFinite(lon) || !Number.isFinite(lat)) continue;
      const color = style.color(feature.properties as P);
      let image = images.get(color);
      if (!image) images.set(color, (image = drawDot(color, style.pixelSize)));
      const height = surface.heightAt(lon, lat, POINT_HEIGHT);
      dots.add({
        position: Cartesian3.fromDegrees(lon, lat, height ?? POINT_HEIGHT),
        heightReference: height === null ? HeightReference.RELATIVE_TO_GROUND : HeightReference.NONE,
        disableDepthTestDistance: Number.POSITIVE_INFINITY,
      })
        .setImage(`${name}/${color}`, image);
    }
    return dots.length;
  }, { retry, redraw: terrainSurface });
}
