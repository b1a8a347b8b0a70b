// Response bodies and socket.io events of the hub. Imported by api (to produce them), screen (to
// consume them) and mock (to read answers). Types and small pure helpers only.
import type {
  AlarmClearReason,
  AlarmKind,
  AlarmSeverity,
  AlarmStatus,
  DeviceType,
  EventCategory,
  EventLevel,
  EventSource,
  EventStatus,
  ForceKind,
  PlaceKind,
} from './domain.ts';
import type { Supervision, TaskSummary } from './closedLoop.ts';
import type { FigureChanges } from './statsDelta.ts';
import type { Warning } from './warnings.ts';
import type { HazardUpdate, IncidentSummary, ShelterUpdate } from './incidents.ts';

export const API_PREFIX = '/api/v1';

/** Every 4xx/5xx answer has this shape; `issues` lists each offending field for validation errors. */
export interface ErrorBody {
  error:
    | 'validation' | 'invalid_json' | 'payload_too_large' | 'not_found' | 'outside_township' | 'unknown_device' | 'out_of_range' | 'unknown_reference'
    | 'unauthorized' | 'forbidden' | 'password_change_required' | 'account_locked' | 'account_disabled' | 'rate_limited'
    | 'conflict' | 'unavailable' | 'internal';
  message: string;
  issues?: { path: string; message: string }[];
}

export interface Health {
  status: 'ok' | 'degraded';
  database: { kind: 'pglite' | 'postgres'; status: 'ok' | 'error'; version?: string; detail?: string };
  township: { code: string; name: string } | null;
  uptimeSeconds: number;
  version: string;
}

export interface EventSummary {
  id: number;
  number: string; // 事件编号: township code, China-time day, sequence, e.g. 330825101-20261121-0007
  title: string;
  category: EventCategory;
  level: EventLevel;
  source: EventSource;
  status: EventStatus;
  lon: number;
  lat: number;
  gridCode: string;
  gridName: string;
  villageName: string;
  reporterName: string | null; // masked
  reporterPhone: string | null; // masked
  occurredAt: string; // ISO
  acceptedAt: string; // ISO
  /** When the event counts as nearing its deadline (a configured share of its time used). */
  nearingAt: string; // ISO
  deadlineAt: string; // ISO
  closedAt: string | null;
  /** Its item of the event catalogue, when it was taken in against one. */
  itemCode: string | null;
  /** How many reports it has: 1, plus the duplicates linked to it. */
  reports: number;
  /** Supervision notices (督办) issued on it. */
  supervisions: number;
  /** When it was escalated to the county (对上承接), if it was. */
  escalatedAt: string | null;
}

/** Where an open event stands against its deadline at a moment. */
export type EventTiming = 'on_time' | 'nearing' | 'overdue';

export function timingOf(event: Pick<EventSummary, 'nearingAt' | 'deadlineAt'>, now: number): EventTiming {
  if (now > Date.parse(event.deadlineAt)) return 'overdue';
  return now >= Date.parse(event.nearingAt) ? 'nearing' : 'on_time';
}

export interface EventAccepted {
  event: EventSummary;
  /** True when this externalId was seen before: the original record is returned, nothing new is stored. */
  duplicate: boolean;
  /**
   * Set when the report was linked to an open event as a further report of it (same category, close
   * by, shortly after): `event` is that event, and the report is its `reportId`.
   */
  linked?: { reportId: number; distanceM: number };
}

export interface ReadingsAccepted {
  accepted: number;
  alarmsRaised: number;
}

export interface CountedAccepted {
  accepted: number;
}

export interface PointsAccepted extends CountedAccepted {
  /** True when this externalId was seen before: nothing new is stored (accepted 0). */
  duplicate: boolean;
}

export interface AlarmSummary {
  id: number;
  kind: AlarmKind;
  deviceCode: string;
  deviceName: string;
  deviceType: DeviceType;
  severity: AlarmSeverity;
  status: AlarmStatus;
  /** The reading that crossed the threshold; for an offline alarm, seconds since the device was last heard. */
  value: number;
  /** The threshold crossed; for an offline alarm, the seconds of silence allowed. */
  threshold: number;
  lon: number;
  lat: number;
  gridCode: string;
  raisedAt: string;
  acknowledgedBy: string | null;
  acknowledgedAt: string | null;
  clearedAt: string | null;
  clearedReason: AlarmClearReason | null;
  /** The event it became (告警转事件), if it did. */
  eventId: number | null;
}

