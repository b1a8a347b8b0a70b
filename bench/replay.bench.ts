// replay: the incident replay (screen/shared/replay.ts) over a timeline of 10,000 facts, as a screen
// uses it: scrubbing to moments at random, then playing through the window at 600× (one moment per
// animation frame). Ours is `Replay`: built once (facts sorted, a state stored every 256 facts), then a
// binary search per moment and at most a checkpoint's worth of facts applied — or, while playing, just
// the facts passed since the last frame. The baseline folds every fact from the first for each moment
// (`foldReplay`, the definition), on the same facts in time order with their times parsed once, so the
// comparison is of the method. Both must answer the same moments.
import type { IncidentSummary, IncidentTimeline, TimelineItem } from '../contract/incidents.ts';
import { createRandom, type Random } from '../gis-data/scripts/random.ts';
import { foldReplay, inTimeOrder, Replay, type ReplayMoment } from '../screen/shared/replay.ts';
import { BENCH_DEFAULTS, compare, formatMs, formatRatio, median, type Benchmark } from './harness.ts';

export const REPLAY_BENCH_DEFAULTS = {
  seed: 20261202,
  facts: 10_000,
  quickFacts: 2_000,
  /** The window replayed. */
  hours: 6,
  /** Moments per timed run: scrubbed to at random, then frames of playing. */
  scrubs: 250,
  frames: 250,
  /** Replayed time per frame while playing (600× at 60 frames a second). */
  frameMs: 10_000,
};

const MINUTE = 60_000;
const GAUGES = 6;
const WORKERS = 40;

/** A seeded incident's facts: readings and patrol points the most, then task states, alarms, arrivals, warnings and a few steps. */
function timelineOf(rng: Random, facts: number, from: number, hours: number): IncidentTimeline {
  const span = hours * 60 * MINUTE;
  const at = () => new Date(from + rng.float(0, span)).toISOString();
  const lon = () => rng.float(119.05, 119.25);
  const lat = () => rng.float(29.02, 29.15);
  const items: TimelineItem[] = [];
  for (let i = 0; i < facts; i++) {
    const roll = rng.next();
    if (roll < 0.45) {
      const value = rng.float(3, 6);
      items.push({ at: at(), kind: 'reading', deviceCode: `G${rng.int(1, GAUGES)}`, value, overThreshold: value > 5 });
    } else if (roll < 0.85) items.push({ at: at(), kind: 'patrol', workerCode: `W${rng.int(1, WORKERS)}`, lon: lon(), lat: lat() });
    else if (roll < 0.92) {
      items.push({ at: at(), kind: 'task', taskId: rng.int(1, 300), eventId: rng.int(1, 60), status: rng.pick(['notified', 'accepted', 'arrived', 'done']), party: '力量', lon: lon(), lat: lat() });
    } else if (roll < 0.96) {
      items.push({ at: at(), kind: 'alarm', alarmId: rng.int(1, 80), deviceCode: 'G1', step: rng.pick(['raised', 'acknowledged', 'cleared'] as const), severity: 'warning', value: 5.2, lon: lon(), lat: lat() });
    } else if (roll < 0.98) items.push({ at: at(), kind: 'arrival', shelterCode: `S${rng.int(1, 12)}`, people: rng.int(1, 30), lon: lon(), lat: lat(), capacity: 500 });
    else if (roll < 0.995) items.push({ at: at(), kind: 'warning', warningId: rng.int(1, 20), step: rng.pick(['raised', 'acknowledged', 'resolved'] as const), level: 'orange', title: '预警', lon: null, lat: null });
    else items.push({ at: at(), kind: 'mode', mode: rng.pick(['emergency', 'peacetime'] as const), reason: '因', by: 'user:leader' });
  }
  const incident = { id: 1, number: 'YJ-1', title: '复盘', kind: 'flood', responseLevel: 'III', status: 'closed', from: null, openedBy: 'user:leader',
    openedAt: new Date(from).toISOString(), closedBy: 'user:leader', closedAt: new Date(from + span).toISOString(), hazardVersion: 0 } satisfies IncidentSummary;
  return { incident, from: new Date(from).toISOString(), to: new Date(from + span).toISOString(), items, truncated: [] };
}

/** A moment folded into one number, so both sides' answers can be compared cheaply and sunk. */
const digest = (m: ReplayMoment) => m.count * 7 + m.alarms.length * 131 + m.tasks.length * 17 + m.sheltered + m.workers.length * 1009 + m.gauges.length;

const benchmark: Benchmark = {
  name: 'replay',
  description: 'the incident replay over 10,000 facts: random scrubs then playing at 600×, checkpointed index + cursor vs folding every fact from the first for each moment',
  async run(ctx) {
    const d = REPLAY_BENCH_DEFAULTS;
    const rng = createRandom(d.seed);
    const from = Date.UTC(2026, 11, 2, 0, 0);
    const facts = ctx.quick ? d.quickFacts : d.facts;
    const timeline = timelineOf(rng, facts, from, d.hours);
    const span = d.hours * 60 * MINUTE;
    const moments = [
      ...Array.from({ length: d.scrubs }, () => from + rng.float(0, span)),
      ...Array.from({ length: d.frames }, (_, i) => from + span / 3 + i * d.frameMs),
    ];
    const { items, times } = inTimeOrder(timeline.items);
    const reps = ctx.quick ? BENCH_DEFAULTS.quickReps : BENCH_DEFAULTS.reps;

    let ours: number[] = [];
    let baseline: number[] = [];
    let buildMs = 0;
    const samples = await compare(
      {
        run: () => {
          const started = performance.now();
          const replay = new Replay(timeline);
          buildMs = performance.now() - started;
          ours = moments.map((t) => digest(replay.at(t)));
          return ours.reduce((a, b) => a + b, 0);
        },
      },
      { run: () => (baseline = moments.map((t) => digest(foldReplay(items, times, t)))).reduce((a, b) => a + b, 0) },
      { reps },
    );
    if (ours.length !== moments.length || ours.some((v, i) => v !== baseline[i])) throw new Error('replay: ours and the baseline answered different moments.');
    const oursMs = median(samples.ours.totalMs);
    const baselineMs = median(samples.baseline.totalMs);
    const perMomentUs = (oursMs * 1000) / moments.length;
    return {
      name: benchmark.name,
      summary: `${facts} facts, ${d.scrubs} scrubs + ${d.frames} frames at 600×: ours ${formatMs(oursMs)} (build ${formatMs(buildMs)} included, ${perMomentUs.toFixed(0)} µs a moment) ` +
        `baseline ${formatMs(baselineMs)} (${formatMs(baselineMs / moments.length)} a moment) ${formatRatio(baselineMs / oursMs)}  [same moments]`,
      ratio: baselineMs / oursMs,
      data: { facts, scrubs: d.scrubs, frames: d.frames, oursMs, baselineMs, buildMs, samples },
    };
  },
};

export default benchmark;
