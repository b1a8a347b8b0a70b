// inbox: the duty console's inbox of 10,000 open events (screen/console/composables/inbox.ts), as a
// duty officer uses it: switching filters, a stream of pushes while a filtered view is on screen, and
// the one-second clock ticking with nothing else happening. Ours is the console's Inbox (facet sets
// pick a filter's candidates; a view is patched in place by each push and holds until the first
// event's timing changes). The baseline is what a plain computed list would do: filter every event
// and sort the result on every change and every tick — with each event's times parsed once, so the
// comparison is of the method, not of Date.parse. Both must show the same rows in the same order.
import type { EventSummary, EventTiming } from '../contract/api.ts';
import { CLOSED_STATUSES, EVENT_CATEGORIES, EVENT_LEVELS, EVENT_SOURCES, EVENT_STATUSES, type EventStatus } from '../contract/domain.ts';
import { createRandom, type Random } from '../gis-data/scripts/random.ts';
import { EMPTY_FILTER, Inbox, type InboxFilter } from '../screen/console/composables/inbox.ts';
import { BENCH_DEFAULTS, compare, formatMs, formatRatio, median, type Benchmark } from './harness.ts';

export const INBOX_DEFAULTS = {
  seed: 20261201,
  events: 10_000,
  quickEvents: 2_000,
  /** Filter switches per timed run (each a view the table shows). */
  switches: 200,
  /** Pushes per timed run, each followed by the view on screen; the clock moves a second every 10. */
  pushes: 2_000,
  pushesPerSecond: 10,
  /** Clock ticks per timed run with no push (ten minutes of a quiet night). */
  ticks: 600,
};

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const OPEN_STATUSES = EVENT_STATUSES.filter((s) => !CLOSED_STATUSES.includes(s));

/** The filters a duty officer switches between. */
function filtersOf(villages: string[], grids: string[]): InboxFilter[] {
  return [
    EMPTY_FILTER,
    { ...EMPTY_FILTER, status: ['accepted'] },
    { ...EMPTY_FILTER, timing: ['overdue', 'nearing'] },
    { ...EMPTY_FILTER, level: ['major', 'extraordinary'] },
    { ...EMPTY_FILTER, village: [villages[0]!] },
    { ...EMPTY_FILTER, grid: grids.slice(0, 3) },
    { ...EMPTY_FILTER, category: ['flood', 'fire'], status: ['accepted', 'assigned'] },
    { ...EMPTY_FILTER, source: ['hotline_12345'], escalated: false },
    { ...EMPTY_FILTER, escalated: true },
    { ...EMPTY_FILTER, text: '渗水' },
  ];
}

const benchmark: Benchmark = {
  name: 'inbox',
  description: "the console's inbox of 10,000 open events: facet index + views patched in place vs filtering and sorting every event on every change and tick",
  async run(ctx) {
    const d = INBOX_DEFAULTS;
    const rng = createRandom(d.seed);
    const villageNames = new Map(ctx.gis.villages.features.map((v) => [v.properties.code, v.properties.name]));
    const grids = ctx.gis.grids.features.map((g) => ({ code: g.properties.code, name: g.properties.name, village: villageNames.get(g.properties.villageCode) ?? g.properties.villageCode }));
    const t0 = Date.UTC(2026, 11, 1, 0, 0);
    const count = ctx.quick ? d.quickEvents : d.events;
    const events = Array.from({ length: count }, (_, i) => randomEvent(rng, i + 1, grids, t0));
    const pushes = Array.from({ length: d.pushes }, () => {
      const before = rng.pick(events);
      const status: EventStatus = rng.chance(0.2) ? 'closed' : rng.pick(OPEN_STATUSES);
      return { ...before, status, supervisions: before.supervisions + (rng.chance(0.05) ? 1 : 0) };
    });
    const filters = filtersOf([...new Set(grids.map((g) => g.village))], grids.map((g) => g.code));
    const watched = filters[2]!; // overdue and nearing: the view a duty officer keeps open
    const start = t0 + 3 * HOUR;
    const reps = ctx.quick ? BENCH_DEFAULTS.quickReps : BENCH_DEFAULTS.reps;

    const parts: Record<string, { oursMs: number; baselineMs: number; ratio: number }> = {};
    const part = async (name: string, work: (inbox: Inbox | PlainInbox) => number[]) => {
      let oursIds: number[] = [];
      let baseIds: number[] = [];
      const samples = await compare(
        { run: () => (oursIds = work(loaded(new Inbox(), events))).length },
        { run: () => (baseIds = work(loaded(new PlainInbox(), events))).length },
        { reps },
      );
      if (oursIds.length === 0 || JSON.stringify(oursIds) !== JSON.stringify(baseIds)) {
        throw new Error(`inbox/${name}: ours and the baseline showed different rows (${oursIds.length} vs ${baseIds.length}).`);
      }
      const oursMs = median(samples.ours.totalMs);
      const baselineMs = median(samples.baseline.totalMs);
      parts[name] = { oursMs, baselineMs, ratio: baselineMs / oursMs };
      ctx.log(`inbox/${name}: ours ${formatMs(oursMs)}, baseline ${formatMs(baselineMs)}, ${formatRatio(baselineMs / oursMs)}`);
    };

    // Each run starts from a fresh load of every event: building the index is part of ours' cost.
    await part('switch', (inbox) => {
      const shown: number[] = [];
      for (let i = 0; i < d.switches; i++) shown.push(inbox.rows(filters[i % filters.length]!, start + i * 1000).length);
      return [...shown, ...ids(inbox.rows(watched, start + d.switches * 1000))];
    });
    await part('pushes', (inbox) => {
      let now = start;
      inbox.rows(watched, now);
      for (let i = 0; i < pushes.length; i++) {
        if (i % d.pushesPerSecond === 0) now += 1000;
        inbox.apply(pushes[i]!, now);
        inbox.rows(watched, now);
      }
      return ids(inbox.rows(watched, now));
    });
    await part('ticks', (inbox) => {
      let shown = 0;
      for (let i = 0; i < d.ticks; i++) shown += inbox.rows(watched, start + i * 1000).length;
      return [shown, ...ids(inbox.rows(watched, start + d.ticks * 1000))];
    });

    const { switch: sw, pushes: ps, ticks: tk } = parts as Record<'switch' | 'pushes' | 'ticks', (typeof parts)[string]>;
    return {
      name: benchmark.name,
      summary: `${count} open events: ${d.switches} filter switches ours ${formatMs(sw.oursMs)} baseline ${formatMs(sw.baselineMs)} ${formatRatio(sw.ratio)}` +
        `  ${d.pushes} pushes on a filtered view ours ${formatMs(ps.oursMs)} (${((ps.oursMs * 1000) / d.pushes).toFixed(0)} µs/push) baseline ${formatMs(ps.baselineMs)} ${formatRatio(ps.ratio)}` +
        `  ${d.ticks} clock ticks ours ${formatMs(tk.oursMs)} baseline ${formatMs(tk.baselineMs)} ${formatRatio(tk.ratio)}  [same rows, load included]`,
      ratio: ps.ratio,
      data: { events: count, switches: d.switches, pushes: d.pushes, ticks: d.ticks, parts },
    };
  },
};

