// The client side of push-latency, in a process of its own (TOOLCHAIN.md: simulated clients cost more
// CPU than the server). push-latency.bench.ts starts it with child_process.fork and `--import tsx`
// and drives it over the IPC channel: open N socket.io clients to a server, stamp the arrival of
// every `event:new`, hand the stamps back per phase. One client of the hub also measures the bytes
// of the statistics pushes: each `stats:delta`, and the full snapshot it stands for.
import { io, type Socket } from 'socket.io-client';
import type { EventSummary, StatsDelta } from '../contract/api.ts';
import { followFigures } from '../contract/followFigures.ts';
import { clock, PUSH_TITLE, type FromClients, type StatsBytes, type Target, type ToClients } from './push-protocol.ts';

const CONNECT_WAVE = 50; // clients opened at a time
const CONNECT_TIMEOUT_MS = 20_000;

interface Recording { phase: string; index: number[]; receivedAt: number[]; latencyMs: number[]; cpu: NodeJS.CpuUsage; stats: StatsBytes; waiters: (() => void)[] }

const sockets: Record<Target, Socket[]> = { ours: [], baseline: [] };
const recordings: Record<Target, Recording> = { ours: newRecording(''), baseline: newRecording('') };
let connectSnapshotBytes: number | null = null;

function newRecording(phase: string): Recording {
  return { phase, index: [], receivedAt: [], latencyMs: [], cpu: process.cpuUsage(), stats: { deltaBytes: [], snapshotBytesPerDelta: [], changesPerDelta: [], largestDelta: null, connectSnapshotBytes: null, gaps: 0 }, waiters: [] };
}

const send = (message: FromClients) => process.send!(message);
const bytes = (value: unknown) => Buffer.byteLength(JSON.stringify(value));
/** Leaves of a changes tree: the figures a push changes. */
const leaves = (tree: unknown): number =>
  tree !== null && typeof tree === 'object' && !Array.isArray(tree) ? Object.values(tree).reduce<number>((n, v) => n + leaves(v), 0) : 1;

function record(target: Target, event: EventSummary): void {
  const receivedAt = clock();
  const match = PUSH_TITLE.exec(event.title);
  const recording = recordings[target];
  if (!match || match[1] !== recording.phase) return; // a straggler of an earlier phase
  recording.index.push(Number(match[2]));
  recording.receivedAt.push(receivedAt);
  recording.latencyMs.push(receivedAt - Number(match[3]));
  if (recording.waiters.length > 0) for (const wake of recording.waiters.splice(0)) wake();
}

/** The first client of the hub keeps the figures as a wall does and weighs each push. */
function watchStats(socket: Socket): void {
  let pending: StatsDelta | null = null;
  followFigures(socket, {
    onDelta(delta, applied) {
      const stats = recordings.ours.stats;
      const size = bytes(['stats:delta', delta]);
      if (size > Math.max(0, ...stats.deltaBytes)) stats.largestDelta = delta;
      stats.deltaBytes.push(size);
      stats.changesPerDelta.push(leaves(delta.changed) + (delta.removed?.length ?? 0));
      if (applied) pending = delta;
      else stats.gaps++;
    },
    onFigures(figures, version) {
      // What pushing the whole snapshot instead of this delta would have sent.
      if (pending) recordings.ours.stats.snapshotBytesPerDelta.push(bytes(['stats:snapshot', figures, version]));
      else connectSnapshotBytes ??= bytes(['stats:snapshot', figures, version]);
      pending = null;
    },
  });
}

async function connect(target: Target, url: string, token: string | null, count: number): Promise<void> {
  const started = clock();
  for (let start = 0; start < count; start += CONNECT_WAVE) {
    await Promise.all(Array.from({ length: Math.min(CONNECT_WAVE, count - start) }, (_, k) => new Promise<void>((resolve, reject) => {
      const socket = io(url, { transports: ['websocket'], reconnection: false, forceNew: true, autoConnect: false, auth: token ? { token } : {} });
      sockets[target].push(socket);
      socket.on('event:new', (event: EventSummary) => record(target, event));
      if (target === 'ours' && start + k === 0) watchStats(socket);
      // The hub's last word on connect is the snapshot: from then on the socket gets facts directly.
      const ready = target === 'ours' ? 'stats:snapshot' : 'connect';
      const timer = setTimeout(() => reject(new Error(`push-clients: a ${target} client was not ready within ${CONNECT_TIMEOUT_MS} ms`)), CONNECT_TIMEOUT_MS);
      socket.once(ready, () => {
        clearTimeout(timer);
        resolve();
      });
      socket.once('connect_error', (error) => {
        clearTimeout(timer);
        reject(new Error(`push-clients: a ${target} client could not connect to ${url}: ${error.message}`));
      });
      socket.connect();
    })));
  }
  send({ type: 'connected', target, sockets: sockets[target].length, ms: clock() - started });
}

async function collect(target: Target, phase: string, expected: number, timeoutMs: number): Promise<void> {
  const recording = recordings[target];
  if (recording.phase !== phase) throw new Error(`push-clients: asked for phase ${phase} of ${target}, but recording ${recording.phase}.`);
  const deadline = clock() + timeoutMs;
  while (recording.index.length < expected && clock() < deadline) {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, Math.max(1, deadline - clock()));
      recording.waiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
  const cpu = process.cpuUsage(recording.cpu);
  send({ type: 'collected', target, phase, index: recording.index, receivedAt: recording.receivedAt, latencyMs: recording.latencyMs,
    cpuMs: (cpu.user + cpu.system) / 1000, stats: target === 'ours' ? { ...recording.stats, connectSnapshotBytes } : null });
  recordings[target] = newRecording(''); // stop recording until the next phase
}

process.on('message', (message: ToClients) => {
  const work = async () => {
    switch (message.type) {
      case 'connect':
        return connect(message.target, message.url, message.token, message.count);
      case 'phase':
        recordings[message.target] = newRecording(message.phase);
        send({ type: 'recording', target: message.target, phase: message.phase });
        return;
      case 'collect':
        return collect(message.target, message.phase, message.expected, message.timeoutMs);
      case 'close':
        for (const socket of [...sockets.ours, ...sockets.baseline]) socket.disconnect();
        process.disconnect();
    }
  };
  work().catch((error: unknown) => send({ type: 'error', message: error instanceof Error ? error.message : String(error) }));
});

if (!process.send) {
  console.error('bench/push-clients.ts is started by push-latency.bench.ts (npm run bench -- --only push-latency), not on its own.');
  process.exitCode = 1;
}
