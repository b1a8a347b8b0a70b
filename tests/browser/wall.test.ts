// The wall in a real browser (Debian chromium, software WebGL) against a real hub: it must draw the
// township offline, show a newly posted event without a reload, and never log an error.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventAccepted } from '../../contract/api.ts';
import { backendName, startTestHub, type TestHub } from '../support/hub.ts';
import { launchWall, readWallHooks, waitForFirstFrame, type WallBrowser } from './support/launchWall.ts';
import { countPixelsNear, decodePng } from './support/pixels.ts';

const OUTPUT = join(process.cwd(), 'test-output', 'browser');
const GRID_LINE = '#00e5ff';
const EXTRAORDINARY = '#ff1744';
const MAP_LAYERS = ['county', 'township', 'villages', 'grids', 'river', 'places', 'forces', 'events'];

let hub: TestHub;
let wall: WallBrowser;

beforeAll(async () => {
  if (!existsSync(join(process.cwd(), 'dist/screen/index.html'))) {
    throw new Error('dist/screen is missing: `npm test` builds the wall first; run `npm run build` before running this file alone.');
  }
  mkdirSync(OUTPUT, { recursive: true });
  hub = await startTestHub();
  wall = await launchWall({ url: `${hub.url}/` });
}, 120_000);

afterAll(async () => {
  await wall?.close();
  await hub?.stop();
});

const screenshot = async (name: string) => {
  const png = await wall.page.screenshot({ path: join(OUTPUT, `${name}-${backendName}.png`) });
  return decodePng(png);
};

/** Lets the page paint twice, so a screenshot shows what the last change drew. */
const afterTwoFrames = () => wall.page.evaluate('new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))');

/** The map's on-screen rectangle, to count pixels of map colours only there. */
const mapRect = async () => {
  const box = await wall.page.locator('.cesium-widget canvas').first().boundingBox();
  if (!box) throw new Error('the Cesium canvas is not on the page');
  return box;
};

describe(`the wall in chromium (${backendName})`, () => {
  it('renders its first map frame with every layer drawn from the hub', async () => {
    await waitForFirstFrame(wall.page, 90_000);
    // Page functions are strings: this file is type-checked for Node, where `window` does not exist.
    await wall.page.waitForFunction(
      `${JSON.stringify(MAP_LAYERS)}.every((name) => (window.__wall?.layers[name] ?? -1) >= 0) && window.__wall?.connected === true`,
      undefined,
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
    const res = await hub.post('/events', {
      title: '浏览器测试：堤坝出现渗水', category: 'flood', level: 'extraordinary', source: 'hotline_12345', lon: place!.lon, lat: place!.lat,
    });
    expect(res.status).toBe(201);
    const { event } = (await res.json()) as EventAccepted;

    await wall.page.getByText(event.title).first().waitFor({ timeout: 20_000 });
    await wall.page.waitForFunction(`(window.__wall?.layers.events ?? 0) > ${before.layers.events ?? 0}`, undefined, { timeout: 20_000 });
    await afterTwoFrames();
    const redAfter = countPixelsNear(await screenshot('wall-after-event'), EXTRAORDINARY, { rect, tolerance: 30 });
    expect(redAfter).toBeGreaterThan(redBefore + 20);
  }, 60_000);

  it('logged no console error and asked no host but this one', () => {
    writeFileSync(join(OUTPUT, `wall-console-${backendName}.txt`), [...wall.errors, ...wall.outsideRequests].join('\n'));
    expect(wall.errors).toEqual([]);
    expect(wall.outsideRequests).toEqual([]);
  });
});
