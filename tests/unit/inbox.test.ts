// The console's inbox: an index of open events with filters, urgency order and pushes applied in
// place. Checked against a plain reference (filter everything, sort everything) written from the
// rules as stated, with contract/api.ts timingOf() for where an event stands against its deadline.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { timingOf, type EventSummary, type EventTiming } from '../../contract/api.ts';
import { CLOSED_STATUSES, EVENT_LEVELS, EVENT_SOURCES, EVENT_STATUSES } from '../../contract/domain.ts';
import { agingOf, EMPTY_FILTER, Inbox, type InboxFilter } from '../../screen/console/composables/inbox.ts';
import { filterFromQuery, queryFromFilter } from '../../screen/console/composables/inboxQuery.ts';

const T0 = Date.UTC(2026, 10, 21, 0, 0);
const MINUTE = 60_000;
const VILLAGES = ['新光村', '湖镇村', '星火村'];
const GRIDS = ['G01', 'G02', 'G03', 'G04'];

interface Shape {
  id: number;
  status: EventSummary['status'];
  level: EventSummary['level'];
  category: EventSummary['category'];
  source: EventSummary['source'];
  village: number;
  grid: number;
  /** Minutes after T0 it was accepted, and how long it has until its deadline. */
  acceptedMin: number;
  spanMin: number;
  escalated: boolean;
}

function event(s: Shape): EventSummary {
  const accepted = T0 + s.acceptedMin * MINUTE;
  const deadline = accepted + s.spanMin * MINUTE;
  return {
    id: s.id, number: `330825101-20261121-${String(s.id).padStart(4, '0')}`, title: `事件${s.id}`, category: s.category, level: s.level,
    source: s.source, status: s.status, lon: 119.2, lat: 29.1, gridCode: GRIDS[s.grid]!, gridName: `${GRIDS[s.grid]}网格`,
    villageName: VILLAGES[s.village]!, reporterName: null, reporterPhone: null, occurredAt: new Date(accepted).toISOString(),
    acceptedAt: new Date(accepted).toISOString(), nearingAt: new Date(accepted + s.spanMin * 0.75 * MINUTE).toISOString(),
    deadlineAt: new Date(deadline).toISOString(), closedAt: null, itemCode: null, reports: 1, supervisions: 0,
    escalatedAt: s.escalated ? new Date(accepted + MINUTE).toISOString() : null,
  };
}

const shape = (id: fc.Arbitrary<number>) => fc.record({
  id,
  status: fc.constantFrom(...EVENT_STATUSES),
  level: fc.constantFrom(...EVENT_LEVELS),
  category: fc.constantFrom('fire', 'flood', 'dispute', 'other' as const),
  source: fc.constantFrom(...EVENT_SOURCES),
  village: fc.integer({ min: 0, max: VILLAGES.length - 1 }),
  grid: fc.integer({ min: 0, max: GRIDS.length - 1 }),
  acceptedMin: fc.integer({ min: 0, max: 120 }),
  spanMin: fc.integer({ min: 10, max: 240 }),
  escalated: fc.boolean(),
});

const filterArb: fc.Arbitrary<InboxFilter> = fc.record({
  status: fc.subarray([...EVENT_STATUSES]),
  category: fc.subarray(['fire', 'flood', 'dispute', 'other' as const]),
  level: fc.subarray([...EVENT_LEVELS]),
  village: fc.subarray(VILLAGES),
  grid: fc.subarray(GRIDS),
  source: fc.subarray([...EVENT_SOURCES]),
  timing: fc.subarray(['on_time', 'nearing', 'overdue'] as EventTiming[]),
  escalated: fc.constantFrom(null, true, false),
  text: fc.constantFrom('', '事件1', '新光', '0002'),
});
/** Mostly light filters, so that views are seldom empty. */
const lightFilter = fc.oneof({ weight: 2, arbitrary: fc.constant(EMPTY_FILTER) }, { weight: 3, arbitrary: filterArb });

