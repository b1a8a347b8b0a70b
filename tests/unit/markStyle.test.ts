// How an open event's mark looks at a moment (screen/wall/composables/markStyle.ts): the ring fills in
// RING_STEPS steps between acceptance and deadline, never goes back, is full exactly from the deadline
// on; overdue means halo; the style key tells apart exactly the looks that differ, so marks that share
// a key may share an image, and the images stay few however many events there are.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { timingOf, type EventSummary } from '../../contract/api.ts';
import { EVENT_LEVELS, EVENT_STATUSES } from '../../contract/domain.ts';
import { isPulsing, markStyleOf, ringStepOf, RING_STEPS, styleKey, type MarkStyle } from '../../screen/wall/composables/markStyle.ts';

const HOUR = 3_600_000;
const ACCEPTED = Date.UTC(2026, 10, 21, 2, 0);
const NEARING_SHARE = 0.8; // the hub's DEADLINE_NEARING_SHARE

const iso = (ms: number) => new Date(ms).toISOString();

/** An event accepted at ACCEPTED with `hours` to its deadline, nearing at 80 % of them. */
function timed(hours: number, extra: Partial<EventSummary> = {}): Pick<EventSummary, 'status' | 'level' | 'acceptedAt' | 'nearingAt' | 'deadlineAt'> {
  return {
    status: 'accepted', level: 'general', acceptedAt: iso(ACCEPTED),
    nearingAt: iso(ACCEPTED + hours * HOUR * NEARING_SHARE), deadlineAt: iso(ACCEPTED + hours * HOUR), ...extra,
  };
}

/** Deadlines the hub gives (1 h … 90 days) and moments from a day before acceptance to a year after. */
const hours = fc.integer({ min: 1, max: 24 * 90 });
const moment = fc.integer({ min: ACCEPTED - 24 * HOUR, max: ACCEPTED + 365 * 24 * HOUR });
const style = fc.record<MarkStyle>({
  status: fc.constantFrom(...EVENT_STATUSES),
  level: fc.constantFrom(...EVENT_LEVELS),
  ringStep: fc.integer({ min: 0, max: RING_STEPS }),
  timing: fc.constantFrom('on_time', 'nearing', 'overdue'),
});

describe('the deadline ring', () => {
  it('is empty at acceptance, a quarter full a quarter of the way, and full at the deadline', () => {
    const deadline = ACCEPTED + 8 * HOUR;
    expect(ringStepOf(ACCEPTED, deadline, ACCEPTED)).toBe(0);
    expect(ringStepOf(ACCEPTED, deadline, ACCEPTED + 2 * HOUR)).toBe(RING_STEPS / 4);
    expect(ringStepOf(ACCEPTED, deadline, deadline - 1)).toBe(RING_STEPS - 1);
    expect(ringStepOf(ACCEPTED, deadline, deadline)).toBe(RING_STEPS);
    expect(ringStepOf(ACCEPTED, deadline, deadline + 365 * 24 * HOUR)).toBe(RING_STEPS);
  });

  it('rounds down: a step is shown only once its share of the time is used', () => {
    const deadline = ACCEPTED + RING_STEPS * HOUR; // one step an hour
    expect(ringStepOf(ACCEPTED, deadline, ACCEPTED + 3 * HOUR - 1)).toBe(2);
    expect(ringStepOf(ACCEPTED, deadline, ACCEPTED + 3 * HOUR)).toBe(3);
  });

  it('stays within 0…RING_STEPS and never goes back as the clock runs', () => {
    fc.assert(fc.property(hours, moment, moment, (h, a, b) => {
      const [earlier, later] = a <= b ? [a, b] : [b, a];
      const deadline = ACCEPTED + h * HOUR;
      const first = ringStepOf(ACCEPTED, deadline, earlier);
      const second = ringStepOf(ACCEPTED, deadline, later);
      expect(Number.isInteger(first) && first >= 0 && first <= RING_STEPS).toBe(true);
      expect(second).toBeGreaterThanOrEqual(first);
    }));
  });

  it('is full exactly from the deadline on, and shows at most the share of time used', () => {
    fc.assert(fc.property(hours, moment, (h, now) => {
      const deadline = ACCEPTED + h * HOUR;
      const step = ringStepOf(ACCEPTED, deadline, now);
      expect(step === RING_STEPS).toBe(now >= deadline);
      const used = Math.max(0, (now - ACCEPTED) / (deadline - ACCEPTED));
      expect(step / RING_STEPS).toBeLessThanOrEqual(used);
      if (now < deadline) expect(used - step / RING_STEPS).toBeLessThan(1 / RING_STEPS);
    }));
  });

  it('is empty, not broken, for a deadline at or before acceptance that has not come, or for times that are not times', () => {
    expect(ringStepOf(ACCEPTED, ACCEPTED, ACCEPTED - 1)).toBe(0);
    expect(ringStepOf(ACCEPTED, ACCEPTED - HOUR, ACCEPTED - 2 * HOUR)).toBe(0);
    expect(ringStepOf(ACCEPTED, ACCEPTED - HOUR, ACCEPTED)).toBe(RING_STEPS);
    expect(ringStepOf(Number.NaN, ACCEPTED, ACCEPTED)).toBe(0);
    expect(ringStepOf(ACCEPTED, Date.parse('not a time'), ACCEPTED)).toBe(0);
  });
});

