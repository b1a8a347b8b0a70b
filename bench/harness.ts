// The benchmark harness: our way and a baseline timed side by side in one process, on the same
// seeded data, with a warm-up, alternating repetitions (median reported) and a sink that keeps the
// JIT from discarding work whose result nobody reads.
import { cpus, loadavg } from 'node:os';
import type { GisData } from '../gis-data/read.ts';
import type { Db, DbKind } from '../api/db/index.ts';
import type { Township } from '../api/domain/township.ts';

/** A benchmark module (bench/*.bench.ts): one job, one comparison, one printed line. */
export interface Benchmark {
  name: string;
  /** What is compared with what, in one sentence. */
  description: string;
  /** True when it needs the bench database (opened once per run, township loaded). */
  needsDatabase?: boolean;
  run(ctx: BenchContext): Promise<BenchResult>;
}

export interface BenchContext {
  /** Smaller sizes and fewer repetitions: a smoke run, not figures to quote. */
  quick: boolean;
  gis: GisData;
  /** The shared bench database; only for benchmarks with needsDatabase. */
  database(): Promise<BenchDatabase>;
  /** Progress messages (stderr), so stdout stays one line per benchmark. */
  log(message: string): void;
}

export interface BenchDatabase {
  db: Db;
  kind: DbKind;
  /** `SELECT version()` of the server or of PGlite. */
  version: string;
  township: Township;
}

export interface Goal {
  /** The ratio ours must reach (ratio = how many times the baseline's speed ours achieves). */
  atLeast: number;
  source: string;
}

export interface BenchResult {
  name: string;
  /** The printed summary (without the name). */
  summary: string;
  /** Ours relative to the baseline: baseline time ÷ our time on the same work; > 1 means ours is faster. */
  ratio: number;
  goal?: Goal;
  /** Everything worth keeping in the JSON: sizes, medians, samples, derived rates. */
  data: Record<string, unknown>;
}

// ---------------------------------------------------------------------------------------------

export const BENCH_DEFAULTS = {
  warmupRuns: 1, // untimed runs of each side before the timed ones
  reps: 5, // timed runs of each side; the median is reported
  quickReps: 3,
};

/** What a timed run returns: a number for the sink, optionally with time spent in named parts. */
export type RunOutput = number | { sink: number; partsMs: Record<string, number> };

export interface Contender {
  /** Untimed, before every run (warm-up included): e.g. empty the tables the run fills. */
  reset?(): Promise<void> | void;
  /** The timed work. */
  run(): Promise<RunOutput> | RunOutput;
  /** Untimed, after every run: throw when the run's result is wrong. */
  verify?(): Promise<void> | void;
}

export interface Samples {
  totalMs: number[];
  partsMs: Record<string, number[]>;
}

export interface CompareOptions {
  reps: number;
  warmupRuns?: number;
}

/**
 * Runs both sides `warmupRuns` times untimed, then `reps` times each, alternating which goes first
 * so that drift (GC pressure, a neighbour's load, table growth) does not favour one side.
 */
export async function compare(ours: Contender, baseline: Contender, options: CompareOptions): Promise<{ ours: Samples; baseline: Samples }> {
  const warmupRuns = options.warmupRuns ?? BENCH_DEFAULTS.warmupRuns;
  const samples = { ours: emptySamples(), baseline: emptySamples() };
  for (let i = 0; i < warmupRuns; i++) {
    await timeOnce(ours);
    await timeOnce(baseline);
  }
  for (let rep = 0; rep < options.reps; rep++) {
    const order = rep % 2 === 0 ? (['ours', 'baseline'] as const) : (['baseline', 'ours'] as const);
    for (const side of order) {
      const { totalMs, partsMs } = await timeOnce(side === 'ours' ? ours : baseline);
      samples[side].totalMs.push(totalMs);
      for (const [part, ms] of Object.entries(partsMs)) (samples[side].partsMs[part] ??= []).push(ms);
    }
  }
  return samples;
}

async function timeOnce(contender: Contender): Promise<{ totalMs: number; partsMs: Record<string, number> }> {
  await contender.reset?.();
  const start = performance.now();
  const output = await contender.run();
  const totalMs = performance.now() - start;
  await contender.verify?.();
  if (typeof output === 'number') {
    consume(output);
    return { totalMs, partsMs: {} };
  }
  consume(output.sink);
  return { totalMs, partsMs: output.partsMs };
}

function emptySamples(): Samples {
  return { totalMs: [], partsMs: {} };
}

// ---------------------------------------------------------------------------------------------

let sinkValue = 0;

/** Folds a result into the sink, which run.ts prints at the end so no result is provably unused. */
export function consume(value: number): void {
  sinkValue = (sinkValue * 31 + (Number.isFinite(value) ? Math.round(value) : 0)) | 0;
}

export function sink(): number {
  return sinkValue;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median() of no samples: run at least one repetition.');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Nearest-rank quantile (q = 1 gives the maximum). */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) throw new Error('quantile() of no values: nothing was measured.');
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

export function formatMs(ms: number): string {
  if (ms >= 1000) return `${(ms / 1000).toFixed(2)} s`;
  if (ms >= 100) return `${ms.toFixed(0)} ms`;
  if (ms >= 10) return `${ms.toFixed(1)} ms`;
  return `${ms.toFixed(2)} ms`;
}

export function formatRate(perSecond: number, unit: string): string {
  if (perSecond >= 1e6) return `${(perSecond / 1e6).toFixed(2)}M ${unit}/s`;
  if (perSecond >= 1e3) return `${(perSecond / 1e3).toFixed(1)}k ${unit}/s`;
  return `${perSecond.toFixed(0)} ${unit}/s`;
}

export function formatRatio(ratio: number): string {
  return ratio >= 10 ? `${ratio.toFixed(0)}×` : `${ratio.toFixed(2)}×`;
}

export function goalText(ratio: number, goal: Goal | undefined): string {
  if (!goal) return '';
  return `goal ≥ ${formatRatio(goal.atLeast)}: ${ratio >= goal.atLeast ? 'met' : 'NOT MET'}`;
}

// ---------------------------------------------------------------------------------------------

export interface Machine {
  cpu: string;
  cores: number;
  node: string;
  platform: string;
  /** 1-minute load average when the run started: other work on the machine skews absolute figures. */
  loadAverage: number;
  database: string;
}

export function describeMachine(database: string): Machine {
  const cpuList = cpus();
  return {
    cpu: cpuList[0]?.model.trim() ?? 'unknown',
    cores: cpuList.length,
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    loadAverage: Math.round(loadavg()[0]! * 100) / 100,
    database,
  };
}
