// One ECharts instance on an element: built with the full option after mount, then updated with just
// the series data that changed. Resizes with its element (and rebuilds when the page's font size, which
// follows the viewport, changes); disposed with the caller's scope.
import { BarChart, LineChart, PieChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { init, use, type ComposeOption, type ECharts } from 'echarts/core';
import type { BarSeriesOption, LineSeriesOption, PieSeriesOption } from 'echarts/charts';
import type { GridComponentOption, LegendComponentOption, TooltipComponentOption } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import { onMounted, onScopeDispose, watch, type Ref } from 'vue';

const CHART_FONT_SCALE = 0.85;
const MIN_FONT_PX = 10;

use([BarChart, LineChart, PieChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

export type ChartOption = ComposeOption<
  BarSeriesOption | LineSeriesOption | PieSeriesOption | GridComponentOption | LegendComponentOption | TooltipComponentOption
>;
/** A series update: the series `id` and its new `data` (merged into the chart by id). */
export type SeriesData = { id: string; data: NonNullable<BarSeriesOption['data'] | LineSeriesOption['data'] | PieSeriesOption['data']> };

/**
 * @param el the chart's element (must have a size)
 * @param baseOption axes, styles and empty series (each with an `id`), for a text size in pixels
 * @param seriesData the live data; re-read when its reactive sources change (e.g. a new stats snapshot)
 */
export function useEChart(el: Ref<HTMLElement | null>, baseOption: (fontSize: number) => ChartOption, seriesData: () => SeriesData[] | null) {
  let chart: ECharts | undefined;
  let resizeObserver: ResizeObserver | undefined;
  let fontSize = 0;

  function apply(series: SeriesData[] | null) {
    if (chart && series) chart.setOption({ series }, { lazyUpdate: true });
  }

  function build(element: HTMLElement) {
    fontSize = chartFontSize(element);
    chart?.setOption(baseOption(fontSize), { notMerge: true });
    apply(seriesData());
  }

  onMounted(() => {
    const element = el.value;
    if (!element) return;
    chart = init(element, undefined, { renderer: 'canvas' });
    build(element);
    resizeObserver = new ResizeObserver(() => {
      chart?.resize();
      if (Math.abs(chartFontSize(element) - fontSize) >= 1) build(element);
    });
    resizeObserver.observe(element);
  });

  watch(seriesData, apply);

  onScopeDispose(() => {
    resizeObserver?.disconnect();
    chart?.dispose();
    chart = undefined;
  });
}

/** Chart text a little smaller than the panel's text, never below legibility. */
function chartFontSize(element: HTMLElement): number {
  return Math.max(MIN_FONT_PX, Math.round(parseFloat(getComputedStyle(element).fontSize) * CHART_FONT_SCALE));
}
