// Who may do what: one table of actions × roles, the single source for the route guards, the
// socket guard and the documented matrix (docs/security.md), which a test checks pair by pair.
import type { Role } from '../../contract/domain.ts';
import type { IntegrationScope, Principal, Scope } from './principal.ts';

type Grantee = Role | `integration:${IntegrationScope}`;

const FIELD: Grantee[] = ['leader', 'duty_officer', 'grid_leader', 'grid_worker'];
const VIEWERS: Grantee[] = [...FIELD, 'display'];

export const PERMISSIONS = {
  'map.read': VIEWERS,
  'stats.read': VIEWERS,
  'stats.verify': ['leader', 'duty_officer'],
  'events.read': VIEWERS,
  'events.report': [...FIELD, 'integration:events'],
  'events.assign': ['leader', 'duty_officer'],
  'events.handle': FIELD,
  'events.verify': ['leader', 'duty_officer', 'grid_leader'],
  'events.close': ['leader'],
  'events.export': ['leader', 'duty_officer', 'grid_leader'],
  'alarms.read': VIEWERS,
  'alarms.acknowledge': ['leader', 'duty_officer'],
  'mode.read': VIEWERS,
  'mode.switch': ['leader'],
  'people.read': FIELD,
  'people.unmask': FIELD,
  'catalogue.read': [...FIELD, 'admin'],
  'catalogue.manage': ['admin'],
  'events.dispatch': ['leader', 'duty_officer'],
  'events.supervise': ['leader', 'duty_officer'],
  'events.escalate': ['leader', 'duty_officer'],
  'events.unlink': ['leader', 'duty_officer'],
  'tasks.read': [...VIEWERS, 'integration:tasks'], // the wall shows the dispatch board: parties are units and staff, not residents
  'tasks.answer': [...FIELD, 'integration:tasks'],
  'escalations.read': ['leader', 'duty_officer', 'integration:county'],
  'alarms.to_event': ['leader', 'duty_officer'],
  'readings.ingest': ['integration:readings'],
  'patrol.report': ['grid_leader', 'grid_worker', 'integration:patrol'],
  'points.record': ['leader', 'duty_officer', 'integration:points'],
  'users.manage': ['admin'],
  'rules.manage': ['admin'],
  'devices.manage': ['admin'],
  'keys.manage': ['admin'],
  'audit.read': ['admin'],
  'warnings.read': VIEWERS,
  'warnings.handle': ['leader', 'duty_officer'],
  'warning_rules.read': ['leader', 'duty_officer', 'admin'],
  'warning_rules.manage': ['admin'],
  'incidents.read': VIEWERS,
  'incidents.manage': ['leader'],
  'hazards.edit': ['leader', 'duty_officer'],
  'shelters.report': [...FIELD, 'integration:tasks'], // the shelter's staff through the field app
} as const satisfies Record<string, readonly Grantee[]>;

export type Action = keyof typeof PERMISSIONS;
export const ACTIONS = Object.keys(PERMISSIONS) as Action[];

export function can(principal: Principal, action: Action): boolean {
  const grantees: readonly Grantee[] = PERMISSIONS[action];
  if (principal.kind === 'integration') return principal.scopes.some((scope) => grantees.includes(`integration:${scope}`));
  if (principal.kind === 'user' && principal.mustChangePassword) return false;
  return grantees.includes(principal.role);
}

/** Does the principal's scope cover a grid of `villageCode`? */
export function coversGrid(scope: Scope, grid: { code: string; villageCode: string }): boolean {
  if (scope.gridCode) return scope.gridCode === grid.code;
  if (scope.villageCode) return scope.villageCode === grid.villageCode;
  return true;
}

/**
 * A scope as SQL: rows whose grid (alias g, with its village v) lies in the scope. Parameters $1–$3
 * come from scopeParams(); later parameters of the query start at $4.
 */
export const IN_SCOPE_SQL = 'v.township_code = $1 AND ($2::text IS NULL OR g.village_code = $2) AND ($3::text IS NULL OR g.code = $3)';

export function scopeParams(scope: Scope): [string, string | null, string | null] {
  return [scope.townshipCode, scope.villageCode ?? null, scope.gridCode ?? null];
}