export default benchmark;

const ids = (rows: readonly EventSummary[]) => rows.map((e) => e.id);

function loaded<T extends Inbox | PlainInbox>(inbox: T, events: readonly EventSummary[]): T {
  inbox.reset(events);
  return inbox;
}

/** A seeded open event somewhere in the township, accepted in the last three hours, with a 1–24 h deadline. */
function randomEvent(rng: Random, id: number, grids: { code: string; name: string; village: string }[], t0: number): EventSummary {
  const grid = rng.pick(grids);
  const accepted = t0 + rng.int(0, 180) * MINUTE;
  const span = rng.int(1, 24) * HOUR;
  return {
    id, number: `330825101-20261201-${String(id).padStart(5, '0')}`, title: rng.chance(0.05) ? '堤坝渗水' : `事件${id}`,
    category: rng.pick(EVENT_CATEGORIES), level: rng.pick(EVENT_LEVELS), source: rng.pick(EVENT_SOURCES), status: rng.pick(OPEN_STATUSES),
    lon: 119.2, lat: 29.1, gridCode: grid.code, gridName: grid.name, villageName: grid.village, reporterName: null, reporterPhone: null,
    occurredAt: new Date(accepted).toISOString(), acceptedAt: new Date(accepted).toISOString(),
    nearingAt: new Date(accepted + span * 0.8).toISOString(), deadlineAt: new Date(accepted + span).toISOString(), closedAt: null,
    itemCode: null, reports: 1, supervisions: 0, escalatedAt: rng.chance(0.03) ? new Date(accepted + MINUTE).toISOString() : null,
  };
}

const TIMING_RANK: Record<EventTiming, number> = { overdue: 0, nearing: 1, on_time: 2 };
const LEVEL_RANK = Object.fromEntries(EVENT_LEVELS.map((level, i) => [level, i])) as Record<string, number>;

/** The baseline: a map of open events, filtered and sorted from scratch whenever the view is asked for. */
class PlainInbox {
  readonly #events = new Map<number, { event: EventSummary; deadline: number; nearing: number; haystack: string }>();

  reset(events: readonly EventSummary[]): void {
    this.#events.clear();
    for (const event of events) this.apply(event);
  }

  /** `now` is not needed: nothing is kept between views. */
  apply(event: EventSummary, _now?: number): void {
    if (CLOSED_STATUSES.includes(event.status)) {
      this.#events.delete(event.id);
      return;
    }
    this.#events.set(event.id, {
      event, deadline: Date.parse(event.deadlineAt), nearing: Date.parse(event.nearingAt),
      haystack: `${event.number} ${event.title} ${event.villageName} ${event.gridName}`.toLowerCase(),
    });
  }

  rows(filter: InboxFilter, now: number): EventSummary[] {
    const text = filter.text.trim().toLowerCase();
    const timing = (r: { deadline: number; nearing: number }): EventTiming => (now > r.deadline ? 'overdue' : now >= r.nearing ? 'nearing' : 'on_time');
    const has = <T>(wanted: readonly T[], value: T) => wanted.length === 0 || wanted.includes(value);
    return [...this.#events.values()]
      .filter(({ event: e, ...r }) => has(filter.status, e.status) && has(filter.category, e.category) && has(filter.level, e.level) &&
        has(filter.village, e.villageName) && has(filter.grid, e.gridCode) && has(filter.source, e.source) && has(filter.timing, timing(r)) &&
        (filter.escalated === null || (e.escalatedAt !== null) === filter.escalated) && (text === '' || r.haystack.includes(text)))
      .sort((a, b) => TIMING_RANK[timing(a)] - TIMING_RANK[timing(b)] || LEVEL_RANK[b.event.level]! - LEVEL_RANK[a.event.level]! ||
        a.deadline - b.deadline || a.event.id - b.event.id)
      .map((r) => r.event);
  }
}
