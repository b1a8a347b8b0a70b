// The OpenAPI document of /api/v1, built from the very zod schemas the routes validate with: a
// schema changed in code is changed in the document. Which routes exist is checked by a test
// against the Express router, so a route cannot be added without appearing here.
import { z } from 'zod';
import { API_PREFIX } from '../../contract/api.ts';
import {
  DepartmentInput, DepartmentUpdate, DispatchInput, DuplicateQuery, EscalateInput, EscalationsQuery, EventDetailQuery, EventInput,
  EventItemInput, EventItemUpdate, EventListQuery, EventTransitionInput, ListQuery, LoginInput, PasswordChangeInput,
  PatrolPositionBatch, PeopleQuery, PointsActionInput, ReadingBatch, SuperviseInput, TaskListQuery, TaskTransitionInput, UnmaskQuery,
} from '../../contract/schemas.ts';
import { ArrivalInput, HazardAreaInput, ImpactQuery, IncidentCloseInput, ShelterQuery, IncidentInput, IncidentLevelInput, ModeSwitchInput } from '../../contract/incidents.ts';
import { WarningListQuery, WarningResolveInput, WarningRuleUpdate } from '../../contract/warnings.ts';
import { EvacuationInput } from '../../contract/evacuation.ts';
import { PERMISSIONS, type Action } from '../auth/permissions.ts';
import { HUB_VERSION } from '../version.ts';
import { ApiKeyInput, AuditExportQuery, AuditQuery, DeviceInput, DisplayTokenInput, RuleInput, UserCreateInput } from './routes/adminSchemas.ts';

type Method = 'get' | 'post' | 'put';

/** Groups of operations, as client generators name their classes or modules. */
const TAGS = {
  system: 'Health and this document',
  auth: 'Signing in and out, one\'s own account',
  map: 'The township and its map layers (GeoJSON)',
  ingest: 'What sources send: events, sensor readings, patrol positions, points actions',
  events: 'Events and their closed loop (受理 → 办结)',
  dispatch: 'Linked dispatch (联勤联动) and its tasks',
  supervision: 'Supervision (督办) and escalation to the county centre',
  alarms: 'IoT alarms',
  warnings: 'Early warning (预警): warnings with their evidence, and the rules that raise them',
  statistics: 'The wall\'s figures and their verification from the rows',
  mode: 'Peacetime and emergency (平战转换)',
  emergency: 'Incidents (突发事件), hazard areas and their impact, evacuation',
  people: 'Key-group people (masked)',
  catalogue: 'The event catalogue (事项清单) and departments',
  admin: 'Accounts, display tokens, integration keys, points rules, devices, the audit log',
} as const;

/** What a successful call answers: 201 when it created something (200 again for a duplicate it recognised), 204 with no body. */
type Success = 'ok' | 'created' | 'created-or-duplicate' | 'created-or-nothing-new' | 'no-content';

export interface RouteDoc {
  /** Stable name of the operation; client generators turn it into a method name. */
  operationId: string;
  tag: keyof typeof TAGS;
  method: Method;
  /** Express path under /api/v1, e.g. /events/:id/transition. */
  path: string;
  summary: string;
  /** The permission checked, or 'public' / 'signed-in' for routes without one. */
  access: Action | 'public' | 'signed-in';
  body?: z.ZodType;
  query?: z.ZodType;
  idempotent?: boolean;
  /** Default 'ok' (200). */
  success?: Success;
}

