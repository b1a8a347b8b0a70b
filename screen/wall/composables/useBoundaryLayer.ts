// Polygon and line layers (county, township, villages, grids, river): outlines, an optional faint fill
// and optional name labels, on the relief the map shows (terrainSurface.ts). On the hub's grid or the
// ellipsoid the outlines are plain polylines at sampled heights (densified to follow the relief, a
// little above it so that a coarser tile of the globe does not swallow them), cheap to render; on a
// tileset from elsewhere they are draped by Cesium (ground polylines). A fill on relief is always
// draped (one ground primitive).
import {
  ArcType,
  Cartesian3,
  Color,
  ColorGeometryInstanceAttribute,
  GeometryInstance,
  GroundPolylineGeometry,
  GroundPolylinePrimitive,
  GroundPrimitive,
  HeightReference,
  HorizontalOrigin,
  LabelCollection,
  LabelStyle,
  PerInstanceColorAppearance,
  PolygonGeometry,
  PolygonHierarchy,
  PolylineColorAppearance,
  PolylineGeometry,
  Primitive,
  VerticalOrigin,
  type PrimitiveCollection,
  type Viewer,
} from 'cesium';
import type { ShallowRef, WatchSource } from 'vue';
import type { LayerName } from '../../../contract/api.ts';
import { CANVAS_FONT_FAMILY } from '../../shared/palette.ts';
import { labelPointOf, linesOf, outerRingsOf, type Position } from '../../shared/geojson.ts';
import { CLAMPED_SURFACE, densify, FLAT_SURFACE, terrainSurface, type Surface } from './terrainSurface.ts';
import { useMapLayer } from './useMapLayer.ts';

export interface BoundaryStyle {
  /** CSS colour of the outline. */
  stroke: string;
  /** Outline width in pixels. */
  width: number;
  /** CSS colour (with alpha) to fill outer rings with; no fill when absent. */
  fill?: string;
  /** Label each feature with its `name` property in this CSS colour. */
  label?: string;
}

/** Heights above the ground (m) that keep fills, lines and labels from z-fighting it. */
const FILL_HEIGHT = 5;
const LINE_HEIGHT = 10;
/**
 * On relief, lines stand higher: the globe draws a tile coarser than the grid where a finer one would
 * not show (its error is under 2 px, about 30 m at the wall's framing), and a line below it is hidden.
 * (A depth-fail pass would show them, but it also draws them over the event marks.)
 */
const LINE_HEIGHT_ON_RELIEF = 40;
const LABEL_HEIGHT = 30;
const LABEL_FONT = `600 15px ${CANVAS_FONT_FAMILY}`;

const toPositions = (ring: Position[], surface: Surface, aboveM: number) =>
  ring.map(([lon = 0, lat = 0]) => Cartesian3.fromDegrees(lon, lat, surface.heightAt(lon, lat, aboveM) ?? 0));

/**
 * Ground primitives are built at once (asynchronous: false) so a layer is on screen when its count is
 * reported; that needs Cesium's table of approximate terrain heights loaded first (a bundled asset).
 */
const groundReady = () => Promise.all([GroundPolylinePrimitive.initializeTerrainHeights(), GroundPrimitive.initializeTerrainHeights()]);

export function useBoundaryLayer(viewer: ShallowRef<Viewer | null>, name: LayerName, style: BoundaryStyle, retry?: WatchSource) {
  return useMapLayer(viewer, name, (collection, primitives) => {
    const surface = terrainSurface.value;
    const draped = surface === CLAMPED_SURFACE;
    const stroke = ColorGeometryInstanceAttribute.fromColor(Color.fromCssColorString(style.stroke));
    const lines: GeometryInstance[] = [];
    const fills: GeometryInstance[] = [];
    const scene = viewer.value?.scene;
    const labels = style.label && scene ? (primitives.add(new LabelCollection({ scene })) as LabelCollection) : undefined;
    let drawn = 0;

    for (const feature of collection.features) {
      const rings = linesOf(feature.geometry);
      if (rings.length === 0) continue;
      drawn++;
      for (const ring of rings) {
        const instance = draped ? drapedLine(ring, style.width, stroke) : sampledLine(ring, style.width, stroke, surface);
        if (instance) lines.push(instance);
      }
      if (style.fill) {
        for (const ring of outerRingsOf(feature.geometry)) fills.push(fillInstance(ring, style.fill, surface));
      }
      const at = labelPointOf(feature.geometry);
      const text = feature.properties['name'];
      if (labels && at && typeof text === 'string') labels.add(labelOptions(text, at, style.label ?? style.stroke, surface));
    }
    if (fills.length > 0) addFill(primitives, fills, surface);
    if (lines.length > 0) addLines(primitives, lines, draped);
    return drawn;
  }, { retry, redraw: terrainSurface, ready: groundReady });
}

