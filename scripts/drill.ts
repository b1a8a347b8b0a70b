// `npm run drill [-- --rounds N --seconds S --seed X]`: the crash drill. "kill -9 of the hub while
// the simulator posts with retries loses no accepted record and stores none twice."
//
// Starts the hub as a child process on a fresh database (a temporary PGlite folder, or a fresh schema
// on DATABASE_URL), runs writer loops for events, readings, patrol positions and points that retry
// every write with the same Idempotency-Key / externalId until it is acknowledged, SIGKILLs the hub
// at seeded random moments and restarts it on the same data, then stops everything cleanly, opens the
// database directly and checks every acknowledged write against the rows actually stored.
// Exit code 0 only when every check passes; 1 when a check fails; 2 when the drill itself broke.
import './requireRuntime.ts';
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { setTimeout as delay } from 'node:timers/promises';
import { join } from 'node:path';
import { createIsolatedSchema } from '../api/db/isolatedSchema.ts';
import { isAlive, LOCK_FILE, lockHolder } from '../api/db/lock.ts';
import { HUB_READY, spawnHub, stopProcess } from './hubProcess.ts';
import { newToken } from '../api/auth/tokens.ts';
import { openDatabase, type Db } from '../api/db/index.ts';
import { API_PREFIX } from '../contract/api.ts';
import { EVENT_CATEGORIES } from '../contract/domain.ts';
import { createRandom, type Random } from '../gis-data/scripts/random.ts';
import { samplePointInPolygon } from '../gis-data/scripts/sample.ts';
import { isRetryable } from '../mock/hubClient.ts';
import { isMain } from './isMain.ts';
import { loadWorld } from '../mock/world.ts';


export const KINDS = ['events', 'readings', 'positions', 'points'] as const;
export type Kind = (typeof KINDS)[number];
const PATHS: Record<Kind, string> = { events: '/events', readings: '/readings', positions: '/patrol-positions', points: '/points' };
/** The audit action each kind of write adds in its own transaction. */
/** The audit action(s) of one stored write. An event report may be linked to an open event as a further report of it. */
const AUDIT_ACTION: Record<Kind, string[]> = {
  events: ['event.accepted', 'event.report_linked'], readings: ['readings.ingested'], positions: ['patrol.positions'], points: ['points.recorded'],
};

/**
 * Deliberate client faults, to prove the checks have teeth (the drill must then FAIL):
 * - `give-up`: a writer counts a write as acknowledged after a network error or 5xx instead of retrying;
 * - `new-key`: a writer retries with a fresh Idempotency-Key / externalId instead of the same one.
 */
export type DrillFault = 'none' | 'give-up' | 'new-key';

export interface DrillOptions {
  /** How many times the hub is killed with SIGKILL (default 5). */
  rounds?: number;
  /** Length of the writing phase in seconds, restarts included (default 30). */
  seconds?: number;
  /** Seed of the kill moments and the payloads; random (and printed) when absent. */
  seed?: number;
  /** PostgreSQL server to drill against; undefined reads DATABASE_URL, null forces embedded PGlite. */
  databaseUrl?: string | null;
  /** Concurrent writer loops per kind of write (default 2). */
  writersPerKind?: number;
  /**
   * Share of attempts a writer abandons after 1–25 ms, as a client with a short timeout would
   * (default 0.03): the hub may still commit them, so their retries must come back as replays.
   * A kill rarely lands between a commit and its answer; these make that case common.
   */
  impatientShare?: number;
  fault?: DrillFault;
  /** Keep the PGlite folder / PostgreSQL schema afterwards for inspection. */
  keepData?: boolean;
  /** Progress lines; default console.log. */
  log?: (line: string) => void;
}

export interface Check {
  name: string;
  ok: boolean;
  detail: string;
}

export interface KillRecord {
  round: number;
  atMs: number;
  pid: number;
  inFlight: number;
  staleLock: boolean | null;
  restartMs: number;
}

export interface DrillReport {
  passed: boolean;
  backend: 'pglite' | 'postgres';
  seed: number;
  fault: DrillFault;
  kills: KillRecord[];
  acknowledged: Record<Kind, { writes: number; rows: number }>;
  attempts: number;
  networkErrors: number;
  serverErrors: number;
  abandoned: number;
  /** Writes committed whose answer was lost; acknowledged on a retry as a replay or duplicate. */
  lostAnswers: number;
  /** …of which the answer was lost to a kill (the attempt before the replay failed with a network error). */
  lostToKill: number;
  /** Rows stored by writes no answer ever acknowledged (allowed; 0 while writers retry until acked). */
  unacknowledgedRows: number;
  checks: Check[];
  durationMs: number;
  summary: string;
}

