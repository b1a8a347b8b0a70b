// Request schemas of the administration routes (users, credentials, points rules, devices, audit).
// Strict objects: an unknown field is a 400 naming it, not a silently ignored typo.
import { z } from 'zod';
import { finite, instant, lat, lon, text } from '../../../contract/schemas.ts';
import { DEVICE_TYPES, DEVICE_VALUE_RANGES } from '../../../contract/domain.ts';
import { INTEGRATION_SCOPES } from '../../auth/principal.ts';

export const ADMIN_LIMITS = {
  nameMax: 100,
  codeMax: 64,
  tokenDaysMax: 3650, // ten years: a wall screen outlives most things in the room
  rulePointsMax: 100,
  auditPageMax: 1000,
  filterMax: 200,
} as const;

/** Query strings send `?actor=` for "no filter": an empty value counts as absent. */
const blankAsAbsent = <S extends z.ZodType>(schema: S) => z.preprocess((v) => (v === '' ? undefined : v), schema.optional());

export const ACCOUNT_ROLES = ['leader', 'duty_officer', 'grid_leader', 'grid_worker', 'admin'] as const;
export type AccountRole = (typeof ACCOUNT_ROLES)[number];

export const UserCreateInput = z
  .strictObject({
    username: z.string().regex(/^[a-z0-9_.-]{3,32}$/, 'must be 3–32 characters of a-z, 0-9, "_", "." or "-"'),
    displayName: text(ADMIN_LIMITS.nameMax),
    role: z.enum(ACCOUNT_ROLES, 'must be one of leader, duty_officer, grid_leader, grid_worker, admin (screens use display tokens)'),
    villageCode: text(ADMIN_LIMITS.codeMax).optional(),
    gridCode: text(ADMIN_LIMITS.codeMax).optional(),
    workerCode: text(ADMIN_LIMITS.codeMax).optional(),
  })
  .superRefine((input, ctx) => {
    // The scope of an account follows from its role: township-wide, one village, or one grid.
    if (input.role === 'grid_leader' && !input.villageCode) ctx.addIssue({ code: 'custom', path: ['villageCode'], message: 'required for a grid_leader' });
    if (input.role === 'grid_worker' && !input.gridCode) ctx.addIssue({ code: 'custom', path: ['gridCode'], message: 'required for a grid_worker' });
    if (input.role !== 'grid_worker' && input.gridCode) ctx.addIssue({ code: 'custom', path: ['gridCode'], message: 'only a grid_worker is bound to a grid' });
    if (input.role !== 'grid_leader' && input.role !== 'grid_worker' && input.villageCode) {
      ctx.addIssue({ code: 'custom', path: ['villageCode'], message: `a ${input.role} sees the whole township; leave villageCode out` });
    }
  });
export type UserCreateInput = z.output<typeof UserCreateInput>;

export const DisplayTokenInput = z.strictObject({
  name: text(ADMIN_LIMITS.nameMax),
  expiresInDays: z.number().int('must be a whole number of days').min(1).max(ADMIN_LIMITS.tokenDaysMax).optional(),
});
export type DisplayTokenInput = z.output<typeof DisplayTokenInput>;

export const ApiKeyInput = z.strictObject({
  name: text(ADMIN_LIMITS.nameMax),
  scopes: z
    .array(z.enum(INTEGRATION_SCOPES, `must be one of ${INTEGRATION_SCOPES.join(', ')}`))
    .min(1, 'must name at least one scope')
    .max(INTEGRATION_SCOPES.length * 2)
    .transform((scopes) => INTEGRATION_SCOPES.filter((s) => scopes.includes(s))),
});
export type ApiKeyInput = z.output<typeof ApiKeyInput>;

export const RuleInput = z.strictObject({
  code: z.string().regex(/^[a-z0-9_]{1,64}$/, 'must be 1–64 characters of a-z, 0-9 and "_"'),
  name: text(ADMIN_LIMITS.nameMax),
  points: z.number().int('must be a whole number').min(-ADMIN_LIMITS.rulePointsMax).max(ADMIN_LIMITS.rulePointsMax),
  appliesTo: z.enum(['worker', 'resident']),
});
export type RuleInput = z.output<typeof RuleInput>;

export const DeviceInput = z
  .strictObject({
    code: z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'must be 1–64 characters of letters, digits, "_", "." or "-"'),
    name: text(ADMIN_LIMITS.nameMax),
    type: z.enum(DEVICE_TYPES),
    lon,
    lat,
    unit: z.string().trim().max(16, 'must be at most 16 characters'),
    normalMin: finite,
    normalMax: finite,
    warnAbove: finite,
    criticalAbove: finite,
    placeCode: text(ADMIN_LIMITS.codeMax).optional(),
  })
  .superRefine((input, ctx) => {
    if (input.normalMax < input.normalMin) ctx.addIssue({ code: 'custom', path: ['normalMax'], message: 'must be at least normalMin' });
    if (input.criticalAbove < input.warnAbove) ctx.addIssue({ code: 'custom', path: ['criticalAbove'], message: 'must be at least warnAbove' });
    // Readings outside the type's physical range are refused, so a normal range outside it could never be met.
    const { min, max, unit } = DEVICE_VALUE_RANGES[input.type];
    for (const field of ['normalMin', 'normalMax'] as const) {
      if (input[field] < min || input[field] > max) ctx.addIssue({ code: 'custom', path: [field], message: `must lie within ${min}…${max}${unit ? ` ${unit}` : ''}, the physical range of ${input.type} readings` });
    }
  });
export type DeviceInput = z.output<typeof DeviceInput>;

/** The audit filters both the search and the CSV export take. */
const AUDIT_FILTERS = {
  actor: blankAsAbsent(z.string().max(ADMIN_LIMITS.filterMax)),
  action: blankAsAbsent(z.string().max(ADMIN_LIMITS.filterMax)),
  target: blankAsAbsent(z.string().max(ADMIN_LIMITS.filterMax)),
  from: blankAsAbsent(instant),
  to: blankAsAbsent(instant),
};
const fromNotAfterTo = (q: { from?: string; to?: string }) => !q.from || !q.to || Date.parse(q.from) <= Date.parse(q.to);
const TO_BEFORE_FROM = { path: ['to'], message: 'must not be before from' };

export const AuditQuery = z
  .strictObject({
    ...AUDIT_FILTERS,
    limit: blankAsAbsent(z.coerce.number().int().min(1).max(ADMIN_LIMITS.auditPageMax)),
    before: blankAsAbsent(z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER)),
  })
  .refine(fromNotAfterTo, TO_BEFORE_FROM);
export type AuditQuery = z.output<typeof AuditQuery>;

/** The filters of the CSV export: the search's, without paging. */
export const AuditExportQuery = z.strictObject(AUDIT_FILTERS).refine(fromNotAfterTo, TO_BEFORE_FROM);
export type AuditExportQuery = z.output<typeof AuditExportQuery>;
