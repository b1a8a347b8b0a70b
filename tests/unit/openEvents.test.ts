// The wall's open-event list: the hub's list, then the pushes after it (and the pushes a load may
// predate, applied on top of its answer). Whatever order the hub's facts come in, the list holds
// exactly the events whose latest state is open, newest first, each once.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { EventSummary } from '../../contract/api.ts';
import { CLOSED_STATUSES, EVENT_STATUSES } from '../../contract/domain.ts';
import { applyEvent, newestFirst } from '../../screen/wall/composables/openEvents.ts';

const event = (id: number, status: EventSummary['status'], minute: number): EventSummary => ({
  id, number: `E${id}`, title: `事件${id}`, category: 'other', level: 'general', source: 'grid_patrol', status,
  lon: 119.2, lat: 29.1, gridCode: 'G', gridName: '网格', villageName: '村', reporterName: null, reporterPhone: null,
  occurredAt: new Date(Date.UTC(2026, 10, 21, 0, minute)).toISOString(), acceptedAt: new Date(Date.UTC(2026, 10, 21, 0, minute)).toISOString(),
  nearingAt: new Date(Date.UTC(2026, 10, 23, 12, minute)).toISOString(), deadlineAt: new Date(Date.UTC(2026, 10, 24, 0, minute)).toISOString(),
  closedAt: null, itemCode: null, reports: 1, supervisions: 0, escalatedAt: null,
});

/** A stream of facts about a few events: each id keeps its acceptance time, its status moves freely. */
const facts = fc.array(fc.record({ id: fc.integer({ min: 1, max: 8 }), status: fc.constantFrom(...EVENT_STATUSES) }), { maxLength: 40 })
  .map((steps) => steps.map(({ id, status }) => event(id, status, id * 7)));

/** What the list must be after the facts: every event whose last fact is open, newest first. */
function expected(all: EventSummary[]): number[] {
  const last = new Map(all.map((e) => [e.id, e]));
  return [...last.values()].filter((e) => !CLOSED_STATUSES.includes(e.status)).sort((a, b) => b.id - a.id).map((e) => e.id);
}

describe('the wall\'s open-event list', () => {
  it('after any stream of pushes holds exactly the events last seen open, newest first', () => {
    fc.assert(fc.property(facts, (stream) => {
      expect(stream.reduce(applyEvent, []).map((e) => e.id)).toEqual(expected(stream));
    }));
  });

  it('keeps a closing pushed while the list loads, even when the load\'s answer still shows the event open', () => {
    fc.assert(fc.property(facts, fc.nat(), (stream, cut) => {
      // The load's answer is the state after the first part of the stream; the rest was pushed while it was on its way,
      // and the hub may have sent part of it before the answer was read (pushed during the request, applied again).
      const split = stream.length === 0 ? 0 : cut % (stream.length + 1);
      const answer = expected(stream.slice(0, split)).map((id) => stream.slice(0, split).findLast((e) => e.id === id)!);
      const duringRequest = stream.slice(Math.max(0, split - 2));
      expect(duringRequest.reduce(applyEvent, newestFirst(answer)).map((e) => e.id)).toEqual(expected(stream));
    }));
  });
});