// ---------------------------------------------------------------------------------------------
// The ledger: what was sent and what was acknowledged

export interface Ack {
  status: number;
  /** Answered with Idempotent-Replay: true, or as a duplicate of an externalId seen before. */
  replay: boolean;
  attempts: number;
  /** Why the attempt before the acknowledged one failed, if one did. */
  after: 'network' | 'server' | 'abandoned' | null;
  /** Not a real answer: a faulty writer (fault give-up) pretended it was acknowledged. */
  fake: boolean;
}

export interface SentWrite {
  kind: Kind;
  /** Logical identity of the write: event title, points note, or batch serial. */
  id: string;
  /** Identities of the rows it stores: events/points by id, readings `device|ts`, positions `worker|ts`. */
  rows: string[];
  /** Every Idempotency-Key (readings, positions) or externalId (events, points) it was sent with. */
  keys: string[];
  ack?: Ack;
  /** Why it was never acknowledged (a 4xx, or no answer before the deadline). */
  failure?: string;
}

/** What the database holds, read after the hub was stopped. */
export interface StoreSnapshot {
  /** Row identity → how many rows carry it. */
  rows: Record<Kind, Map<string, number>>;
  /** externalId → rows, for events and points. */
  externalIds: { events: Map<string, number>; points: Map<string, number> };
  /** Results of the GROUP BY … HAVING count(*) > 1 queries, one line per repeated key. */
  duplicateGroups: string[];
  eventsWithoutOneAcceptLog: number;
  auditTotal: number;
  auditByAction: Map<string, number>;
  /** Idempotency-Key → stored status (null: claimed but never answered, which must not happen). */
  idempotencyKeys: Map<string, number | null>;
}

const fmt = (n: number) => n.toLocaleString('en-US');
const sample = (items: string[], n = 5) => (items.length > n ? `${items.slice(0, n).join(', ')}, … (${items.length} in all)` : items.join(', '));

