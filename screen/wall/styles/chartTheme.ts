// Shared ECharts styling for the dark wall: transparent background, dim axes, CJK-capable font.
import { CANVAS_FONT_FAMILY, CHART_COLORS } from '../../shared/palette.ts';

export const axisLine = { lineStyle: { color: CHART_COLORS.axis } };
export const splitLine = { lineStyle: { color: CHART_COLORS.axis, type: 'dashed' as const } };
export const tightGrid = { left: 8, right: 16, top: 12, bottom: 4, containLabel: true };

export function chartText(fontSize: number) {
  return { color: CHART_COLORS.text, fontFamily: CANVAS_FONT_FAMILY, fontSize };
}

/** Options every chart starts from; spread it and override what differs. */
export function chartBase(fontSize: number) {
  const textStyle = chartText(fontSize);
  return {
    backgroundColor: 'transparent',
    textStyle,
    animationDurationUpdate: 400,
    tooltip: { backgroundColor: 'rgba(5, 16, 30, 0.92)', borderColor: CHART_COLORS.axis, textStyle },
  };
}
