// Colours shared by the map and the charts (CSS colours live in theme.css).
import type { EventLevel, ForceKind, PlaceKind } from '../../contract/domain.ts';

export const LEVEL_COLORS: Record<EventLevel, string> = {
  extraordinary: '#ff1744',
  major: '#ff9100',
  significant: '#ffd600',
  general: '#2979ff',
};

export const PLACE_COLORS: Record<PlaceKind, string> = {
  village_committee: '#b0bec5',
  school: '#80d8ff',
  kindergarten: '#84ffff',
  clinic: '#69f0ae',
  elderly_care: '#b9f6ca',
  shelter: '#00e676',
  reservoir: '#40c4ff',
  river_gauge: '#448aff',
  chemical_plant: '#ff80ab',
  market: '#ffe57f',
  gas_station: '#ea80fc',
  cultural_hall: '#ffab91',
  pumping_station: '#8c9eff',
  enterprise: '#bcaaa4',
};

export const FORCE_COLORS: Record<ForceKind, string> = {
  police: '#536dfe',
  fire: '#ff5252',
  medical: '#ffffff',
  emergency_team: '#ffab40',
  militia: '#9ccc65',
  volunteer: '#f48fb1',
  power: '#ffee58',
  water_conservancy: '#4dd0e1',
};

export const MAP_COLORS = {
  county: '#5c7cfa',
  township: '#4fc3f7',
  townshipFill: 'rgba(79, 195, 247, 0.08)',
  village: '#90a4ae',
  villageLabel: '#e3f2fd',
  grid: '#00e5ff',
  river: '#2196f3',
  globe: '#050b14',
  background: '#03070d',
} as const;

export const CHART_COLORS = {
  text: '#9fb7d3',
  axis: '#2a3f5f',
  bar: '#26c6da',
  line: '#00e5ff',
  lineArea: 'rgba(0, 229, 255, 0.15)',
} as const;

/** Font stack for canvas text (Cesium labels, ECharts): CJK first so Chinese never falls back to boxes. */
export const CANVAS_FONT_FAMILY = '"Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", sans-serif';
