// `npm run bench [-- --only NAME[,NAME]] [-- --quick]`: runs the registered benchmarks, prints the
// machine and one line per benchmark (ours, baseline, ratio), and writes test-output/bench/latest.json.
// The database is in-memory PGlite, or the server at DATABASE_URL (in a throwaway schema).
import '../scripts/requireRuntime.ts';
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { readGisData } from '../gis-data/read.ts';
import { openBenchDatabase, type OpenedBenchDatabase } from './database.ts';
import { describeMachine, sink, type BenchContext, type Benchmark, type BenchResult } from './harness.ts';
import pointToGrid from './point-to-grid.bench.ts';
import impact from './impact.bench.ts';
import readingsIngest from './readings-ingest.bench.ts';
import inbox from './inbox.bench.ts';
import replay from './replay.bench.ts';
import recommend from './recommend.bench.ts';
import pushLatency from './push-latency.bench.ts';
import statsRefresh from './stats-refresh.bench.ts';
import verifyLoad from './verify-load.bench.ts';

/** Every benchmark, in the order they run. Add a new bench/NAME.bench.ts here. */
export const BENCHMARKS: readonly Benchmark[] = [pointToGrid, impact, recommend, inbox, replay, readingsIngest, statsRefresh, pushLatency, verifyLoad];

const RESULTS_FILE = fileURLToPath(new URL('../test-output/bench/latest.json', import.meta.url));

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      only: { type: 'string', multiple: true },
      quick: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(`npm run bench -- [--only NAME[,NAME]] [--quick]\n\n${BENCHMARKS.map((b) => `  ${b.name.padEnd(18)} ${b.description}`).join('\n')}`);
    return;
  }
  const selected = select(values.only?.flatMap((v) => v.split(',')) ?? []);
  const quick = values.quick ?? false;

  const gis = readGisData();
  let database: Promise<OpenedBenchDatabase> | undefined;
  const ctx: BenchContext = {
    quick,
    gis,
    database: () => (database ??= openBenchDatabase(gis)),
    log: (message) => console.error(`  … ${message}`),
  };

  const results: BenchResult[] = [];
  let dbDescription = 'not used';
  let dbVersion: string | null = null;
  try {
    if (selected.some((b) => b.needsDatabase)) {
      const { kind, version } = await ctx.database();
      dbVersion = version;
      dbDescription = `${kind} (${version.split(' on ')[0]})`; // "PostgreSQL 15.14 (Debian …)", without the compiler
    }
    const machine = describeMachine(dbDescription);
    console.log(`machine: ${machine.cpu}, ${machine.cores} cores, node ${machine.node}, ${machine.platform}, load average ${machine.loadAverage}`);
    console.log(`database: ${machine.database}`);
    if (quick) console.log('quick run: small sizes, figures not comparable with a full run');

    const width = Math.max(...selected.map((b) => b.name.length));
    for (const bench of selected) {
      const result = await bench.run(ctx);
      results.push(result);
      console.log(`${result.name.padEnd(width)}  ${result.summary}`);
    }
    console.log(`sink: ${sink()}`);

    mkdirSync(dirname(RESULTS_FILE), { recursive: true });
    writeFileSync(RESULTS_FILE, `${JSON.stringify({ at: new Date().toISOString(), commit: gitCommit(), quick, machine, databaseVersion: dbVersion, results, sink: sink() }, null, 2)}\n`);
    console.error(`  … results written to ${RESULTS_FILE}`);
  } finally {
    if (database) await (await database).close();
  }
}

function select(names: string[]): Benchmark[] {
  if (names.length === 0) return [...BENCHMARKS];
  const unknown = names.filter((name) => !BENCHMARKS.some((b) => b.name === name));
  if (unknown.length > 0) {
    throw new UsageError(`Unknown benchmark ${unknown.map((n) => `"${n}"`).join(', ')}; choose from: ${BENCHMARKS.map((b) => b.name).join(', ')}.`);
  }
  return BENCHMARKS.filter((b) => names.includes(b.name));
}

function gitCommit(): string | null {
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain'], { encoding: 'utf8' }).trim() !== '';
    return dirty ? `${head}+dirty` : head;
  } catch {
    return null;
  }
}

/** A mistake on the command line: printed without a stack trace. */
class UsageError extends Error {}

main().catch((error: unknown) => {
  console.error(error instanceof UsageError ? error.message : error instanceof Error ? (error.stack ?? error.message) : error);
  process.exitCode = 1;
});
