// The wall in a real browser (Debian chromium, software WebGL) against a real hub: it must draw the
// township offline, show a newly posted event without a reload, and never log an error.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventAccepted } from '../../contract/api.ts';
import { backendName, startTestHub, type SignedIn, type TestHub } from '../support/hub.ts';
import { launchWall, readWallHooks, waitForFirstFrame, type WallBrowser } from './support/launchWall.ts';
import { countPixelsNear, decodePng } from './support/pixels.ts';
import type { WallHooks } from '../../screen/wall/wall-hooks.d.ts';

const OUTPUT = join(process.cwd(), 'test-output', 'browser');
const GRID_LINE = '#00e5ff';
const EXTRAORDINARY = '#ff1744';
const MAP_LAYERS = ['county', 'township', 'villages', 'grids', 'river', 'places', 'forces', 'events'];

let hub: TestHub;
let wall: WallBrowser;
let duty: SignedIn;

beforeAll(async () => {
  if (!existsSync(join(process.cwd(), 'dist/screen/index.html'))) {
    throw new Error('dist/screen is missing: `npm test` builds the wall first; run `npm run build` before running this file alone.');
  }
  mkdirSync(OUTPUT, { recursive: true });
  hub = await startTestHub();
  const display = await hub.displayClient();
  duty = await hub.signIn('duty_officer');
  wall = await launchWall({ url: `${hub.url}/?token=${display.token}` });
}, 120_000);

afterAll(async () => {
  await wall?.close();
  await hub?.stop();
});

const screenshot = async (name: string) => {
  const png = await wall.page.screenshot({ path: join(OUTPUT, `${name}-${backendName}.png`) });
  return decodePng(png);
};

// Page functions run in the browser, but this file is type-checked for Node (no DOM types): they reach
// the page's globals through globalThis, and are self-contained because only their source is sent.
// They are functions, not strings, because the hub's CSP forbids eval.
type PageGlobals = { __wall?: WallHooks; requestAnimationFrame(callback: () => void): void };

/** Lets the page paint twice, so a screenshot shows what the last change drew. */
const afterTwoFrames = () =>
  wall.page.evaluate(() => new Promise<void>((resolve) => {
    const page = globalThis as unknown as PageGlobals;
    page.requestAnimationFrame(() => page.requestAnimationFrame(resolve));
  }));

/** The map's on-screen rectangle, to count pixels of map colours only there. */
const mapRect = async () => {
  const box = await wall.page.locator('.cesium-widget canvas').first().boundingBox();
  if (!box) throw new Error('the Cesium canvas is not on the page');
  return box;
};

describe(`the wall in chromium (${backendName})`, () => {
  it('renders its first map frame with every layer drawn from the hub', async () => {
    await waitForFirstFrame(wall.page, 90_000);
    await wall.page.waitForFunction(
      (names) => {
        const hooks = (globalThis as unknown as PageGlobals).__wall;
        return names.every((name) => (hooks?.layers[name] ?? -1) >= 0) && hooks?.connected === true;
      },
      MAP_LAYERS,
      { timeout: 60_000, polling: 200 },
    );
    const hooks = await readWallHooks(wall.page);
    const [grids] = await hub.db.query<{ n: number }>('SELECT count(*) AS n FROM grids');
    expect(hooks.layers.grids).toBe(grids!.n);
    expect(hooks.layers.villages).toBe(43);
    expect(hooks.layers.township).toBe(1);
    expect(hooks.layers.places).toBeGreaterThan(100);
  }, 180_000);

  it('shows the township in Chinese with its grid lines drawn on the map', async () => {
    await afterTwoFrames();
    const image = await screenshot('wall-initial');
    const rect = await mapRect();
    expect(countPixelsNear(image, GRID_LINE, { rect, tolerance: 40 })).toBeGreaterThan(2000);
    const text = await wall.page.locator('body').innerText();
    expect(text).toContain('湖镇镇');
    expect(text).toContain('示意');
  });

  it('shows an event posted to the API on the map and in the list without a reload', async () => {
    const before = await readWallHooks(wall.page);
    const rect = await mapRect();
    const redBefore = countPixelsNear(await screenshot('wall-before-event'), EXTRAORDINARY, { rect, tolerance: 30 });
    const [place] = await hub.db.query<{ lon: number; lat: number }>(
      `SELECT lon, lat FROM places WHERE kind = 'shelter' ORDER BY capacity DESC LIMIT 1`,
    );
    const res = await duty.post('/events', {
      title: '浏览器测试：堤坝出现渗水', category: 'flood', level: 'extraordinary', source: 'hotline_12345', lon: place!.lon, lat: place!.lat,
      reporterName: '欧阳锋', reporterPhone: '13812340000',
    });
    expect(res.status).toBe(201);
    const { event } = (await res.json()) as EventAccepted;

    await wall.page.getByText(event.title).first().waitFor({ timeout: 20_000 });
    await wall.page.waitForFunction((n) => ((globalThis as unknown as PageGlobals).__wall?.layers.events ?? 0) > n, before.layers.events ?? 0, { timeout: 20_000 });
    await afterTwoFrames();
    const redAfter = countPixelsNear(await screenshot('wall-after-event'), EXTRAORDINARY, { rect, tolerance: 30 });
    expect(redAfter).toBeGreaterThan(redBefore + 20);
    const text = await wall.page.locator('body').innerText();
    expect(text).not.toContain('欧阳锋');
    expect(text).not.toContain('13812340000');
  }, 60_000);

  it('follows the room into emergency mode when a leader switches it, and back', async () => {
    const leader = await hub.signIn('leader');
    const badge = wall.page.getByTestId('mode');
    expect(await badge.innerText()).toBe('平时');
    expect((await leader.post('/mode', { mode: 'emergency', reason: '浏览器测试：防汛应急' })).status).toBe(200);
    await wall.page.getByTestId('mode').getByText('战时').waitFor({ timeout: 10_000 });
    await screenshot('wall-emergency');
    expect((await leader.post('/mode', { mode: 'peacetime', reason: '浏览器测试：解除' })).status).toBe(200);
    await wall.page.getByTestId('mode').getByText('平时').waitFor({ timeout: 10_000 });
  }, 30_000);

  it('keeps its display token out of the address bar', () => {
    expect(new URL(wall.page.url()).searchParams.has('token')).toBe(false);
  });

  it('logged no console error and asked no host but this one', () => {
    writeFileSync(join(OUTPUT, `wall-console-${backendName}.txt`), [...wall.errors, ...wall.outsideRequests].join('\n'));
    expect(wall.errors).toEqual([]);
    expect(wall.outsideRequests).toEqual([]);
  });
});