export const ROUTE_DOCS: RouteDoc[] = [
  { operationId: 'getHealth', tag: 'system', method: 'get', path: '/health', summary: 'Database kind and status, township, uptime', access: 'public' },
  { operationId: 'getOpenApiDocument', tag: 'system', method: 'get', path: '/openapi.json', summary: 'This document', access: 'public' },
  { operationId: 'login', tag: 'auth', method: 'post', path: '/auth/login', summary: 'Sign in; answers a session token', access: 'public', body: LoginInput },
  { operationId: 'logout', tag: 'auth', method: 'post', path: '/auth/logout', summary: 'Sign out: revokes the session and closes its sockets', access: 'signed-in', success: 'no-content' },
  { operationId: 'changePassword', tag: 'auth', method: 'post', path: '/auth/password', summary: 'Change one\'s password (required after an initial or reset one)', access: 'signed-in', body: PasswordChangeInput, success: 'no-content' },
  { operationId: 'getMe', tag: 'auth', method: 'get', path: '/auth/me', summary: 'The caller: kind, role, scope', access: 'signed-in' },
  { operationId: 'getTownship', tag: 'map', method: 'get', path: '/township', summary: 'Name, bbox and attribution of the township', access: 'map.read' },
  { operationId: 'getLayer', tag: 'map', method: 'get', path: '/layers/:name', summary: 'A map layer as GeoJSON (county, township, villages, grids, places, forces, river)', access: 'map.read' },
  { operationId: 'getTerrain', tag: 'map', method: 'get', path: '/terrain', summary: 'The elevation grid\'s header: extent, cells, encoding, datum, and the river gauges\' datums (water surface = datum + reading); schematic (示意) in the demo', access: 'map.read' },
  { operationId: 'getTerrainHeights', tag: 'map', method: 'get', path: '/terrain/heights', summary: 'The elevation grid\'s heights as application/octet-stream: little-endian int16 decimetres, row-major from the north-west cell; cacheable (ETag)', access: 'map.read' },
  { operationId: 'listEvents', tag: 'events', method: 'get', path: '/events', summary: 'Events in the caller\'s scope, newest first, personal fields masked (open=true: up to 10,000)', access: 'events.read', query: EventListQuery },
  { operationId: 'getStats', tag: 'statistics', method: 'get', path: '/stats', summary: 'The wall\'s figures for the caller\'s scope', access: 'stats.read' },
  { operationId: 'verifyStats', tag: 'statistics', method: 'get', path: '/stats/verify', summary: 'Recompute every figure from the raw rows and list mismatches', access: 'stats.verify' },
  { operationId: 'getMode', tag: 'mode', method: 'get', path: '/mode', summary: 'Peacetime or emergency, and the last switch', access: 'mode.read' },
  { operationId: 'reportEvent', tag: 'ingest', method: 'post', path: '/events', summary: 'Report an event (dedupe by externalId)', access: 'events.report', body: EventInput, idempotent: true, success: 'created-or-duplicate' },
  { operationId: 'ingestReadings', tag: 'ingest', method: 'post', path: '/readings', summary: 'A batch of up to 10,000 sensor readings, all stored or none; each value within its device type\'s physical range (400 out_of_range), no time more than CLOCK_SKEW_SECONDS ahead', access: 'readings.ingest', body: ReadingBatch, idempotent: true, success: 'created' },
  { operationId: 'ingestPatrolPositions', tag: 'ingest', method: 'post', path: '/patrol-positions', summary: 'Grid workers\' positions', access: 'patrol.report', body: PatrolPositionBatch, idempotent: true, success: 'created' },
  { operationId: 'recordPointsAction', tag: 'ingest', method: 'post', path: '/points', summary: 'A points action under an approved rule (dedupe by externalId)', access: 'points.record', body: PointsActionInput, idempotent: true, success: 'created-or-duplicate' },
  { operationId: 'transitionEvent', tag: 'events', method: 'post', path: '/events/:id/transition', summary: 'Move an event through the closed loop; the step decides the permission', access: 'events.read', body: EventTransitionInput },
  { operationId: 'exportEventsCsv', tag: 'events', method: 'get', path: '/events/export.csv', summary: 'Events in scope as CSV (masked), audited', access: 'events.export' },
  { operationId: 'listAlarms', tag: 'alarms', method: 'get', path: '/alarms', summary: 'Alarms in scope, newest first', access: 'alarms.read', query: ListQuery },
  { operationId: 'acknowledgeAlarm', tag: 'alarms', method: 'post', path: '/alarms/:id/acknowledge', summary: 'Acknowledge an active alarm', access: 'alarms.acknowledge', success: 'no-content' },
  { operationId: 'switchMode', tag: 'mode', method: 'post', path: '/mode', summary: 'Switch the room between peacetime and emergency (平战转换)', access: 'mode.switch', body: ModeSwitchInput },
  { operationId: 'listPeople', tag: 'people', method: 'get', path: '/people', summary: 'Key-group people in scope, masked', access: 'people.read', query: PeopleQuery },
  { operationId: 'getPerson', tag: 'people', method: 'get', path: '/people/:code', summary: 'One key person; unmask=true with a reason shows them whole (audited)', access: 'people.read', query: UnmaskQuery },
  { operationId: 'listUsers', tag: 'admin', method: 'get', path: '/users', summary: 'Accounts', access: 'users.manage' },
  { operationId: 'createUser', tag: 'admin', method: 'post', path: '/users', summary: 'Create an account; answers its one-time password', access: 'users.manage', body: UserCreateInput, success: 'created' },
  { operationId: 'resetUserPassword', tag: 'admin', method: 'post', path: '/users/:id/reset-password', summary: 'Issue a one-time password and end the account\'s sessions', access: 'users.manage' },
  { operationId: 'disableUser', tag: 'admin', method: 'post', path: '/users/:id/disable', summary: 'Disable an account and end its sessions', access: 'users.manage' },
  { operationId: 'enableUser', tag: 'admin', method: 'post', path: '/users/:id/enable', summary: 'Enable (and unlock) an account', access: 'users.manage' },
  { operationId: 'listDisplayTokens', tag: 'admin', method: 'get', path: '/display-tokens', summary: 'Display tokens of wall screens', access: 'keys.manage' },
  { operationId: 'createDisplayToken', tag: 'admin', method: 'post', path: '/display-tokens', summary: 'Create a display token (shown once)', access: 'keys.manage', body: DisplayTokenInput, success: 'created' },
  { operationId: 'revokeDisplayToken', tag: 'admin', method: 'post', path: '/display-tokens/:id/revoke', summary: 'Revoke a display token; its screens disconnect', access: 'keys.manage' },
  { operationId: 'listApiKeys', tag: 'admin', method: 'get', path: '/api-keys', summary: 'Integration keys', access: 'keys.manage' },
  { operationId: 'createApiKey', tag: 'admin', method: 'post', path: '/api-keys', summary: 'Create an integration key with scopes (shown once)', access: 'keys.manage', body: ApiKeyInput, success: 'created' },
  { operationId: 'revokeApiKey', tag: 'admin', method: 'post', path: '/api-keys/:id/revoke', summary: 'Revoke an integration key', access: 'keys.manage' },
  { operationId: 'listPointsRules', tag: 'admin', method: 'get', path: '/rules', summary: 'Points rules', access: 'rules.manage' },
  { operationId: 'proposePointsRule', tag: 'admin', method: 'post', path: '/rules', summary: 'Propose a points rule', access: 'rules.manage', body: RuleInput, success: 'created' },
  { operationId: 'declarePointsRule', tag: 'admin', method: 'post', path: '/rules/:code/declare', summary: 'Declare a proposed rule', access: 'rules.manage' },
  { operationId: 'approvePointsRule', tag: 'admin', method: 'post', path: '/rules/:code/approve', summary: 'Approve a declared rule (not by its proposer)', access: 'rules.manage' },
  { operationId: 'retirePointsRule', tag: 'admin', method: 'post', path: '/rules/:code/retire', summary: 'Retire a rule', access: 'rules.manage' },
  { operationId: 'listDevices', tag: 'admin', method: 'get', path: '/devices', summary: 'IoT devices', access: 'devices.manage' },
  { operationId: 'registerDevice', tag: 'admin', method: 'post', path: '/devices', summary: 'Register a device', access: 'devices.manage', body: DeviceInput, success: 'created' },
  { operationId: 'deactivateDevice', tag: 'admin', method: 'post', path: '/devices/:code/deactivate', summary: 'Deactivate a device (its open alarms clear)', access: 'devices.manage' },
  { operationId: 'searchAuditLog', tag: 'admin', method: 'get', path: '/audit', summary: 'Search the audit log', access: 'audit.read', query: AuditQuery },
  { operationId: 'exportAuditLogCsv', tag: 'admin', method: 'get', path: '/audit/export.csv', summary: 'Export the audit log as CSV', access: 'audit.read', query: AuditExportQuery },
  { operationId: 'getCatalogue', tag: 'catalogue', method: 'get', path: '/catalogue', summary: 'The event catalogue (事项清单): departments and items with deadlines and run cards', access: 'catalogue.read' },
  { operationId: 'addCatalogueItem', tag: 'catalogue', method: 'post', path: '/catalogue/items', summary: 'Add a catalogue item (audited)', access: 'catalogue.manage', body: EventItemInput, success: 'created' },
  { operationId: 'updateCatalogueItem', tag: 'catalogue', method: 'put', path: '/catalogue/items/:code', summary: 'Edit a catalogue item (audited; events already taken in keep their deadline)', access: 'catalogue.manage', body: EventItemUpdate },
  { operationId: 'addDepartment', tag: 'catalogue', method: 'post', path: '/catalogue/departments', summary: 'Add a department (audited)', access: 'catalogue.manage', body: DepartmentInput, success: 'created' },
  { operationId: 'updateDepartment', tag: 'catalogue', method: 'put', path: '/catalogue/departments/:code', summary: 'Edit a department (audited)', access: 'catalogue.manage', body: DepartmentUpdate },
  { operationId: 'findDuplicateEvents', tag: 'events', method: 'get', path: '/events/duplicates', summary: 'Open events a report of this category at this place would be linked to, nearest first', access: 'events.report', query: DuplicateQuery },
  { operationId: 'getEvent', tag: 'events', method: 'get', path: '/events/:id', summary: 'One event whole: log, linked reports, tasks, notices, escalation; unmask=true with a reason shows the reporter (audited)', access: 'events.read', query: EventDetailQuery },
  { operationId: 'unlinkReport', tag: 'events', method: 'post', path: '/events/:id/reports/:reportId/unlink', summary: 'Undo a wrong duplicate match: the report becomes an event of its own', access: 'events.unlink' },
  { operationId: 'getDispatchRecommendations', tag: 'dispatch', method: 'get', path: '/events/:id/recommendations', summary: 'The run card filled with the nearest free forces, with distance and ETA, and nearby grid workers', access: 'events.dispatch' },
  { operationId: 'dispatchEvent', tag: 'dispatch', method: 'post', path: '/events/:id/dispatch', summary: 'Dispatch several parties at once (联勤联动): one task each', access: 'events.dispatch', body: DispatchInput, success: 'created' },
  { operationId: 'listTasks', tag: 'dispatch', method: 'get', path: '/tasks', summary: 'Dispatch tasks in scope (open=true: the dispatch board)', access: 'tasks.read', query: TaskListQuery },
  { operationId: 'transitionTask', tag: 'dispatch', method: 'post', path: '/tasks/:id/transition', summary: 'Answer a task: accepted, arrived, done, refused (with a reason); the room may cancel', access: 'tasks.answer', body: TaskTransitionInput },
  { operationId: 'superviseEvent', tag: 'supervision', method: 'post', path: '/events/:id/supervise', summary: 'Issue a supervision notice (督办) to the event\'s assignees', access: 'events.supervise', body: SuperviseInput, success: 'created' },
  { operationId: 'escalateEvent', tag: 'supervision', method: 'post', path: '/events/:id/escalate', summary: 'Escalate the event to the county centre (对上承接): marked and written to the outbox', access: 'events.escalate', body: EscalateInput, success: 'created' },
  { operationId: 'listEscalations', tag: 'supervision', method: 'get', path: '/escalations', summary: 'The escalation outbox the county side reads, oldest first after an id', access: 'escalations.read', query: EscalationsQuery },
  { operationId: 'listWarnings', tag: 'warnings', method: 'get', path: '/warnings', summary: 'Warnings (预警) in scope, newest first, each with its evidence (open=true: raised and acknowledged)', access: 'warnings.read', query: WarningListQuery },
  { operationId: 'getWarning', tag: 'warnings', method: 'get', path: '/warnings/:id', summary: 'One warning with its evidence', access: 'warnings.read' },
  { operationId: 'acknowledgeWarning', tag: 'warnings', method: 'post', path: '/warnings/:id/acknowledge', summary: 'Acknowledge a raised warning', access: 'warnings.handle' },
  { operationId: 'resolveWarning', tag: 'warnings', method: 'post', path: '/warnings/:id/resolve', summary: 'Resolve a warning, with a reason', access: 'warnings.handle', body: WarningResolveInput },
  { operationId: 'listWarningRules', tag: 'warnings', method: 'get', path: '/warning-rules', summary: 'The township\'s warning rules: threshold, rate of rise, cluster, overdue, vulnerable people near an alarm', access: 'warning_rules.read' },
  { operationId: 'updateWarningRule', tag: 'warnings', method: 'put', path: '/warning-rules/:code', summary: 'Change a warning rule (audited; parameters checked against its kind)', access: 'warning_rules.manage', body: WarningRuleUpdate },
  { operationId: 'listModeSwitches', tag: 'mode', method: 'get', path: '/mode/switches', summary: 'Every switch of the room (who, when, why, which incident), newest first', access: 'mode.read' },
  { operationId: 'listIncidents', tag: 'emergency', method: 'get', path: '/incidents', summary: 'Incidents (突发事件), newest first (open=true: the open ones)', access: 'incidents.read', query: ListQuery },
  { operationId: 'openIncident', tag: 'emergency', method: 'post', path: '/incidents', summary: 'Open an incident from an event, an alarm or a warning, with a response level (Ⅳ…Ⅰ)', access: 'incidents.manage', body: IncidentInput, success: 'created' },
  { operationId: 'getIncident', tag: 'emergency', method: 'get', path: '/incidents/:id', summary: 'One incident with its mode switches', access: 'incidents.read' },
  { operationId: 'setIncidentLevel', tag: 'emergency', method: 'post', path: '/incidents/:id/level', summary: 'Raise or lower the response level, with a reason', access: 'incidents.manage', body: IncidentLevelInput },
  { operationId: 'closeIncident', tag: 'emergency', method: 'post', path: '/incidents/:id/close', summary: 'Close an incident (the room must be back in peacetime)', access: 'incidents.manage', body: IncidentCloseInput },
  { operationId: 'listHazardAreas', tag: 'emergency', method: 'get', path: '/incidents/:id/hazard-areas', summary: 'Every version of the incident\'s hazard area, oldest first (the last is current)', access: 'incidents.read' },
  { operationId: 'addHazardArea', tag: 'emergency', method: 'post', path: '/incidents/:id/hazard-areas', summary: 'A new version of the hazard area: drawn, a buffer around a point or along the river, or from a gauge\'s water level; clipped to the township', access: 'hazards.edit', body: HazardAreaInput, success: 'created' },
  { operationId: 'getImpact', tag: 'emergency', method: 'get', path: '/incidents/:id/impact', summary: 'Who and what the current hazard area holds: residents, households, vulnerable people by group, places by kind, shelters and forces nearby (people=true: the vulnerable people, masked)', access: 'incidents.read', query: ImpactQuery },
  { operationId: 'getIncidentTimeline', tag: 'emergency', method: 'get', path: '/incidents/:id/timeline', summary: 'The replay (工作复盘): readings, alarms, warnings, the incident\'s steps, mode switches, hazard area versions, task states, shelter arrivals and patrol positions around the incident, oldest first; read-only', access: 'incidents.read' },
  { operationId: 'listShelters', tag: 'emergency', method: 'get', path: '/incidents/:id/shelters', summary: 'The shelters with capacity, occupancy and room left during the incident; with lon, lat (and people): the nearest outside the hazard area with room', access: 'incidents.read', query: ShelterQuery },
  { operationId: 'recordArrival', tag: 'emergency', method: 'post', path: '/incidents/:id/shelters/:code/arrivals', summary: 'People arrived at a shelter (a field app; dedupe by externalId)', access: 'shelters.report', body: ArrivalInput, success: 'created-or-duplicate' },
  { operationId: 'dispatchEvacuation', tag: 'emergency', method: 'post', path: '/incidents/:id/evacuation', summary: 'An evacuation round (转移安置): each vulnerable person inside the current hazard area not yet assigned goes to a grid worker of their grid with the nearest shelter with room; each shelter taking people gets a team. 201 with the events and tasks it opened, 200 when everyone inside was assigned before', access: 'events.dispatch', body: EvacuationInput, success: 'created-or-nothing-new' },
  { operationId: 'getEvacuationPlan', tag: 'emergency', method: 'get', path: '/incidents/:id/evacuation', summary: 'Every evacuation round\'s assignments and shelter teams with their tasks\' states, and who inside is still unassigned (names masked, for roles that may see key-group people)', access: 'incidents.read' },
  { operationId: 'alarmToEvent', tag: 'alarms', method: 'post', path: '/alarms/:id/event', summary: 'Turn an alarm into an event (告警转事件)', access: 'alarms.to_event', success: 'created' },
];