/** Compares the writes sent and acknowledged with the rows stored. Pure: the unit test feeds it made-up data. */
export function compareLedger(writes: readonly SentWrite[], store: StoreSnapshot): { checks: Check[]; lostAnswers: number; unacknowledgedRows: number } {
  const checks: Check[] = [];
  const acked = writes.filter((w) => w.ack);
  const countOf = (kind: Kind, row: string) => store.rows[kind].get(row) ?? 0;

  for (const kind of KINDS) {
    const mine = acked.filter((w) => w.kind === kind);
    const lost: string[] = [];
    const twice: string[] = [];
    let rows = 0;
    for (const write of mine) {
      for (const row of write.rows) {
        rows++;
        const n = countOf(kind, row);
        if (n === 0) lost.push(row);
        else if (n > 1) twice.push(`${row} ×${n}`);
      }
      if ((kind === 'events' || kind === 'points') && !write.keys.some((key) => (store.externalIds[kind].get(key) ?? 0) === 1)) {
        lost.push(`externalId ${write.keys.at(-1)}`);
      }
    }
    const label = { events: 'event', readings: 'reading', positions: 'patrol position', points: 'points record' }[kind];
    checks.push({
      name: `every acknowledged ${label} is stored exactly once`,
      ok: lost.length === 0 && twice.length === 0,
      detail: lost.length + twice.length === 0
        ? `${fmt(rows)} rows of ${fmt(mine.length)} acknowledged writes`
        : [lost.length ? `LOST ${lost.length}: ${sample(lost)}` : '', twice.length ? `TWICE ${twice.length}: ${sample(twice)}` : ''].filter(Boolean).join('; '),
    });
  }

  const repeated = [...store.duplicateGroups];
  for (const kind of KINDS) for (const [row, n] of store.rows[kind]) if (n > 1) repeated.push(`${kind} ${row} ×${n}`);
  checks.push({
    name: 'no row is stored twice (GROUP BY … HAVING count(*) > 1 is empty)',
    ok: repeated.length === 0,
    detail: repeated.length === 0 ? 'events by externalId and title, readings by (device, ts), positions by (worker, ts), points by externalId and note' : sample([...new Set(repeated)]),
  });

  // A batch is one transaction: all of its rows or none, whether or not its answer arrived.
  const partial: string[] = [];
  const copies = new Map<Kind, number>(KINDS.map((k) => [k, 0]));
  const sentRows = new Map<Kind, Set<string>>(KINDS.map((k) => [k, new Set<string>()]));
  let unacknowledgedRows = 0;
  for (const write of writes) {
    const counts = write.rows.map((row) => countOf(write.kind, row));
    for (const row of write.rows) sentRows.get(write.kind)!.add(row);
    const min = Math.min(...counts);
    const max = Math.max(...counts);
    if (min !== max) partial.push(`${write.kind} ${write.id} (${counts.filter((n) => n > 0).length}/${counts.length} rows)`);
    copies.set(write.kind, copies.get(write.kind)! + max);
    if (!write.ack || write.ack.fake) unacknowledgedRows += counts.filter((n) => n > 0).length;
  }
  checks.push({
    name: 'every batch is stored whole or not at all',
    ok: partial.length === 0,
    detail: partial.length === 0 ? `${fmt(writes.length)} writes sent` : `PARTIAL: ${sample(partial)}`,
  });

  const strays: string[] = [];
  for (const kind of KINDS) for (const row of store.rows[kind].keys()) if (!sentRows.get(kind)!.has(row)) strays.push(`${kind} ${row}`);
  checks.push({ name: 'no row the drill never sent', ok: strays.length === 0, detail: strays.length === 0 ? 'none' : sample(strays) });

  const failed = writes.filter((w) => !w.ack);
  checks.push({
    name: 'every write was acknowledged in the end (retried until 2xx)',
    ok: failed.length === 0,
    detail: failed.length === 0 ? `${fmt(writes.length)} of ${fmt(writes.length)}` : sample(failed.map((w) => `${w.kind} ${w.id}: ${w.failure ?? 'no answer'}`)),
  });

  const auditMismatch: string[] = [];
  for (const kind of KINDS) {
    const audited = AUDIT_ACTION[kind].reduce((n, action) => n + (store.auditByAction.get(action) ?? 0), 0);
    if (audited !== copies.get(kind)) auditMismatch.push(`${AUDIT_ACTION[kind].join(' + ')} ${audited} ≠ ${copies.get(kind)} stored`);
  }
  checks.push({
    name: 'audit_log rows ≥ acknowledged writes, one per stored write',
    ok: store.auditTotal >= acked.length && auditMismatch.length === 0,
    detail: `${fmt(store.auditTotal)} audit rows, ${fmt(acked.length)} acknowledged writes` + (auditMismatch.length ? `; ${auditMismatch.join('; ')}` : ''),
  });

  checks.push({
    name: 'every event has exactly one acceptance log line',
    ok: store.eventsWithoutOneAcceptLog === 0,
    detail: store.eventsWithoutOneAcceptLog === 0 ? 'yes' : `${store.eventsWithoutOneAcceptLog} events without exactly one`,
  });

  const forgotten: string[] = [];
  for (const write of acked) {
    if (write.ack!.fake || (write.kind !== 'readings' && write.kind !== 'positions')) continue;
    const key = write.keys.at(-1)!;
    const status = store.idempotencyKeys.get(key);
    if (status !== write.ack!.status) forgotten.push(`${key} (${status === undefined ? 'missing' : `status ${status}`})`);
  }
  const unanswered = [...store.idempotencyKeys].filter(([, status]) => status === null).map(([key]) => key);
  checks.push({
    name: 'every acknowledged Idempotency-Key is stored with its answer',
    ok: forgotten.length === 0 && unanswered.length === 0,
    detail: forgotten.length + unanswered.length === 0 ? `${fmt(store.idempotencyKeys.size)} keys` : sample([...forgotten, ...unanswered.map((k) => `${k} (no answer stored)`)]),
  });

  const lostAnswers = acked.filter((w) => w.ack!.replay).length;
  return { checks, lostAnswers, unacknowledgedRows };
}

