// Early warning (预警): rules a township configures, and the warnings they raise with their evidence.
// A warning goes raised → acknowledged → resolved and is never duplicated while open (one per rule
// and subject). Enumerations, request schemas and answers, shared by api, screen and mock.
import { z } from 'zod';
import { ALARM_SEVERITIES, DEVICE_TYPES, EVENT_CATEGORIES, EVENT_LEVELS, KEY_GROUPS } from './domain.ts';
import type { AlarmSeverity, DeviceType, EventCategory, EventLevel, KeyGroup } from './domain.ts';

/** Warning levels of the Chinese early-warning signals, lowest first: 蓝 Ⅳ, 黄 Ⅲ, 橙 Ⅱ, 红 Ⅰ. */
export const WARNING_LEVELS = ['blue', 'yellow', 'orange', 'red'] as const;
export type WarningLevel = (typeof WARNING_LEVELS)[number];

export const WARNING_STATUSES = ['raised', 'acknowledged', 'resolved'] as const;
export type WarningStatus = (typeof WARNING_STATUSES)[number];

export const WARNING_RULE_KINDS = ['threshold', 'rate_of_rise', 'cluster', 'overdue', 'vulnerable_near_alarm', 'shelter_full'] as const;
export type WarningRuleKind = (typeof WARNING_RULE_KINDS)[number];

/** The parameters of each kind of rule. */
export const WarningRuleParams = {
  /** An open threshold alarm of this device type, at least this severe. Subject: the device. */
  threshold: z.strictObject({
    deviceType: z.enum(DEVICE_TYPES),
    minSeverity: z.enum(ALARM_SEVERITIES),
  }),
  /**
   * A gauge rising faster than `risePerHour` (its unit per hour): the least-squares slope of its
   * readings of the last `windowMinutes`, from at least `minReadings` of them, while its latest value
   * is above its normal range (so a random walk inside the normal range never warns). Subject: the device.
   */
  rate_of_rise: z.strictObject({
    deviceType: z.enum(DEVICE_TYPES),
    risePerHour: z.number().positive().max(1_000),
    windowMinutes: z.number().int().min(1).max(24 * 60),
    minReadings: z.number().int().min(3).max(1_000),
  }),
  /** At least `count` events of one category reported in one grid within `withinMinutes`. Subject: the grid. */
  cluster: z.strictObject({
    category: z.enum(EVENT_CATEGORIES),
    count: z.number().int().min(2).max(1_000),
    withinMinutes: z.number().int().min(1).max(30 * 24 * 60),
  }),
  /** An open event at least this level past its deadline. Subject: the event. */
  overdue: z.strictObject({
    minLevel: z.enum(EVENT_LEVELS),
  }),
  /** People of these key groups within `radiusM` of an open alarm of these device types, at least this severe. Subject: the alarm. */
  vulnerable_near_alarm: z.strictObject({
    radiusM: z.number().positive().max(5_000),
    minSeverity: z.enum(ALARM_SEVERITIES),
    deviceTypes: z.array(z.enum(DEVICE_TYPES)).min(1).max(DEVICE_TYPES.length),
    groups: z.array(z.enum(KEY_GROUPS)).min(1).max(KEY_GROUPS.length),
  }),
  /** A shelter of an open incident holding at least `share` of its capacity. Subject: the shelter (of the incident). */
  shelter_full: z.strictObject({
    share: z.number().gt(0).max(1),
  }),
} as const satisfies Record<WarningRuleKind, z.ZodType>;

export type WarningRuleParamsOf<K extends WarningRuleKind> = z.output<(typeof WarningRuleParams)[K]>;

/** PUT /warning-rules/{code}: a rule's settings (the kind of a rule is fixed when it is made). */
export const WarningRuleUpdate = z.strictObject({
  name: z.string().trim().min(1).max(100).optional(),
  level: z.enum(WARNING_LEVELS).optional(),
  active: z.boolean().optional(),
  /** How long the condition must stay clear before the hub resolves the warning itself (0: at once). */
  holdMinutes: z.number().int().min(0).max(7 * 24 * 60).optional(),
  params: z.record(z.string(), z.unknown()).optional(),
}).refine((u) => Object.keys(u).length > 0, 'give at least one of name, level, active, holdMinutes, params');
export type WarningRuleUpdate = z.input<typeof WarningRuleUpdate>;

/** POST /warnings/{id}/resolve. */
export const WarningResolveInput = z.strictObject({ reason: z.string().trim().min(1).max(500) });

/** GET /warnings: `open=true` keeps raised and acknowledged ones. */
export const WarningListQuery = z.object({
  open: z.enum(['true', 'false']).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export interface WarningRule {
  code: string;
  kind: WarningRuleKind;
  name: string;
  level: WarningLevel;
  active: boolean;
  holdMinutes: number;
  params: Record<string, unknown>;
  updatedBy: string;
  updatedAt: string;
}

/** What a warning saw when it was raised, by kind of rule. Personal data never: key people as codes. */
export type WarningEvidence =
  | { kind: 'threshold'; deviceCode: string; deviceType: DeviceType; alarmId: number; severity: AlarmSeverity; value: number; threshold: number }
  | { kind: 'rate_of_rise'; deviceCode: string; deviceType: DeviceType; risePerHour: number; limitPerHour: number; latest: number; normalMax: number;
      readings: { ts: string; value: number }[] }
  | { kind: 'cluster'; gridCode: string; category: EventCategory; count: number; withinMinutes: number; events: { id: number; number: string }[] }
  | { kind: 'overdue'; eventId: number; number: string; level: EventLevel; deadlineAt: string }
  | { kind: 'shelter_full'; incidentId: number; shelterCode: string; capacity: number; occupancy: number; share: number }
  | { kind: 'vulnerable_near_alarm'; alarmId: number; deviceCode: string; radiusM: number; total: number; byGroup: Partial<Record<KeyGroup, number>>; people: string[] };

export interface Warning {
  id: number;
  ruleCode: string;
  kind: WarningRuleKind;
  level: WarningLevel;
  status: WarningStatus;
  title: string;
  /** What it is about: device:…, grid:…:category, event:…, alarm:… */
  subject: string;
  evidence: WarningEvidence;
  gridCode: string | null;
  lon: number | null;
  lat: number | null;
  raisedAt: string;
  acknowledgedBy: string | null;
  acknowledgedAt: string | null;
  resolvedBy: string | null;
  resolvedAt: string | null;
  resolution: string | null;
  /** The response level (Ⅳ…Ⅰ) an incident opened from this warning would start at. */
  proposedResponseLevel: ResponseLevel;
  /** The incident opened from it, if any. */
  incidentId: number | null;
}

/** Emergency response levels (应急响应), lowest first: Ⅳ, Ⅲ, Ⅱ, Ⅰ. */
export const RESPONSE_LEVELS = ['IV', 'III', 'II', 'I'] as const;
export type ResponseLevel = (typeof RESPONSE_LEVELS)[number];

/** A warning's level proposes the response level of its incident: blue Ⅳ … red Ⅰ. */
export const RESPONSE_LEVEL_OF_WARNING: Record<WarningLevel, ResponseLevel> = { blue: 'IV', yellow: 'III', orange: 'II', red: 'I' };
