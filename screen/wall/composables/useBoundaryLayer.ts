// Polygon and line layers (county, township, villages, grids, river): stroked outlines in one
// PolylineCollection, an optional faint fill and optional name labels.
import {
  Cartesian3,
  Color,
  ColorGeometryInstanceAttribute,
  GeometryInstance,
  HorizontalOrigin,
  LabelCollection,
  LabelStyle,
  Material,
  PerInstanceColorAppearance,
  PolygonGeometry,
  PolygonHierarchy,
  PolylineCollection,
  Primitive,
  VerticalOrigin,
  type PrimitiveCollection,
  type Viewer,
} from 'cesium';
import type { ShallowRef, WatchSource } from 'vue';
import type { LayerName } from '../../../contract/api.ts';
import { CANVAS_FONT_FAMILY } from '../../shared/palette.ts';
import { labelPointOf, linesOf, outerRingsOf, type Position } from '../../shared/geojson.ts';
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

/** Heights above the ellipsoid (m) that keep fills, lines and labels from z-fighting the globe. */
const FILL_HEIGHT = 5;
const LINE_HEIGHT = 10;
const LABEL_HEIGHT = 30;
const LABEL_FONT = `600 15px ${CANVAS_FONT_FAMILY}`;

const toPositions = (ring: Position[], height: number) =>
  ring.map(([lon = 0, lat = 0]) => Cartesian3.fromDegrees(lon, lat, height));

export function useBoundaryLayer(viewer: ShallowRef<Viewer | null>, name: LayerName, style: BoundaryStyle, retry?: WatchSource) {
  return useMapLayer(viewer, name, (collection, primitives) => {
    const stroke = Color.fromCssColorString(style.stroke);
    const lines = primitives.add(new PolylineCollection()) as PolylineCollection;
    const labels = style.label ? (primitives.add(new LabelCollection()) as LabelCollection) : undefined;
    const fills: GeometryInstance[] = [];
    let drawn = 0;

    for (const feature of collection.features) {
      const rings = linesOf(feature.geometry);
      if (rings.length === 0) continue;
      drawn++;
      for (const ring of rings) {
        lines.add({ positions: toPositions(ring, LINE_HEIGHT), width: style.width, material: Material.fromType('Color', { color: stroke }) });
      }
      if (style.fill) {
        for (const ring of outerRingsOf(feature.geometry)) fills.push(fillInstance(ring, style.fill));
      }
      const at = labelPointOf(feature.geometry);
      const text = feature.properties['name'];
      if (labels && at && typeof text === 'string') labels.add(labelOptions(text, at, style.label ?? style.stroke));
    }
    if (fills.length > 0) addFill(primitives, fills);
    return drawn;
  }, retry);
}

function fillInstance(ring: Position[], color: string): GeometryInstance {
  return new GeometryInstance({
    geometry: new PolygonGeometry({
      polygonHierarchy: new PolygonHierarchy(toPositions(ring, 0)),
      height: FILL_HEIGHT,
      vertexFormat: PerInstanceColorAppearance.FLAT_VERTEX_FORMAT,
    }),
    attributes: { color: ColorGeometryInstanceAttribute.fromColor(Color.fromCssColorString(color)) },
  });
}

function addFill(primitives: PrimitiveCollection, instances: GeometryInstance[]) {
  primitives.add(
    new Primitive({
      geometryInstances: instances,
      appearance: new PerInstanceColorAppearance({ flat: true, translucent: true }),
      asynchronous: false,
    }),
  );
}

function labelOptions(text: string, [lon = 0, lat = 0]: Position, color: string) {
  return {
    text,
    position: Cartesian3.fromDegrees(lon, lat, LABEL_HEIGHT),
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
