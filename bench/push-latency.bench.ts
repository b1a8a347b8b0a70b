// push-latency: how long a new event takes to reach 500 walls. Ours is the real hub (startHub on
// port 0, in-memory PGlite): an integration POSTs /api/v1/events, the hub stores the event and its
// fact in one transaction, answers, tails the fact log and emits `event:new` to every wall of the
// township (and pushes the changed figures as `stats:delta`). The baseline is a bare socket.io Server
// broadcasting a payload of the same size and shape (an EventSummary) at the same rate to as many
// clients. The clients of both run in one separate process (push-clients.ts) and stamp each
// arrival. The push latency is arrival − the moment the hub had the event (its transaction committed
// and the answer written, stamped in the hub's process) for ours, and arrival − the sender's clock
// just before the emit for the baseline; that is what the goal compares. The trip from just before
// the integration's POST (carried in the event's title) is reported too. Same machine, so the
// clocks agree.
//
// Rounds alternate (ours, baseline, baseline, ours) after an untimed warm-up of each side, so drift
// in the machine's load does not favour one side. Also measured: what the statistics pushes weigh,
// each `stats:delta` against the full snapshot it stands for.
import { fork, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { Server } from 'socket.io';
import type { EventAccepted, EventSummary } from '../contract/api.ts';
import type { EventInput } from '../contract/schemas.ts';
import { EVENT_CATEGORIES, EVENT_LEVELS, REPORTED_EVENT_SOURCES } from '../contract/domain.ts';
import { INTEGRATION_SCOPES } from '../api/auth/principal.ts';
import { createApiKey, createDisplayToken } from '../api/domain/admin/credentials.ts';
import { testConfig } from '../api/config.ts';
import { startHub } from '../api/hub.ts';
import type { DeviceRef } from '../api/domain/township.ts';
import type { GisData } from '../gis-data/read.ts';
import { createRandom, type Random } from '../gis-data/scripts/random.ts';
import { consume, formatMs, formatRatio, quantile, type Benchmark } from './harness.ts';
import { clock, pushTitle, type FromClients, type StatsBytes, type Target, type ToClients } from './push-protocol.ts';

export const PUSH_LATENCY_DEFAULTS = {
  seed: 20261124,
  clients: 500,
  quickClients: 100,
  perSecond: 20, // events (or broadcasts) per second
  perRound: 100, // messages per timed round; two rounds per side
  quickPerRound: 40,
  warmup: 20, // untimed messages per side before the rounds
  rounds: ['ours', 'baseline', 'baseline', 'ours'] as Target[],
  statsPushMs: 250, // the hub's default coalescing window (STATS_PUSH_MS)
  settleMs: 10_000, // after the last send, how long to wait for missing deliveries
  goalP99Ratio: 1.2, // ours p99 (hub's commit → arrival) at most this many times the baseline's (emit → arrival)
  levelWeights: [0.7, 0.2, 0.08, 0.02], // EVENT_LEVELS order: general … extraordinary
  prefill: { readings: 20_000, events: 400 }, // written through the API before the clients connect
  quickPrefill: { readings: 2_000, events: 40 },
  prefillConcurrency: 4, // event POSTs in flight while prefilling
};

/** A request header naming the message, so the hub's answer to it can be timed. */
const MESSAGE_HEADER = 'x-bench-message';

const CLIENT_SCRIPT = fileURLToPath(new URL('./push-clients.ts', import.meta.url));

interface Round {
  target: Target;
  phase: string;
  sentAt: number[];
  /** When the hub had written its answer to the POST (ours only). */
  answeredAt: number[];
  deliveries: number;
  latencyMs: number[];
  /** Arrival − the hub's answer, per delivery (ours only): the fact tail and the fan-out, without the write. */
  afterAnswerMs: number[];
  serverCpuMs: number;
  clientCpuMs: number;
  stats: StatsBytes | null;
}

const benchmark: Benchmark = {
  name: 'push-latency',
  description: 'event:new to 500 socket.io clients in another process: hub (POST, tx, fact tail, emit) vs a bare socket.io broadcast of the same payload',
  async run(ctx) {
    const d = PUSH_LATENCY_DEFAULTS;
    const clients = ctx.quick ? d.quickClients : d.clients;
    const perRound = ctx.quick ? d.quickPerRound : d.perRound;

    // The hub always runs on in-memory PGlite here, even when the bench has a DATABASE_URL.
    const hub = await startHub(testConfig({ port: 0, databaseUrl: undefined, statsPushMs: d.statsPushMs, logLevel: 'silent' }));
    const baseline = await startBaselineServer();
    const child = new ClientProcess(fork(CLIENT_SCRIPT, [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }));
    try {
      const { token: displayToken } = await createDisplayToken(hub.db, hub.township.code, { name: 'bench wall' }, 'bench', null);
      const { key: apiKey } = await createApiKey(hub.db, hub.township.code, { name: 'bench integration', scopes: [...INTEGRATION_SCOPES] }, 'bench', null);
      const devices = [...hub.township.devices.values()].sort((a, b) => (a.code < b.code ? -1 : 1));
      if (devices.length === 0) throw new Error('push-latency: the hub\'s township has no devices to place the events at.');
      const rng = createRandom(d.seed);
      // Varied like a real day's reports: any category, level and source, at a device's place (spread over the grids).
      const report = (title: string): EventInput => {
        const device = rng.pick(devices);
        return { title, category: rng.pick(EVENT_CATEGORIES), level: rng.weighted(EVENT_LEVELS, d.levelWeights), source: rng.pick(REPORTED_EVENT_SOURCES), lon: device.lon, lat: device.lat };
      };
      // When the hub wrote its answer, per message: the split between the write and the push. Stamped
      // as res.end() is called: the route calls realtime.changed() right after. ('finish', or the answer
      // as the bench's fetch sees it, come later: the hub's emits to 500 sockets share this event loop.)
      const answeredAt = new Map<string, number>();
      hub.io.httpServer.on('request', (req, res) => {
        const id = req.headers[MESSAGE_HEADER];
        if (typeof id !== 'string') return;
        const end = res.end;
        res.end = function (this: typeof res, ...args: Parameters<typeof end>) {
          answeredAt.set(id, clock());
          return end.apply(this, args);
        } as typeof end;
      });
      const api = (path: string, body: unknown, id?: string) => fetch(`${hub.url}/api/v1${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json', ...(id ? { [MESSAGE_HEADER]: id } : {}) },
        body: JSON.stringify(body),
      });
      const post = async (title: string, id: string): Promise<EventSummary> => {
        const res = await api('/events', report(title), id);
        if (res.status !== 201) throw new Error(`push-latency: POST /api/v1/events answered ${res.status}: ${await res.text()}`);
        return ((await res.json()) as EventAccepted).event;
      };
      // The baseline's payload: a real EventSummary of the hub, re-titled per message like ours.
      const sample = await post(pushTitle('sample', 0, clock()), 'sample.0');
      // A township with some history, so the figures (and a full snapshot) are the size they are on a working wall.
      const prefill = ctx.quick ? d.quickPrefill : d.prefill;
      await prefillHub(api, post, rng, devices, ctx.gis, prefill);
      ctx.log(`push-latency: hub prefilled through its API with ${prefill.readings} readings over 30 days and ${prefill.events} events`);

      for (const [target, url, token] of [['ours', hub.url, displayToken], ['baseline', baseline.url, null]] as const) {
        const connected = await child.request({ type: 'connect', target, url, token, count: clients }, 'connected', target);
        ctx.log(`push-latency: ${connected.sockets} ${target} clients connected in ${formatMs(connected.ms)}`);
      }

      const send: Record<Target, (phase: string, index: number) => Promise<number | null>> = {
        async ours(phase, index) {
          await post(pushTitle(phase, index, clock()), `${phase}.${index}`);
          return answeredAt.get(`${phase}.${index}`) ?? Number.NaN;
        },
        async baseline(phase, index) {
          baseline.io.emit('event:new', { ...sample, id: index, title: pushTitle(phase, index, clock()) }, index);
          return null;
        },
      };
      const runRound = async (target: Target, phase: string, messages: number): Promise<Round> => {
        await child.request({ type: 'phase', target, phase }, 'recording', target);
        const cpuBefore = process.cpuUsage();
        const sentAt: number[] = [];
        const answered: Promise<number | null>[] = [];
        const start = clock() + 20;
        for (let i = 0; i < messages; i++) {
          const due = start + (i * 1000) / d.perSecond;
          const wait = due - clock();
          if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
          sentAt.push(clock());
          answered.push(send[target](phase, i));
        }
        const answeredAt = (await Promise.all(answered)).map((t) => t ?? Number.NaN);
        const collected = await child.request({ type: 'collect', target, phase, expected: messages * clients, timeoutMs: d.settleMs }, 'collected', target);
        const cpu = process.cpuUsage(cpuBefore);
        const afterAnswerMs = target === 'ours' ? collected.index.map((i, k) => collected.receivedAt[k]! - answeredAt[i]!) : [];
        return { target, phase, sentAt, answeredAt, deliveries: collected.index.length, latencyMs: collected.latencyMs, afterAnswerMs,
          serverCpuMs: (cpu.user + cpu.system) / 1000, clientCpuMs: collected.cpuMs, stats: collected.stats };
      };

      await runRound('ours', 'w0', d.warmup);
      await runRound('baseline', 'w1', d.warmup);
      const rounds: Round[] = [];
      for (const [k, target] of d.rounds.entries()) {
        const round = await runRound(target, `r${k}`, perRound);
        rounds.push(round);
        ctx.log(`push-latency: round ${k} ${target}: ${round.deliveries}/${perRound * clients} delivered, ` +
          `p50 ${formatMs(quantile(round.latencyMs, 0.5))} p99 ${formatMs(quantile(round.latencyMs, 0.99))}` +
          `${round.afterAnswerMs.length > 0 ? ` (push alone p99 ${formatMs(quantile(round.afterAnswerMs, 0.99))})` : ''}, ` +
          `server CPU ${formatMs(round.serverCpuMs)}, client CPU ${formatMs(round.clientCpuMs)}`);
      }

      const side = (target: Target) => {
        const mine = rounds.filter((r) => r.target === target);
        const latency = mine.flatMap((r) => r.latencyMs);
        const expected = mine.length * perRound * clients;
        const delivered = mine.reduce((n, r) => n + r.deliveries, 0);
        const writeMs = mine.flatMap((r) => r.answeredAt.map((t, i) => t - r.sentAt[i]!)).filter(Number.isFinite);
        const afterAnswer = mine.flatMap((r) => r.afterAnswerMs);
        const serverCpuMs = mine.reduce((n, r) => n + r.serverCpuMs, 0);
        const clientCpuMs = mine.reduce((n, r) => n + r.clientCpuMs, 0);
        return {
          messages: mine.length * perRound, clients, expected, delivered, lost: expected - delivered,
          p50Ms: quantile(latency, 0.5), p90Ms: quantile(latency, 0.9), p99Ms: quantile(latency, 0.99), maxMs: quantile(latency, 1),
          roundsP99Ms: mine.map((r) => quantile(r.latencyMs, 0.99)),
          writeP50Ms: writeMs.length > 0 ? quantile(writeMs, 0.5) : null, writeP99Ms: writeMs.length > 0 ? quantile(writeMs, 0.99) : null,
          afterAnswerP50Ms: afterAnswer.length > 0 ? quantile(afterAnswer, 0.5) : null, afterAnswerP99Ms: afterAnswer.length > 0 ? quantile(afterAnswer, 0.99) : null,
          serverCpuUsPerDelivery: (serverCpuMs * 1000) / Math.max(1, delivered), clientCpuUsPerDelivery: (clientCpuMs * 1000) / Math.max(1, delivered),
        };
      };
      const ours = side('ours');
      const base = side('baseline');
      for (const s of [ours, base]) consume(s.p50Ms + s.p99Ms + s.delivered);
      if (ours.lost > 0 || base.lost > 0) {
        throw new Error(`push-latency: deliveries were lost (ours ${ours.lost}, baseline ${base.lost} of ${ours.expected} each) within ${d.settleMs} ms of the last send.`);
      }

      const stats = statsBytes(rounds.filter((r) => r.target === 'ours').map((r) => r.stats!));
      // The push is timed from the moment the hub has the event (committed, answered) to its arrival,
      // like the baseline from its emit; the whole trip from the integration's POST is reported beside it.
      const pushP50Ms = ours.afterAnswerP50Ms!;
      const pushP99Ms = ours.afterAnswerP99Ms!;
      const p99Ratio = pushP99Ms / base.p99Ms;
      const endToEndRatio = ours.p99Ms / base.p99Ms;
      const goal = { atLeast: 1 / d.goalP99Ratio, source: `brief: push p99 at most ${d.goalP99Ratio}× the bare broadcast's (ratio here = baseline p99 ÷ ours p99)` };
      return {
        name: benchmark.name,
        summary: `push (hub's commit → arrival) p50 ${formatMs(pushP50Ms)} p99 ${formatMs(pushP99Ms)}  baseline (emit → arrival) p50 ${formatMs(base.p50Ms)} p99 ${formatMs(base.p99Ms)}  ` +
          `p99 ours/baseline ${formatRatio(p99Ratio)} goal ≤ ${d.goalP99Ratio}×: ${p99Ratio <= d.goalP99Ratio ? 'met' : 'NOT MET'}  ` +
          `end to end (POST sent → arrival, the write included: p50 ${formatMs(ours.writeP50Ms!)} p99 ${formatMs(ours.writeP99Ms!)}) p50 ${formatMs(ours.p50Ms)} p99 ${formatMs(ours.p99Ms)}, ` +
          `${formatRatio(endToEndRatio)} the baseline's p99  ` +
          `stats: ${stats.deltas} deltas avg ${stats.avgDeltaBytes.toFixed(0)} B vs snapshot avg ${stats.avgSnapshotBytes.toFixed(0)} B (${formatRatio(stats.ratio)} smaller)  ` +
          `[${clients} clients, ${ours.messages} messages per side at ${d.perSecond}/s, none lost]`,
        ratio: base.p99Ms / pushP99Ms,
        goal,
        data: { clients, perSecond: d.perSecond, perRound, rounds: d.rounds, statsPushMs: d.statsPushMs, payloadBytes: Buffer.byteLength(JSON.stringify(sample)),
          ours, baseline: base, pushP99OverBaselineP99: p99Ratio, endToEndP99OverBaselineP99: endToEndRatio, stats,
          roundLatencies: rounds.map((r) => ({ target: r.target, phase: r.phase, p50Ms: quantile(r.latencyMs, 0.5), p99Ms: quantile(r.latencyMs, 0.99),
            pushP99Ms: r.afterAnswerMs.length > 0 ? quantile(r.afterAnswerMs, 0.99) : null, serverCpuMs: r.serverCpuMs, clientCpuMs: r.clientCpuMs })) },
      };
    } finally {
      await child.close();
      await baseline.close();
      await hub.stop();
    }
  },
};

export default benchmark;

/** Readings spread over the last 30 days (batches of 10,000, as a gateway would send them), then events, a few at a time. */
async function prefillHub(
  api: (path: string, body: unknown) => Promise<Response>,
  post: (title: string, id: string) => Promise<EventSummary>,
  rng: Random, devices: DeviceRef[], gis: GisData, counts: { readings: number; events: number },
): Promise<void> {
  const normal = new Map(gis.devices.features.map((f) => [f.properties.code, f.properties]));
  const now = Date.now();
  const from = now - 30 * 24 * 3_600_000;
  const times = Float64Array.from({ length: counts.readings }, () => from + rng.next() * (now - 1_000 - from)).sort();
  for (let start = 0; start < counts.readings; start += 10_000) {
    const readings = Array.from(times.subarray(start, start + 10_000), (t) => {
      const device = rng.pick(devices);
      const range = normal.get(device.code);
      const value = range ? rng.float(range.normalMin, range.normalMax) : 0;
      return { deviceCode: device.code, ts: new Date(Math.round(t)).toISOString(), value: Math.round(value * 1000) / 1000 };
    });
    const res = await api('/readings', { readings });
    if (res.status !== 201) throw new Error(`push-latency: POST /api/v1/readings answered ${res.status}: ${await res.text()}`);
  }
  let next = 0;
  const worker = async () => {
    while (next < counts.events) await post(pushTitle('prefill', next, clock()), `prefill.${next++}`);
  };
  await Promise.all(Array.from({ length: PUSH_LATENCY_DEFAULTS.prefillConcurrency }, worker));
}

function statsBytes(parts: StatsBytes[]) {
  const deltaBytes = parts.flatMap((p) => p.deltaBytes);
  const snapshotBytes = parts.flatMap((p) => p.snapshotBytesPerDelta);
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  const totalDeltaBytes = sum(deltaBytes);
  const totalSnapshotBytes = sum(snapshotBytes);
  return {
    deltas: deltaBytes.length,
    totalDeltaBytes,
    avgDeltaBytes: deltaBytes.length > 0 ? totalDeltaBytes / deltaBytes.length : 0,
    maxDeltaBytes: deltaBytes.length > 0 ? Math.max(...deltaBytes) : 0,
    totalSnapshotBytes,
    avgSnapshotBytes: snapshotBytes.length > 0 ? totalSnapshotBytes / snapshotBytes.length : 0,
    connectSnapshotBytes: parts.find((p) => p.connectSnapshotBytes !== null)?.connectSnapshotBytes ?? null,
    gaps: sum(parts.map((p) => p.gaps)),
    avgChangesPerDelta: sum(parts.flatMap((p) => p.changesPerDelta)) / Math.max(1, deltaBytes.length),
    largestDelta: parts.map((p) => p.largestDelta).filter(Boolean).at(-1) ?? null,
    ratio: totalDeltaBytes > 0 ? totalSnapshotBytes / totalDeltaBytes : 0,
  };
}

/** A plain socket.io server on port 0: no auth, no rooms, nothing but io.emit(). */
async function startBaselineServer(): Promise<{ url: string; io: Server; close(): Promise<void> }> {
  const http = createServer();
  const io = new Server(http, { serveClient: false });
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = http.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    io,
    close: () => new Promise<void>((resolve) => io.close(() => resolve())),
  };
}

/** The client process, spoken to one request at a time. */
class ClientProcess {
  #waiting: { type: FromClients['type']; target: Target; resolve(message: FromClients): void; reject(error: Error): void } | null = null;
  #failure: Error | null = null;

  constructor(private readonly child: ChildProcess) {
    child.on('message', (message: FromClients) => {
      if (message.type === 'error') return this.#fail(new Error(message.message));
      const waiting = this.#waiting;
      if (waiting && waiting.type === message.type && 'target' in message && message.target === waiting.target) {
        this.#waiting = null;
        waiting.resolve(message);
      }
    });
    child.on('exit', (code, signal) => this.#fail(new Error(`push-latency: the client process exited (code ${code}, signal ${signal}).`)));
    child.on('error', (error) => this.#fail(error));
  }

  #fail(error: Error): void {
    this.#failure ??= error;
    const waiting = this.#waiting;
    this.#waiting = null;
    waiting?.reject(error);
  }

  request<T extends FromClients['type']>(message: ToClients, type: T, target: Target): Promise<Extract<FromClients, { type: T }>> {
    if (this.#failure) return Promise.reject(this.#failure);
    return new Promise((resolve, reject) => {
      this.#waiting = { type, target, resolve: resolve as (m: FromClients) => void, reject };
      this.child.send(message);
    });
  }

  /** Asks the process to disconnect its clients and leave; ends it if it does not within a few seconds. */
  async close(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.#failure ??= new Error('push-latency: the client process was closed.');
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    if (this.child.connected) this.child.send({ type: 'close' } satisfies ToClients);
    const timer = setTimeout(() => this.child.kill(), 5_000);
    await exited;
    clearTimeout(timer);
  }
}