describe('an event\'s mark style', () => {
  it('takes status and level from the event, and its timing from timingOf', () => {
    fc.assert(fc.property(hours, moment, fc.constantFrom(...EVENT_STATUSES), fc.constantFrom(...EVENT_LEVELS), (h, now, status, level) => {
      const event = timed(h, { status, level });
      const mark = markStyleOf(event, now);
      expect(mark).toMatchObject({ status, level, timing: timingOf(event, now) });
    }));
  });

  it('is overdue (the halo) only with a full ring, and nearing from the nearing moment', () => {
    fc.assert(fc.property(hours, moment, (h, now) => {
      const mark = markStyleOf(timed(h), now);
      if (mark.timing === 'overdue') expect(mark.ringStep).toBe(RING_STEPS);
      expect(mark.timing === 'overdue').toBe(now > ACCEPTED + h * HOUR);
      expect(mark.timing !== 'on_time').toBe(now >= ACCEPTED + h * HOUR * NEARING_SHARE);
    }));
  });

  it('changes its ring at most RING_STEPS times in an event\'s life, whatever its deadline', () => {
    fc.assert(fc.property(hours, (h) => {
      const keys = new Set<string>();
      for (let t = ACCEPTED; t <= ACCEPTED + 2 * h * HOUR; t += (h * HOUR) / 64) keys.add(styleKey(markStyleOf(timed(h), t)));
      // The ring's steps, plus the nearing and overdue moments (each may fall within a step).
      expect(keys.size).toBeLessThanOrEqual(RING_STEPS + 3);
    }));
  });
});

describe('the style key', () => {
  it('is the same for equal looks and differs for any difference', () => {
    fc.assert(fc.property(style, style, (a, b) => {
      expect(styleKey(a) === styleKey(b)).toBe(a.status === b.status && a.level === b.level && a.ringStep === b.ringStep && a.timing === b.timing);
    }));
  });

  it('gives a few hundred images at most for any number of events: one per look, not per event', () => {
    fc.assert(fc.property(fc.array(fc.tuple(hours, moment, fc.constantFrom(...EVENT_STATUSES), fc.constantFrom(...EVENT_LEVELS)), { minLength: 500, maxLength: 2000 }), (events) => {
      const keys = new Set(events.map(([h, now, status, level]) => styleKey(markStyleOf(timed(h, { status, level }), now))));
      // Per status and level: every ring step on time or nearing, and the full ring nearing (at the deadline) or overdue.
      const looks = EVENT_STATUSES.length * EVENT_LEVELS.length * (RING_STEPS * 2 + 2);
      expect(keys.size).toBeLessThanOrEqual(looks);
      expect(keys.size).toBeLessThan(events.length);
    }), { numRuns: 20 });
  });
});

describe('the pulse', () => {
  it('is on for a supervised or an escalated event, and off otherwise', () => {
    expect(isPulsing({ supervisions: 0, escalatedAt: null })).toBe(false);
    expect(isPulsing({ supervisions: 1, escalatedAt: null })).toBe(true);
    expect(isPulsing({ supervisions: 0, escalatedAt: iso(ACCEPTED) })).toBe(true);
    expect(isPulsing({ supervisions: 3, escalatedAt: iso(ACCEPTED) })).toBe(true);
  });
});
