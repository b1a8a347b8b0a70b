// How an open event's mark on the map looks at a moment, as plain data: the fill by status, the size
// by level, a ring that fills as the deadline nears, a halo when it has passed, and whether it pulses.
// Pure functions: the layer draws one image per style key and shares it between all marks with that key.
import { timingOf, type EventSummary, type EventTiming } from '../../../contract/api.ts';
import type { EventLevel, EventStatus } from '../../../contract/domain.ts';

/**
 * The deadline ring fills in this many steps. Few steps keep the set of images small (each is drawn
 * once) and a mark changes at most RING_STEPS times in its life; eighths still read at a glance.
 */
export const RING_STEPS = 8;

/** Radius (px) of the mark's dot per level: the more severe, the larger. */
export const LEVEL_RADII: Record<EventLevel, number> = {
  general: 6,
  significant: 7.5,
  major: 9,
  extraordinary: 10.5,
};

export interface MarkStyle {
  status: EventStatus;
  level: EventLevel;
  /** Steps of the ring filled: 0 just after acceptance … RING_STEPS when the time is up. */
  ringStep: number;
  /** Colours the ring; 'overdue' also draws the halo. */
  timing: EventTiming;
}

/**
 * Steps of the ring filled at `now`: the share of the time between acceptance and deadline used,
 * rounded down to a step. Full only once the deadline has come, so a full ring means "time is up".
 * Times are epoch milliseconds.
 */
export function ringStepOf(acceptedAt: number, deadlineAt: number, now: number): number {
  if (!Number.isFinite(acceptedAt) || !Number.isFinite(deadlineAt) || !Number.isFinite(now)) return 0;
  if (now >= deadlineAt) return RING_STEPS;
  const span = deadlineAt - acceptedAt;
  if (span <= 0 || now <= acceptedAt) return 0;
  return Math.min(RING_STEPS - 1, Math.floor(((now - acceptedAt) / span) * RING_STEPS));
}

type StyledEvent = Pick<EventSummary, 'status' | 'level' | 'acceptedAt' | 'nearingAt' | 'deadlineAt'>;

export function markStyleOf(event: StyledEvent, now: number): MarkStyle {
  return {
    status: event.status,
    level: event.level,
    ringStep: ringStepOf(Date.parse(event.acceptedAt), Date.parse(event.deadlineAt), now),
    timing: timingOf(event, now),
  };
}

/** One string per distinct look: marks with equal keys share one image. */
export function styleKey({ status, level, ringStep, timing }: MarkStyle): string {
  return `${status}/${level}/${ringStep}/${timing}`;
}

/** Supervised (督办, by the room or by the hub at the deadline) or escalated to the county (对上承接). */
export function isPulsing(event: Pick<EventSummary, 'supervisions' | 'escalatedAt'>): boolean {
  return event.supervisions > 0 || event.escalatedAt !== null;
}