/** Reads what the database holds for the comparison. */
export async function readStore(db: Db): Promise<StoreSnapshot> {
  const tally = (keys: string[]) => {
    const map = new Map<string, number>();
    for (const key of keys) map.set(key, (map.get(key) ?? 0) + 1);
    return map;
  };
  // A report linked to an open event (same category, close by) is stored as a report of it, once.
  const REPORTS = `SELECT title, external_id FROM events UNION ALL SELECT title, external_id FROM event_reports WHERE unlinked_at IS NULL`;
  const events = await db.query<{ title: string; external_id: string | null }>(REPORTS);
  const readings = await db.query<{ device_code: string; ts: Date }>('SELECT device_code, ts FROM readings');
  const positions = await db.query<{ worker_code: string; ts: Date }>('SELECT worker_code, ts FROM patrol_points');
  const points = await db.query<{ note: string | null; external_id: string | null }>('SELECT note, external_id FROM points_ledger');

  const duplicateGroups: string[] = [];
  const having: [string, string][] = [
    ['events externalId', `SELECT external_id AS k, count(*) AS n FROM (${REPORTS}) r WHERE external_id IS NOT NULL GROUP BY external_id HAVING count(*) > 1`],
    ['events title', `SELECT title AS k, count(*) AS n FROM (${REPORTS}) r GROUP BY title HAVING count(*) > 1`],
    ['readings (device, ts)', `SELECT device_code || ' ' || ts::text AS k, count(*) AS n FROM readings GROUP BY device_code, ts HAVING count(*) > 1`],
    ['patrol_points (worker, ts)', `SELECT worker_code || ' ' || ts::text AS k, count(*) AS n FROM patrol_points GROUP BY worker_code, ts HAVING count(*) > 1`],
    ['points externalId', 'SELECT external_id AS k, count(*) AS n FROM points_ledger WHERE external_id IS NOT NULL GROUP BY external_id HAVING count(*) > 1'],
    ['points note', 'SELECT note AS k, count(*) AS n FROM points_ledger WHERE note IS NOT NULL GROUP BY note HAVING count(*) > 1'],
  ];
  for (const [label, sql] of having) {
    for (const row of await db.query<{ k: string; n: number }>(sql)) duplicateGroups.push(`${label} ${row.k} ×${row.n}`);
  }
  const [withoutLog] = await db.query<{ n: number }>(
    `SELECT count(*) AS n FROM (SELECT e.id FROM events e LEFT JOIN event_log l ON l.event_id = e.id AND l.action = 'accept'
     GROUP BY e.id HAVING count(l.id) <> 1) AS odd`,
  );
  const [audit] = await db.query<{ n: number }>('SELECT count(*) AS n FROM audit_log');
  const byAction = await db.query<{ action: string; n: number }>('SELECT action, count(*) AS n FROM audit_log GROUP BY action');
  const keys = await db.query<{ key: string; status: number | null }>('SELECT key, status FROM idempotency_keys');

  return {
    rows: {
      events: tally(events.map((e) => e.title)),
      readings: tally(readings.map((r) => `${r.device_code}|${r.ts.toISOString()}`)),
      positions: tally(positions.map((p) => `${p.worker_code}|${p.ts.toISOString()}`)),
      points: tally(points.map((p) => p.note ?? '(no note)')),
    },
    externalIds: {
      events: tally(events.flatMap((e) => (e.external_id ? [e.external_id] : []))),
      points: tally(points.flatMap((p) => (p.external_id ? [p.external_id] : []))),
    },
    duplicateGroups,
    eventsWithoutOneAcceptLog: withoutLog!.n,
    auditTotal: audit!.n,
    auditByAction: new Map(byAction.map((a) => [a.action, a.n])),
    idempotencyKeys: new Map(keys.map((k) => [k.key, k.status])),
  };
}

// ---------------------------------------------------------------------------------------------
// The hub as a child process

class HubProcess {
  child: ChildProcess | undefined;
  url = '';
  port = 0;
  /** Called when a hub that was ready exits without the drill having killed or stopped it. */
  onUnexpectedExit: ((how: string) => void) | undefined;
  /** Children the drill itself killed or stopped. */
  private readonly expected = new WeakSet<ChildProcess>();
  private output: string[] = [];

  constructor(private readonly env: NodeJS.ProcessEnv) {}

  get pid(): number {
    return this.child?.pid ?? 0;
  }

  /** The last lines the hub printed, for a failure message. */
  tail(lines = 30): string {
    return this.output.join('').split('\n').filter((line) => line.trim() && !HUB_READY.test(line)).slice(-lines).join('\n');
  }

  private remember(chunk: Buffer): void {
    this.output.push(chunk.toString());
    if (this.output.length > 200) this.output.splice(0, this.output.length - 200);
  }

  /** Spawns the hub and resolves when it prints HUB_READY. `port` 0 lets the system choose. */
  async start(port: number, timeoutMs: number): Promise<void> {
    const { child, url } = await spawnHub({
      env: { ...this.env, PORT: String(port) },
      onOutput: (chunk) => this.remember(chunk),
      timeoutMs,
      describeFailure: () => this.tail(),
    });
    this.child = child;
    child.once('close', (code, signal) => {
      if (!this.expected.has(child)) this.onUnexpectedExit?.(`pid ${child.pid} exited on its own (code ${code}, signal ${signal})`);
    });
    this.url = url;
    this.port = Number(new URL(url).port);
  }

  /** SIGKILL, resolved once the process is gone (and reaped, so its pid is dead). */
  kill(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
    this.expected.add(child);
    return new Promise((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGKILL');
    });
  }

  /** SIGTERM and wait for a clean exit; SIGKILL after `graceMs`. Resolves with the exit code (null: killed). */
  stop(graceMs: number): Promise<number | null> {
    const child = this.child;
    if (!child) return Promise.resolve(null);
    this.expected.add(child);
    return stopProcess(child, graceMs);
  }
}

// ---------------------------------------------------------------------------------------------
// Writers

interface Target {
  url: string;
  apiKey: string;
}

