// The hazard area drawn on the console map in a real browser: a duty officer picks a point buffer's
// centre with a click (which also tells the test how pixels map to longitude and latitude), draws a
// polygon vertex by vertex and closes it on its first vertex, starts an edit from the stored area and
// drags a vertex, each stored by the hub as a new version exactly where it was clicked; a bow tie is
// warned about and refused by the hub with its reason shown; and the next shelter with room from a
// picked point is suggested, as the hub answers it, and moves on when arrivals fill it.
// Screenshots in test-output/browser.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HazardArea, IncidentSummary, ShelterState } from '../../contract/incidents.ts';
import { backendName, json, startTestHub, type Client, type SignedIn, type TestHub } from '../support/hub.ts';
import { launchBrowser, openContext, requireBuiltScreens, type WallBrowser } from './support/launchWall.ts';
import { signInConsole } from './support/signInConsole.ts';

const OUTPUT = join(process.cwd(), 'test-output', 'browser');
const SEEN_MS = 15_000;
/** Degrees: a click placed to 6 decimals, read back through a calibration of two clicks. */
const CLICK_TOLERANCE_DEG = 1e-5;

let hub: TestHub;
let browser: Browser;
let desk: WallBrowser;
let leader: SignedIn;
let duty: SignedIn;
let field: Client;
let incident: IncidentSummary;

beforeAll(async () => {
  requireBuiltScreens('console/index.html');
  mkdirSync(OUTPUT, { recursive: true });
  hub = await startTestHub();
  leader = await hub.signIn('leader');
  duty = await hub.signIn('duty_officer');
  field = await hub.integrationClient(['tasks']);
  incident = await json<IncidentSummary>(await leader.post('/incidents', { title: '湖镇山洪', kind: 'flood', responseLevel: 'III', reason: '强降雨' }));
  browser = await launchBrowser();
  desk = await openContext(browser, { url: `${hub.url}/console/`, viewport: { width: 1600, height: 1000 } });
  await signInConsole(desk.page, duty.username);
}, 180_000);

afterAll(async () => {
  await desk?.close();
  await browser?.close();
  await hub?.stop();
});

const page = () => desk.page;
const shot = (name: string) => page().screenshot({ path: join(OUTPUT, `hazard-drawing-${name}-${backendName}.png`), fullPage: true });
const text = async (testId: string) => {
  const element = page().getByTestId(testId);
  await element.waitFor({ state: 'visible', timeout: SEEN_MS });
  return (await element.textContent()) ?? '';
};
const waitForText = (testId: string, wanted: string) =>
  page().getByTestId(testId).filter({ hasText: wanted }).waitFor({ timeout: SEEN_MS });

/** Where a fraction of the map is on the page, in whole pixels (the map is scrolled into view first). */
async function mapPoint(fx: number, fy: number): Promise<[number, number]> {
  const map = page().getByTestId('hazard-map').getByTestId('geo-map');
  await map.scrollIntoViewIfNeeded();
  const box = (await map.boundingBox())!;
  return [Math.round(box.x + fx * box.width), Math.round(box.y + fy * box.height)];
}
async function clickMap(fx: number, fy: number): Promise<[number, number]> {
  const [x, y] = await mapPoint(fx, fy);
  await page().mouse.click(x, y);
  return [x, y];
}

/** Pixels to WGS84 from two clicks whose coordinates the point-buffer form showed: the geo map is linear. */
let toLonLat: (at: [number, number]) => [number, number];
type SheltersAnswer = { shelters: ShelterState[]; next?: (ShelterState & { distanceM: number }) | null };
const near = (a: readonly number[], b: readonly number[]) => Math.abs(a[0]! - b[0]!) < CLICK_TOLERANCE_DEG && Math.abs(a[1]! - b[1]!) < CLICK_TOLERANCE_DEG;

