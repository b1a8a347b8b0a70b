// The simulator: feeds a running hub through its public API only, like the hotline system, the IoT
// platform and the grid workers' field app would. Seeded, so a run can be repeated.
//   node --import tsx mock/simulator.ts --key cwk_… [--hub URL] [--rate N] [--seed N] [--duration S] [--quiet]
// The key is an integration key with the events, readings, patrol and points scopes (admin: POST /api/v1/api-keys).
import '../scripts/requireRuntime.ts';
import { parseArgs } from 'node:util';
import type { CountedAccepted, EventAccepted, ReadingsAccepted } from '../contract/api.ts';
import { createRandom } from '../gis-data/scripts/random.ts';
import { HubClient, Session, type PostFailure } from './hubClient.ts';
import { DutyDesk } from './sources/dutyDesk.ts';
import { Responders } from './sources/responders.ts';
import { EventSource } from './sources/events.ts';
import { PatrolSource } from './sources/patrols.ts';
import { ReadingSource } from './sources/readings.ts';
import { loadWorld } from './world.ts';
import { isMain } from '../scripts/isMain.ts';

export interface SimulatorOptions {
  hubUrl: string;
  /** Integration key with the events, readings, patrol and points scopes. */
  apiKey: string;
  /** Pace relative to an ordinary day (1 = real pace). */
  rate: number;
  seed: number;
  /** Stop after this many real seconds; undefined runs until stopped. */
  durationSeconds?: number;
  tickMs?: number;
  gisDir?: string;
  log?: (line: string) => void;
  /** Answer dispatch tasks as the parties' field apps (the key needs the `tasks` scope). Default: true. */
  answerTasks?: boolean;
  /** Devices it leaves silent (a scenario drives them: the flood's river gauges). */
  skipDevices?: readonly string[];
  /** Leave the room's evacuation tasks to a scenario that answers them (the flood). */
  leaveEvacuation?: boolean;
  /** Share of tasks the field refuses (default RESPONDER_PACE.refuseChance, 6%). */
  refuseChance?: number;
  /** Work the events the simulator reports, as the room's duty officer and leader (their sign-ins). */
  desk?: { duty: SignInAs; leader: SignInAs };
}

export interface SignInAs { username: string; password: string }

export interface SimulatorCounts {
  events: number;
  duplicates: number;
  readings: number;
  alarms: number;
  positions: number;
  points: number;
  /** Task answers sent as the field, and the duty desk's actions. */
  answers: number;
  deskActions: number;
  rejected: number;
  failed: number;
}

export interface RunningSimulator {
  counts: SimulatorCounts;
  /** Resolves when the run ends (duration reached or stop()). */
  done: Promise<SimulatorCounts>;
  stop(): Promise<SimulatorCounts>;
}

const DEFAULT_TICK_MS = 1000;

export function startSimulator(options: SimulatorOptions): RunningSimulator {
  const log = options.log ?? (() => undefined);
  const tickMs = options.tickMs ?? DEFAULT_TICK_MS;
  const abort = new AbortController();
  const client = new HubClient(options.hubUrl, options.apiKey, abort.signal);
  const rng = createRandom(options.seed);
  const world = loadWorld(options.gisDir);
  const runId = `${options.seed}-${Date.now().toString(36)}`;
  const events = new EventSource(rng.fork('events'), world, runId);
  const skipped = new Set(options.skipDevices ?? []);
  const readings = new ReadingSource(rng.fork('readings'), { ...world, devices: world.devices.filter((d) => !skipped.has(d.code)) }, 0);
  const patrols = new PatrolSource(rng.fork('patrols'), world, runId);
  const counts: SimulatorCounts = { events: 0, duplicates: 0, readings: 0, alarms: 0, positions: 0, points: 0, answers: 0, deskActions: 0, rejected: 0, failed: 0 };

  const note = (what: string, failure: PostFailure) => {
    if (failure.status >= 400 && failure.status < 500) {
      counts.rejected += 1;
      log(`rejected ${what}: ${failure.body?.message ?? failure.status}`);
    } else if (failure.error !== 'aborted') {
      counts.failed += 1;
      log(`failed ${what}: ${failure.error ?? failure.status}`);
    }
  };

  const responders = options.answerTasks === false ? null : new Responders(rng.fork('responders'), client, (what, failure) => note(what, failure), options.refuseChance, options.leaveEvacuation);
  const signedIn = (who: SignInAs) => {
    const session = new Session(options.hubUrl, who.username, who.password, abort.signal);
    return new HubClient(options.hubUrl, { session }, abort.signal);
  };
  const desk = options.desk ? new DutyDesk(rng.fork('desk'), signedIn(options.desk.duty), signedIn(options.desk.leader), (what, failure) => note(what, failure)) : null;

  let clockSeconds = 0;
  let batchSerial = 0;
  const batchKey = (kind: string) => `sim-${runId}-${kind}-${++batchSerial}`;
  const tick = async () => {
    const now = new Date();
    const simulatedSeconds = (tickMs / 1000) * options.rate;
    clockSeconds += simulatedSeconds;
    const work: Promise<void>[] = [];
    for (const report of events.tick(now, simulatedSeconds, 1)) {
      work.push((async () => {
        const result = await client.post<EventAccepted>('/events', report.event);
        if (!result.ok) return note('event', result);
        if (result.body.duplicate || result.body.linked) counts.duplicates += 1;
        else {
          counts.events += 1;
          desk?.adopt(result.body.event.id);
        }
        if (report.points) {
          const points = await client.post<CountedAccepted>('/points', report.points);
          if (points.ok) counts.points += points.body.accepted;
          else note('points', points);
        }
      })());
    }
    const due = readings.tick(now, clockSeconds);
    if (due.length > 0) {
      work.push((async () => {
        const result = await client.post<ReadingsAccepted>('/readings', { readings: due }, batchKey('readings'));
        if (!result.ok) return note('readings', result);
        counts.readings += result.body.accepted;
        counts.alarms += result.body.alarmsRaised;
      })());
    }
    const patrol = patrols.tick(now, clockSeconds);
    if (patrol.positions.length > 0) {
      work.push((async () => {
        const result = await client.post<CountedAccepted>('/patrol-positions', { positions: patrol.positions }, batchKey('positions'));
        if (result.ok) counts.positions += result.body.accepted;
        else note('positions', result);
      })());
    }
    for (const action of patrol.points) {
      work.push((async () => {
        const result = await client.post<CountedAccepted>('/points', action);
        if (result.ok) counts.points += result.body.accepted;
        else note('points', result);
      })());
    }
    // The room and the field act on what is there now.
    // A request cut short by stop() is not a failure.
    const failed = (who: string) => (error: unknown) => void (abort.signal.aborted || log(`${who}: ${(error as Error).message}`));
    if (responders) work.push(responders.tick(clockSeconds).then((n) => void (counts.answers += n), failed('responders')));
    if (desk) work.push(desk.tick(clockSeconds).then((n) => void (counts.deskActions += n), failed('duty desk')));
    await Promise.all(work);
  };

  let stopped = false;
  let finish: (counts: SimulatorCounts) => void = () => undefined;
  const done = new Promise<SimulatorCounts>((resolve) => (finish = resolve));
  const startedAt = Date.now();
  const loop = async () => {
    while (!stopped) {
      const began = Date.now();
      await tick().catch((error: unknown) => log(`tick failed: ${(error as Error).message}`));
      if (options.durationSeconds !== undefined && Date.now() - startedAt >= options.durationSeconds * 1000) break;
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, tickMs - (Date.now() - began))));
    }
    finish(counts);
  };
  void loop();

  return {
    counts,
    done,
    async stop() {
      stopped = true;
      abort.abort();
      return done;
    },
  };
}

