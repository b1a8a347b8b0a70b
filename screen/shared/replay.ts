// An incident's replay (工作复盘), as a pure model of the hub's timeline (GET /incidents/{id}/timeline):
// what stood at a moment t — the hazard area version, the room's mode, the incident's phase and
// response level, the open alarms and warnings, every task's state, the people in each shelter, the
// workers patrolling with their last positions and short tracks, the gauges' levels — and the facts up
// to t for a log. Nothing here asks the hub or the clock: the same timeline and t give the same moment.
//
// A scrub must stay cheap through ~10k facts: the facts' times are one sorted array (a binary search
// finds how many have happened by t), the state is stored every `checkpointEvery` facts, and the state
// answered last is kept, so playing forward applies just the facts passed since and a jump applies at
// most one checkpoint's worth. `replayAt()` is the plain definition (every fact up to t, from the start)
// the tests hold the fast path to.
import type { IncidentSummary, IncidentTimeline, TimelineItem } from '../../contract/incidents.ts';

/** Replay speeds offered, as multiples of real time. */
export const REPLAY_SPEEDS = [1, 10, 60, 300, 600] as const;
export type ReplaySpeed = (typeof REPLAY_SPEEDS)[number];
export const DEFAULT_REPLAY_SPEED: ReplaySpeed = 60;

export const REPLAY_DEFAULTS = {
  /** Facts between two stored states: a jump applies at most this many. */
  checkpointEvery: 256,
  /** Positions kept per worker for the track drawn behind them. */
  trackPoints: 12,
  /** A worker not heard from this long before t is no longer patrolling; a point after such a gap starts a new patrol. */
  patrolGapMs: 20 * 60_000,
  /** Facts a log shows at most, newest first. */
  logLimit: 200,
};
export type ReplayOptions = typeof REPLAY_DEFAULTS;

export type TimelineFact<K extends TimelineItem['kind']> = Extract<TimelineItem, { kind: K }>;
export type HazardFact = TimelineFact<'hazard'>;
export type IncidentPhase = 'before' | 'open' | 'closed';

export interface ReplayAlarm {
  alarmId: number;
  deviceCode: string;
  severity: string;
  value: number;
  lon: number;
  lat: number;
  /** Null when it was raised before the timeline's window. */
  raisedAt: string | null;
  acknowledged: boolean;
}

export interface ReplayWarning {
  warningId: number;
  level: string;
  title: string;
  lon: number | null;
  lat: number | null;
  raisedAt: string | null;
  acknowledged: boolean;
}

export interface ReplayTask {
  taskId: number;
  eventId: number;
  party: string;
  status: string;
  /** When it took this status. */
  since: string;
  /** Its event's place. */
  lon: number;
  lat: number;
}

export interface ReplayShelter {
  shelterCode: string;
  /** Arrivals summed. */
  people: number;
  capacity: number | null;
  lon: number;
  lat: number;
}

export type LonLat = readonly [lon: number, lat: number];

export interface ReplayWorker {
  workerCode: string;
  lon: number;
  lat: number;
  at: string;
  /** The last positions of this patrol, oldest first, the current one last. */
  track: readonly LonLat[];
}

export interface ReplayGauge {
  deviceCode: string;
  value: number;
  overThreshold: boolean;
  at: string;
}

/** What stood at `t`. Lists are ordered by id or code, and shared between moments: read them, never change them. */
export interface ReplayMoment {
  t: number;
  /** Facts at or before t. */
  count: number;
  phase: IncidentPhase;
  responseLevel: string | null;
  mode: 'peacetime' | 'emergency';
  /** The hazard area version in force (the fact that drew it), or null before the first. */
  hazard: HazardFact | null;
  alarms: readonly ReplayAlarm[];
  warnings: readonly ReplayWarning[];
  /** Every task seen so far, in its latest state. */
  tasks: readonly ReplayTask[];
  taskCounts: Partial<Record<string, number>>;
  shelters: readonly ReplayShelter[];
  /** People in shelters, all together. */
  sheltered: number;
  /** Workers heard from within `patrolGapMs` before t. */
  workers: readonly ReplayWorker[];
  gauges: readonly ReplayGauge[];
}

/** One fact of the log, with its place in the replay's order (a stable key). */
export interface ReplayFact {
  index: number;
  item: TimelineItem;
}

