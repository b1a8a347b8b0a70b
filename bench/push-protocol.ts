// What push-latency.bench.ts and its client process (push-clients.ts) say to each other over the
// IPC channel, and the two things both sides must agree on: the title that carries the send time,
// and the clock.

export type Target = 'ours' | 'baseline';

/** The title both servers send: the phase, the message's index and the sender's clock when it was sent. */
export const pushTitle = (phase: string, index: number, sentAt: number) => `bench#${phase}.${index}@${sentAt.toFixed(3)}`;
export const PUSH_TITLE = /^bench#([^.]+)\.(\d+)@([\d.]+)$/;

export type ToClients =
  | { type: 'connect'; target: Target; url: string; token: string | null; count: number }
  | { type: 'phase'; target: Target; phase: string }
  | { type: 'collect'; target: Target; phase: string; expected: number; timeoutMs: number }
  | { type: 'close' };

export interface StatsBytes {
  /** JSON of the arguments of each `stats:delta` received. */
  deltaBytes: number[];
  /** JSON of the full snapshot each delta brought the figures to (what pushing snapshots would have sent). */
  snapshotBytesPerDelta: number[];
  /** Leaves changed per delta. */
  changesPerDelta: number[];
  /** The largest delta received, to see what a delta carries. */
  largestDelta: unknown;
  /** JSON of the `stats:snapshot` received on connect. */
  connectSnapshotBytes: number | null;
  /** Deltas that did not apply to the version held (the client would have asked for a snapshot). */
  gaps: number;
}

export type FromClients =
  | { type: 'connected'; target: Target; sockets: number; ms: number }
  | { type: 'recording'; target: Target; phase: string }
  | { type: 'collected'; target: Target; phase: string; index: number[]; receivedAt: number[]; latencyMs: number[]; cpuMs: number; stats: StatsBytes | null }
  | { type: 'error'; message: string };

/** Milliseconds on the machine's clock, sub-millisecond, comparable across processes. */
export const clock = () => performance.timeOrigin + performance.now();