interface Counters {
  attempts: number;
  networkErrors: number;
  serverErrors: number;
  abandoned: number;
  inFlight: number;
  /** 2xx answers so far (real ones). */
  acks: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** Like sleep, but over at once when `signal` aborts. */
const sleepUnless = (ms: number, signal: AbortSignal) => delay(ms, undefined, { signal }).catch(() => undefined);
const ATTEMPT_TIMEOUT_MS = 10_000;
/** A write still unacknowledged after this long means the hub did not come back: the drill fails. */
const WRITE_DEADLINE_MS = 120_000;

/** Builds the next write of each kind; identities are unique within the run. */
class Payloads {
  private serial = 0;
  private readingSerial = 0;
  private positionSerial = 0;
  private readonly places: [number, number][];
  private readonly devices: { code: string; min: number; max: number }[];
  private readonly workers: string[];
  /** Readings and positions carry synthetic past times, one millisecond apart, so (device, ts) is unique. */
  private readonly base = Date.UTC(2026, 0, 1);

  constructor(private readonly rng: Random, private readonly runId: string, gisDir?: string) {
    const world = loadWorld(gisDir);
    const placeRng = rng.fork('places');
    this.places = Array.from({ length: 200 }, () => samplePointInPolygon(placeRng, placeRng.pick(world.grids).geometry));
    this.devices = world.devices.map((d) => ({ code: d.code, min: d.normalMin, max: d.normalMax }));
    this.workers = world.workers.map((w) => w.code);
    if (this.devices.length === 0 || this.workers.length === 0) throw new Error('the township has no devices or workers to drill with');
  }

