// `npm start`: builds the wall if its sources changed, starts the hub (serving the wall and its API
// on one port) and the simulator, prints the URL, and stops everything on Ctrl-C.
import './requireRuntime.ts';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { oneTimePassword } from '../api/auth/passwords.ts';
import { newToken } from '../api/auth/tokens.ts';
import { floodGaugeCodes } from '../mock/scenarios/flood.ts';
import { spawnHub, stopProcess } from './hubProcess.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DATA_DIR = process.env.DATA_DIR ?? join(ROOT, 'data');
/** The demo's wall token and simulator key, kept so the wall link stays the same across restarts. */
const DEMO_CREDENTIALS = join(DATA_DIR, 'demo-credentials.json');
const BUILD_STAMP = join(ROOT, 'dist/screen/.build-stamp');
const WALL_SOURCES = ['screen', 'contract', 'vite.config.ts', 'package-lock.json'];
const STOP_GRACE_MS = 10_000;

function newestMtime(path: string): number {
  const full = join(ROOT, path);
  if (!existsSync(full)) return 0;
  const stat = statSync(full);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(full).map((name) => newestMtime(join(path, name))));
}

function buildWallIfStale(): void {
  const built = existsSync(BUILD_STAMP) ? statSync(BUILD_STAMP).mtimeMs : 0;
  if (built > Math.max(...WALL_SOURCES.map(newestMtime))) {
    console.log('[start] wall build is up to date');
    return;
  }
  console.log('[start] building the wall (vite build)…');
  const result = spawnSync(process.execPath, [join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'], { cwd: ROOT, stdio: 'inherit' });
  if (result.status !== 0) throw new Error('vite build failed; see the messages above.');
  writeFileSync(BUILD_STAMP, new Date().toISOString());
}

/**
 * The demo's accounts: a duty officer and a leader for whoever tries the console, and the two the
 * simulated duty desk signs in as (it works only the events the simulator reports).
 */
const DEMO_ACCOUNTS = {
  duty: { username: 'duty', displayName: '值班员（演示）', role: 'duty_officer' },
  leader: { username: 'leader', displayName: '镇领导（演示）', role: 'leader' },
  simDuty: { username: 'sim.duty', displayName: '模拟值班台', role: 'duty_officer' },
  simLeader: { username: 'sim.leader', displayName: '模拟带班领导', role: 'leader' },
} as const;
type AccountName = keyof typeof DEMO_ACCOUNTS;

interface DemoCredentials { displayToken: string; ingestKey: string; passwords: Record<AccountName, string> }

function demoCredentials(): DemoCredentials {
  const stored = existsSync(DEMO_CREDENTIALS) ? (JSON.parse(readFileSync(DEMO_CREDENTIALS, 'utf8')) as Partial<DemoCredentials>) : {};
  // A data folder from before the console keeps its wall link and gains the accounts.
  const credentials: DemoCredentials = {
    displayToken: stored.displayToken ?? newToken('display'),
    ingestKey: stored.ingestKey ?? newToken('apiKey'),
    passwords: stored.passwords ?? (Object.fromEntries(Object.keys(DEMO_ACCOUNTS).map((name) => [name, oneTimePassword(12)])) as Record<AccountName, string>),
  };
  mkdirSync(DATA_DIR, { recursive: true });
  writeFileSync(DEMO_CREDENTIALS, JSON.stringify(credentials, null, 2), { mode: 0o600 });
  return credentials;
}

const accountsJson = (credentials: DemoCredentials) =>
  JSON.stringify((Object.keys(DEMO_ACCOUNTS) as AccountName[]).map((name) => ({ ...DEMO_ACCOUNTS[name], password: credentials.passwords[name] })));

function startHub(credentials: DemoCredentials): Promise<{ child: ChildProcess; url: string }> {
  return spawnHub({
    env: { ...process.env, BOOTSTRAP_DISPLAY_TOKEN: credentials.displayToken, BOOTSTRAP_INGEST_KEY: credentials.ingestKey, BOOTSTRAP_ACCOUNTS: accountsJson(credentials) },
    onOutput: (chunk, stream) => (stream === 'stdout' ? process.stdout : process.stderr).write(chunk),
  });
}

const stopChild = (child: ChildProcess) => stopProcess(child, STOP_GRACE_MS);

async function main(): Promise<void> {
  buildWallIfStale();
  const credentials = demoCredentials();
  const hub = await startHub(credentials);
  const rate = process.env.SIM_RATE ?? '60';
  const scenario = process.env.SCENARIO;
  if (scenario !== undefined && scenario !== 'flood') throw new Error(`SCENARIO="${scenario}" is not a scenario; the one there is: flood`);
  // The key goes by environment, not argv, so it does not show in the process list.
  const { passwords } = credentials;
  const mockEnv = { ...process.env, HUB_API_KEY: credentials.ingestKey,
    SIM_DUTY_USER: DEMO_ACCOUNTS.simDuty.username, SIM_DUTY_PASSWORD: passwords.simDuty,
    SIM_LEADER_USER: DEMO_ACCOUNTS.simLeader.username, SIM_LEADER_PASSWORD: passwords.simLeader,
    FLOOD_LEADER_USER: DEMO_ACCOUNTS.simLeader.username, FLOOD_LEADER_PASSWORD: passwords.simLeader };
  const mock = (args: string[]) => spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'mock/main.ts'), '--hub', hub.url, ...args],
    { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'], env: mockEnv });
  // The flood drives the river gauges and answers the evacuation tasks itself: the simulator leaves them be.
  const skip = scenario === 'flood' ? ['--skip-devices', floodGaugeCodes().join(','), '--leave-evacuation'] : [];
  const children = [
    ...(Number(rate) > 0 ? [mock(['--rate', rate, ...skip])] : []),
    ...(scenario === 'flood' ? [mock(['--scenario', 'flood', '--speed', process.env.SCENARIO_SPEED ?? '60'])] : []),
  ];

  console.log([
    '',
    `  指挥室大屏 / command wall:   ${hub.url}/?token=${credentials.displayToken}`,
    `  值班台 / duty console:        ${hub.url}/console`,
    `      值班员 duty officer:      ${DEMO_ACCOUNTS.duty.username} / ${passwords.duty}`,
    `      镇领导 leader:            ${DEMO_ACCOUNTS.leader.username} / ${passwords.leader}`,
    `      (kept in ${DEMO_CREDENTIALS}; the administrator "admin" is printed by the hub on its first start)`,
    `  health:                       ${hub.url}/api/v1/health`,
    Number(rate) > 0
      ? `  simulator:                    ${rate}× the ordinary pace (SIM_RATE); it answers dispatch tasks as the field,\n` +
        `                                and works the events it reports as a duty desk (sim.duty, sim.leader)`
      : '  simulator:                    off (SIM_RATE=0)',
    ...(scenario === 'flood' ? [`  scenario:                     flood at ${process.env.SCENARIO_SPEED ?? '60'}× (SCENARIO_SPEED), as the leader sim.leader`] : []),
    '  Ctrl-C stops everything.',
    '',
  ].join('\n'));

  let stopping = false;
  const shutdown = async (code: number) => {
    if (stopping) return;
    stopping = true;
    for (const child of children) await stopChild(child);
    await stopChild(hub.child);
    process.exit(code);
  };
  process.on('SIGINT', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));
  hub.child.once('exit', (code) => {
    if (!stopping) {
      console.error(`[start] the hub stopped unexpectedly (code ${code}); stopping the simulator.`);
      void shutdown(1);
    }
  });
}

main().catch((error: unknown) => {
  console.error(`[start] ${(error as Error).message}`);
  process.exit(1);
});
