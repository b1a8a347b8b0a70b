// Domain vocabulary shared by api, screen, mock and gis-data.
// Codes are English and stable (they are stored in the database); labels live in the screen's i18n.
// See ../shared/DOMAIN.md for where each list comes from.

export const EVENT_LEVELS = ['general', 'significant', 'major', 'extraordinary'] as const;
export type EventLevel = (typeof EVENT_LEVELS)[number];

/** Event catalogue (事项清单) top-level categories. */
export const EVENT_CATEGORIES = [
  'safety_hazard', // 安全隐患
  'fire', // 消防
  'flood', // 防汛
  'geo_hazard', // 地质灾害
  'environment', // 环境卫生
  'dispute', // 矛盾纠纷
  'public_order', // 社会治安
  'traffic', // 道路交通
  'infrastructure', // 市政设施
  'food_drug', // 食品药品
  'livelihood', // 民生服务
  'other', // 其他
] as const;
export type EventCategory = (typeof EVENT_CATEGORIES)[number];

/** Where events come from: the reported sources, and the room's own (an evacuation it dispatches in an incident). */
export const REPORTED_EVENT_SOURCES = ['grid_patrol', 'hotline_12345', 'iot_alarm', 'resident', 'video'] as const;
export const EVENT_SOURCES = [...REPORTED_EVENT_SOURCES, 'emergency_command'] as const;
export type EventSource = (typeof EVENT_SOURCES)[number];
export type ReportedEventSource = (typeof REPORTED_EVENT_SOURCES)[number];

/** The closed loop: 受理 → 交办 → 处置 → 反馈 → 核查 → 办结 → 评价. */
export const EVENT_STATUSES = ['accepted', 'assigned', 'handling', 'feedback', 'verifying', 'closed', 'evaluated'] as const;
export type EventStatus = (typeof EVENT_STATUSES)[number];
export const CLOSED_STATUSES: readonly EventStatus[] = ['closed', 'evaluated'];

export const DEVICE_TYPES = ['smoke', 'water_level', 'gas', 'manhole', 'elevator', 'air_quality', 'geo_hazard', 'camera'] as const;
export type DeviceType = (typeof DEVICE_TYPES)[number];

/**
 * The physical range of each device type's readings: a reading outside it is a fault or a typo and
 * is refused (400 naming the range). Each range holds every real sensor of its type, and keeps the
 * sums of years of readings far from floating-point overflow.
 */
export const DEVICE_VALUE_RANGES: Record<DeviceType, { unit: string; min: number; max: number; meaning: string }> = {
  smoke: { unit: '', min: 0, max: 1, meaning: 'on/off: 1 = smoke detected' },
  water_level: { unit: 'm', min: -100, max: 6000, meaning: 'water surface in metres (gauge stage or elevation); no water in China lies above 6,000 m' },
  gas: { unit: '%LEL', min: 0, max: 100, meaning: 'share of the lower explosive limit' },
  manhole: { unit: '', min: 0, max: 1, meaning: 'on/off: 1 = cover tilted or open' },
  elevator: { unit: '', min: 0, max: 1, meaning: 'on/off: 1 = fault' },
  air_quality: { unit: 'AQI', min: 0, max: 500, meaning: 'air quality index; the scale of HJ 633-2012 ends at 500' },
  geo_hazard: { unit: 'mm', min: -100_000, max: 100_000, meaning: 'cumulative displacement in millimetres (±100 m)' },
  camera: { unit: '', min: 0, max: 1, meaning: 'on/off: 1 = online, 0 = offline' },
};

export const ALARM_SEVERITIES = ['warning', 'critical'] as const;
export type AlarmSeverity = (typeof ALARM_SEVERITIES)[number];
/** What raised an alarm: a reading over a threshold, or a device that stopped reporting. */
export const ALARM_KINDS = ['threshold', 'offline'] as const;
export type AlarmKind = (typeof ALARM_KINDS)[number];
/** active → acknowledged (a duty officer owns it) → cleared; an active alarm may also clear unseen. */
export const ALARM_STATUSES = ['active', 'acknowledged', 'cleared'] as const;
export type AlarmStatus = (typeof ALARM_STATUSES)[number];
/** Why an alarm cleared: back in its normal range, reporting again, or the device out of service. */
export const ALARM_CLEAR_REASONS = ['recovered', 'reporting', 'deactivated'] as const;
export type AlarmClearReason = (typeof ALARM_CLEAR_REASONS)[number];

export const PLACE_KINDS = [
  'village_committee', // 村（居）委会
  'school', // 学校
  'kindergarten', // 幼儿园
  'clinic', // 卫生院/卫生室
  'elderly_care', // 养老机构/居家养老服务中心
  'shelter', // 避难场所
  'reservoir', // 水库/山塘
  'river_gauge', // 水位站
  'chemical_plant', // 危化企业
  'market', // 农贸市场
  'gas_station', // 加油站
  'cultural_hall', // 文化礼堂
  'pumping_station', // 排涝站
  'enterprise', // 规上企业（非危化）
] as const;
export type PlaceKind = (typeof PLACE_KINDS)[number];

export const FORCE_KINDS = ['police', 'fire', 'medical', 'emergency_team', 'militia', 'volunteer', 'power', 'water_conservancy'] as const;
export type ForceKind = (typeof FORCE_KINDS)[number];

/** Departments that answer for events and own forces (派出所, 消防, 卫生院, 应急办, 综合执法, 市场监管, 水利, 供电, 村委 …). */
export const DEPARTMENT_KINDS = [
  'police', // 派出所
  'fire', // 消防
  'health', // 卫生院
  'emergency', // 应急管理办公室
  'enforcement', // 综合行政执法队
  'market', // 市场监督管理所
  'water', // 水利站
  'power', // 供电所
  'civil', // 社会事务办（民政）
  'armed', // 人民武装部
  'volunteer', // 新时代文明实践所
  'village', // 村（居）委会
] as const;
export type DepartmentKind = (typeof DEPARTMENT_KINDS)[number];

/** A dispatched task (联勤联动): notified → accepted → arrived → done, or refused with a reason; the room may cancel it. */
export const TASK_STATUSES = ['notified', 'accepted', 'arrived', 'done', 'refused', 'cancelled'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];
export const OPEN_TASK_STATUSES: readonly TaskStatus[] = ['notified', 'accepted', 'arrived'];

export const KEY_GROUPS = [
  'elderly_alone', // 独居老人
  'disabled', // 残疾人
  'low_income', // 低保
  'community_correction', // 社区矫正
  'left_behind_child', // 留守儿童
  'mental_disorder', // 严重精神障碍
] as const;
export type KeyGroup = (typeof KEY_GROUPS)[number];

export const ROLES = ['leader', 'duty_officer', 'grid_leader', 'grid_worker', 'display', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const DATUMS = ['WGS84', 'GCJ02', 'BD09'] as const;
export type Datum = (typeof DATUMS)[number];

/** China has one time zone and no daylight saving: day and month boundaries are UTC+8. */
export const CHINA_UTC_OFFSET_MINUTES = 8 * 60;