const RANK: Record<EventTiming, number> = { overdue: 0, nearing: 1, on_time: 2 };

/** The rules as the brief states them, from scratch. */
function reference(latest: Map<number, EventSummary>, filter: InboxFilter, now: number): number[] {
  const text = filter.text.trim().toLowerCase();
  return [...latest.values()]
    .filter((e) => !CLOSED_STATUSES.includes(e.status))
    .filter((e) => filter.status.length === 0 || filter.status.includes(e.status))
    .filter((e) => filter.category.length === 0 || filter.category.includes(e.category))
    .filter((e) => filter.level.length === 0 || filter.level.includes(e.level))
    .filter((e) => filter.village.length === 0 || filter.village.includes(e.villageName))
    .filter((e) => filter.grid.length === 0 || filter.grid.includes(e.gridCode))
    .filter((e) => filter.source.length === 0 || filter.source.includes(e.source))
    .filter((e) => filter.timing.length === 0 || filter.timing.includes(timingOf(e, now)))
    .filter((e) => filter.escalated === null || (e.escalatedAt !== null) === filter.escalated)
    .filter((e) => text === '' || `${e.number} ${e.title} ${e.villageName} ${e.gridName}`.toLowerCase().includes(text))
    .sort((a, b) =>
      RANK[timingOf(a, now)] - RANK[timingOf(b, now)] ||
      EVENT_LEVELS.indexOf(b.level) - EVENT_LEVELS.indexOf(a.level) ||
      Date.parse(a.deadlineAt) - Date.parse(b.deadlineAt) ||
      a.id - b.id)
    .map((e) => e.id);
}

const ids = (rows: readonly EventSummary[]) => rows.map((e) => e.id);