/**
 * Rolling windows, aligned to clock hours so that every figure can be recomputed from the rows:
 * '1h' is the current clock hour so far, '24h' that hour and the 23 before it, '7d' 168 hours,
 * '30d' 720 hours, 'mtd' since 00:00 China time on the 1st of this month.
 */
export const STATS_WINDOWS = ['1h', '24h', '7d', '30d', 'mtd'] as const;
export type StatsWindow = (typeof STATS_WINDOWS)[number];

/** Upper bounds (hours) of the time-to-close histogram; p90 is the bound of the bucket holding the 90th percentile. */
export const CLOSE_HOURS_BOUNDS = [0.25, 0.5, 1, 2, 4, 8, 12, 24, 48, 72, 168, 720, Infinity] as const;

export interface WindowFigures {
  events: {
    total: number;
    byLevel: Record<EventLevel, number>;
    byCategory: Partial<Record<EventCategory, number>>;
    bySource: Partial<Record<EventSource, number>>;
    byGrid: Record<string, number>;
    byVillage: Record<string, number>;
  };
  /** Events closed in the window: how many, how many by their deadline, and how long they took. */
  closed: { count: number; onTime: number; onTimeRate: number | null; meanHours: number | null; p90Hours: number | null };
  readings: Partial<Record<DeviceType, { count: number; mean: number; min: number; max: number }>>;
  points: number;
  /** Supervision notices (督办) issued in the window, by the room and by the hub at deadlines. */
  supervisions: number;
}

export interface RankingRow { code: string; name: string; points: number }

/** Figures for the wall, for one scope (township, village or grid). Every number can be recomputed from the rows. */
export interface StatsSnapshot {
  townshipCode: string;
  /** The scope the figures cover: null village and grid for the whole township. */
  scope: { villageCode: string | null; gridCode: string | null };
  generatedAt: string;
  windows: Record<StatsWindow, WindowFigures>;
  events: {
    today: number;
    last24h: number;
    open: number;
    overdue: number;
    /** Open events past the configured share of their time (DEADLINE_NEARING_SHARE) but not yet overdue. */
    nearing: number;
    /** Open events with at least one supervision notice (督办). */
    supervised: number;
    /** Open events escalated to the county (对上承接). */
    escalated: number;
    monthReported: number;
    monthClosed: number;
    byLevel: Record<EventLevel, number>; // '30d' window
    byCategory: Partial<Record<EventCategory, number>>; // '30d' window
    bySource: Partial<Record<EventSource, number>>; // '30d' window
    /** Open events by status now. */
    byStatus: Partial<Record<EventStatus, number>>;
    hourlyToday: number[]; // 24 buckets, China time
  };
  /** Open dispatch tasks (联勤联动) by status, and how many are past their due time. */
  tasks: { open: number; late: number; byStatus: { notified: number; accepted: number; arrived: number } };
  alarms: {
    active: number;
    byDeviceType: Partial<Record<DeviceType, number>>;
    bySeverity: Record<AlarmSeverity, number>;
  };
  readings: {
    lastHour: number; // the '1h' window
    /** The most recent reading of each device type. */
    latestByType: Partial<Record<DeviceType, { value: number; at: string; deviceCode: string }>>;
  };
  patrol: { activeWorkers: number };
  points: { today: number };
  /** This month's points: top grid workers and grids. */
  rankings: { workers: RankingRow[]; grids: RankingRow[] };
  population: { residents: number; households: number; keyPeople: number };
}

export type LayerName = 'county' | 'township' | 'villages' | 'grids' | 'places' | 'forces' | 'river';

export interface PlaceProperties {
  code: string;
  name: string;
  kind: PlaceKind;
  gridCode: string;
  capacity?: number;
}
export interface ForceProperties {
  code: string;
  name: string;
  kind: ForceKind;
  members: number;
}

/** A statistics push: what changed since version `base` (see statsDelta.ts). Apply only onto `base`; otherwise ask for a snapshot. */
export interface StatsDelta extends FigureChanges {
  base: number;
  version: number;
}

/**
 * Socket events. Facts (event:new, event:updated, alarm:new, task:updated, supervision:new, mode:changed) carry the township's
 * sequence number; a screen that reconnects sends the last one it saw (`auth: { token, lastSeq }`)
 * and gets exactly the facts it missed, then `sync:ready` — or `sync:reset` when the gap is older
 * than the hub keeps or `lastSeq` is ahead of the hub's newest fact, and it must reload its lists.
 */