  next(kind: Kind): { write: SentWrite; body: Record<string, unknown> } {
    const id = `drill-${this.runId}-${kind}-${++this.serial}`;
    const rng = this.rng;
    switch (kind) {
      case 'events': {
        const [lon, lat] = rng.pick(this.places);
        return {
          write: { kind, id, rows: [id], keys: [id] },
          body: { externalId: id, title: id, category: rng.pick(EVENT_CATEGORIES), source: rng.pick(['grid_patrol', 'hotline_12345', 'resident'] as const), level: 'general', lon, lat },
        };
      }
      case 'readings': {
        const readings = Array.from({ length: rng.int(5, 60) }, () => {
          const i = this.readingSerial++;
          const device = this.devices[i % this.devices.length]!;
          return { deviceCode: device.code, ts: new Date(this.base + i).toISOString(), value: Math.round(rng.float(device.min, device.max) * 100) / 100 };
        });
        return { write: { kind, id, rows: readings.map((r) => `${r.deviceCode}|${r.ts}`), keys: [id] }, body: { readings } };
      }
      case 'positions': {
        const positions = Array.from({ length: rng.int(1, 20) }, () => {
          const j = this.positionSerial++;
          const [lon, lat] = rng.pick(this.places);
          return { workerCode: this.workers[j % this.workers.length]!, ts: new Date(this.base + j).toISOString(), lon, lat };
        });
        return { write: { kind, id, rows: positions.map((p) => `${p.workerCode}|${p.ts}`), keys: [id] }, body: { positions } };
      }
      case 'points':
        return {
          write: { kind, id, rows: [id], keys: [id] },
          body: { externalId: id, ruleCode: rng.pick(['report_event', 'patrol_shift', 'visit_key_person', 'mediate_dispute']), workerCode: rng.pick(this.workers), ts: new Date().toISOString(), note: id },
        };
    }
  }
}

/** Sends one write until a 2xx answer, with the same key every time (unless the fault says otherwise). */
async function deliver(target: Target, write: SentWrite, body: Record<string, unknown>, counters: Counters, fault: DrillFault, impatientShare: number, rng: Random, halt: AbortSignal): Promise<void> {
  const started = Date.now();
  const keyed = write.kind === 'readings' || write.kind === 'positions';
  let after: Ack['after'] = null;
  for (let attempt = 1; ; attempt++) {
    if (halt.aborted) {
      write.failure = 'the drill was aborted';
      return;
    }
    if (attempt > 1 && fault === 'new-key') {
      const fresh = `${write.id}-retry${attempt}`;
      write.keys.push(fresh);
      if (!keyed) body.externalId = fresh;
    }
    const key = write.keys.at(-1)!;
    counters.attempts++;
    counters.inFlight++;
    const impatient = rng.chance(impatientShare);
    let failure: string;
    try {
      const res = await fetch(`${target.url}${API_PREFIX}${PATHS[write.kind]}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': target.apiKey, ...(keyed ? { 'idempotency-key': key } : {}) },
        body: JSON.stringify(body),
        signal: AbortSignal.any([halt, AbortSignal.timeout(impatient ? rng.int(1, 25) : ATTEMPT_TIMEOUT_MS)]),
      });
      const json = (await res.json().catch(() => null)) as Record<string, unknown> | null;
      if (res.ok) {
        const replay = res.headers.get('idempotent-replay') === 'true' || json?.duplicate === true;
        write.ack = { status: res.status, replay, attempts: attempt, after, fake: false };
        counters.acks++;
        return;
      }
      failure = `${res.status} ${JSON.stringify(json)}`;
      if (!isRetryable(res.status)) {
        write.failure = `refused: ${failure}`; // the drill's own input is wrong: retrying will not help
        return;
      }
      counters.serverErrors++;
      after = 'server';
    } catch (error) {
      failure = (error as Error).message;
      if (impatient && (error as Error).name === 'TimeoutError') {
        counters.abandoned++;
        after = 'abandoned';
      } else {
        counters.networkErrors++;
        after = 'network';
      }
    } finally {
      counters.inFlight--;
    }
    if (fault === 'give-up') {
      write.ack = { status: 0, replay: false, attempts: attempt, after, fake: true };
      return;
    }
    if (Date.now() - started > WRITE_DEADLINE_MS) {
      write.failure = `no 2xx within ${WRITE_DEADLINE_MS} ms (last: ${failure})`;
      return;
    }
    await sleep(rng.int(100, 500));
  }
}

// ---------------------------------------------------------------------------------------------
// The drill

const freshSchema = (base: string) => createIsolatedSchema(base, 'drill');

export async function runDrill(options: DrillOptions = {}): Promise<DrillReport> {
  const rounds = options.rounds ?? 5;
  const seconds = options.seconds ?? 30;
  const seed = options.seed ?? randomBytes(4).readUInt32BE() % 1_000_000;
  const fault = options.fault ?? 'none';
  const writersPerKind = options.writersPerKind ?? 2;
  const impatientShare = options.impatientShare ?? 0.03;
  const log = options.log ?? ((line: string) => console.log(line));
  const baseUrl = options.databaseUrl === undefined ? process.env.DATABASE_URL || undefined : options.databaseUrl ?? undefined;
  const backend = baseUrl ? 'postgres' : 'pglite';
  const began = Date.now();
  const elapsed = () => ((Date.now() - began) / 1000).toFixed(1).padStart(5);
  const say = (line: string) => log(`[drill ${elapsed()}s] ${line}`);

  const rng = createRandom(seed);
  const runId = seed.toString(36);
  const apiKey = newToken('apiKey');
  const schema = baseUrl ? await freshSchema(baseUrl) : undefined;
  const dataDir = schema ? undefined : mkdtempSync(join(tmpdir(), 'cw-drill-'));
  const where = schema ? `schema ${schema.schema}` : dataDir!;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    ADMIN_PASSWORD: `Drill-${randomBytes(8).toString('hex')}-2026`, // letters and digits, as the policy asks
    BOOTSTRAP_INGEST_KEY: apiKey,
    INGEST_PER_MINUTE: '1000000',
  };
  delete env.BOOTSTRAP_DISPLAY_TOKEN;
  delete env.DATABASE_URL;
  delete env.DATA_DIR;
  if (schema) env.DATABASE_URL = schema.url;
  else env.DATA_DIR = dataDir;

  const hub = new HubProcess(env);
  const halt = new AbortController(); // stops the writers for good if the drill itself breaks
  const extraChecks: Check[] = [];
  const kills: KillRecord[] = [];
  const writes: SentWrite[] = [];
  const counters: Counters = { attempts: 0, networkErrors: 0, serverErrors: 0, abandoned: 0, inFlight: 0, acks: 0 };
  let passed = false;
  try {
    say(`seed ${seed}, ${backend} (${where}), ${rounds} kills in ${seconds} s, ${writersPerKind} writers per kind${fault === 'none' ? '' : `, FAULT ${fault}`}`);
    const payloads = new Payloads(rng.fork('payloads'), runId, process.env.GIS_DIR || undefined);
    // A hub that dies on its own, or does not come back after a kill, is a finding too: the writers
    // are halted and the store is still checked against what was acknowledged until then.
    let breakdown: string | undefined;
    const breakDown = (how: string) => {
      breakdown ??= how;
      say(`HUB BROKE DOWN: ${how}${hub.tail() ? `\n${hub.tail()}` : ''}`);
      halt.abort();
    };
    hub.onUnexpectedExit = breakDown;
    await hub.start(0, 120_000);
    say(`hub ready at ${hub.url} (pid ${hub.pid})`);
    const target: Target = { url: hub.url, apiKey };

    // Writers: each sends one write at a time and does not start the next before it is acknowledged.
    let stopping = false;
    const backoff = rng.fork('backoff');
    const writer = async (kind: Kind) => {
      while (!stopping && !halt.signal.aborted) {
        const { write, body } = payloads.next(kind);
        writes.push(write);
        await deliver(target, write, body, counters, fault, impatientShare, backoff, halt.signal);
        if (write.failure && !halt.signal.aborted) say(`${kind} ${write.id} never acknowledged: ${write.failure}`);
        await sleep(backoff.int(0, 10));
      }
    };
    const writing = Promise.all(KINDS.flatMap((kind) => Array.from({ length: writersPerKind }, () => writer(kind))));

    // Kill moments: seeded, spread over the writing phase, each at least minUp after the hub was ready
    // and after it acknowledged a few writes (a hub still warming up is not the interesting case).
    const killRng = rng.fork('kills');
    const phaseMs = seconds * 1000;
    const killAt = Array.from({ length: rounds }, () => killRng.float(0.1, 0.9) * phaseMs).sort((a, b) => a - b);
    const writingFrom = Date.now();
    for (let round = 1; round <= rounds; round++) {
      const minUp = killRng.int(300, 800);
      const acksBefore = counters.acks;
      await sleepUnless(Math.max(killAt[round - 1]! - (Date.now() - writingFrom), minUp), halt.signal);
      for (const until = Date.now() + 30_000; counters.acks < acksBefore + 5 && Date.now() < until && !halt.signal.aborted;) await sleep(20);
      if (halt.signal.aborted) break;
      const pid = hub.pid;
      const inFlight = counters.inFlight;
      const atMs = Date.now() - writingFrom;
      await hub.kill();
      let staleLock: boolean | null = null;
      if (dataDir) {
        const holder = lockHolder(dataDir);
        staleLock = holder === pid && !isAlive(pid);
      }
      const restartFrom = Date.now();
      try {
        await hub.start(hub.port, 60_000).catch(async (error: unknown) => {
          // The port was taken meanwhile (rare): any port will do, writers follow the URL.
          if (!/EADDRINUSE/.test(String(error))) throw error;
          await hub.start(0, 60_000);
        });
      } catch (error) {
        breakDown(`no restart after kill ${round}: ${(error as Error).message}`);
        break;
      }
      target.url = hub.url;
      const restartMs = Date.now() - restartFrom;
      kills.push({ round, atMs, pid, inFlight, staleLock, restartMs });
      say(`kill ${round}/${rounds}: SIGKILL pid ${pid} with ${inFlight} writes in flight` +
        `${staleLock === null ? '' : staleLock ? `; stale ${LOCK_FILE} (dead pid ${pid}) taken over` : `; ${LOCK_FILE} NOT left by pid ${pid}`}` +
        `; hub back in ${(restartMs / 1000).toFixed(1)} s as pid ${hub.pid}`);
    }
    await sleepUnless(Math.max(phaseMs - (Date.now() - writingFrom), 1000), halt.signal);

    // Let every write in flight finish being acknowledged, then stop the hub the clean way.
    stopping = true;
    say(`stopping writers (${counters.inFlight} in flight)`);
    await writing;
    const code = await hub.stop(30_000);
    extraChecks.push({ name: 'the hub ran until killed or stopped, and came back after every kill', ok: !breakdown, detail: breakdown ?? 'yes' });
    const lockLeft = dataDir ? lockHolder(dataDir) : null;
    extraChecks.push({ name: 'the hub stops cleanly on SIGTERM (exit 0) after the drill', ok: code === 0 && lockLeft === null, detail: `exit code ${code}${lockLeft !== null ? `, ${LOCK_FILE} left behind` : ''}` });
    extraChecks.push({ name: `the hub was killed ${rounds} times and restarted`, ok: kills.length === rounds, detail: kills.map((k) => `back in ${(k.restartMs / 1000).toFixed(1)} s`).join(', ') || 'no kills' });
    if (dataDir) {
      const taken = kills.filter((k) => k.staleLock).length;
      extraChecks.push({ name: `a killed hub's stale ${LOCK_FILE} is taken over on restart`, ok: taken === kills.length, detail: `${taken}/${kills.length} restarts` });
    }
    say(`hub stopped (exit ${code}); opening the database directly`);

    // What is stored, compared with what was acknowledged.
    const db = await openDatabase(schema ? { databaseUrl: schema.url } : { dataDir });
    let store: StoreSnapshot;
    try {
      store = await readStore(db);
    } finally {
      await db.close();
    }
    const { checks, lostAnswers, unacknowledgedRows } = compareLedger(writes, store);
    const allChecks = [...checks, ...extraChecks];
    passed = allChecks.every((c) => c.ok);

    const acknowledged = Object.fromEntries(KINDS.map((kind) => {
      const mine = writes.filter((w) => w.kind === kind && w.ack);
      return [kind, { writes: mine.length, rows: mine.reduce((sum, w) => sum + w.rows.length, 0) }];
    })) as DrillReport['acknowledged'];
    const lostToKill = writes.filter((w) => w.ack?.replay && w.ack.after === 'network').length;
    const durationMs = Date.now() - began;
    const lines = [
      '',
      `Crash drill ${passed ? 'PASSED' : 'FAILED'} — ${backend}, seed ${seed}, ${kills.length} × kill -9 in ${(durationMs / 1000).toFixed(1)} s${fault === 'none' ? '' : ` (FAULT ${fault} injected)`}`,
      `  acknowledged: ${fmt(acknowledged.events.writes)} events, ${fmt(acknowledged.readings.writes)} reading batches (${fmt(acknowledged.readings.rows)} readings), ` +
        `${fmt(acknowledged.positions.writes)} position batches (${fmt(acknowledged.positions.rows)} positions), ${fmt(acknowledged.points.writes)} points records`,
      `  attempts ${fmt(counters.attempts)}: ${fmt(counters.networkErrors)} network errors, ${fmt(counters.serverErrors)} 5xx/429, ` +
        `${fmt(counters.abandoned)} abandoned by an impatient writer; all retried with the ${fault === 'new-key' ? 'A NEW' : 'same'} key`,
      `  committed but the answer lost, acknowledged on retry as replay/duplicate: ${fmt(lostAnswers)} (${fmt(lostToKill)} after a kill, ${fmt(lostAnswers - lostToKill)} after an abandoned attempt)`,
      `  rows stored without any acknowledgement: ${fmt(unacknowledgedRows)}`,
      `  kills at: ${kills.map((k) => `${(k.atMs / 1000).toFixed(1)} s (${k.inFlight} writes in flight)`).join(', ') || 'none'}`,
      ...allChecks.map((c) => `  ${c.ok ? 'ok  ' : 'FAIL'} ${c.name} — ${c.detail}`),
      '',
    ];
    if (!passed && hub.tail()) lines.push(`hub output (last lines):\n${hub.tail()}`, '');
    const summary = lines.join('\n');
    log(summary);
    return {
      passed, backend, seed, fault, kills, acknowledged, lostAnswers, lostToKill, unacknowledgedRows, durationMs, summary,
      attempts: counters.attempts, networkErrors: counters.networkErrors, serverErrors: counters.serverErrors, abandoned: counters.abandoned,
      checks: allChecks,
    };
  } finally {
    halt.abort();
    await hub.kill();
    if (options.keepData || (!passed && process.env.DRILL_KEEP_ON_FAILURE)) {
      log(`kept ${where} for inspection`);
    } else {
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
      await schema?.drop();
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Command line

function parseArgs(argv: string[]): DrillOptions {
  const options: DrillOptions = {};
  const number = (flag: string, value: string | undefined, min: number) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min) throw new Error(`${flag} needs an integer ≥ ${min}, got ${value}`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [flag, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = () => inline ?? argv[++i];
    switch (flag) {
      case '--rounds': options.rounds = number(flag, value(), 0); break;
      case '--seconds': options.seconds = number(flag, value(), 1); break;
      case '--seed': options.seed = number(flag, value(), 0); break;
      case '--writers': options.writersPerKind = number(flag, value(), 1); break;
      case '--impatient': {
        const share = Number(value());
        if (!(share >= 0 && share <= 1)) throw new Error('--impatient needs a share between 0 and 1');
        options.impatientShare = share;
        break;
      }
      case '--pglite': options.databaseUrl = null; break;
      case '--keep': options.keepData = true; break;
      case '--fault': {
        const fault = value();
        if (fault !== 'give-up' && fault !== 'new-key' && fault !== 'none') throw new Error(`--fault is give-up, new-key or none, got ${fault}`);
        options.fault = fault;
        break;
      }
      case '--help':
        console.log('npm run drill [-- --rounds N (5) --seconds S (30) --seed X --writers K (2 per kind) --impatient P (0.03) --pglite --keep --fault give-up|new-key]\n' +
          'Uses DATABASE_URL (a fresh schema, dropped afterwards) when set, else a temporary PGlite folder.');
        process.exit(0);
      // falls through (exit)
      default:
        throw new Error(`unknown argument ${arg} (try --help)`);
    }
  }
  return options;
}

if (isMain(import.meta.url)) {
  try {
    const report = await runDrill(parseArgs(process.argv.slice(2)));
    process.exit(report.passed ? 0 : 1);
  } catch (error) {
    console.error(`[drill] the drill itself failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(2);
  }
}