async function areas(): Promise<HazardArea[]> {
  return (await json<{ areas: HazardArea[] }>(await duty.api(`/incidents/${incident.id}/hazard-areas`))).areas;
}
async function versionStored(version: number): Promise<HazardArea> {
  const deadline = Date.now() + SEEN_MS;
  for (;;) {
    const found = (await areas()).find((a) => a.version === version);
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`the hub has no hazard area version ${version}; console errors: ${desk.errors.join(' | ')}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
/** The stored ring's positions, which must be the clicked ones (in the order the desk sends: counter-clockwise). */
function drawnRing(area: HazardArea): number[][] {
  const geometry = (area.params as { geometry: { type: 'Polygon'; coordinates: number[][][] } }).geometry;
  expect(geometry.type).toBe('Polygon');
  return geometry.coordinates[0]!;
}

describe(`drawing the hazard area on the console map (${backendName})`, () => {
  it('takes a point buffer\'s centre from a click on the map, and the hub stores the area around it', async () => {
    await page().getByRole('link', { name: '应急指挥' }).click();
    await page().getByTestId('incident-row').filter({ hasText: '湖镇山洪' }).waitFor({ timeout: SEEN_MS });
    await page().getByTestId('hazard-map').waitFor({ timeout: SEEN_MS });
    await page().waitForTimeout(500); // the geo map lays out once its GeoJSON is in

    await page().getByTestId('hazard-method-point_buffer').click();
    expect(await text('map-click-hint')).toContain('缓冲中心点');
    const read = async () => [Number(await page().getByTestId('hazard-lon').locator('input').inputValue()), Number(await page().getByTestId('hazard-lat').locator('input').inputValue())] as [number, number];
    const a = await clickMap(0.42, 0.42);
    const aAt = await read();
    const b = await clickMap(0.58, 0.6);
    const bAt = await read();
    expect(bAt[0]).toBeGreaterThan(aAt[0]);
    expect(bAt[1]).toBeLessThan(aAt[1]); // further down the screen is further south
    const [lonPerPx, latPerPx] = [(bAt[0] - aAt[0]) / (b[0] - a[0]), (bAt[1] - aAt[1]) / (b[1] - a[1])];
    toLonLat = ([x, y]) => [aAt[0] + (x - a[0]) * lonPerPx, aAt[1] + (y - a[1]) * latPerPx];
    const [west, south, east, north] = hub.township.bbox;
    for (const [lon, lat] of [aAt, bAt]) {
      expect(lon).toBeGreaterThan(west);
      expect(lon).toBeLessThan(east);
      expect(lat).toBeGreaterThan(south);
      expect(lat).toBeLessThan(north);
    }

    await page().getByTestId('hazard-reason').fill('以点位划定');
    await page().getByTestId('hazard-submit').click();
    const stored = await versionStored(1);
    expect(stored.method).toBe('point_buffer');
    expect(stored.params).toMatchObject({ lon: bAt[0], lat: bAt[1], radiusM: 1000 });
    await waitForText('console-impact', '第1版');
  }, 60_000);

  it('draws a polygon vertex by vertex, closes it on its first vertex, and the hub stores it as the next version', async () => {
    await page().getByTestId('hazard-method-polygon').click();
    expect(await text('map-click-hint')).toContain('顶点');
    const corners = [[0.4, 0.4], [0.6, 0.4], [0.62, 0.6], [0.4, 0.62]] as const;
    const clicked: [number, number][] = [];
    for (const [fx, fy] of corners) clicked.push(await clickMap(fx, fy));
    await waitForText('drawing-status', '4 个顶点 · 未闭合');
    await page().mouse.click(...clicked[0]!); // on the first vertex: closes the ring
    await waitForText('drawing-status', '4 个顶点 · 已闭合');
    expect(await page().getByTestId('drawing-crossing').count()).toBe(0);
    expect(await page().getByTestId('drawing-remove').isDisabled()).toBe(true); // closing selected nothing
    await shot('1-drawn');

    await page().getByTestId('hazard-reason').fill('手绘危险区域');
    await page().getByTestId('hazard-submit').click();
    const stored = await versionStored(2);
    expect(stored.method).toBe('polygon');
    const ring = drawnRing(stored);
    expect(ring).toHaveLength(5);
    expect(ring[0]).toEqual(ring[4]);
    // Clicked clockwise on the screen (north-west, north-east, south-east, south-west): sent counter-clockwise.
    const expected = clicked.map(toLonLat).reverse();
    ring.slice(0, 4).forEach((position, i) => expect(near(position, expected[i]!), `${position} vs ${expected[i]}`).toBe(true));
    await waitForText('console-impact', '第2版');
    await waitForText('drawing-status', '0 个顶点'); // a fresh drawing once the version is stored
    await shot('2-stored');
  }, 60_000);

  it('starts an edit from the current area, moves a vertex by dragging it, and stores the moved ring', async () => {
    await page().getByTestId('drawing-from-area').click();
    await waitForText('drawing-status', '已闭合');
    const [fromX, fromY] = await mapPoint(0.62, 0.6);
    const [toX, toY] = await mapPoint(0.68, 0.66);
    await page().mouse.move(fromX, fromY);
    await page().mouse.down();
    await page().mouse.move(toX, toY, { steps: 8 });
    await page().mouse.up();
    await page().getByTestId('hazard-reason').fill('向东南扩大');
    await page().getByTestId('hazard-submit').click();
    const ring = drawnRing(await versionStored(3));
    const moved = toLonLat([toX, toY]);
    // The handle moves with the pointer: within a pixel of where it was let go.
    const pixel = Math.abs(toLonLat([toX + 1, toY])[0] - moved[0]);
    expect(ring.some((p) => Math.abs(p[0]! - moved[0]) <= pixel && Math.abs(p[1]! - moved[1]) <= pixel)).toBe(true);
    expect(ring.some((p) => near(p, toLonLat([fromX, fromY])))).toBe(false);
    await waitForText('console-impact', '第3版');
  }, 60_000);

  it('warns about a drawing that crosses itself, sends it all the same, and shows the hub\'s reason for refusing it', async () => {
    for (const [fx, fy] of [[0.4, 0.4], [0.6, 0.6], [0.6, 0.4], [0.4, 0.6]] as const) await clickMap(fx, fy);
    await page().getByTestId('drawing-close').click();
    expect(await text('drawing-crossing')).toContain('自相交（1 处');
    expect(await page().getByTestId('hazard-submit').isDisabled()).toBe(false);
    await page().getByTestId('hazard-reason').fill('交叉的图形');
    await page().getByTestId('hazard-submit').click();
    expect(await text('hazard-refusal')).toContain('crosses itself');
    await shot('3-refused');
    expect((await areas()).map((a) => a.version)).toEqual([1, 2, 3]);
    // A vertex selected on the map and removed leaves a triangle, which crosses nothing; undo brings the
    // bow tie back, clear empties the drawing.
    await clickMap(0.4, 0.6);
    await page().getByTestId('drawing-remove').click();
    await waitForText('drawing-status', '3 个顶点 · 已闭合');
    await page().getByTestId('drawing-crossing').waitFor({ state: 'detached', timeout: SEEN_MS });
    await page().getByTestId('drawing-undo').click();
    await waitForText('drawing-status', '4 个顶点 · 已闭合');
    await page().getByTestId('drawing-crossing').waitFor({ timeout: SEEN_MS });
    await page().getByTestId('drawing-clear').click();
    await waitForText('drawing-status', '0 个顶点');
  }, 60_000);

  it('suggests the next shelter with room from a picked point as the hub does, and moves on when arrivals fill it', async () => {
    const people = 3;
    await page().getByTestId('shelter-people').locator('input').fill(String(people));
    await page().getByTestId('shelter-people').locator('input').press('Tab');
    await page().getByTestId('shelter-pick').click();
    expect(await text('map-click-hint')).toContain('转移起点');
    await clickMap(0.5, 0.5);
    await page().getByTestId('next-shelter').waitFor({ timeout: SEEN_MS });
    const origin = page().getByTestId('shelter-origin');
    const [lon, lat] = [Number(await origin.getAttribute('data-lon')), Number(await origin.getAttribute('data-lat'))];
    const ask = async () => json<SheltersAnswer>(await duty.api(`/incidents/${incident.id}/shelters?lon=${lon}&lat=${lat}&people=${people}`));
    const answer = await ask();
    const next = answer.next!;
    expect(next).toBeTruthy();
    expect(await page().getByTestId('next-shelter').getAttribute('data-code')).toBe(next.code);
    expect(await text('next-shelter')).toContain(next.name);
    expect(await text('next-shelter')).toContain(`空余 ${next.free} 人`);
    expect(await page().getByTestId('shelter-row').count()).toBe(answer.shelters.length);
    // The map's click goes back to the drawing once the point is picked.
    expect(await text('map-click-hint')).toContain('顶点');
    await shot('4-next-shelter');

    // Arrivals leave it less room than asked for: the push moves the suggestion to the hub's next answer.
    const res = await field.post(`/incidents/${incident.id}/shelters/${next.code}/arrivals`, { people: next.free - 1 });
    expect(res.status).toBe(201);
    const after = await ask();
    expect(after.next?.code).not.toBe(next.code);
    if (after.next) await page().locator(`[data-testid="next-shelter"][data-code="${after.next.code}"]`).waitFor({ timeout: SEEN_MS });
    else await page().getByTestId('next-shelter-none').waitFor({ timeout: SEEN_MS });
    const row = page().locator(`[data-testid="shelter-row"][data-code="${next.code}"]`);
    await page().locator(`[data-testid="shelter-row"][data-code="${next.code}"][data-free="1"]`).waitFor({ timeout: SEEN_MS });
    expect(await row.getAttribute('data-standing')).not.toBe('room');
    await shot('5-next-shelter-moved');

    // Refused requests are logged by the browser; nothing else went wrong, and nothing left this machine.
    expect(desk.errors.filter((e) => !e.includes('status of 400'))).toEqual([]);
    expect(desk.outsideRequests).toEqual([]);
  }, 60_000);
});
