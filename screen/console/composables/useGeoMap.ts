// A light, offline map for the console: ECharts' geo component over the township's grids (registered
// with echarts.registerMap from the hub's GeoJSON), village outlines and names, and markers on top.
// Coordinates are WGS84 [lon, lat]; a click can pick one. Built after mount, updated with just the
// markers that changed, disposed with the caller's scope.
import { LinesChart, ScatterChart, type LinesSeriesOption, type ScatterSeriesOption } from 'echarts/charts';
import { GeoComponent, TooltipComponent, type GeoComponentOption, type TooltipComponentOption } from 'echarts/components';
import { init, registerMap, use, type ComposeOption, type ECharts } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { onMounted, onScopeDispose, watch, type Ref } from 'vue';
import { CANVAS_FONT_FAMILY } from '../../shared/palette.ts';
import { labelPointOf, linesOf } from '../../shared/geojson.ts';
import type { TownshipMap } from './useTownshipMap.ts';

use([GeoComponent, TooltipComponent, ScatterChart, LinesChart, CanvasRenderer]);

type MapOption = ComposeOption<GeoComponentOption | TooltipComponentOption | ScatterSeriesOption | LinesSeriesOption>;

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

export interface GeoMapOptions {
  base: Ref<TownshipMap | null>;
  markers: () => MapMarker[];
  links?: () => MapLink[];
  /** Centre the map here and zoom in (null: the whole township). */
  focus?: () => { lon: number; lat: number } | null;
  /** Called with the clicked point (WGS84) when given. */
  onPick?: (lon: number, lat: number) => void;
}

const MAP_NAME = 'township-grids';
/** A press that moved further than this (pixels) was a pan of the map, not a pick. */
const CLICK_SLOP_PX = 4;
const FOCUS_ZOOM = 3;
const STYLE = {
  area: '#eef3f8',
  gridLine: '#b9c7d6',
  villageLine: '#5b7fa6',
  villageLabel: '#3d5a7a',
} as const;

let registered: TownshipMap['grids'] | null = null;

export function useGeoMap(el: Ref<HTMLElement | null>, options: GeoMapOptions) {
  let chart: ECharts | undefined;
  let resizeObserver: ResizeObserver | undefined;

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
        { id: 'markers', type: 'scatter', coordinateSystem: 'geo', data: [], tooltip: { formatter: '{b}' }, zlevel: 1 },
      ],
    };
    chart.setOption(option, { notMerge: true });
    update();
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
    chart.setOption({ series: [{ id: 'links', data: links }, { id: 'markers', data: markers }] });
  }

  function focus() {
    const at = options.focus?.() ?? null;
    if (chart && options.base.value) chart.setOption({ geo: at ? { center: [at.lon, at.lat], zoom: FOCUS_ZOOM } : { center: undefined, zoom: 1 } });
  }

  onMounted(() => {
    if (!el.value) return;
    chart = init(el.value, undefined, { renderer: 'canvas' });
    let pressedAt: [number, number] = [0, 0];
    chart.getZr().on('mousedown', (event) => {
      pressedAt = [event.offsetX, event.offsetY];
    });
    chart.getZr().on('click', (event) => {
      if (!options.onPick || !chart) return;
      if (Math.hypot(event.offsetX - pressedAt[0], event.offsetY - pressedAt[1]) > CLICK_SLOP_PX) return;
      const point = chart.convertFromPixel({ geoIndex: 0 }, [event.offsetX, event.offsetY]) as number[] | undefined;
      const [lon, lat] = point ?? [];
      if (lon !== undefined && lat !== undefined && Number.isFinite(lon) && Number.isFinite(lat)) options.onPick(lon, lat);
    });
    resizeObserver = new ResizeObserver(() => chart?.resize());
    resizeObserver.observe(el.value);
    if (options.base.value) build(options.base.value);
  });

  watch(options.base, (base) => base && build(base));
  watch(options.markers, update);
  if (options.links) watch(options.links, update);
  if (options.focus) watch(options.focus, focus, { deep: true });

  onScopeDispose(() => {
    resizeObserver?.disconnect();
    chart?.dispose();
    chart = undefined;
  });
}
