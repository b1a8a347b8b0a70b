// The incident replay (工作复盘) in a real browser. Through the hub's API: a gauge rises over its
// warning level and raises an alarm, a grid worker patrols nearby, a leader opens an incident, switches
// the room, draws a hazard area, dispatches a task and people reach a shelter. Then the wall opens with
// ?replay=<id>: it says 复盘 (replay) for everyone to see, scrubbed to a moment before the hazard
// area it shows the alarm and the patrol but no red area, at the end the area in red with the task and
// the shelter; it steps fact by fact. The console's replay page, opened from the emergency desk, shows
// the log. Nothing in the database changes by replaying, and a live push does not change the replay.
// Screenshots in test-output/browser.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DispatchResult } from '../../contract/closedLoop.ts';
import type { EventAccepted } from '../../contract/api.ts';
import type { IncidentSummary } from '../../contract/incidents.ts';
import { evaluateWarnings } from '../../api/domain/warnings/warnings.ts';
import { MAP_COLORS } from '../../screen/shared/palette.ts';
import type { ReplayHook, WallHooks } from '../../screen/wall/wall-hooks.d.ts';
import { backendName, json, startTestHub, type Client, type SignedIn, type TestHub } from '../support/hub.ts';
import { launchBrowser, launchWall, openContext, readWallHooks, requireBuiltScreens, waitForFirstFrame, type WallBrowser } from './support/launchWall.ts';
import { signInConsole } from './support/signInConsole.ts';
import { countPixelsNear, decodePng } from './support/pixels.ts';

const OUTPUT = join(process.cwd(), 'test-output', 'browser');
const VIEWPORT = { width: 1600, height: 900 };
const SEEN_MS = 20_000;
const MINUTE = 60_000;
/** Tables a replay could write to if it wrote anything. */
const TABLES = ['push_log', 'audit_log', 'incidents', 'incident_levels', 'mode_switches', 'hazard_areas', 'events', 'tasks', 'shelter_arrivals',
  'alarms', 'warnings', 'readings', 'patrol_points', 'sessions'];

let hub: TestHub;
let wall: WallBrowser;
let desk: WallBrowser;
let browser: Browser;
let leader: SignedIn;
let machine: Client;
let fieldApp: Client;
let incident: IncidentSummary;
/** When the scenario's "now" was: the gauge crossed its warning level 50 minutes before. */
let t0: number;
/** Rows per table once the scenario was set up, before anything was replayed. */
let before: (readonly [string, number])[];

