// A light, offline map for the console: ECharts' geo component over the township's grids (registered
// with echarts.registerMap from the hub's GeoJSON), village outlines and names, then areas (filled
// polygons with their holes: a hazard area), links, paths (a patrol track), markers, and a sketch being drawn (its ring and
// draggable vertex handles) on top. Coordinates are WGS84 [lon, lat]; a click can pick a point or a
// sketch vertex. Built after mount, updated with just the layers that changed, disposed with the
// caller's scope.
import { CustomChart, LinesChart, ScatterChart, type CustomSeriesOption, type LinesSeriesOption, type ScatterSeriesOption } from 'echarts/charts';
import { GeoComponent, GraphicComponent, TooltipComponent, type GeoComponentOption, type GraphicComponentOption, type TooltipComponentOption } from 'echarts/components';
import { init, registerMap, use, type ComposeOption, type ECharts } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { onMounted, onScopeDispose, watch, type Ref } from 'vue';
import { CANVAS_FONT_FAMILY } from '../../shared/palette.ts';
import { labelPointOf, linesOf, type Geometry } from '../../shared/geojson.ts';
import { windForFill } from './mapShapes.ts';
import type { TownshipMap } from './useTownshipMap.ts';

use([GeoComponent, TooltipComponent, GraphicComponent, ScatterChart, LinesChart, CustomChart, CanvasRenderer]);

type MapOption = ComposeOption<GeoComponentOption | TooltipComponentOption | GraphicComponentOption | ScatterSeriesOption | LinesSeriesOption | CustomSeriesOption>;

export interface MapMarker {
  id: string;
  lon: number;
  lat: number;
  color: string;
  /** Pixels. */
  size: number;
  symbol?: 'circle' | 'pin' | 'triangle' | 'diamond' | 'rect';
  /** Shown on hover. */
  name: string;
  /** Shown beside the marker. */
  label?: string;
}

/** A line from one point to another (an event to the forces sent to it). */
export interface MapLink {
  from: [number, number];
  to: [number, number];
  color: string;
}

/** A filled (multi)polygon under the markers; holes stay unfilled. */
export interface MapArea {
  id: string;
  geometry: Extract<Geometry, { type: 'Polygon' | 'MultiPolygon' }>;
  /** Edge colour. */
  color: string;
  /** Fill colour, usually semi-transparent. */
  fill: string;
  dashed?: boolean;
  /** Edge width in pixels (default 1.5). */
  width?: number;
}

/** A solid line through points in order (a grid worker's patrol track). */
export interface MapPath {
  id: string;
  positions: readonly (readonly [number, number])[];
  color: string;
}

/** A ring being drawn: its vertices in order, closed or not, and the selected vertex. */
export interface MapSketch {
  vertices: readonly (readonly [number, number])[];
  closed: boolean;
  selected: number | null;
  color: string;
}

export interface GeoMapOptions {
  base: Ref<TownshipMap | null>;
  markers: () => MapMarker[];
  links?: () => MapLink[];
  paths?: () => MapPath[];
  areas?: () => MapArea[];
  sketch?: () => MapSketch | null;
  /** Centre the map here and zoom in (null: the whole township). */
  focus?: () => { lon: number; lat: number } | null;
  /** Called with the clicked point (WGS84) when given; a click on a sketch vertex goes to onVertex instead. */
  onPick?: (lon: number, lat: number) => void;
  /** A sketch vertex clicked (not dragged). */
  onVertex?: (index: number) => void;
  /** A sketch vertex dragged to a point; `done` on the last move of the drag. */
  onVertexDrag?: (index: number, lon: number, lat: number, done: boolean) => void;
}

const MAP_NAME = 'township-grids';
/** A press that moved further than this (pixels) was a pan of the map, not a pick. */
const CLICK_SLOP_PX = 4;
const FOCUS_ZOOM = 3;
/** Edge width of an area that names none, and the width of a path (pixels). */
const AREA_EDGE_PX = 1.5;
const PATH_WIDTH_PX = 2;
/** Names of the sketch's vertex handles: `vertex:<index>`. */
const VERTEX_PREFIX = 'vertex:';
const STYLE = {
  area: '#eef3f8',
  gridLine: '#b9c7d6',
  villageLine: '#5b7fa6',
  villageLabel: '#3d5a7a',
  handleFill: '#ffffff',
  /** Handle radius (pixels): ordinary, and the selected one or the first of a ring that can be closed on it. */
  handleRadius: 5,
  handleRadiusMarked: 7,
  /** Handles sit on a layer of their own above the markers (zlevel 1), so a marker never hides one. */
  handleZlevel: 2,
} as const;

let registered: TownshipMap['grids'] | null = null;

