// The wall through an emergency in a real browser: peacetime with a warning on the strip, then a
// leader at the console opens an incident from the warning and switches the room (confirming, with a
// reason), a hazard area is set along the river from the console (the wall shows it on the map in
// red, frames it, and shows the impact figures the hub counted and the incident), then the leader
// switches back to peacetime, where the peacetime panels come back. Screenshots in test-output/browser.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAP_COLORS } from '../../screen/shared/palette.ts';
import { backendName, json, startTestHub, type Client, type SignedIn, type TestHub } from '../support/hub.ts';
import { launchBrowser, launchWall, openContext, readWallHooks, requireBuiltScreens, waitForFirstFrame, type WallBrowser } from './support/launchWall.ts';
import { signInConsole } from './support/signInConsole.ts';
import type { Browser } from 'playwright-core';
import { countPixelsNear, decodePng } from './support/pixels.ts';
import type { WallHooks } from '../../screen/wall/wall-hooks.d.ts';

const OUTPUT = join(process.cwd(), 'test-output', 'browser');
const VIEWPORT = { width: 1920, height: 1080 };
const SEEN_MS = 15_000;

let hub: TestHub;
let wall: WallBrowser;
let desk: WallBrowser;
let browser: Browser;
let leader: SignedIn;
let machine: Client;

beforeAll(async () => {
  requireBuiltScreens();
  mkdirSync(OUTPUT, { recursive: true });
  hub = await startTestHub();
  const display = await hub.displayClient();
  leader = await hub.signIn('leader');
  machine = await hub.integrationClient();
  wall = await launchWall({ url: `${hub.url}/?token=${display.token}`, viewport: VIEWPORT });
  await waitForFirstFrame(wall.page);
  browser = await launchBrowser();
  desk = await openContext(browser, { url: `${hub.url}/console/`, viewport: { width: 1600, height: 1000 } });
  await signInConsole(desk.page, leader.username);
}, 180_000);

afterAll(async () => {
  await desk?.close();
  await browser?.close();
  await wall?.close();
  await hub?.stop();
});

const shotOf = (browser: WallBrowser, name: string) => browser.page.screenshot({ path: join(OUTPUT, `${name}-${backendName}.png`) });
const shot = async (name: string) => decodePng(await wall.page.screenshot({ path: join(OUTPUT, `${name}-${backendName}.png`) }));
const until = (check: (hooks: WallHooks) => boolean) =>
  wall.page.waitForFunction(check as never, undefined, { timeout: SEEN_MS, polling: 100 });
/** The text of an element once it shows (Playwright's own waiting; vitest has no locator matchers). */
const textOf = async (testId: string) => {
  const element = wall.page.getByTestId(testId);
  await element.waitFor({ state: 'visible', timeout: SEEN_MS });
  return (await element.textContent()) ?? '';
};
const gone = (testId: string) => wall.page.getByTestId(testId).waitFor({ state: 'detached', timeout: SEEN_MS });
/** The map's rectangle in screenshot pixels. */
const mapRect = async () => (await wall.page.locator('.map').boundingBox())!;