const count = async (table: string) => (await hub.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`))[0]!.n;
const counts = () => Promise.all(TABLES.map(async (table) => [table, await count(table)] as const));

beforeAll(async () => {
  requireBuiltScreens();
  requireBuiltScreens('console/index.html');
  mkdirSync(OUTPUT, { recursive: true });
  hub = await startTestHub();
  leader = await hub.signIn('leader');
  machine = await hub.integrationClient();
  fieldApp = await hub.integrationClient(['tasks']);
  t0 = Date.now();
  const at = (minutesAgo: number) => new Date(t0 - minutesAgo * MINUTE).toISOString();
  const ok = async (res: Response) => {
    expect(res.ok, `${res.status} ${await res.clone().text()}`).toBe(true);
    return res;
  };

  const [gauge] = await hub.db.query<{ code: string; normal_max: number; warn_above: number; lon: number; lat: number }>(
    `SELECT code, normal_max, warn_above, lon, lat FROM devices WHERE type = 'water_level' ORDER BY code LIMIT 1`);
  await ok(await machine.post('/readings', { readings: [
    { deviceCode: gauge!.code, ts: at(70), value: gauge!.normal_max },
    { deviceCode: gauge!.code, ts: at(50), value: gauge!.warn_above + 0.3 },
  ] }));
  // Heard again just now, still high: no offline alarm comes during the test.
  await ok(await machine.post('/readings', { readings: [{ deviceCode: gauge!.code, ts: at(1), value: gauge!.warn_above + 0.4 }] }));
  const [worker] = await hub.db.query<{ code: string }>(`SELECT code FROM workers WHERE role = 'grid_worker' ORDER BY code LIMIT 1`);
  await ok(await machine.post('/patrol-positions', { positions: Array.from({ length: 10 }, (_, i) => (
    { workerCode: worker!.code, ts: at(45 - i), lon: gauge!.lon + 0.0003 * i, lat: gauge!.lat + 0.0002 }
  )) }));
  // The warning rules look now, so their periodic look finds nothing new while the test counts rows.
  await evaluateWarnings(hub.db, hub.township.code);

  incident = await json<IncidentSummary>(await ok(await leader.post('/incidents', { title: '复盘测试：衢江水位超警', kind: 'flood', responseLevel: 'III', reason: '水位超警' })));
  await ok(await leader.post('/mode', { mode: 'emergency', incidentId: incident.id, reason: '启动Ⅲ级应急响应' }));
  const [shelter] = await hub.db.query<{ code: string; lon: number; lat: number }>(`SELECT code, lon, lat FROM places WHERE kind = 'shelter' ORDER BY capacity DESC LIMIT 1`);
  await ok(await leader.post(`/incidents/${incident.id}/hazard-areas`, { method: 'point_buffer', lon: gauge!.lon, lat: gauge!.lat, radiusM: 1_500, reason: '沿江低洼地带' }));
  const { event } = await json<EventAccepted>(await ok(await leader.post('/events', { title: '复盘测试：低洼处群众转移', category: 'flood', source: 'hotline_12345', lon: shelter!.lon, lat: shelter!.lat })));
  const { tasks: [task] } = await json<DispatchResult>(await ok(await leader.post(`/events/${event.id}/dispatch`, { tasks: [{ party: { kind: 'department', code: 'DEP-POLICE' }, dueMinutes: 30 }] })));
  await ok(await fieldApp.post(`/tasks/${task!.id}/transition`, { to: 'accepted' }));
  await ok(await fieldApp.post(`/incidents/${incident.id}/shelters/${shelter!.code}/arrivals`, { people: 15 }));

  const display = await hub.displayClient();
  browser = await launchBrowser();
  desk = await openContext(browser, { url: `${hub.url}/console/`, viewport: { width: 1600, height: 1000 } });
  await signInConsole(desk.page, leader.username);
  before = await counts();
  wall = await launchWall({ url: `${hub.url}/?token=${display.token}&replay=${incident.id}&speed=300`, viewport: VIEWPORT });
  await waitForFirstFrame(wall.page);
}, 240_000);

afterAll(async () => {
  await desk?.close();
  await browser?.close();
  await wall?.close();
  await hub?.stop();
});

const replayOf = async (): Promise<ReplayHook> => (await readWallHooks(wall.page)).replay!;
const until = (check: (hooks: WallHooks) => boolean) => wall.page.waitForFunction(check as never, undefined, { timeout: SEEN_MS, polling: 100 });
const shot = async (name: string) => decodePng(await wall.page.screenshot({ path: join(OUTPUT, `replay-${name}-${backendName}.png`) }));
/** Clicks the scrubber where the moment `t` lies (Chromium's thumb is about 16 px wide). */
async function scrubTo(t: number) {
  const { from, to } = await replayOf();
  const box = (await wall.page.getByTestId('replay-scrubber').boundingBox())!;
  const share = (t - Date.parse(from!)) / (Date.parse(to!) - Date.parse(from!));
  await wall.page.mouse.click(box.x + 8 + (box.width - 16) * share, box.y + box.height / 2);
}

describe(`the incident replay (${backendName})`, () => {
  it('opens on the wall as a replay, labelled so, at the start of the incident\'s window, at the speed of its link', async () => {
    await until(() => (globalThis as { __wall?: WallHooks }).__wall?.replay?.state === 'done');
    const replay = await replayOf();
    expect(replay).toMatchObject({ incidentId: incident.id, playing: false, speed: 300, facts: 0, hazardVersion: null, phase: 'before' });
    expect(Date.parse(replay.from!)).toBeLessThanOrEqual(t0 - 70 * MINUTE);
    expect(replay.totalFacts).toBeGreaterThan(15);
    expect(await wall.page.getByTestId('replay-label').textContent()).toBe('复盘');
    expect(await wall.page.getByTestId('replay-legend').count()).toBe(1);
    expect(await wall.page.getByTestId('map-legend').count()).toBe(0);
    // No socket: nothing live reaches this screen.
    expect((await readWallHooks(wall.page)).connected).toBe(false);
    await shot('0-start');
  }, 60_000);

  it('shows the alarm and the patrol but no hazard area before the area was drawn, and the area in red, the task and the shelter after', async () => {
    const map = (await wall.page.locator('.map').boundingBox())!;
    const red = (image: ReturnType<typeof decodePng>) => countPixelsNear(image, MAP_COLORS.hazard, { rect: map, tolerance: 40 });

    await scrubTo(t0 - 20 * MINUTE);
    await until(() => (globalThis as { __wall?: WallHooks }).__wall?.replay?.alarms === 1);
    const earlier = await replayOf();
    expect(Math.abs(Date.parse(earlier.at!) - (t0 - 20 * MINUTE))).toBeLessThan(3 * MINUTE);
    expect(earlier).toMatchObject({ hazardVersion: null, phase: 'before', mode: 'peacetime', alarms: 1, workers: 1, tasks: 0, sheltered: 0 });
    expect(earlier.logShown).toBeGreaterThanOrEqual(3); // the crossing reading, the alarm, the patrol's start
    await until(() => (globalThis as { __wall?: WallHooks }).__wall?.hazardVersion === null && ((globalThis as { __wall?: WallHooks }).__wall?.layers.replay ?? 0) >= 2);
    await wall.page.waitForTimeout(1_500);
    const beforeArea = await shot('1-before-hazard-area');
    const baseline = red(beforeArea);
    expect(await wall.page.getByTestId('replay-hazard').textContent()).toBe('尚未划定');

    await wall.page.getByTestId('replay-scrubber').press('End');
    await until(() => (globalThis as { __wall?: WallHooks }).__wall?.replay?.hazardVersion === 1 && (globalThis as { __wall?: WallHooks }).__wall?.hazardVersion === 1);
    const later = await replayOf();
    expect(later.at).toBe(later.to);
    expect(later).toMatchObject({ phase: 'open', mode: 'emergency', alarms: 1, tasks: 1, sheltered: 15 });
    expect(later.marks).toBeGreaterThanOrEqual(3); // the alarm, the event with its task, the shelter (and the warning)
    await until(() => ((globalThis as { __wall?: WallHooks }).__wall?.layers.replay ?? 0) >= 3);
    // Cesium draws the ground primitives when their shaders are ready: give it a few frames.
    await wall.page.waitForTimeout(1_500);
    const afterArea = await shot('2-after-hazard-area');
    expect(red(afterArea)).toBeGreaterThan(baseline + 2_000);
    expect(await wall.page.getByTestId('replay-hazard').textContent()).toMatch(/^第1版/);
    expect(await wall.page.getByTestId('replay-log').textContent()).toContain('划定危险区域第1版');
    expect(await wall.page.getByTestId('replay-log').textContent()).toContain('15 人到达避难场所');

    // Back before the area: it goes again.
    await scrubTo(t0 - 20 * MINUTE);
    await until(() => (globalThis as { __wall?: WallHooks }).__wall?.hazardVersion === null);
    expect(wall.errors).toEqual([]);
  }, 180_000);

  it('steps fact by fact and plays at the chosen speed', async () => {
    await wall.page.getByTestId('replay-scrubber').press('Home');
    await until(() => (globalThis as { __wall?: WallHooks }).__wall?.replay?.facts === 0);
    await wall.page.getByTestId('replay-next').click();
    // The first logged fact is the reading over the warning level, with its alarm (the reading before crossed nothing).
    await until(() => (globalThis as { __wall?: WallHooks }).__wall?.replay?.alarms === 1);
    const first = await replayOf();
    expect(Date.parse(first.at!)).toBe(t0 - 50 * MINUTE);
    expect(first.logShown).toBe(2);
    await wall.page.getByTestId('replay-next').click();
    await until(() => (globalThis as { __wall?: WallHooks }).__wall?.replay?.workers === 1);
    expect(Date.parse((await replayOf()).at!)).toBe(t0 - 45 * MINUTE);
    await wall.page.getByTestId('replay-previous').click();
    await until(() => (globalThis as { __wall?: WallHooks }).__wall?.replay?.workers === 0);

    await wall.page.getByTestId('replay-speed-600').click();
    await wall.page.getByTestId('replay-play').click();
    await until(() => (globalThis as { __wall?: WallHooks }).__wall?.replay?.playing === true);
    const from = Date.parse((await replayOf()).at!);
    // 600×: ten minutes of the replay pass in a second of the room's (a loaded machine drops frames, never leaps).
    await wall.page.waitForTimeout(1_000);
    await wall.page.getByTestId('replay-play').click();
    const paused = await replayOf();
    expect(paused).toMatchObject({ playing: false, speed: 600 });
    expect(Date.parse(paused.at!) - from).toBeGreaterThan(2 * MINUTE);
    expect(Date.parse(paused.at!) - from).toBeLessThan(60 * MINUTE);
    // Paused, the replay wall idles once its tiles are in: no frame is rendered while nothing changes.
    const framesNow = async () => (await readWallHooks(wall.page)).framesRendered;
    let frames = await framesNow();
    for (let i = 0; i < 20; i++) {
      await wall.page.waitForTimeout(1_000);
      const next = await framesNow();
      if (next === frames) break;
      frames = next;
    }
    await wall.page.waitForTimeout(2_000);
    expect(await framesNow()).toBe(frames);
  }, 120_000);

  it('shows the replay in the console, opened from the emergency desk, with its log', async () => {
    await desk.page.getByRole('link', { name: '应急指挥' }).click();
    await desk.page.getByTestId('incident-row').filter({ hasText: incident.title }).getByTestId('incident-replay').click();
    await desk.page.getByTestId('replay-page').waitFor({ timeout: SEEN_MS });
    expect(await desk.page.getByTestId('console-replay-label').textContent()).toContain('复盘');
    await desk.page.getByTestId('console-replay-controls').waitFor({ timeout: SEEN_MS });
    expect(await desk.page.getByTestId('console-replay-hazard').textContent()).toBe('尚未划定');
    // Step to the end, fact by fact.
    for (let i = 0; i < 40 && !(await desk.page.getByTestId('console-replay-hazard').textContent())?.startsWith('第1版'); i++) {
      await desk.page.getByTestId('console-replay-next').click();
    }
    expect(await desk.page.getByTestId('console-replay-hazard').textContent()).toMatch(/^第1版/);
    const log = desk.page.getByTestId('console-replay-log');
    expect(await log.textContent()).toContain('划定危险区域第1版');
    expect(await log.textContent()).toContain('全镇进入战时状态：启动Ⅲ级应急响应');
    expect(await log.locator('li').count()).toBeGreaterThanOrEqual(5);
    await desk.page.waitForTimeout(500);
    await desk.page.screenshot({ path: join(OUTPUT, `replay-console-${backendName}.png`) });
    expect(desk.errors).toEqual([]);
  }, 60_000);

  it('changed nothing in the database, and a live push changes nothing on the replay', async () => {
    expect(await counts()).toEqual(before);

    await wall.page.getByTestId('replay-scrubber').press('End');
    await until(() => (globalThis as { __wall?: WallHooks }).__wall?.replay?.hazardVersion === 1);
    const shown = await replayOf();
    // A new hazard area version and a new alarm come in live: the replay is of what it loaded.
    const [gauge] = await hub.db.query<{ code: string; critical_above: number }>(`SELECT code, critical_above FROM devices WHERE type = 'water_level' ORDER BY code OFFSET 1 LIMIT 1`);
    expect((await machine.post('/readings', { readings: [{ deviceCode: gauge!.code, ts: new Date().toISOString(), value: gauge!.critical_above + 1 }] })).ok).toBe(true);
    const [place] = await hub.db.query<{ lon: number; lat: number }>(`SELECT lon, lat FROM places WHERE kind = 'shelter' ORDER BY capacity DESC LIMIT 1`);
    expect((await leader.post(`/incidents/${incident.id}/hazard-areas`, { method: 'point_buffer', ...place, radiusM: 900, reason: '扩大' })).status).toBe(201);
    await wall.page.waitForTimeout(2_000);
    expect(await replayOf()).toEqual(shown);
    expect((await readWallHooks(wall.page)).hazardVersion).toBe(1);
    expect(wall.errors).toEqual([]);
    expect(wall.outsideRequests).toEqual([]);
    expect(desk.outsideRequests).toEqual([]);
  }, 60_000);
});