const ERROR_BODY = {
  type: 'object',
  required: ['error', 'message'],
  properties: {
    error: { type: 'string', description: 'machine-readable reason, e.g. validation, outside_township, unknown_device, out_of_range, forbidden' },
    message: { type: 'string', description: 'what went wrong and what to do' },
    issues: { type: 'array', items: { type: 'object', properties: { path: { type: 'string' }, message: { type: 'string' } } } },
  },
};

const jsonSchema = (schema: z.ZodType) => z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any', target: 'draft-2020-12' });
const openApiPath = (path: string) => path.replace(/:([A-Za-z_]+)/g, '{$1}');

function queryParameters(schema: z.ZodType) {
  const doc = jsonSchema(schema) as { properties?: Record<string, object>; required?: string[] };
  return Object.entries(doc.properties ?? {}).map(([name, property]) => ({
    name, in: 'query', required: doc.required?.includes(name) ?? false, schema: property,
  }));
}

function successResponses(success: Success): Record<string, { description: string }> {
  switch (success) {
    case 'ok': return { '200': { description: 'Done' } };
    case 'created': return { '201': { description: 'Created and stored' } };
    case 'created-or-duplicate': return { '201': { description: 'Created and stored' }, '200': { description: 'Seen before (same externalId): the original record, nothing new stored' } };
    case 'created-or-nothing-new': return { '201': { description: 'Created and stored' }, '200': { description: 'Nothing left to create: the answer says what stands' } };
    case 'no-content': return { '204': { description: 'Done; no body' } };
  }
}