describe('the console inbox', () => {
  it('lists open events only: overdue first, then nearing, then by level and time left', () => {
    const inbox = new Inbox();
    const base = { category: 'fire', source: 'hotline_12345', village: 0, grid: 0, escalated: false } as const;
    inbox.reset([
      event({ ...base, id: 1, status: 'accepted', level: 'general', acceptedMin: 0, spanMin: 60 }), // overdue at +100
      event({ ...base, id: 2, status: 'handling', level: 'extraordinary', acceptedMin: 90, spanMin: 200 }), // on time
      event({ ...base, id: 3, status: 'assigned', level: 'general', acceptedMin: 30, spanMin: 80 }), // nearing (90 of 110)
      event({ ...base, id: 4, status: 'closed', level: 'major', acceptedMin: 0, spanMin: 30 }), // closed: not listed
      event({ ...base, id: 5, status: 'accepted', level: 'major', acceptedMin: 0, spanMin: 90 }), // overdue, more severe
      event({ ...base, id: 6, status: 'accepted', level: 'significant', acceptedMin: 95, spanMin: 100 }), // on time, sooner but less severe
    ]);
    expect(ids(inbox.rows(EMPTY_FILTER, T0 + 100 * MINUTE))).toEqual([5, 1, 3, 2, 6]);
    expect(inbox.timingCounts(T0 + 100 * MINUTE)).toEqual({ overdue: 2, nearing: 1, on_time: 2 });
  });

  it('after any stream of pushes, filters and clock ticks shows what a from-scratch filter and sort would', () => {
    const step = fc.oneof(
      { weight: 5, arbitrary: shape(fc.integer({ min: 1, max: 12 })).map((s) => ({ kind: 'push' as const, event: event(s) })) },
      { weight: 2, arbitrary: fc.tuple(lightFilter, fc.integer({ min: 0, max: 30 })).map(([filter, advance]) => ({ kind: 'look' as const, filter, advance })) },
      { weight: 1, arbitrary: fc.array(shape(fc.integer({ min: 1, max: 12 })), { maxLength: 8 }).map((shapes) => ({ kind: 'reload' as const, events: shapes.map(event) })) },
    );
    fc.assert(fc.property(fc.array(shape(fc.integer({ min: 1, max: 12 })), { maxLength: 10 }), fc.array(step, { maxLength: 60 }), lightFilter, (initial, steps, finalFilter) => {
      const inbox = new Inbox();
      const latest = new Map<number, EventSummary>();
      const load = (events: EventSummary[]) => {
        inbox.reset(events);
        latest.clear();
        for (const e of events) latest.set(e.id, e);
      };
      load(initial.map(event));
      let now = T0 + 60 * MINUTE;
      let filter = EMPTY_FILTER;
      for (const s of steps) {
        if (s.kind === 'push') {
          inbox.apply(s.event, now);
          latest.set(s.event.id, s.event);
        } else if (s.kind === 'reload') {
          load(s.events);
        } else {
          filter = s.filter;
          now += s.advance * MINUTE;
        }
        expect(ids(inbox.rows(filter, now))).toEqual(reference(latest, filter, now));
      }
      expect(ids(inbox.rows(finalFilter, now))).toEqual(reference(latest, finalFilter, now));
      const counts = inbox.timingCounts(now);
      const open = [...latest.values()].filter((e) => !CLOSED_STATUSES.includes(e.status));
      expect(counts.overdue).toBe(open.filter((e) => timingOf(e, now) === 'overdue').length);
      expect(counts.nearing + counts.on_time + counts.overdue).toBe(open.length);
    }), { numRuns: 300 });
  });

  it('hands out the same array until something changes, and re-sorts when an event falls overdue', () => {
    const inbox = new Inbox();
    const base = { category: 'fire', source: 'hotline_12345', village: 0, grid: 0, escalated: false, status: 'accepted' } as const;
    inbox.reset([
      event({ ...base, id: 1, level: 'extraordinary', acceptedMin: 0, spanMin: 200 }),
      event({ ...base, id: 2, level: 'general', acceptedMin: 0, spanMin: 20 }),
    ]);
    const first = inbox.rows(EMPTY_FILTER, T0 + 10 * MINUTE);
    expect(ids(first)).toEqual([1, 2]);
    expect(inbox.rows(EMPTY_FILTER, T0 + 11 * MINUTE)).toBe(first); // a clock tick alone changes nothing
    expect(ids(inbox.rows(EMPTY_FILTER, T0 + 21 * MINUTE))).toEqual([2, 1]); // event 2 passed its deadline
  });

  it('drops a closed event and takes an updated one in its new place', () => {
    const inbox = new Inbox();
    const base = { category: 'fire', source: 'hotline_12345', village: 0, grid: 0, escalated: false, status: 'accepted', acceptedMin: 0, spanMin: 100 } as const;
    inbox.reset([event({ ...base, id: 1, level: 'general' }), event({ ...base, id: 2, level: 'major' })]);
    const now = T0 + MINUTE;
    expect(ids(inbox.rows({ ...EMPTY_FILTER, status: ['accepted'] }, now))).toEqual([2, 1]);
    inbox.apply(event({ ...base, id: 2, level: 'major', status: 'assigned' }), now);
    expect(ids(inbox.rows({ ...EMPTY_FILTER, status: ['accepted'] }, now))).toEqual([1]);
    inbox.apply(event({ ...base, id: 1, level: 'general', status: 'closed' }), now);
    expect(ids(inbox.rows(EMPTY_FILTER, now))).toEqual([2]);
    expect(inbox.size).toBe(1);
    expect(inbox.facetCounts('status')).toEqual(new Map([['assigned', 1]]));
  });

  it('knows how long an event has been in its status when it saw the change, and bounds it by acceptance otherwise', () => {
    const inbox = new Inbox();
    const base = { category: 'fire', source: 'hotline_12345', village: 0, grid: 0, escalated: false, level: 'general', acceptedMin: 0, spanMin: 100 } as const;
    inbox.reset([event({ ...base, id: 1, status: 'accepted' }), event({ ...base, id: 2, status: 'handling' })]);
    expect(inbox.statusSince(1)).toEqual({ at: T0, exact: true });
    expect(inbox.statusSince(2)).toEqual({ at: T0, exact: false });
    inbox.apply(event({ ...base, id: 1, status: 'assigned' }), T0 + 30 * MINUTE);
    expect(inbox.statusSince(1)).toEqual({ at: T0 + 30 * MINUTE, exact: true });
    inbox.apply(event({ ...base, id: 1, status: 'assigned', escalated: true }), T0 + 40 * MINUTE); // same status: keeps its time
    expect(inbox.statusSince(1)).toEqual({ at: T0 + 30 * MINUTE, exact: true });
    inbox.reset([event({ ...base, id: 1, status: 'assigned' })]); // a reload keeps what it knew
    expect(inbox.statusSince(1)).toEqual({ at: T0 + 30 * MINUTE, exact: true });
    expect(agingOf(event({ ...base, id: 1, status: 'assigned' }), { at: T0, exact: true }, T0 + 20 * MINUTE)).toBe('fresh');
    expect(agingOf(event({ ...base, id: 1, status: 'assigned' }), { at: T0, exact: true }, T0 + 30 * MINUTE)).toBe('aging');
    expect(agingOf(event({ ...base, id: 1, status: 'assigned' }), { at: T0, exact: true }, T0 + 60 * MINUTE)).toBe('stale');
  });

  it('at 10,000 open events, each filter and a thousand pushes in place give what a from-scratch filter and sort would (speed: npm run bench -- --only inbox)', () => {
    const random = fc.sample(shape(fc.constant(0)), { numRuns: 10_000, seed: 7 });
    const events = random.map((s, i) => event({ ...s, id: i + 1, status: s.status === 'closed' || s.status === 'evaluated' ? 'accepted' : s.status }));
    const inbox = new Inbox();
    const latest = new Map(events.map((e) => [e.id, e]));
    inbox.reset(events);
    expect(inbox.size).toBe(10_000);
    const now = T0 + 150 * MINUTE;
    const filters: InboxFilter[] = [
      EMPTY_FILTER,
      { ...EMPTY_FILTER, level: ['major'] },
      { ...EMPTY_FILTER, timing: ['overdue'], village: ['新光村'] },
      { ...EMPTY_FILTER, status: ['accepted', 'assigned'], text: '事件12' },
    ];
    for (const filter of filters) expect(ids(inbox.rows(filter, now))).toEqual(reference(latest, filter, now));

    inbox.rows(EMPTY_FILTER, now);
    for (let i = 0; i < 1_000; i++) {
      const pushed = { ...events[i * 7]!, status: i % 3 === 0 ? 'closed' as const : 'handling' as const };
      inbox.apply(pushed, now);
      latest.set(pushed.id, pushed);
      inbox.rows(EMPTY_FILTER, now);
    }
    expect(ids(inbox.rows(EMPTY_FILTER, now))).toEqual(reference(latest, EMPTY_FILTER, now));
  });
});

describe('the inbox filter in the address bar', () => {
  it('comes back the same from its query, whatever the filter', () => {
    fc.assert(fc.property(filterArb, (filter) => {
      const back = filterFromQuery(queryFromFilter(filter));
      const normal = (f: InboxFilter) => ({ ...f, text: f.text.trim() });
      expect(back).toEqual(normal(filter));
    }));
  });

  it('drops values the domain does not know, and reads repeated keys', () => {
    expect(filterFromQuery({ status: 'accepted,bogus', level: ['major', 'general'], escalated: '1', timing: 'late', q: ' 渗水 ' })).toEqual({
      ...EMPTY_FILTER, status: ['accepted'], level: ['major', 'general'], escalated: true, text: '渗水',
    });
    expect(queryFromFilter(EMPTY_FILTER)).toEqual({});
  });
});