export function useGeoMap(el: Ref<HTMLElement | null>, options: GeoMapOptions) {
  let chart: ECharts | undefined;
  let resizeObserver: ResizeObserver | undefined;
  /** What the area series draws (its renderItem reads them by index). */
  let areas: MapArea[] = [];
  /** Vertex handles on the map now, so the ones no longer needed can be removed. */
  let handles = 0;
  /** The handle being dragged (it has moved since it was pressed), or null. */
  let draggedHandle: number | null = null;

  function build(base: TownshipMap) {
    if (!chart) return;
    if (registered !== base.grids) {
      // ECharts reads plain GeoJSON; its own type names the same shape differently.
      registerMap(MAP_NAME, base.grids as unknown as Parameters<typeof registerMap>[1]);
      registered = base.grids;
    }
    const midLat = (base.township.bbox[1] + base.township.bbox[3]) / 2;
    const option: MapOption = {
      animation: false,
      tooltip: { trigger: 'item', textStyle: { fontFamily: CANVAS_FONT_FAMILY } },
      geo: {
        map: MAP_NAME,
        nameProperty: 'code',
        roam: true,
        // Degrees of longitude are shorter than degrees of latitude here by cos(latitude).
        aspectScale: Math.cos((midLat * Math.PI) / 180),
        itemStyle: { areaColor: STYLE.area, borderColor: STYLE.gridLine, borderWidth: 0.5 },
        emphasis: { disabled: true },
        select: { disabled: true },
        tooltip: { show: false },
        label: { show: false },
      },
      series: [
        {
          id: 'areas',
          type: 'custom',
          coordinateSystem: 'geo',
          silent: true,
          renderItem: (params, api) => {
            const area = areas[params.dataIndex];
            if (!area) return null;
            const pathData = windForFill(area.geometry)
              .map((ring) => ring.map((p, i) => `${i === 0 ? 'M' : 'L'}${api.coord(p).join(' ')}`).join('') + 'Z')
              .join('');
            return { type: 'path', shape: { pathData }, style: { fill: area.fill, stroke: area.color, lineWidth: area.width ?? AREA_EDGE_PX, lineDash: area.dashed ? [5, 4] : undefined } };
          },
          data: [],
        },
        {
          id: 'villages',
          type: 'lines',
          coordinateSystem: 'geo',
          polyline: true,
          silent: true,
          lineStyle: { color: STYLE.villageLine, width: 1.2, opacity: 0.8 },
          data: base.villages.features.flatMap((f) => linesOf(f.geometry).map((coords) => ({ coords }))),
        },
        {
          id: 'villageNames',
          type: 'scatter',
          coordinateSystem: 'geo',
          silent: true,
          symbolSize: 0,
          label: { show: true, formatter: '{b}', color: STYLE.villageLabel, fontSize: 11, fontFamily: CANVAS_FONT_FAMILY },
          data: base.villages.features.flatMap((f) => {
            const at = labelPointOf(f.geometry);
            return at ? [{ name: f.properties.name, value: at }] : [];
          }),
        },
        { id: 'links', type: 'lines', coordinateSystem: 'geo', silent: true, data: [] },
        { id: 'paths', type: 'lines', coordinateSystem: 'geo', polyline: true, silent: true, data: [] },
        { id: 'markers', type: 'scatter', coordinateSystem: 'geo', data: [], tooltip: { formatter: '{b}' }, zlevel: 1 },
        { id: 'sketch', type: 'lines', coordinateSystem: 'geo', polyline: true, silent: true, data: [], zlevel: 1 },
      ],
    };
    chart.setOption(option, { notMerge: true });
    handles = 0;
    update();
    updateAreas();
    updateSketch();
    focus();
  }

  function update() {
    if (!chart || !options.base.value) return;
    const markers = options.markers().map((m) => ({
      name: m.name,
      value: [m.lon, m.lat],
      symbol: m.symbol ?? 'circle',
      symbolSize: m.size,
      itemStyle: { color: m.color, borderColor: '#33475b', borderWidth: 1 },
      label: m.label ? { show: true, formatter: m.label, position: 'right' as const, fontSize: 11, fontFamily: CANVAS_FONT_FAMILY } : { show: false },
    }));
    const links = (options.links?.() ?? []).map((l) => ({ coords: [l.from, l.to], lineStyle: { color: l.color, width: 1.5, type: 'dashed' as const } }));
    const paths = (options.paths?.() ?? []).map((p) => ({ coords: p.positions.map(([lon, lat]) => [lon, lat]), lineStyle: { color: p.color, width: PATH_WIDTH_PX } }));
    chart.setOption({ series: [{ id: 'links', data: links }, { id: 'paths', data: paths }, { id: 'markers', data: markers }] });
  }

  function updateAreas() {
    if (!chart || !options.base.value) return;
    areas = options.areas?.() ?? [];
    // One item per area; its value (a position of it) only satisfies the geo coordinate system.
    const data = areas.map((a) => ({ value: windForFill(a.geometry)[0]?.[0] ?? [0, 0] }));
    chart.setOption({ series: [{ id: 'areas', data }] });
  }

  /** The sketch's ring (solid; the closing edge dashed while open) and its handles. */
  function updateSketch() {
    if (!chart || !options.base.value) return;
    const sketch = options.sketch?.() ?? null;
    const vertices = sketch?.vertices.map(([lon, lat]) => [lon, lat]) ?? [];
    const lines: { coords: number[][]; lineStyle: { color: string; width: number; type: 'solid' | 'dashed' } }[] = [];
    if (sketch && vertices.length >= 2) {
      lines.push({ coords: sketch.closed ? [...vertices, vertices[0]!] : vertices, lineStyle: { color: sketch.color, width: 2, type: 'solid' } });
      if (!sketch.closed && vertices.length >= 3) lines.push({ coords: [vertices[vertices.length - 1]!, vertices[0]!], lineStyle: { color: sketch.color, width: 1.5, type: 'dashed' } });
    }
    chart.setOption({ series: [{ id: 'sketch', data: lines }] });
    placeHandles();
  }

  /** Vertex handles are graphic elements in pixels (draggable, which the map's own pan leaves alone): placed again after every pan, zoom and resize. */
  function placeHandles() {
    const current = chart;
    if (!current || !options.base.value) return;
    const sketch = options.sketch?.() ?? null;
    const vertices = sketch?.vertices ?? [];
    const toPoint = (x: number, y: number) => current.convertFromPixel({ geoIndex: 0 }, [x, y]) as number[];
    const elements: NonNullable<Extract<GraphicComponentOption, { elements?: unknown }>['elements']> = vertices.map(([lon, lat], i) => {
      const [x = 0, y = 0] = current.convertToPixel({ geoIndex: 0 }, [lon, lat]) as number[];
      const marked = sketch!.selected === i || (i === 0 && !sketch!.closed && vertices.length >= 3);
      // The handle (the event's target) has moved with the pointer: its position is the vertex's.
      // A press let go without a move ends a "drag" too: that one is a click, and is not reported.
      const drag = (done: boolean) => (event: { target?: { x: number; y: number } | null }) => {
        if (!event.target || (done && draggedHandle !== i)) return;
        draggedHandle = done ? null : i;
        const [toLon, toLat] = toPoint(event.target.x, event.target.y);
        if (toLon !== undefined && toLat !== undefined && Number.isFinite(toLon) && Number.isFinite(toLat)) options.onVertexDrag?.(i, toLon, toLat, done);
      };
      return {
        id: `${VERTEX_PREFIX}${i}`, name: `${VERTEX_PREFIX}${i}`, type: 'circle', x, y,
        shape: { cx: 0, cy: 0, r: marked ? STYLE.handleRadiusMarked : STYLE.handleRadius },
        style: { fill: sketch!.selected === i ? sketch!.color : STYLE.handleFill, stroke: sketch!.color, lineWidth: 2 },
        draggable: Boolean(options.onVertexDrag), cursor: options.onVertexDrag ? 'move' : 'pointer',
        zlevel: STYLE.handleZlevel, z: 100, tooltip: { show: false },
        ondrag: drag(false), ondragend: drag(true),
      };
    });
    for (let i = vertices.length; i < handles; i++) elements.push({ id: `${VERTEX_PREFIX}${i}`, $action: 'remove' });
    handles = vertices.length;
    current.setOption({ graphic: { elements } });
  }

  function focus() {
    const at = options.focus?.() ?? null;
    if (chart && options.base.value) chart.setOption({ geo: at ? { center: [at.lon, at.lat], zoom: FOCUS_ZOOM } : { center: undefined, zoom: 1 } });
    placeHandles();
  }

  onMounted(() => {
    if (!el.value) return;
    const current = (chart = init(el.value, undefined, { renderer: 'canvas' }));
    let pressedAt: [number, number] = [0, 0];
    current.getZr().on('mousedown', (event) => {
      pressedAt = [event.offsetX, event.offsetY];
    });
    current.getZr().on('click', (event) => {
      if (Math.hypot(event.offsetX - pressedAt[0], event.offsetY - pressedAt[1]) > CLICK_SLOP_PX) return;
      const name = (event.target as { name?: string } | undefined)?.name ?? '';
      if (name.startsWith(VERTEX_PREFIX)) {
        options.onVertex?.(Number(name.slice(VERTEX_PREFIX.length)));
        return;
      }
      if (!options.onPick) return;
      const point = current.convertFromPixel({ geoIndex: 0 }, [event.offsetX, event.offsetY]) as number[] | undefined;
      const [lon, lat] = point ?? [];
      if (lon !== undefined && lat !== undefined && Number.isFinite(lon) && Number.isFinite(lat)) options.onPick(lon, lat);
    });
    current.on('georoam', placeHandles);
    resizeObserver = new ResizeObserver(() => {
      current.resize();
      placeHandles();
    });
    resizeObserver.observe(el.value);
    if (options.base.value) build(options.base.value);
  });

  watch(options.base, (base) => base && build(base));
  watch(options.markers, update);
  if (options.links) watch(options.links, update);
  if (options.paths) watch(options.paths, update);
  if (options.areas) watch(options.areas, updateAreas);
  if (options.sketch) watch(options.sketch, updateSketch);
  if (options.focus) watch(options.focus, focus, { deep: true });

  onScopeDispose(() => {
    resizeObserver?.disconnect();
    chart?.dispose();
    chart = undefined;
  });
}
