// Request schemas for the hub's REST API. The hub validates with these; the simulator and any
// integrator can build payloads against the inferred types. Limits are named so errors can cite them.
import { z } from 'zod';
import { DATUMS, DEPARTMENT_KINDS, DEVICE_TYPES, EVENT_CATEGORIES, EVENT_LEVELS, FORCE_KINDS, KEY_GROUPS, REPORTED_EVENT_SOURCES } from './domain.ts';

export const LIMITS = {
  titleMax: 200,
  contentMax: 4000,
  nameMax: 100,
  externalIdMax: 128,
  readingsPerBatch: 10_000,
  positionsPerBatch: 5_000,
  /** Largest JSON body the hub parses (4 MiB); a full readings batch fits comfortably. */
  bodyBytes: 4 * 1024 * 1024,
} as const;

/** zod 4 numbers are finite already (NaN and ±Infinity fail); ranges are plain min/max so OpenAPI shows them. */
export const finite = z.number({ error: 'must be a finite number' });
export const lon = finite.min(-180, 'longitude must be within -180..180').max(180, 'longitude must be within -180..180');
export const lat = finite.min(-90, 'latitude must be within -90..90').max(90, 'latitude must be within -90..90');
/** Earliest and latest instants the hub takes: older or later times are typos, not data. */
export const INSTANT_RANGE = { from: Date.UTC(1970, 0, 1), to: Date.UTC(2100, 0, 1) } as const;
/** Real zone offsets lie within ±14:00; PostgreSQL refuses beyond ±15:59. */
const REAL_OFFSET = /(Z|[+-](0\d|1[0-4]):[0-5]\d)$/;

/**
 * ISO 8601 with a zone offset, e.g. 2026-11-21T08:00:00+08:00 (a time without zone is ambiguous),
 * between 1970 and 2100. Passed on as the same instant in UTC ISO form.
 */
export const instant = z.iso
  .datetime({ offset: true, message: 'must be an ISO 8601 time with a zone offset' })
  .refine((v) => REAL_OFFSET.test(v), { message: 'zone offset must be within ±14:00' })
  .refine((v) => Date.parse(v) >= INSTANT_RANGE.from && Date.parse(v) < INSTANT_RANGE.to, { message: 'must lie between 1970 and 2100' })
  .transform((v) => new Date(v).toISOString());
/** Trimmed, non-empty text of at most `max` characters. */
export const text = (max: number) => z.string().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);
const mainlandPhone = z.string().regex(/^(1\d{10}|0\d{2,3}-?\d{7,8})$/, 'must be a mainland mobile (11 digits) or landline number');

export const EventInput = z.strictObject({
  externalId: text(LIMITS.externalIdMax).optional(),
  title: text(LIMITS.titleMax),
  content: z.string().max(LIMITS.contentMax, `must be at most ${LIMITS.contentMax} characters`).default(''),
  /** Required unless itemCode names a catalogue item (whose category it then is). */
  category: z.enum(EVENT_CATEGORIES).optional(),
  /** The catalogue item (事项): its department, deadlines and run card apply. */
  itemCode: text(64).optional(),
  /** Defaults to the item's default level, or 'general'. */
  level: z.enum(EVENT_LEVELS).optional(),
  /** A reported source; 'emergency_command' events are the hub's own (evacuation). */
  source: z.enum(REPORTED_EVENT_SOURCES),
  reporterName: text(LIMITS.nameMax).optional(),
  reporterPhone: mainlandPhone.optional(),
  lon,
  lat,
  datum: z.enum(DATUMS).default('WGS84'),
  occurredAt: instant.optional(),
  /** Hours from acceptance to the handling deadline (超时时间); the catalogue default applies when absent. */
  deadlineHours: z.number().int().min(1).max(24 * 90).optional(),
  /** Take it in as a further report of this open event (the duty officer saw it among the candidates). */
  duplicateOf: z.number().int().positive().optional(),
  /** Take it in as a new event even if an open one of its category is close by (no automatic linking). */
  newEvent: z.boolean().optional(),
}).refine((e) => e.category !== undefined || e.itemCode !== undefined, { path: ['category'], message: 'required unless itemCode names a catalogue item' })
  .refine((e) => !(e.duplicateOf !== undefined && e.newEvent), { path: ['newEvent'], message: 'a report is either linked (duplicateOf) or a new event, not both' });
export type EventInput = z.input<typeof EventInput>;

/** GET /events/duplicates: open events a report at this place would be linked to. */
export const DuplicateQuery = z.object({
  category: z.enum(EVENT_CATEGORIES),
  lon: z.coerce.number().pipe(lon),
  lat: z.coerce.number().pipe(lat),
  datum: z.enum(DATUMS).default('WGS84'),
});

const hours = z.number().int('must be whole hours').min(1, 'at least 1 hour').max(24 * 90, 'at most 90 days');
const runCardLine = z.strictObject({ kind: z.enum(FORCE_KINDS), count: z.number().int().min(1).max(20) });
const runCard = z.array(runCardLine).max(8, 'at most 8 kinds of force per level');
export const perLevel = <S extends z.ZodType>(schema: S) => z.strictObject({ general: schema, significant: schema, major: schema, extraordinary: schema });

export const EventItemInput = z.strictObject({
  code: z.string().regex(/^[a-z0-9_]{2,64}$/, 'must be 2–64 characters of a-z, 0-9 and "_"'),
  category: z.enum(EVENT_CATEGORIES),
  name: text(LIMITS.nameMax),
  defaultLevel: z.enum(EVENT_LEVELS),
  departmentCode: text(64),
  deadlineHours: perLevel(hours),
  runCard: perLevel(runCard),
  active: z.boolean().default(true),
});
export type EventItemInput = z.input<typeof EventItemInput>;
/** PUT /catalogue/items/{code}: the item's fields but its code. */
export const EventItemUpdate = EventItemInput.omit({ code: true });

