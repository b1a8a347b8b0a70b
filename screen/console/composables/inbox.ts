// The inbox of open events, as an index: facet sets (status, category, level, village, grid, source,
// escalated) pick the candidates of a filter without scanning every row, and the filtered, sorted
// view is patched in place by each push (a binary search and one splice), so a console with 10,000
// open events stays fluid. What does not depend on the filter (the counts by timing, and until when
// they hold) is kept apart from the view, so switching filters costs only the filter and its sort. Pure TypeScript, no Vue: the caller passes the time, and a unit test can
// drive it without mounting anything.
//
// Urgency order: overdue first, then nearing, then on time; within each, the more severe level
// first, then the less time left (earlier deadline); the id breaks ties, so the order is total.
// An event's timing changes only at its nearingAt and deadlineAt, so a view stays valid until the
// earliest such moment of any event, and a one-second clock costs nothing in between.
import type { EventSummary, EventTiming } from '../../../contract/api.ts';
import { CLOSED_STATUSES, EVENT_LEVELS, type EventCategory, type EventLevel, type EventSource, type EventStatus } from '../../../contract/domain.ts';

export const FACETS = ['status', 'category', 'level', 'village', 'grid', 'source', 'escalated'] as const;
export type Facet = (typeof FACETS)[number];
/** Facets that filter by a list of values (any of them matches). */
type ListFacet = Exclude<Facet, 'escalated'>;

export interface InboxFilter {
  status: readonly EventStatus[];
  category: readonly EventCategory[];
  level: readonly EventLevel[];
  /** Village names (EventSummary carries the village's name, not its code). */
  village: readonly string[];
  /** Grid codes. */
  grid: readonly string[];
  source: readonly EventSource[];
  timing: readonly EventTiming[];
  /** true: escalated to the county only; false: not escalated; null: either. */
  escalated: boolean | null;
  /** Part of the number, title, village or grid name (case-insensitive); '' for any. */
  text: string;
}

export const EMPTY_FILTER: InboxFilter = {
  status: [], category: [], level: [], village: [], grid: [], source: [], timing: [], escalated: null, text: '',
};

/** When the event entered its status: exact when seen (acceptance, or a push that changed it), else the acceptance time as an upper bound. */
export interface StatusSince {
  at: number;
  exact: boolean;
}

const TIMING_RANK: Record<EventTiming, number> = { overdue: 0, nearing: 1, on_time: 2 };
const LEVEL_RANK = Object.fromEntries(EVENT_LEVELS.map((level, i) => [level, i])) as Record<EventLevel, number>;

/** What sorting and filtering need of an event, parsed once. */
interface Meta {
  nearingMs: number;
  deadlineMs: number;
  acceptedMs: number;
  levelRank: number;
  /** Number, title, village and grid name, lower-cased, for the text filter. */
  haystack: string;
}

interface View {
  key: string;
  filter: InboxFilter;
  rows: EventSummary[];
  /** The copy handed out, until the next change. */
  snapshot: readonly EventSummary[] | null;
}

/** Where every open event stands against its deadline, and for how long that holds; the view holds as long. */
interface Clock {
  /** When it was counted (ms); it holds from then until validUntil. */
  builtAt: number;
  /** The earliest moment any event's timing changes (ms). */
  validUntil: number;
  /** Every open event (not only the filtered ones) by timing. */
  timing: Record<EventTiming, number>;
}

export class Inbox {
  readonly #events = new Map<number, EventSummary>();
  readonly #meta = new Map<number, Meta>();
  readonly #since = new Map<number, StatusSince>();
  /** Every grid seen, with its name and village: labels for the grid filter. */
  readonly #grids = new Map<string, { name: string; village: string }>();
  readonly #facets = new Map<Facet, Map<string, Set<number>>>(FACETS.map((facet) => [facet, new Map()]));
  #view: View | null = null;
  #clock: Clock | null = null;

  get size(): number {
    return this.#events.size;
  }

  get(id: number): EventSummary | undefined {
    return this.#events.get(id);
  }

  statusSince(id: number): StatusSince | undefined {
    return this.#since.get(id);
  }

  /** The name and village of a grid that has (or had) events here. */
  grid(code: string): { name: string; village: string } | undefined {
    return this.#grids.get(code);
  }