function describe(c: SimulatorCounts): string {
  return `events ${c.events} (dup ${c.duplicates}), readings ${c.readings}, alarms ${c.alarms}, positions ${c.positions}, points ${c.points}, task answers ${c.answers}, desk actions ${c.deskActions}, rejected ${c.rejected}, failed ${c.failed}`;
}

/** `npm run mock` without a scenario (and `npm run sim`): today's simulator, until stopped or --duration. */
export async function simulatorMain(args: string[] = process.argv.slice(2)): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      hub: { type: 'string', default: process.env.HUB_URL ?? 'http://127.0.0.1:8080' },
      key: { type: 'string', default: process.env.HUB_API_KEY },
      rate: { type: 'string', default: '1' },
      seed: { type: 'string', default: '7' },
      duration: { type: 'string' },
      quiet: { type: 'boolean', default: false },
      'skip-devices': { type: 'string', default: '' },
      'leave-evacuation': { type: 'boolean', default: false },
    },
  });
  const rate = Number(values.rate);
  const seed = Number(values.seed);
  if (!(rate > 0 && rate <= 10_000)) throw new Error('--rate must be a number in (0, 10000], e.g. --rate 30');
  if (!Number.isInteger(seed)) throw new Error('--seed must be an integer');
  if (!values.key) throw new Error('--key (or HUB_API_KEY) is required: an integration key with the events, readings, patrol and points scopes');
  const durationSeconds = values.duration === undefined ? undefined : Number(values.duration);
  const log = values.quiet ? undefined : (line: string) => process.stdout.write(`[sim] ${line}\n`);
  // The duty desk's sign-ins come by environment only (passwords do not belong in argv).
  const env = process.env;
  const desk = env.SIM_DUTY_USER && env.SIM_DUTY_PASSWORD && env.SIM_LEADER_USER && env.SIM_LEADER_PASSWORD
    ? { duty: { username: env.SIM_DUTY_USER, password: env.SIM_DUTY_PASSWORD }, leader: { username: env.SIM_LEADER_USER, password: env.SIM_LEADER_PASSWORD } }
    : undefined;
  const skipDevices = values['skip-devices'].split(',').map((c) => c.trim()).filter(Boolean);
  const sim = startSimulator({ hubUrl: values.hub, apiKey: values.key, rate, seed, durationSeconds, log, desk, skipDevices, leaveEvacuation: values['leave-evacuation'] });
  process.stdout.write(`[sim] feeding ${values.hub} at ${rate}× the ordinary pace (seed ${seed})\n`);
  const progress = setInterval(() => process.stdout.write(`[sim] ${describe(sim.counts)}\n`), 30_000);
  const stop = () => void sim.stop();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  const counts = await sim.done;
  clearInterval(progress);
  process.stdout.write(`[sim] done: ${describe(counts)}\n`);
}

if (isMain(import.meta.url)) {
  simulatorMain().catch((error: unknown) => {
    process.stderr.write(`simulator failed: ${(error as Error).message}\n`);
    process.exit(1);
  });
}