export const DepartmentInput = z.strictObject({
  code: z.string().regex(/^[A-Za-z0-9_.-]{2,64}$/, 'must be 2–64 characters of letters, digits, "_", "." or "-"'),
  name: text(LIMITS.nameMax),
  kind: z.enum(DEPARTMENT_KINDS),
  villageCode: text(64).optional(),
  contactName: text(LIMITS.nameMax),
  phone: mainlandPhone,
  lon,
  lat,
});
export const DepartmentUpdate = DepartmentInput.omit({ code: true });

export const DispatchInput = z.strictObject({
  tasks: z.array(z.strictObject({
    party: z.strictObject({ kind: z.enum(['department', 'force', 'worker']), code: text(64) }),
    instructions: z.string().trim().max(1000, 'must be at most 1000 characters').default(''),
    /** Minutes from now to the task's due time. */
    dueMinutes: z.number().int().min(5, 'at least 5 minutes').max(7 * 24 * 60, 'at most 7 days'),
  })).min(1, 'name at least one party').max(20, 'at most 20 parties per dispatch'),
  note: z.string().trim().max(1000).optional(),
});
export type DispatchInput = z.input<typeof DispatchInput>;

export const TaskTransitionInput = z.strictObject({
  to: z.enum(['accepted', 'arrived', 'done', 'refused', 'cancelled']),
  /** Why it is refused or cancelled: required then. */
  reason: text(500).optional(),
  /** What was done (with to: done). */
  feedback: z.string().trim().max(2000).optional(),
}).refine((t) => (t.to === 'refused' || t.to === 'cancelled') === (t.reason !== undefined), {
  path: ['reason'], message: 'a reason is given exactly when a task is refused or cancelled',
});
export type TaskTransitionInput = z.input<typeof TaskTransitionInput>;

export const TaskListQuery = z.object({
  open: z.enum(['true', 'false']).optional(),
  eventId: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(5000).default(1000),
});

export const SuperviseInput = z.strictObject({ text: text(1000) });
export const EscalateInput = z.strictObject({ reason: text(1000) });
export const EscalationsQuery = z.object({
  /** Only escalations after this id (the county side pages through the outbox). */
  after: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

/** GET /events/{id}: `unmask=true` with a reason shows the reporter whole (audited). */
export const EventDetailQuery = z.object({
  unmask: z.literal('true').optional(),
  reason: z.string().trim().min(2).max(200).optional(),
});

export const ReadingInput = z.strictObject({
  deviceCode: text(64),
  ts: instant,
  value: finite,
});
export type ReadingInput = z.input<typeof ReadingInput>;

export const ReadingBatch = z.strictObject({
  readings: z
    .array(ReadingInput)
    .min(1, 'must hold at least one reading')
    .max(LIMITS.readingsPerBatch, `at most ${LIMITS.readingsPerBatch} readings per batch`),
});
export type ReadingBatch = z.input<typeof ReadingBatch>;

export const PatrolPositionInput = z.strictObject({
  workerCode: text(64),
  ts: instant,
  lon,
  lat,
  datum: z.enum(DATUMS).default('WGS84'),
});
export const PatrolPositionBatch = z.strictObject({
  positions: z
    .array(PatrolPositionInput)
    .min(1, 'must hold at least one position')
    .max(LIMITS.positionsPerBatch, `at most ${LIMITS.positionsPerBatch} positions per batch`),
});
export type PatrolPositionBatch = z.input<typeof PatrolPositionBatch>;

export const PointsActionInput = z.strictObject({
  externalId: text(LIMITS.externalIdMax).optional(),
  ruleCode: text(64),
  workerCode: text(64),
  ts: instant,
  note: z.string().max(500).optional(),
});
export type PointsActionInput = z.input<typeof PointsActionInput>;

export { DEVICE_TYPES };

export const LoginInput = z.strictObject({
  username: z.string().min(1, 'must not be empty').max(64),
  password: z.string().min(1, 'must not be empty').max(256),
});

export const PasswordChangeInput = z.strictObject({
  currentPassword: z.string().min(1, 'must not be empty').max(256),
  newPassword: z.string().min(1, 'must not be empty').max(256),
});

export const EventTransitionInput = z.strictObject({
  to: z.enum(['assigned', 'handling', 'feedback', 'verifying', 'closed', 'evaluated']),
  note: z.string().max(2000).optional(),
  /** 1–5, only with to: 'evaluated'. */
  evaluation: z.number().int().min(1).max(5).optional(),
});
export type EventTransitionInput = z.input<typeof EventTransitionInput>;

/** GET /alarms: `open=true` keeps open ones; newest first. */
export const ListQuery = z.object({
  open: z.enum(['true', 'false']).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

/** GET /events: newest first; the console takes every open event of its scope at once (up to 10,000). */
export const EventListQuery = z.object({
  open: z.enum(['true', 'false']).optional(),
  limit: z.coerce.number().int().min(1).max(10_000).default(100),
});

export const PeopleQuery = z.object({
  group: z.enum(KEY_GROUPS).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});

/** GET /people/{code}: `unmask=true` with a reason shows the record whole (audited). */
export const UnmaskQuery = z.object({
  unmask: z.literal('true').optional(),
  reason: z.string().trim().min(2).max(200).optional(),
});