/** The state after `count` facts. Values in the maps are never changed, only replaced, so a copy of the maps is a snapshot. */
interface Fold {
  count: number;
  phase: IncidentPhase;
  responseLevel: string | null;
  mode: 'peacetime' | 'emergency';
  hazard: HazardFact | null;
  alarms: Map<number, ReplayAlarm>;
  warnings: Map<number, ReplayWarning>;
  tasks: Map<number, ReplayTask>;
  shelters: Map<string, ReplayShelter>;
  sheltered: number;
  workers: Map<string, { worker: ReplayWorker; atMs: number }>;
  gauges: Map<string, ReplayGauge>;
}

const emptyFold = (): Fold => ({
  count: 0, phase: 'before', responseLevel: null, mode: 'peacetime', hazard: null,
  alarms: new Map(), warnings: new Map(), tasks: new Map(), shelters: new Map(), sheltered: 0, workers: new Map(), gauges: new Map(),
});

const copyFold = (f: Fold): Fold => ({
  ...f,
  alarms: new Map(f.alarms), warnings: new Map(f.warnings), tasks: new Map(f.tasks), shelters: new Map(f.shelters),
  workers: new Map(f.workers), gauges: new Map(f.gauges),
});

/** The timeline's facts oldest first (the hub sends them so; equal times keep the hub's order). */
export function inTimeOrder(items: readonly TimelineItem[]): { items: TimelineItem[]; times: Float64Array } {
  const timed = items.map((item, i) => ({ item, i, at: Date.parse(item.at) }));
  timed.sort((a, b) => a.at - b.at || a.i - b.i);
  return { items: timed.map((x) => x.item), times: Float64Array.from(timed, (x) => x.at) };
}

/** How many of the sorted `values` are ≤ `x`. */
function countAtMost(values: ArrayLike<number>, x: number): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (values[mid]! <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Which facts a log shows: every step but the many readings and patrol points, of which only a reading crossing its threshold (either way) and a patrol's first point. */
function loggedFacts(items: readonly TimelineItem[], times: Float64Array, patrolGapMs: number): Uint32Array {
  const over = new Map<string, boolean>();
  const heard = new Map<string, number>();
  const logged: number[] = [];
  items.forEach((item, i) => {
    if (item.kind === 'reading') {
      if (item.overThreshold !== (over.get(item.deviceCode) ?? false)) logged.push(i);
      over.set(item.deviceCode, item.overThreshold);
    } else if (item.kind === 'patrol') {
      const last = heard.get(item.workerCode);
      if (last === undefined || times[i]! - last > patrolGapMs) logged.push(i);
      heard.set(item.workerCode, times[i]!);
    } else {
      logged.push(i);
    }
  });
  return Uint32Array.from(logged);
}

function apply(s: Fold, item: TimelineItem, atMs: number, o: ReplayOptions): void {
  s.count++;
  switch (item.kind) {
    case 'reading':
      s.gauges.set(item.deviceCode, { deviceCode: item.deviceCode, value: item.value, overThreshold: item.overThreshold, at: item.at });
      break;
    case 'alarm': {
      if (item.step === 'cleared') {
        s.alarms.delete(item.alarmId);
        break;
      }
      const known = s.alarms.get(item.alarmId);
      s.alarms.set(item.alarmId, {
        alarmId: item.alarmId, deviceCode: item.deviceCode, severity: item.severity, value: item.value, lon: item.lon, lat: item.lat,
        raisedAt: item.step === 'raised' ? item.at : known?.raisedAt ?? null,
        acknowledged: item.step === 'acknowledged' || (known?.acknowledged ?? false),
      });
      break;
    }
    case 'warning': {
      if (item.step === 'resolved') {
        s.warnings.delete(item.warningId);
        break;
      }
      const known = s.warnings.get(item.warningId);
      s.warnings.set(item.warningId, {
        warningId: item.warningId, level: item.level, title: item.title, lon: item.lon, lat: item.lat,
        raisedAt: item.step === 'raised' ? item.at : known?.raisedAt ?? null,
        acknowledged: item.step === 'acknowledged' || (known?.acknowledged ?? false),
      });
      break;
    }
    case 'incident':
      if (item.step === 'closed') s.phase = 'closed';
      else {
        s.phase = 'open';
        s.responseLevel = item.responseLevel ?? s.responseLevel;
      }
      break;
    case 'mode':
      s.mode = item.mode;
      break;
    case 'hazard':
      s.hazard = item;
      break;
    case 'task':
      s.tasks.set(item.taskId, { taskId: item.taskId, eventId: item.eventId, party: item.party, status: item.status, since: item.at, lon: item.lon, lat: item.lat });
      break;
    case 'arrival': {
      const known = s.shelters.get(item.shelterCode);
      s.shelters.set(item.shelterCode, { shelterCode: item.shelterCode, people: (known?.people ?? 0) + item.people, capacity: item.capacity, lon: item.lon, lat: item.lat });
      s.sheltered += item.people;
      break;
    }
    case 'patrol': {
      const known = s.workers.get(item.workerCode);
      const sameRound = known !== undefined && atMs - known.atMs <= o.patrolGapMs;
      const kept = sameRound ? known.worker.track.slice(Math.max(0, known.worker.track.length - o.trackPoints + 1)) : [];
      const track = [...kept, [item.lon, item.lat] as const];
      s.workers.set(item.workerCode, { worker: { workerCode: item.workerCode, lon: item.lon, lat: item.lat, at: item.at, track }, atMs });
      break;
    }
  }
}

const byNumber = <T>(key: (x: T) => number) => (a: T, b: T) => key(a) - key(b);
const byText = <T>(key: (x: T) => string) => (a: T, b: T) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0);