describe(`the wall through an emergency (${backendName})`, () => {
  it('switches to the emergency view with the hazard area, the impact and the warnings, and back to peacetime exactly', async () => {
    expect(await wall.page.getByTestId('emergency-panels').count()).toBe(0);
    const peacetimePanels = await wall.page.locator('.panel-title').allTextContents();

    // A gauge over its critical level raises a warning: the strip shows it, in peacetime too.
    const [gauge] = await hub.db.query<{ code: string; critical_above: number }>(`SELECT code, critical_above FROM devices WHERE type = 'water_level' ORDER BY code LIMIT 1`);
    await machine.post('/readings', { readings: [{ deviceCode: gauge!.code, ts: new Date().toISOString(), value: gauge!.critical_above + 0.8 }] });
    await until(() => ((globalThis as { __wall?: WallHooks }).__wall?.warningsShown ?? 0) > 0);
    expect(await textOf('warning-strip')).toContain('橙色预警');
    await wall.page.waitForTimeout(500);

    const peace = await shot('emergency-0-peacetime');
    const map = await mapRect();
    const hazardPixels = (image: ReturnType<typeof decodePng>) => countPixelsNear(image, MAP_COLORS.hazard, { rect: map, tolerance: 40 });
    // Red of the legend's halo swatch and a few place dots: the baseline the hazard area adds to.
    const baseline = hazardPixels(peace);

    // The leader, at the console: the warning becomes an incident, and the room switches for it.
    await desk.page.getByRole('link', { name: '应急指挥' }).click();
    await desk.page.getByTestId('warning-incident').first().click();
    await desk.page.getByTestId('incident-title').fill('衢江湖镇段洪水');
    await desk.page.getByTestId('incident-confirm').click();
    await desk.page.getByTestId('incident-row').filter({ hasText: '衢江湖镇段洪水' }).waitFor({ timeout: SEEN_MS });
    await desk.page.getByTestId('to-emergency').first().click();
    await desk.page.getByTestId('action-text').fill('启动Ⅱ级应急响应');
    await desk.page.getByTestId('action-confirm').click();
    await until(() => (globalThis as { __wall?: WallHooks }).__wall?.mode === 'emergency');
    const [incident] = await hub.db.query<{ id: number; response_level: string }>(`SELECT id, response_level FROM incidents ORDER BY id DESC LIMIT 1`);
    expect(incident!.response_level).toBe('II'); // proposed by the orange warning
    const [recorded] = await hub.db.query<{ reason: string; switched_by: string; incident_id: number }>('SELECT reason, switched_by, incident_id FROM mode_switches ORDER BY id DESC LIMIT 1');
    expect(recorded).toEqual({ reason: '启动Ⅱ级应急响应', switched_by: `user:${leader.username}`, incident_id: incident!.id });
    expect(await textOf('incident')).toContain('Ⅱ级响应');
    expect(await textOf('incident')).toContain('衢江湖镇段洪水');
    expect(await desk.page.getByTestId('console-mode').textContent()).toContain('战时');

    // The hazard area along the river, from the console's form.
    await desk.page.getByText('沿河缓冲').click();
    await desk.page.getByTestId('hazard-reason').fill('沿江低洼地带');
    await desk.page.getByTestId('hazard-submit').click();
    await desk.page.getByTestId('console-impact').waitFor({ timeout: SEEN_MS }).catch(async (error: unknown) => {
      await shotOf(desk, 'emergency-console-hazard-failed');
      throw new Error(`the console shows no impact: ${String(error)}; console errors: ${desk.errors.join(' | ')}`);
    });
    const [area] = await hub.db.query<{ geometry: unknown }>('SELECT geometry FROM hazard_areas WHERE incident_id = $1 ORDER BY version DESC LIMIT 1', [incident!.id]);
    const impact = await json<{ impact: { residents: number } }>(await leader.api(`/incidents/${incident!.id}/impact`));
    expect(area).toBeDefined();
    const update = impact;
    await until(() => (globalThis as { __wall?: WallHooks }).__wall?.hazardVersion === 1);
    await wall.page.waitForFunction((text) => (globalThis as unknown as { document: { querySelector(s: string): { textContent: string } | null } })
      .document.querySelector('[data-testid="impact-residents"]')?.textContent === text, update.impact.residents.toLocaleString('zh-CN'), { timeout: SEEN_MS });
    // Cesium draws the ground primitives when their shaders are ready: give it a few frames.
    await wall.page.waitForTimeout(1_500);
    const emergency = await shot('emergency-1-emergency');
    expect(hazardPixels(emergency)).toBeGreaterThan(baseline + 2_000);
    expect(wall.errors).toEqual([]);

    // Evacuation from the console: one round for the vulnerable people inside, as the plan shows it.
    await desk.page.getByTestId('evacuation-dispatch').click();
    await desk.page.getByTestId('action-text').fill('沿江低洼地带重点人员转移');
    await desk.page.getByTestId('action-confirm').click();
    await desk.page.getByTestId('evacuation-runs').waitFor({ timeout: SEEN_MS });
    const [assigned] = await hub.db.query<{ people: number; tasks: number }>(
      'SELECT count(*)::int AS people, count(DISTINCT task_id)::int AS tasks FROM evacuation_assignments WHERE incident_id = $1', [incident!.id]);
    expect(assigned!.people).toBeGreaterThan(0);
    await desk.page.getByTestId('evacuation-totals').filter({ hasText: `需转移 ${assigned!.people} 人` }).waitFor({ timeout: SEEN_MS });
    expect(await desk.page.getByTestId('evacuation-runs').locator('tbody tr').count()).toBe(assigned!.tasks);

    await shotOf(desk, 'emergency-console');
    await desk.page.getByTestId('to-peacetime').click();
    await desk.page.getByTestId('action-text').fill('险情解除');
    await desk.page.getByTestId('action-confirm').click();
    await until(() => (globalThis as { __wall?: WallHooks }).__wall?.mode === 'peacetime' && (globalThis as { __wall?: WallHooks }).__wall?.hazardVersion === null);
    await gone('emergency-panels');
    await wall.page.waitForTimeout(1_000);
    const after = await shot('emergency-2-back-to-peacetime');
    expect(Math.abs(hazardPixels(after) - baseline)).toBeLessThan(200);
    expect(await wall.page.locator('.panel-title').allTextContents()).toEqual(peacetimePanels);
    expect((await readWallHooks(wall.page)).firstFrame).toBe(true);
    expect(wall.errors).toEqual([]);
    expect(wall.outsideRequests).toEqual([]);
    expect(desk.errors).toEqual([]);
    expect(desk.outsideRequests).toEqual([]);
  }, 180_000);
});