export interface ServerToClientEvents {
  /** On connect and on request: the figures of the caller's scope, and their version. */
  'stats:snapshot': (snapshot: StatsSnapshot, version: number) => void;
  /** After changes, coalesced. */
  'stats:delta': (delta: StatsDelta) => void;
  'event:new': (event: EventSummary, seq: number) => void;
  'event:updated': (event: EventSummary, seq: number) => void;
  'alarm:new': (alarm: AlarmSummary, seq: number) => void;
  /** An alarm was acknowledged, turned into an event, or cleared (its whole state, as `alarm:new`). */
  'alarm:updated': (alarm: AlarmSummary, seq: number) => void;
  /** A dispatch task was created or moved (notified, accepted, arrived, done, refused, cancelled). */
  'task:updated': (task: TaskSummary, seq: number) => void;
  /** A supervision notice (督办) was issued, by the room or by the hub when a deadline passed. */
  'supervision:new': (supervision: Supervision, seq: number) => void;
  /** A warning rule's condition began to hold (预警发布), with its evidence. */
  'warning:new': (warning: Warning, seq: number) => void;
  /** A warning was acknowledged, resolved (by a person, or by the hub once its condition stayed clear), or became an incident. */
  'warning:updated': (warning: Warning, seq: number) => void;
  /** An incident was opened, changed its response level, or closed. */
  'incident:updated': (incident: IncidentSummary, seq: number) => void;
  /** A new version of an incident's hazard area, with its impact (who and what is inside). */
  'hazard:updated': (update: HazardUpdate, seq: number) => void;
  /** People arrived at a shelter during an incident: its occupancy and room left. */
  'shelter:updated': (update: ShelterUpdate, seq: number) => void;
  /** The room's mode, on connect (seq null) and whenever a leader switches peacetime/emergency (平战转换). */
  'mode:changed': (mode: ModeState, seq: number | null) => void;
  /** Catch-up done: every fact up to `seq` has been sent. */
  'sync:ready': (seq: number) => void;
  /**
   * The facts since `lastSeq` are no longer kept, or `lastSeq` is beyond the newest fact (the
   * database was restored or rebuilt): reload lists and take `seq` as the last seen; figures follow as a snapshot.
   */
  'sync:reset': (seq: number) => void;
}

export interface ClientToServerEvents {
  'stats:get': (ack: (snapshot: StatsSnapshot, version: number) => void) => void;
}

/** GET /api/v1/township: what the wall needs to frame the map and credit its data. */
export interface TownshipInfo {
  code: string;
  name: string;
  countyName: string;
  /** [west, south, east, north] in WGS84 degrees. */
  bbox: [number, number, number, number];
  attribution: string[];
  schematic: boolean;
}

export interface EventList {
  events: EventSummary[];
}

/**
 * REST routes the wall reads (all under API_PREFIX):
 *   GET /health                  → Health
 *   GET /township                → TownshipInfo
 *   GET /layers/:name            → GeoJSON FeatureCollection (name: LayerName)
 *   GET /events?open=true&limit  → EventList (newest first, masked)
 *   GET /stats                   → StatsSnapshot
 * Writes (simulator, integrators):
 *   POST /events                 → 201 EventAccepted (200 when duplicate)
 *   POST /readings               → 201 ReadingsAccepted
 *   POST /patrol-positions       → 201 CountedAccepted
 *   POST /points                 → 201 PointsAccepted (200 when duplicate)
 */
export const ROUTES = {
  health: '/health',
  township: '/township',
  layer: (name: LayerName) => `/layers/${name}`,
  events: '/events',
  stats: '/stats',
  readings: '/readings',
  patrolPositions: '/patrol-positions',
  points: '/points',
} as const;

export interface LoginResponse {
  token: string;
  expiresAt: string;
  /** True after an initial or reset password: only POST /auth/password is allowed until it is changed. */
  mustChangePassword: boolean;
  user: { username: string; role: string; townshipCode: string | null; villageCode: string | null; gridCode: string | null };
}

export type RoomMode = 'peacetime' | 'emergency';

export interface ModeState {
  mode: RoomMode;
  /** The incident an emergency is for (null in peacetime). */
  incident: IncidentSummary | null;
  reason: string | null;
  switchedBy: string | null;
  switchedAt: string | null;
}
