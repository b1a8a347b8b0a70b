// `npm run mock`: today's simulator; `npm run mock -- --scenario flood --speed N`: the flood scenario
// (mock/scenarios/flood.ts). Both feed a running hub through its public API only.
import '../scripts/requireRuntime.ts';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { describeFlood, runFloodScenario, StepRefused } from './scenarios/flood.ts';
import { simulatorMain } from './simulator.ts';

const SCENARIOS = ['flood'] as const;
const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** The demo's credentials (`npm start` writes them), for a scenario run beside it without flags. */
function demoCredentials(): { ingestKey?: string; passwords?: { leader?: string } } {
  const file = join(process.env.DATA_DIR ?? join(ROOT, 'data'), 'demo-credentials.json');
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as { ingestKey?: string; passwords?: { leader?: string } }) : {};
}

async function floodMain(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      scenario: { type: 'string' },
      hub: { type: 'string', default: process.env.HUB_URL ?? 'http://127.0.0.1:8080' },
      key: { type: 'string', default: process.env.HUB_API_KEY },
      speed: { type: 'string', default: '60' },
      gauge: { type: 'string' },
      seed: { type: 'string', default: '2026' },
    },
  });
  const speed = Number(values.speed);
  if (!(speed >= 1 && speed <= 100_000)) throw new Error('--speed must be a number from 1 to 100000 (simulated minutes per real minute), e.g. --speed 60');
  const demo = demoCredentials();
  const apiKey = values.key ?? demo.ingestKey;
  if (!apiKey) throw new Error('--key (or HUB_API_KEY) is required: an integration key with the readings and tasks scopes (npm start\'s demo key is used when data/demo-credentials.json exists)');
  // The leader's sign-in comes by environment only (passwords do not belong in argv), else the demo's.
  const username = process.env.FLOOD_LEADER_USER ?? 'leader';
  const password = process.env.FLOOD_LEADER_PASSWORD ?? (username === 'leader' ? demo.passwords?.leader : undefined);
  if (!password) throw new Error('FLOOD_LEADER_USER and FLOOD_LEADER_PASSWORD are required: a leader\'s console account (npm start\'s demo "leader" is used when data/demo-credentials.json exists)');
  const abort = new AbortController();
  process.once('SIGINT', () => abort.abort());
  process.stdout.write(`[flood] 衢江洪水情景 against ${values.hub} at ${speed}× (simulated minutes per real minute)\n`);
  const summary = await runFloodScenario({
    hubUrl: values.hub, apiKey, leader: { username, password }, speed, gauge: values.gauge, seed: Number(values.seed), signal: abort.signal,
    log: (line) => process.stdout.write(`[flood] ${line}\n`),
  });
  process.stdout.write(`[flood] 情景结束\n${describeFlood(summary)}\n`);
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const at = args.findIndex((a) => a === '--scenario' || a.startsWith('--scenario='));
  if (at < 0) return simulatorMain(args);
  const scenario = args[at]!.includes('=') ? args[at]!.split('=')[1] : args[at + 1];
  if (scenario !== 'flood') throw new Error(`unknown scenario "${scenario ?? ''}"; scenarios: ${SCENARIOS.join(', ')}`);
  await floodMain(args);
}

main().catch((error: unknown) => {
  process.stderr.write(error instanceof StepRefused ? `[flood] stopped: ${error.message}\n` : `mock failed: ${(error as Error).message}\n`);
  process.exit(1);
});
