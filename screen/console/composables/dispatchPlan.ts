// A dispatch plan: the parties to send, each with instructions and a due time. Pure functions: the
// recommendation as a plan (the run card's nearest free forces, line by line, and the department
// that answers for the item), adding and removing parties, and the request body.
import type { EventSummary } from '../../../contract/api.ts';
import type { Recommendation, TaskPartyKind } from '../../../contract/closedLoop.ts';
import type { DispatchInput } from '../../../contract/schemas.ts';

export interface PlannedParty {
  kind: TaskPartyKind;
  code: string;
  name: string;
  instructions: string;
  dueMinutes: number;
}

/** DispatchInput's bounds for a task's due time (minutes from now). */
export const DUE_MINUTES = { min: 5, max: 7 * 24 * 60 } as const;
/** Due time for an event already past its deadline: soon, but a real time to get there. */
export const OVERDUE_DUE_MINUTES = 30;

export const partyKey = (party: { kind: TaskPartyKind; code: string }) => `${party.kind}:${party.code}`;

/** Tasks are due by the event's deadline (within DispatchInput's bounds); past it, in OVERDUE_DUE_MINUTES. */
export function defaultDueMinutes(event: Pick<EventSummary, 'deadlineAt'>, now: number): number {
  const left = Math.floor((Date.parse(event.deadlineAt) - now) / 60_000);
  if (left < DUE_MINUTES.min) return OVERDUE_DUE_MINUTES;
  return Math.min(DUE_MINUTES.max, left);
}

/** The recommendation as a plan: the department, then each run-card line's first `count` candidates. */
export function recommendedPlan(recommendation: Recommendation, defaults: { instructions: string; dueMinutes: number }): PlannedParty[] {
  const plan: PlannedParty[] = [];
  const add = (kind: TaskPartyKind, code: string, name: string) => {
    if (!plan.some((p) => p.kind === kind && p.code === code)) plan.push({ kind, code, name, ...defaults });
  };
  if (recommendation.department) add('department', recommendation.department.code, recommendation.department.name);
  for (const line of recommendation.lines) for (const force of line.candidates.slice(0, line.count)) add('force', force.code, force.name);
  return plan;
}

/** The plan with the party added (once) or, when it is in already, without it. */
export function toggleParty(plan: readonly PlannedParty[], party: Omit<PlannedParty, 'instructions' | 'dueMinutes'>, defaults: { instructions: string; dueMinutes: number }): PlannedParty[] {
  const key = partyKey(party);
  return plan.some((p) => partyKey(p) === key) ? plan.filter((p) => partyKey(p) !== key) : [...plan, { ...party, ...defaults }];
}

export function dispatchInput(plan: readonly PlannedParty[], note: string): DispatchInput {
  return {
    tasks: plan.map((p) => ({ party: { kind: p.kind, code: p.code }, instructions: p.instructions, dueMinutes: p.dueMinutes })),
    ...(note.trim() ? { note: note.trim() } : {}),
  };
}
