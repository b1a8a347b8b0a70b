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

export const EVENT_SOURCES = ['grid_patrol', 'hotline_12345', 'iot_alarm', 'resident', 'video'] as const;
export type EventSource = (typeof EVENT_SOURCES)[number];

/** The closed loop: 受理 → 交办 → 处置 → 反馈 → 核查 → 办结 → 评价. */
export const EVENT_STATUSES = ['accepted', 'assigned', 'handling', 'feedback', 'verifying', 'closed', 'evaluated'] as const;
export type EventStatus = (typeof EVENT_STATUSES)[number];
export const CLOSED_STATUSES: readonly EventStatus[] = ['closed', 'evaluated'];

export const DEVICE_TYPES = ['smoke', 'water_level', 'gas', 'manhole', 'elevator', 'air_quality', 'geo_hazard', 'camera'] as const;
export type DeviceType = (typeof DEVICE_TYPES)[number];

export const ALARM_SEVERITIES = ['warning', 'critical'] as const;
export type AlarmSeverity = (typeof ALARM_SEVERITIES)[number];

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