function operation(route: RouteDoc) {
  const who = route.access === 'public' ? 'no credential' : route.access === 'signed-in' ? 'any signed-in caller'
    : `permission ${route.access}: ${PERMISSIONS[route.access].join(', ')}`;
  const pathParams = [...route.path.matchAll(/:([A-Za-z_]+)/g)].map((m) => ({ name: m[1], in: 'path', required: true, schema: { type: 'string' } }));
  return {
    operationId: route.operationId,
    tags: [route.tag],
    summary: route.summary,
    description: `Access: ${who}.${route.idempotent ? ' Send an Idempotency-Key header to make retries safe.' : ''}`,
    security: route.access === 'public' ? [] : [{ bearer: [] }, { apiKey: [] }],
    parameters: [
      ...pathParams,
      ...(route.query ? queryParameters(route.query) : []),
      ...(route.idempotent ? [{ name: 'Idempotency-Key', in: 'header', required: false, schema: { type: 'string', maxLength: 128 } }] : []),
    ],
    ...(route.body ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(route.body) } } } } : {}),
    responses: {
      ...successResponses(route.success ?? 'ok'),
      '4XX': { description: 'Refused, with a reason', content: { 'application/json': { schema: ERROR_BODY } } },
    },
  };
}

export function openApiDocument(): object {
  const paths: Record<string, Record<string, object>> = {};
  for (const route of ROUTE_DOCS) {
    const key = `${API_PREFIX}${openApiPath(route.path)}`;
    paths[key] = { ...paths[key], [route.method]: operation(route) };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'command-wall hub',
      version: HUB_VERSION,
      // No licence has been chosen for the project; until one is, the API is proprietary (npm's UNLICENSED).
      license: { name: 'Proprietary: use under the township\'s agreement', identifier: 'LicenseRef-Proprietary' },
      description: 'Ingest and read API of a township command room (乡镇综合信息指挥室). Coordinates may be WGS84, GCJ02 or BD09 (field datum) and are stored as WGS84.',
    },
    // Relative to where this document is served (OpenAPI 3.1 §4.8.5): the hub that answers it, whatever
    // address or proxy the integrator reaches it by.
    servers: [{ url: '/', description: 'The hub serving this document' }],
    tags: Object.entries(TAGS).map(([name, description]) => ({ name, description })),
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'Session token (cws_…) or display token (cwd_…)' },
        apiKey: { type: 'apiKey', in: 'header', name: 'X-Api-Key', description: 'Integration key (cwk_…)' },
      },
    },
    paths,
  };
}
