// The current hazard area of an emergency, draped on the ground (it stays visible over the terrain):
// a translucent red fill and a bright edge. Each new version replaces the last and the camera frames
// it; with no hazard area (peacetime) nothing is drawn and the township's frame comes back.
import {
  BoundingSphere,
  Cartesian3,
  Color,
  ColorGeometryInstanceAttribute,
  GeometryInstance,
  GroundPolylineGeometry,
  GroundPolylinePrimitive,
  GroundPrimitive,
  HeadingPitchRange,
  Math as CesiumMath,
  Matrix4,
  PerInstanceColorAppearance,
  PolygonGeometry,
  PolygonHierarchy,
  PolylineColorAppearance,
  PrimitiveCollection,
  Rectangle,
  type Viewer,
} from 'cesium';
import { watch, type ShallowRef } from 'vue';
import type { HazardArea } from '../../../contract/incidents.ts';
import { bboxOf, linesOf, type Geometry, type Position } from '../../shared/geojson.ts';
import { MAP_COLORS } from '../../shared/palette.ts';
import { wallHooks } from './wallHooks.ts';

const PITCH = CesiumMath.toRadians(-50);
const EDGE_WIDTH = 3;

const degrees = (ring: Position[]) => Cartesian3.fromDegreesArray(ring.flatMap(([lon = 0, lat = 0]) => [lon, lat]));
/** A GeoJSON ring repeats its first position last; a looped ground polyline must not (a zero-length segment has no direction). */
const openRing = (ring: Position[]) => (ring.length > 1 && ring[0]![0] === ring.at(-1)![0] && ring[0]![1] === ring.at(-1)![1] ? ring.slice(0, -1) : ring);

/** Polygons of a Polygon or MultiPolygon as lists of rings (outer first, then holes). */
function polygonsOf(geometry: HazardArea['geometry']): Position[][][] {
  return geometry.type === 'Polygon' ? [geometry.coordinates as Position[][]] : (geometry.coordinates as Position[][][]);
}

/** What the layer draws of a hazard area version (a replay has no more of it). */
export type HazardShape = Pick<HazardArea, 'version' | 'geometry'>;

export function useHazardLayer(viewer: ShallowRef<Viewer | null>, area: () => HazardShape | null, frameTownship: () => void) {
  watch([viewer, area], ([v, current], _previous, onCleanup) => {
    wallHooks.hazardVersion = current?.version ?? null;
    if (!v) return;
    if (!current) {
      frameTownship();
      return;
    }
    // Ground primitives are built synchronously only once Cesium knows the terrain's height range.
    let collection: PrimitiveCollection | undefined;
    let cancelled = false;
    void Promise.all([GroundPrimitive.initializeTerrainHeights(), GroundPolylinePrimitive.initializeTerrainHeights()]).then(() => {
      if (cancelled || v.isDestroyed()) return;
      collection = draw(v, current);
    });
    onCleanup(() => {
      cancelled = true;
      if (!collection || v.isDestroyed()) return;
      v.scene.primitives.remove(collection);
      v.scene.requestRender();
    });
  }, { immediate: true });
}

/** Adds the area's fill and edge to the scene, frames it, and answers the collection holding them. */
function draw(v: Viewer, current: HazardShape): PrimitiveCollection {
  const collection = v.scene.primitives.add(new PrimitiveCollection()) as PrimitiveCollection;
  const polygons = polygonsOf(current.geometry);
  collection.add(new GroundPrimitive({
    geometryInstances: polygons.map((rings) => new GeometryInstance({
      geometry: new PolygonGeometry({
        polygonHierarchy: new PolygonHierarchy(degrees(rings[0] ?? []), rings.slice(1).map((hole) => new PolygonHierarchy(degrees(hole)))),
      }),
      attributes: { color: ColorGeometryInstanceAttribute.fromColor(Color.fromCssColorString(MAP_COLORS.hazardFill)) },
    })),
    appearance: new PerInstanceColorAppearance({ flat: true, translucent: true }),
    asynchronous: false,
  }));
  collection.add(new GroundPolylinePrimitive({
    geometryInstances: linesOf(current.geometry as Geometry).map((ring) => new GeometryInstance({
      geometry: new GroundPolylineGeometry({ positions: degrees(openRing(ring)), width: EDGE_WIDTH, loop: true }),
      attributes: { color: ColorGeometryInstanceAttribute.fromColor(Color.fromCssColorString(MAP_COLORS.hazard)) },
    })),
    appearance: new PolylineColorAppearance(),
    asynchronous: false,
  }));
  const box = bboxOf(polygons.flatMap((rings) => rings[0] ?? []));
  v.camera.viewBoundingSphere(BoundingSphere.fromRectangle3D(Rectangle.fromDegrees(...box)), new HeadingPitchRange(0, PITCH, 0));
  v.camera.lookAtTransform(Matrix4.IDENTITY);
  v.scene.requestRender();
  return collection;
}