/**
 * The moment of a state at t. Given the moment answered before on the same cursor and the kinds of
 * fact applied since, the lists no such fact touched are taken over from it instead of sorted again
 * (playing forward passes a few facts a frame): moments share lists, which nobody changes.
 */
function momentOf(s: Fold, t: number, o: ReplayOptions, previous: ReplayMoment | null = null, touched: ReadonlySet<TimelineItem['kind']> = ALL_KINDS): ReplayMoment {
  const kept = (kind: TimelineItem['kind']) => previous !== null && !touched.has(kind);
  let tasks = previous?.tasks ?? [];
  let taskCounts = previous?.taskCounts ?? {};
  if (!kept('task')) {
    tasks = [...s.tasks.values()].sort(byNumber((x) => x.taskId));
    const counts: Partial<Record<string, number>> = {};
    for (const task of tasks) counts[task.status] = (counts[task.status] ?? 0) + 1;
    taskCounts = counts;
  }
  return {
    t,
    count: s.count,
    phase: s.phase,
    responseLevel: s.responseLevel,
    mode: s.mode,
    hazard: s.hazard,
    alarms: kept('alarm') ? previous!.alarms : [...s.alarms.values()].sort(byNumber((x) => x.alarmId)),
    warnings: kept('warning') ? previous!.warnings : [...s.warnings.values()].sort(byNumber((x) => x.warningId)),
    tasks,
    taskCounts,
    shelters: kept('arrival') ? previous!.shelters : [...s.shelters.values()].sort(byText((x) => x.shelterCode)),
    sheltered: s.sheltered,
    // Who is still patrolling depends on t itself: always looked at again (a few dozen workers).
    workers: [...s.workers.values()].filter((w) => t - w.atMs <= o.patrolGapMs).map((w) => w.worker).sort(byText((x) => x.workerCode)),
    gauges: kept('reading') ? previous!.gauges : [...s.gauges.values()].sort(byText((x) => x.deviceCode)),
  };
}

const ALL_KINDS: ReadonlySet<TimelineItem['kind']> = new Set(['reading', 'alarm', 'warning', 'incident', 'mode', 'hazard', 'task', 'arrival', 'patrol']);

/** The moment t of a timeline, folded from its first fact: the definition the fast path keeps to. */
export function replayAt(timeline: Pick<IncidentTimeline, 'items'>, t: number, options: Partial<ReplayOptions> = {}): ReplayMoment {
  const { items, times } = inTimeOrder(timeline.items);
  return foldReplay(items, times, t, options);
}

/** The same on facts already in time order (`inTimeOrder`), their times parsed: every fact up to t applied from the first. */
export function foldReplay(items: readonly TimelineItem[], times: ArrayLike<number>, t: number, options: Partial<ReplayOptions> = {}): ReplayMoment {
  const o = { ...REPLAY_DEFAULTS, ...options };
  const fold = emptyFold();
  for (let i = 0; i < items.length && times[i]! <= t; i++) apply(fold, items[i]!, times[i]!, o);
  return momentOf(fold, t, o);
}