/** A line at the surface's heights, a vertex at least every surface.stepDegrees; null with fewer than two positions. */
function sampledLine(line: Position[], width: number, color: ColorGeometryInstanceAttribute, surface: Surface): GeometryInstance | null {
  if (line.length < 2) return null;
  const positions = toPositions(densify(line, surface.stepDegrees), surface, surface === FLAT_SURFACE ? LINE_HEIGHT : LINE_HEIGHT_ON_RELIEF);
  return new GeometryInstance({
    geometry: new PolylineGeometry({ positions, width, vertexFormat: PolylineColorAppearance.VERTEX_FORMAT, arcType: ArcType.NONE }),
    attributes: { color },
  });
}

/** A ring (closed: first position = last) drapes as a loop, a line as it is; null with fewer than two positions. */
function drapedLine(line: Position[], width: number, color: ColorGeometryInstanceAttribute): GeometryInstance | null {
  const first = line[0];
  const last = line[line.length - 1];
  const closed = line.length > 3 && first !== undefined && last !== undefined && first[0] === last[0] && first[1] === last[1];
  const positions = toPositions(closed ? line.slice(0, -1) : line, FLAT_SURFACE, 0);
  if (positions.length < 2) return null;
  return new GeometryInstance({ geometry: new GroundPolylineGeometry({ positions, width, loop: closed }), attributes: { color } });
}

function addLines(primitives: PrimitiveCollection, instances: GeometryInstance[], draped: boolean) {
  if (draped) {
    primitives.add(new GroundPolylinePrimitive({ geometryInstances: instances, appearance: new PolylineColorAppearance(), asynchronous: false }));
    return;
  }
  primitives.add(new Primitive({ geometryInstances: instances, appearance: new PolylineColorAppearance(), asynchronous: false }));
}

function fillInstance(ring: Position[], color: string, surface: Surface): GeometryInstance {
  const flat = surface === FLAT_SURFACE;
  return new GeometryInstance({
    geometry: new PolygonGeometry({
      polygonHierarchy: new PolygonHierarchy(toPositions(ring, FLAT_SURFACE, 0)),
      ...(flat ? { height: FILL_HEIGHT } : {}),
      vertexFormat: PerInstanceColorAppearance.FLAT_VERTEX_FORMAT,
    }),
    attributes: { color: ColorGeometryInstanceAttribute.fromColor(Color.fromCssColorString(color)) },
  });
}

/** On the ellipsoid a flat fill just above it; on relief, draped on the ground. */
function addFill(primitives: PrimitiveCollection, instances: GeometryInstance[], surface: Surface) {
  const appearance = new PerInstanceColorAppearance({ flat: true, translucent: true });
  primitives.add(surface === FLAT_SURFACE
    ? new Primitive({ geometryInstances: instances, appearance, asynchronous: false })
    : new GroundPrimitive({ geometryInstances: instances, appearance, asynchronous: false }));
}

function labelOptions(text: string, [lon = 0, lat = 0]: Position, color: string, surface: Surface) {
  const height = surface.heightAt(lon, lat, LABEL_HEIGHT);
  return {
    text,
    position: Cartesian3.fromDegrees(lon, lat, height ?? LABEL_HEIGHT),
    heightReference: height === null ? HeightReference.RELATIVE_TO_GROUND : HeightReference.NONE,
    font: LABEL_FONT,
    fillColor: Color.fromCssColorString(color),
    outlineColor: Color.BLACK,
    outlineWidth: 3,
    style: LabelStyle.FILL_AND_OUTLINE,
    horizontalOrigin: HorizontalOrigin.CENTER,
    verticalOrigin: VerticalOrigin.CENTER,
    disableDepthTestDistance: Number.POSITIVE_INFINITY,
  };
}
