// What each role may do, as far as the console needs to know to hide what it cannot use: a copy of
// the people's rows of api/auth/permissions.ts, and of the closed loop's steps in
// api/domain/events/flow.ts (tests/unit/consolePermissions.test.ts checks both against the hub's
// tables). The hub decides every request; this only keeps buttons out of the way.
import type { EventSummary } from '../../../contract/api.ts';
import type { EventStatus, Role, TaskStatus } from '../../../contract/domain.ts';

export const CONSOLE_ACTIONS = [
  'stats.read', 'map.read', 'events.read', 'events.report', 'events.assign', 'events.handle', 'events.verify', 'events.close', 'events.dispatch',
  'events.supervise', 'events.escalate', 'events.unlink', 'people.unmask', 'catalogue.read', 'catalogue.manage', 'tasks.read', 'tasks.answer',
  'alarms.read', 'alarms.acknowledge', 'alarms.to_event', 'people.read', 'warnings.read', 'warnings.handle', 'incidents.read', 'incidents.manage',
  'hazards.edit', 'mode.switch',
] as const;
export type ConsoleAction = (typeof CONSOLE_ACTIONS)[number];

const ROOM: Role[] = ['leader', 'duty_officer'];
const FIELD: Role[] = ['leader', 'duty_officer', 'grid_leader', 'grid_worker'];

export const CONSOLE_PERMISSIONS: Record<ConsoleAction, readonly Role[]> = {
  // The hub's socket takes only those who may watch the figures (api/realtime/socket.ts).
  'stats.read': FIELD,
  'map.read': FIELD, // the township map under the console's maps; the administrator reads none
  'events.read': FIELD,
  'events.report': FIELD,
  'events.assign': ROOM,
  'events.handle': FIELD,
  'events.verify': ['leader', 'duty_officer', 'grid_leader'],
  'events.close': ['leader'],
  'events.dispatch': ROOM,
  'events.supervise': ROOM,
  'events.escalate': ROOM,
  'events.unlink': ROOM,
  'people.unmask': FIELD,
  'catalogue.read': [...FIELD, 'admin'],
  'catalogue.manage': ['admin'],
  'tasks.read': FIELD,
  'tasks.answer': FIELD,
  'alarms.read': FIELD,
  'alarms.acknowledge': ROOM,
  'alarms.to_event': ROOM,
  'people.read': FIELD,
  'warnings.read': FIELD,
  'warnings.handle': ROOM,
  'incidents.read': FIELD,
  'incidents.manage': ['leader'],
  'hazards.edit': ROOM,
  'mode.switch': ['leader'],
};

export function canRole(role: Role, action: ConsoleAction): boolean {
  return CONSOLE_PERMISSIONS[action].includes(role);
}

/**
 * Roles that have a console at all: the room and the field, who read events, and the administrator,
 * whose console is the event catalogue (事项清单) it edits. A wall's display has none.
 */
export const hasConsole = (role: Role) => canRole(role, 'events.read') || canRole(role, 'catalogue.manage');

/** The closed loop's steps after acceptance: from which statuses, needing which action. */
export const LOOP_STEPS = {
  assigned: { from: ['accepted'], action: 'events.assign' },
  handling: { from: ['assigned', 'verifying'], action: 'events.handle' },
  feedback: { from: ['handling'], action: 'events.handle' },
  verifying: { from: ['feedback'], action: 'events.verify' },
  closed: { from: ['verifying'], action: 'events.close' },
  evaluated: { from: ['closed'], action: 'events.close' },
} as const satisfies Record<Exclude<EventStatus, 'accepted'>, { from: readonly EventStatus[]; action: ConsoleAction }>;
export type LoopStep = keyof typeof LOOP_STEPS;

/** A button of the event page: a step of the loop (send_back is verifying → handling), or a room action. */
export type EventAction = LoopStep | 'send_back' | 'dispatch' | 'supervise' | 'escalate';

/** Statuses in which the hub takes new tasks (api/domain/dispatch/dispatch.ts DISPATCHABLE). */
const DISPATCHABLE: readonly EventStatus[] = ['accepted', 'assigned', 'handling'];
const OPEN = (status: EventStatus) => status !== 'closed' && status !== 'evaluated';

/** The buttons a role sees on an event in its present state, in the order of the loop. */
export function eventActions(role: Role, event: Pick<EventSummary, 'status' | 'escalatedAt'>): EventAction[] {
  const actions: EventAction[] = [];
  if (canRole(role, 'events.dispatch') && DISPATCHABLE.includes(event.status)) actions.push('dispatch');
  for (const [step, rule] of Object.entries(LOOP_STEPS) as [LoopStep, (typeof LOOP_STEPS)[LoopStep]][]) {
    if (!(rule.from as readonly EventStatus[]).includes(event.status)) continue;
    // From verification, back to handling is the verifier's call (退回), not the handler's.
    if (step === 'handling' && event.status === 'verifying') {
      if (canRole(role, 'events.verify')) actions.push('send_back');
    } else if (canRole(role, rule.action)) actions.push(step);
  }
  if (canRole(role, 'events.supervise') && OPEN(event.status)) actions.push('supervise');
  if (canRole(role, 'events.escalate') && OPEN(event.status) && event.escalatedAt === null) actions.push('escalate');
  return actions;
}

/** Answers the room may record for a party (api/domain/dispatch/tasks.ts STEPS); cancelling is the room's alone. */
export type TaskAnswer = 'accepted' | 'arrived' | 'done' | 'refused' | 'cancelled';
const TASK_STEPS: Record<TaskAnswer, readonly TaskStatus[]> = {
  accepted: ['notified'],
  refused: ['notified'],
  arrived: ['accepted'],
  done: ['accepted', 'arrived'],
  cancelled: ['notified', 'accepted', 'arrived'],
};

export function taskAnswers(role: Role, status: TaskStatus): TaskAnswer[] {
  // Only the room answers on a party's behalf; a grid worker answers their own tasks in the field app.
  if (!ROOM.includes(role)) return [];
  return (Object.keys(TASK_STEPS) as TaskAnswer[]).filter((answer) => TASK_STEPS[answer].includes(status));
}

export const TASK_ANSWER_STEPS = TASK_STEPS;