export class Replay {
  readonly incident: IncidentSummary;
  /** The window replayed (ms since the epoch). */
  readonly from: number;
  readonly to: number;
  /** Every fact, oldest first. */
  readonly items: readonly TimelineItem[];
  /** Kinds the hub cut at its limit. */
  readonly truncated: readonly TimelineItem['kind'][];
  readonly #options: ReplayOptions;
  readonly #times: Float64Array;
  /** #checkpoints[k] is the state after k × checkpointEvery facts. */
  readonly #checkpoints: Fold[] = [];
  /** Indices of the facts a log shows, and their times. */
  readonly #logged: Uint32Array;
  readonly #loggedTimes: Float64Array;
  /** The state answered last, its moment, and the kinds of fact applied to it since. */
  #cursor: Fold;
  #answered: ReplayMoment | null = null;
  readonly #touched = new Set<TimelineItem['kind']>();

  constructor(timeline: IncidentTimeline, options: Partial<ReplayOptions> = {}) {
    this.#options = { ...REPLAY_DEFAULTS, ...options };
    if (!(this.#options.checkpointEvery >= 1)) throw new Error('checkpointEvery must be at least 1: it is the number of facts between two stored states.');
    const { items, times } = inTimeOrder(timeline.items);
    this.incident = timeline.incident;
    this.items = items;
    this.truncated = timeline.truncated;
    this.#times = times;
    this.from = Math.min(Date.parse(timeline.from), times[0] ?? Infinity);
    this.to = Math.max(Date.parse(timeline.to), times[times.length - 1] ?? -Infinity, this.from);
    this.#logged = loggedFacts(items, times, this.#options.patrolGapMs);
    this.#loggedTimes = Float64Array.from(this.#logged, (i) => times[i]!);
    const fold = emptyFold();
    for (let i = 0; i <= items.length; i++) {
      if (i % this.#options.checkpointEvery === 0) this.#checkpoints.push(copyFold(fold));
      if (i < items.length) apply(fold, items[i]!, times[i]!, this.#options);
    }
    this.#cursor = copyFold(this.#checkpoints[0]!);
  }

  /** Facts at or before t. */
  countAt(t: number): number {
    return countAtMost(this.#times, t);
  }

  /** The moment t: the facts since the last answer applied, or those since the nearest checkpoint. */
  at(t: number): ReplayMoment {
    const count = this.countAt(t);
    const every = this.#options.checkpointEvery;
    if (count < this.#cursor.count || count - this.#cursor.count > every) {
      this.#cursor = copyFold(this.#checkpoints[Math.floor(count / every)]!);
      this.#answered = null;
    }
    while (this.#cursor.count < count) {
      const i = this.#cursor.count;
      apply(this.#cursor, this.items[i]!, this.#times[i]!, this.#options);
      this.#touched.add(this.items[i]!.kind);
    }
    const moment = momentOf(this.#cursor, t, this.#options, this.#answered, this.#touched);
    this.#answered = moment;
    this.#touched.clear();
    return moment;
  }

  /** The logged facts among the first `count`, newest first, at most `limit`. */
  log(count: number, limit = this.#options.logLimit): ReplayFact[] {
    const end = countAtMost(this.#logged, count - 1);
    const facts: ReplayFact[] = [];
    for (let k = end - 1; k >= 0 && facts.length < limit; k--) facts.push({ index: this.#logged[k]!, item: this.items[this.#logged[k]!]! });
    return facts;
  }

  /** The time of the first logged fact after t, or null after the last. */
  nextFact(t: number): number | null {
    return this.#loggedTimes[countAtMost(this.#loggedTimes, t)] ?? null;
  }

  /** The time of the last logged fact before t, or null before the first. */
  previousFact(t: number): number | null {
    let lo = 0;
    let hi = this.#loggedTimes.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.#loggedTimes[mid]! < t) lo = mid + 1;
      else hi = mid;
    }
    return lo > 0 ? this.#loggedTimes[lo - 1]! : null;
  }

  /** The turning points of the incident (its steps, the room's switches, hazard area versions), for marks along a scrubber. */
  milestones(): { at: number; item: TimelineItem }[] {
    const out: { at: number; item: TimelineItem }[] = [];
    this.items.forEach((item, i) => {
      if (item.kind === 'incident' || item.kind === 'mode' || item.kind === 'hazard') out.push({ at: this.#times[i]!, item });
    });
    return out;
  }
}
