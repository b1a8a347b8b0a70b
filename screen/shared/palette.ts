// Colours shared by the map and the charts (CSS colours live in theme.css).
import type { EventTiming } from '../../contract/api.ts';
import type { EventLevel, EventStatus, ForceKind, PlaceKind, TaskStatus } from '../../contract/domain.ts';

export const LEVEL_COLORS: Record<EventLevel, string> = {
  extraordinary: '#ff1744',
  major: '#ff9100',
  significant: '#ffd600',
  general: '#2979ff',
};

/**
 * Where an event is in the closed loop: the fill of its mark on the map. Hot while it waits for the
 * room (accepted, assigned), cool while others work it; bright enough for the dark base map and apart
 * from the place and force points around it. Closed events leave the map; their colours are for lists.
 */
export const STATUS_COLORS: Record<EventStatus, string> = {
  accepted: '#ff4081',
  assigned: '#ffab40',
  handling: '#4d8dff',
  feedback: '#aeea00',
  verifying: '#d18cff',
  closed: '#78909c',
  evaluated: '#607d8b',
};

/** The deadline ring around an event's mark, by where the event stands against its deadline. */
export const TIMING_COLORS: Record<EventTiming, string> = {
  on_time: '#e0f7fa',
  nearing: '#ffd600',
  overdue: '#ff1744',
};

/**
 * The rest of an event's mark: outline, the dark disc the ring sits on (opaque, so it hides the place
 * points under the mark), the unfilled ring, the overdue halo, the supervision pulse.
 */
export const MARK_COLORS = {
  outline: '#ffffff',
  backing: '#060d17',
  ringTrack: 'rgba(255, 255, 255, 0.3)',
  halo: '#ff1744',
  pulse: '#ffffff',
} as const;

/** A dispatch task's state on the wall's dispatch board. */
export const TASK_STATUS_COLORS: Record<TaskStatus, string> = {
  notified: '#ffd740',
  accepted: '#40c4ff',
  arrived: '#69f0ae',
  done: '#90a4ae',
  refused: '#ff5252',
  cancelled: '#78909c',
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
  /** The hazard area of an emergency: a red wash with a bright edge, seen across the room. */
  hazard: '#ff3d3d',
  hazardFill: 'rgba(255, 61, 61, 0.28)',
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