  /** How many open events have each value of a facet (whatever the filter). */
  facetCounts(facet: Facet): ReadonlyMap<string, number> {
    const counts = new Map<string, number>();
    for (const [value, ids] of this.#facets.get(facet)!) counts.set(value, ids.size);
    return counts;
  }

  /** The list is now exactly these events (a load); what was known of status times is kept where the status is unchanged. */
  reset(events: readonly EventSummary[]): void {
    const known = new Map(this.#since);
    const previous = new Map(this.#events);
    this.#events.clear();
    this.#meta.clear();
    this.#since.clear();
    for (const values of this.#facets.values()) values.clear();
    this.#view = null;
    this.#clock = null;
    // One row per id, the later copy winning, as with pushes.
    for (const event of new Map(events.map((e) => [e.id, e])).values()) {
      if (CLOSED_STATUSES.includes(event.status)) continue;
      const before = previous.get(event.id);
      // A status that changed while nobody was listening is dated by the acceptance only.
      const since = before && before.status === event.status ? known.get(event.id) : undefined;
      this.#insert(event, since ?? acceptanceBound(event));
    }
  }

  /** One pushed event: a closed one leaves, any other is added or replaces its earlier state. */
  apply(event: EventSummary, now: number): void {
    const before = this.#events.get(event.id);
    const clock = this.#holding(now);
    const view = clock ? this.#view : null;
    if (before) {
      if (clock) clock.timing[timingAt(this.#meta.get(before.id)!, now)] -= 1;
      if (view) this.#removeFromView(view, before, now);
      this.#remove(before);
    }
    if (CLOSED_STATUSES.includes(event.status)) {
      this.#since.delete(event.id);
      return;
    }
    // A change of status seen as it happened (this push) is dated now.
    const since = !before ? acceptanceBound(event) : before.status === event.status ? this.#since.get(event.id)! : { at: now, exact: true };
    const meta = this.#insert(event, since);
    if (clock) {
      clock.timing[timingAt(meta, now)] += 1;
      clock.validUntil = Math.min(clock.validUntil, nextChange(meta, now));
    }
    if (view) this.#addToView(view, event, meta, now);
  }

  /** Open events that pass the filter, most urgent first. The same array is returned until something changes. */
  rows(filter: InboxFilter, now: number): readonly EventSummary[] {
    const key = filterKey(filter);
    this.#clockAt(now);
    let view = this.#view;
    if (!view || view.key !== key) view = this.#view = this.#build(filter, key, now);
    return (view.snapshot ??= view.rows.slice());
  }

  /** Every open event by timing, at `now`. */
  timingCounts(now: number): Readonly<Record<EventTiming, number>> {
    return this.#clockAt(now).timing;
  }

  /** The clock, if it still holds at `now` (no event's timing has changed since it was counted); otherwise none, and no view either. */
  #holding(now: number): Clock | null {
    const clock = this.#clock;
    if (clock && now >= clock.builtAt && now < clock.validUntil) return clock;
    this.#clock = null;
    this.#view = null; // sorted by timings that no longer hold
    return null;
  }

  /** The clock at `now`, counted afresh (one pass over every event) when it no longer holds. */
  #clockAt(now: number): Clock {
    const held = this.#holding(now);
    if (held) return held;
    const timing: Record<EventTiming, number> = { overdue: 0, nearing: 0, on_time: 0 };
    let validUntil = Infinity;
    for (const meta of this.#meta.values()) {
      timing[timingAt(meta, now)] += 1;
      validUntil = Math.min(validUntil, nextChange(meta, now));
    }
    return (this.#clock = { builtAt: now, validUntil, timing });
  }

  // --- the index -------------------------------------------------------------------------------

  #insert(event: EventSummary, since: StatusSince): Meta {
    const meta: Meta = {
      nearingMs: Date.parse(event.nearingAt),
      deadlineMs: Date.parse(event.deadlineAt),
      acceptedMs: Date.parse(event.acceptedAt),
      levelRank: LEVEL_RANK[event.level],
      haystack: `${event.number} ${event.title} ${event.villageName} ${event.gridName}`.toLowerCase(),
    };
    this.#events.set(event.id, event);
    this.#meta.set(event.id, meta);
    this.#since.set(event.id, since);
    this.#grids.set(event.gridCode, { name: event.gridName, village: event.villageName });
    for (const facet of FACETS) {
      const values = this.#facets.get(facet)!;
      const value = facetValue(event, facet);
      let ids = values.get(value);
      if (!ids) values.set(value, (ids = new Set()));
      ids.add(event.id);
    }
    return meta;
  }

  #remove(event: EventSummary): void {
    this.#events.delete(event.id);
    this.#meta.delete(event.id);
    for (const facet of FACETS) {
      const values = this.#facets.get(facet)!;
      const value = facetValue(event, facet);
      const ids = values.get(value);
      ids?.delete(event.id);
      if (ids?.size === 0) values.delete(value);
    }
  }

  // --- views -----------------------------------------------------------------------------------

  #build(filter: InboxFilter, key: string, now: number): View {
    // Each row's sort key is worked out once (its timing rank is fixed at `now`), not per comparison.
    const entries: { event: EventSummary; meta: Meta; rank: number }[] = [];
    for (const id of this.#candidates(filter)) {
      const event = this.#events.get(id)!;
      const meta = this.#meta.get(id)!;
      if (matches(event, meta, filter, now)) entries.push({ event, meta, rank: TIMING_RANK[timingAt(meta, now)] });
    }
    entries.sort((a, b) => a.rank - b.rank || b.meta.levelRank - a.meta.levelRank || a.meta.deadlineMs - b.meta.deadlineMs || a.event.id - b.event.id);
    return { key, filter, rows: entries.map((entry) => entry.event), snapshot: null };
  }

  /** Ids to test: those with the named values of the most selective facet the filter names, or every event. */
  #candidates(filter: InboxFilter): Iterable<number> {
    const named: [Facet, readonly string[]][] = LIST_FACETS.map((facet) => [facet, filter[facet]]);
    if (filter.escalated !== null) named.push(['escalated', [filter.escalated ? 'yes' : 'no']]);
    let best: Set<number>[] | null = null;
    let bestSize = Infinity;
    for (const [facet, values] of named) {
      if (values.length === 0) continue;
      const sets = values.flatMap((value) => this.#facets.get(facet)!.get(value) ?? []);
      const size = sets.reduce((sum, ids) => sum + ids.size, 0);
      if (size < bestSize) [best, bestSize] = [sets, size];
    }
    // An event has one value per facet, so the sets of one facet never overlap.
    return best ? best.flatMap((ids) => [...ids]) : this.#events.keys();
  }

  #removeFromView(view: View, event: EventSummary, now: number): void {
    const meta = this.#meta.get(event.id)!;
    const at = this.#position(view.rows, event.id, meta, now);
    if (view.rows[at]?.id === event.id) {
      view.rows.splice(at, 1);
      view.snapshot = null;
    }
  }

  #addToView(view: View, event: EventSummary, meta: Meta, now: number): void {
    if (!matches(event, meta, view.filter, now)) return;
    view.rows.splice(this.#position(view.rows, event.id, meta, now), 0, event);
    view.snapshot = null;
  }

  /** Where `id` is, or would go, in rows sorted at `now` (lower bound). */
  #position(rows: EventSummary[], id: number, meta: Meta, now: number): number {
    let low = 0;
    let high = rows.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      const row = rows[mid]!;
      if (compareMeta(row.id, this.#meta.get(row.id)!, id, meta, now) < 0) low = mid + 1;
      else high = mid;
    }
    return low;
  }
}

const LIST_FACETS: readonly ListFacet[] = ['status', 'category', 'level', 'village', 'grid', 'source'];

function facetValue(event: EventSummary, facet: Facet): string {
  switch (facet) {
    case 'village':
      return event.villageName;
    case 'grid':
      return event.gridCode;
    case 'escalated':
      return event.escalatedAt ? 'yes' : 'no';
    default:
      return event[facet];
  }
}

/** Before any push about it, an event's time in status is known exactly only while it is still accepted. */
function acceptanceBound(event: EventSummary): StatusSince {
  return { at: Date.parse(event.acceptedAt), exact: event.status === 'accepted' };
}

/** The same rule as contract/api.ts timingOf(), on parsed times. */
function timingAt(meta: Meta, now: number): EventTiming {
  if (now > meta.deadlineMs) return 'overdue';
  return now >= meta.nearingMs ? 'nearing' : 'on_time';
}

/** The next instant after `now` at which the event's timing changes (Infinity once overdue). */
function nextChange(meta: Meta, now: number): number {
  if (now < meta.nearingMs) return meta.nearingMs;
  if (now <= meta.deadlineMs) return meta.deadlineMs + 1;
  return Infinity;
}

function compareMeta(aId: number, a: Meta, bId: number, b: Meta, now: number): number {
  return (
    TIMING_RANK[timingAt(a, now)] - TIMING_RANK[timingAt(b, now)] ||
    b.levelRank - a.levelRank ||
    a.deadlineMs - b.deadlineMs ||
    aId - bId
  );
}

function matches(event: EventSummary, meta: Meta, filter: InboxFilter, now: number): boolean {
  for (const facet of LIST_FACETS) {
    const wanted: readonly string[] = filter[facet];
    if (wanted.length > 0 && !wanted.includes(facetValue(event, facet))) return false;
  }
  if (filter.escalated !== null && (event.escalatedAt !== null) !== filter.escalated) return false;
  if (filter.timing.length > 0 && !filter.timing.includes(timingAt(meta, now))) return false;
  const text = filter.text.trim().toLowerCase();
  return text === '' || meta.haystack.includes(text);
}

/** The same filter gives the same key, whatever the order of its values. */
export function filterKey(filter: InboxFilter): string {
  const sorted = (values: readonly string[]) => [...values].sort().join(',');
  return [
    ...LIST_FACETS.map((facet) => sorted(filter[facet])),
    sorted(filter.timing),
    String(filter.escalated),
    filter.text.trim().toLowerCase(),
  ].join('|');
}

/** How far into its time an event has stayed in its status, as the inbox colours it. */
export type Aging = 'fresh' | 'aging' | 'stale';
/** Shares of the event's whole time allowed (acceptance to deadline) spent in one status. */
export const AGING_SHARES = { aging: 0.25, stale: 0.5 } as const;

export function agingOf(event: Pick<EventSummary, 'acceptedAt' | 'deadlineAt'>, since: StatusSince, now: number): Aging {
  const allowed = Math.max(1, Date.parse(event.deadlineAt) - Date.parse(event.acceptedAt));
  const share = (now - since.at) / allowed;
  return share >= AGING_SHARES.stale ? 'stale' : share >= AGING_SHARES.aging ? 'aging' : 'fresh';
}
