// The wall in a real browser (Debian chromium, software WebGL) against a real hub: it must draw the
// township offline, show a newly posted event without a reload, follow an event round the closed
// loop on the map (status colour, deadline ring, overdue halo, supervision pulse) and on the dispatch
// board, and never log an error.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventAccepted, EventSummary } from '../../contract/api.ts';
import type { DispatchResult, Recommendation, TaskSummary } from '../../contract/closedLoop.ts';
import type { EventStatus } from '../../contract/domain.ts';
import { backendName, json, startTestHub, type Client, type SignedIn, type TestHub } from '../support/hub.ts';
import { launchWall, readWallHooks, requireBuiltScreens, waitForFirstFrame, type WallBrowser } from './support/launchWall.ts';
import { countPixelsNear, decodePng, type Rect } from './support/pixels.ts';
import type { EventMarkHook, WallHooks } from '../../screen/wall/wall-hooks.d.ts';
import { MARK_COLORS, STATUS_COLORS, TIMING_COLORS } from '../../screen/shared/palette.ts';
import { RING_STEPS } from '../../screen/wall/composables/markStyle.ts';

const OUTPUT = join(process.cwd(), 'test-output', 'browser');
const GRID_LINE = '#00e5ff';
const MAP_LAYERS = ['county', 'township', 'villages', 'grids', 'river', 'places', 'forces', 'events'];
const LANDSCAPE = { width: 1920, height: 1080 };
const PORTRAIT = { width: 1080, height: 1920 };
/** Marks of test events stay this far apart, so one's pixels are never another's. */
const PLACE_SPACING_M = 1500;
/** Half the side (px) of the square sampled inside a mark's dot: smaller than the smallest dot (6 px). */
const DOT_PROBE = 3;
/** Half the side (px) of the square holding a mark with its ring and halo (markImages.ts: 56 px). */
const MARK_PROBE = 28;
/** Half the side (px) of the square a pulse ring grows in (1.5 × 24 px, and its stroke). */
const PULSE_PROBE = 40;
/** How long a change may take to reach the screen before a wait gives up (not a speed requirement). */
const SEEN_MS = 15_000;

let hub: TestHub;
let wall: WallBrowser;
let duty: SignedIn;
let leader: SignedIn;
let fieldApp: Client;
let places: { lon: number; lat: number }[];

beforeAll(async () => {
  requireBuiltScreens();
  mkdirSync(OUTPUT, { recursive: true });
  hub = await startTestHub();
  const display = await hub.displayClient();
  duty = await hub.signIn('duty_officer');
  leader = await hub.signIn('leader');
  fieldApp = await hub.integrationClient(['tasks']);
  places = await spreadPlaces();
  wall = await launchWall({ url: `${hub.url}/?token=${display.token}`, viewport: LANDSCAPE });
}, 120_000);

afterAll(async () => {
  await wall?.close();
  await hub?.stop();
});

/** Places of the township at least PLACE_SPACING_M apart, the largest shelter first. */
async function spreadPlaces(): Promise<{ lon: number; lat: number }[]> {
  const all = await hub.db.query<{ lon: number; lat: number }>(`SELECT lon, lat FROM places ORDER BY (kind = 'shelter') DESC, capacity DESC NULLS LAST, code`);
  const metres = (a: { lon: number; lat: number }, b: { lon: number; lat: number }) =>
    Math.hypot((a.lon - b.lon) * 111_320 * Math.cos((a.lat * Math.PI) / 180), (a.lat - b.lat) * 110_574);
  const chosen: { lon: number; lat: number }[] = [];
  for (const place of all) if (chosen.every((other) => metres(place, other) >= PLACE_SPACING_M)) chosen.push(place);
  return chosen;
}

let placesUsed = 0;
const nextPlace = () => {
  const place = places[placesUsed++];
  if (!place) throw new Error('the township has no more places far enough apart for another test event');
  return place;
};

async function postEvent(title: string, extra: Record<string, unknown> = {}): Promise<EventSummary> {
  const res = await duty.post('/events', { title, category: 'flood', level: 'significant', source: 'hotline_12345', ...nextPlace(), ...extra });
  expect(res.status).toBe(201);
  return (await json<EventAccepted>(res)).event;
}

const screenshot = async (name?: string) => {
  const png = await wall.page.screenshot(name ? { path: join(OUTPUT, `${name}-${backendName}.png`) } : {});
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

/** Lets the page run `count` animation frames (whatever their pace) and resolves after the last. */
const idleFrames = (count: number) =>
  wall.page.evaluate((count) => new Promise<void>((resolve) => {
    const page = globalThis as unknown as PageGlobals;
    const next = (left: number) => (left === 0 ? resolve() : page.requestAnimationFrame(() => next(left - 1)));
    next(count);
  }), count);

/** Resizes the page and waits for the map to render at the new size (the marks' positions follow). */
async function resizeTo(size: { width: number; height: number }) {
  const frames = (await readWallHooks(wall.page)).framesRendered;
  await wall.page.setViewportSize(size);
  await wall.page.waitForFunction((frames) => ((globalThis as unknown as PageGlobals).__wall?.framesRendered ?? 0) > frames, frames, { timeout: SEEN_MS });
  await afterTwoFrames();
}

/** The map's on-screen rectangle, to count pixels of map colours only there. */
const mapRect = async () => {
  const box = await wall.page.locator('.cesium-widget canvas').first().boundingBox();
  if (!box) throw new Error('the Cesium canvas is not on the page');
  return box;
};

/** Waits until the event's mark is drawn with these properties, and answers it as drawn. */
async function markDrawn(id: number, expected: Partial<EventMarkHook>): Promise<EventMarkHook> {
  await wall.page.waitForFunction(
    ({ id, expected }) => {
      const mark = (globalThis as unknown as PageGlobals).__wall?.eventMarks[String(id)] as Record<string, unknown> | undefined;
      return mark !== undefined && mark['x'] !== null && Object.entries(expected).every(([key, value]) => mark[key] === value);
    },
    { id, expected },
    { timeout: SEEN_MS, polling: 100 },
  );
  return (await readWallHooks(wall.page)).eventMarks[String(id)]!;
}

/** The square of half-side `half` around a mark, in screenshot pixels. */
async function around(mark: EventMarkHook, half: number): Promise<Rect> {
  const map = await mapRect();
  return { x: Math.round(map.x + mark.x! - half), y: Math.round(map.y + mark.y! - half), width: 2 * half, height: 2 * half };
}

/** A screenshot of just this rectangle (cheap enough to take in a loop). */
const shotOf = async (rect: Rect) => decodePng(await wall.page.screenshot({ clip: rect }));

/**
 * Takes screenshots until `color` covers at least `min` pixels of the rectangle (a new image reaches
 * the GPU a frame or two after the hooks report it), and answers the count seen last.
 */
async function pixelsReach(rect: Rect, color: string, min: number, name?: string): Promise<number> {
  const deadline = Date.now() + SEEN_MS;
  let count = 0;
  do {
    await afterTwoFrames();
    count = countPixelsNear(await shotOf(rect), color, { tolerance: 30 });
    if (count >= min) break;
  } while (Date.now() < deadline);
  if (name) await screenshot(name);
  return count;
}

/** The dot of the event's mark is filled with its status's colour, on screen. */
async function expectStatusOnMap(id: number, status: EventStatus, name: string) {
  const mark = await markDrawn(id, { status });
  const probe = await around(mark, DOT_PROBE);
  const area = (2 * DOT_PROBE) ** 2;
  expect(await pixelsReach(probe, STATUS_COLORS[status], area * 0.8, name)).toBeGreaterThanOrEqual(area * 0.8);
}

/** How many different pictures of the rectangle `shots` screenshots show. */
async function distinctPictures(rect: Rect, shots: number): Promise<number> {
  const seen = new Set<string>();
  for (let i = 0; i < shots; i++) {
    await afterTwoFrames();
    seen.add((await shotOf(rect)).data.toString('base64'));
  }
  return seen.size;
}

const boardRow = (taskId: number) => wall.page.locator(`[data-testid="task-row"][data-task-id="${taskId}"]`);
const answer = async (task: TaskSummary, step: Record<string, string>) => {
  const res = await fieldApp.post(`/tasks/${task.id}/transition`, step);
  expect(res.status, await res.clone().text()).toBe(200);
};

/** The leader walks an event without tasks round the loop to closed: it leaves the map. */
async function close(id: number) {
  for (const to of ['assigned', 'handling', 'feedback', 'verifying', 'closed']) {
    const res = await leader.post(`/events/${id}/transition`, { to, note: '浏览器测试：办结' });
    expect(res.status, `${to}: ${await res.clone().text()}`).toBe(200);
  }
}

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

  it('shows the township in Chinese with its grid lines drawn, an empty dispatch board and the legend', async () => {
    await afterTwoFrames();
    const image = await screenshot('wall-initial');
    const rect = await mapRect();
    expect(countPixelsNear(image, GRID_LINE, { rect, tolerance: 40 })).toBeGreaterThan(2000);
    const text = await wall.page.locator('body').innerText();
    expect(text).toContain('湖镇镇');
    expect(text).toContain('示意');
    expect(await wall.page.getByTestId('task-board').innerText()).toContain('派遣看板');
    expect(await wall.page.getByTestId('task-board').innerText()).toContain('没有在办任务');
    const legend = await wall.page.getByTestId('map-legend').innerText();
    for (const words of ['已受理', '已交办', '处置中', '已反馈', '核查中', '外环', '红晕：已超时', '脉冲', '大小：事件等级']) expect(legend).toContain(words);
    // Nothing pulses on an idle wall: the scene is not asked for frames.
    expect((await readWallHooks(wall.page)).marks.pulseRunning).toBe(false);
  });

  it('shows an event posted to the API on the map, in its status colour, and in the list without a reload', async () => {
    const before = await readWallHooks(wall.page);
    const res = await duty.post('/events', {
      title: '浏览器测试：堤坝出现渗水', category: 'flood', level: 'extraordinary', source: 'hotline_12345', ...nextPlace(),
      reporterName: '欧阳锋', reporterPhone: '13812340000',
    });
    expect(res.status).toBe(201);
    const { event } = (await res.json()) as EventAccepted;

    await wall.page.getByText(event.title).first().waitFor({ timeout: 20_000 });
    await wall.page.waitForFunction((n) => ((globalThis as unknown as PageGlobals).__wall?.layers.events ?? 0) > n, before.layers.events ?? 0, { timeout: 20_000 });
    const mark = await markDrawn(event.id, { status: 'accepted', level: 'extraordinary', ringStep: 0, timing: 'on_time', pulsing: false });
    await expectStatusOnMap(event.id, 'accepted', 'wall-after-event');
    expect((await readWallHooks(wall.page)).marks.byStatus.accepted).toBe((before.marks.byStatus.accepted ?? 0) + 1);
    expect(mark.key).toContain('extraordinary');
    const text = await wall.page.locator('body').innerText();
    expect(text).not.toContain('欧阳锋');
    expect(text).not.toContain('13812340000');
  }, 60_000);

  it('shares one image among marks that look alike, however many there are', async () => {
    const before = await readWallHooks(wall.page);
    const events: EventSummary[] = [];
    for (let i = 0; i < 4; i++) events.push(await postEvent(`浏览器测试：同类事件 ${i + 1}`, { level: 'general' }));
    const marks = await Promise.all(events.map((event) => markDrawn(event.id, { status: 'accepted', level: 'general' })));
    const after = await readWallHooks(wall.page);
    expect(new Set(marks.map((mark) => mark.key)).size).toBe(1);
    expect(after.marks.byStatus.accepted).toBe((before.marks.byStatus.accepted ?? 0) + 4);
    expect(after.marks.images).toBeLessThanOrEqual(before.marks.images + 1);
    for (const event of events) await close(event.id);
    await wall.page.waitForFunction((ids) => ids.every((id) => (globalThis as unknown as PageGlobals).__wall?.eventMarks[String(id)] === undefined), events.map((e) => e.id), { timeout: SEEN_MS });
  }, 60_000);

  describe('an event dispatched and its tasks answered through the API', () => {
    let event: EventSummary;
    let dispatched: TaskSummary[];
    let department: TaskSummary;
    let force: TaskSummary;

    it('turns the event to assigned on the map and puts its tasks on the dispatch board, notified', async () => {
      event = await postEvent('浏览器测试：河道漂浮物堵塞涵洞');
      await expectStatusOnMap(event.id, 'accepted', 'wall-loop-accepted');
      const recommendation = await json<Recommendation>(await duty.api(`/events/${event.id}/recommendations`));
      const candidate = recommendation.lines.flatMap((line) => line.candidates)[0];
      expect(recommendation.department, 'the flood item names a department').not.toBeNull();
      expect(candidate, 'a free force near the event').toBeDefined();
      const res = await duty.post(`/events/${event.id}/dispatch`, {
        tasks: [
          { party: { kind: 'department', code: recommendation.department!.code }, instructions: '请派员到场', dueMinutes: 60 },
          { party: { kind: 'force', code: candidate!.code }, instructions: '请立即前往清理', dueMinutes: 30 },
        ],
      });
      expect(res.status, await res.clone().text()).toBe(201);
      dispatched = (await json<DispatchResult>(res)).tasks;
      department = dispatched.find((task) => task.party.kind === 'department')!;
      force = dispatched.find((task) => task.party.kind === 'force')!;

      await expectStatusOnMap(event.id, 'assigned', 'wall-loop-assigned');
      for (const task of dispatched) {
        const row = boardRow(task.id);
        await row.getByTestId('task-status').getByText('已通知').waitFor({ timeout: SEEN_MS });
        const text = await row.innerText();
        expect(text).toContain(task.party.name);
        expect(text).toContain(event.title);
        expect(text).toContain('时限');
      }
      expect((await readWallHooks(wall.page)).tasksShown).toBe(2);
      expect((await readWallHooks(wall.page)).lateTasksShown).toBe(0);
    }, 60_000);

    it('follows the first acceptance: the task moves on the board, the event to handling, a late task in red', async () => {
      // The force's task falls past its due time; its answer carries the due time to the wall.
      await hub.db.query(`UPDATE tasks SET due_at = now() - interval '3 minutes' WHERE id = $1`, [force.id]);
      await answer(force, { to: 'accepted' });
      await boardRow(force.id).getByTestId('task-status').getByText('已接单').waitFor({ timeout: SEEN_MS });
      await wall.page.waitForFunction(() => (globalThis as unknown as PageGlobals).__wall?.lateTasksShown === 1, undefined, { timeout: SEEN_MS });
      expect(await boardRow(force.id).getAttribute('class')).toContain('late');
      expect(await boardRow(force.id).innerText()).toContain('超时');
      expect(await boardRow(department.id).getAttribute('class')).not.toContain('late');
      // Late first, whatever was dispatched first.
      expect(await wall.page.getByTestId('task-row').first().getAttribute('data-task-id')).toBe(String(force.id));
      await expectStatusOnMap(event.id, 'handling', 'wall-loop-handling');

      await answer(force, { to: 'arrived' });
      await boardRow(force.id).getByTestId('task-status').getByText('已到场').waitFor({ timeout: SEEN_MS });
    }, 60_000);

    it('keeps the map large and the dispatch board legible on a portrait wall', async () => {
      await resizeTo(PORTRAIT);
      await screenshot('wall-portrait');
      const map = await mapRect();
      expect(map.width).toBeGreaterThan(PORTRAIT.width * 0.9);
      expect(map.height).toBeGreaterThan(PORTRAIT.height * 0.4);
      const board = await wall.page.getByTestId('task-board').boundingBox();
      expect(board!.height).toBeGreaterThan(150);
      expect(await wall.page.getByTestId('task-row').count()).toBe(2);
      await expectStatusOnMap(event.id, 'handling', 'wall-portrait-handling');
      await resizeTo(LANDSCAPE);
    }, 30_000);

    it('takes done and refused tasks off the board, and shows the event fed back', async () => {
      await answer(force, { to: 'done', feedback: '涵洞已疏通' });
      await boardRow(force.id).waitFor({ state: 'detached', timeout: SEEN_MS });
      await answer(department, { to: 'refused', reason: '人员已在他处' });
      await boardRow(department.id).waitFor({ state: 'detached', timeout: SEEN_MS });
      await wall.page.getByTestId('task-board').getByText('没有在办任务').waitFor({ timeout: SEEN_MS });
      expect((await readWallHooks(wall.page)).tasksShown).toBe(0);
      // Every task not refused is done: the event is fed back.
      await expectStatusOnMap(event.id, 'feedback', 'wall-loop-feedback');
    }, 60_000);
  });

  describe('deadlines, supervision and the pulse', () => {
    let late: EventSummary;
    let supervised: EventSummary;

    it('fills the ring as the deadline nears, in yellow once it is near', async () => {
      late = await postEvent('浏览器测试：积水未退', { deadlineHours: 1 });
      const fresh = await markDrawn(late.id, { status: 'accepted', ringStep: 0, timing: 'on_time' });
      const probe = await around(fresh, MARK_PROBE);
      const yellowBefore = countPixelsNear(await shotOf(probe), TIMING_COLORS.nearing, { tolerance: 30 });
      // Three quarters of its hour used: the hub's one-second deadline job pushes the nearing moment.
      await hub.db.query(
        `UPDATE events SET accepted_at = now() - interval '45 minutes', nearing_at = now() - interval '1 second', deadline_at = now() + interval '15 minutes' WHERE id = $1`,
        [late.id],
      );
      await markDrawn(late.id, { ringStep: (RING_STEPS * 3) / 4, timing: 'nearing' });
      expect(await pixelsReach(probe, TIMING_COLORS.nearing, yellowBefore + 60, 'wall-nearing')).toBeGreaterThanOrEqual(yellowBefore + 60);
    }, 60_000);

    it('gives an overdue event its halo and a full ring when the hub pushes its deadline passing', async () => {
      const before = await readWallHooks(wall.page);
      const mark = before.eventMarks[String(late.id)]!;
      const probe = await around(mark, MARK_PROBE);
      const redBefore = countPixelsNear(await shotOf(probe), MARK_COLORS.halo, { tolerance: 30 });
      await hub.db.query(`UPDATE events SET nearing_at = now() - interval '2 minutes', deadline_at = now() - interval '1 minute' WHERE id = $1`, [late.id]);
      // Overdue, and supervised by the hub itself (the automatic notice): halo and pulse.
      await markDrawn(late.id, { ringStep: RING_STEPS, timing: 'overdue', pulsing: true });
      expect(await pixelsReach(probe, MARK_COLORS.halo, redBefore + 300, 'wall-overdue')).toBeGreaterThanOrEqual(redBefore + 300);
      const after = await readWallHooks(wall.page);
      expect(after.marks.overdue).toBe(before.marks.overdue + 1);
      expect(after.marks.pulseRunning).toBe(true);
      // The dot keeps its status colour under the halo.
      await expectStatusOnMap(late.id, 'accepted', 'wall-overdue-status');
    }, 60_000);

    it('pulses an event the room supervises, on screen, without rendering the scene for it', async () => {
      supervised = await postEvent('浏览器测试：违规占道经营', { category: 'public_order' });
      const still = await markDrawn(supervised.id, { pulsing: false });
      const before = await readWallHooks(wall.page);
      const res = await duty.post(`/events/${supervised.id}/supervise`, { text: '请加快处置' });
      expect(res.status, await res.clone().text()).toBe(201);
      await markDrawn(supervised.id, { pulsing: true, status: 'accepted' });
      const after = await readWallHooks(wall.page);
      expect(after.marks.pulsing).toBe(before.marks.pulsing + 1);
      expect(after.marks.pulseRunning).toBe(true);
      // The overdue event's ring and this one's.
      await wall.page.getByTestId('mark-pulse').nth(1).waitFor({ state: 'attached', timeout: SEEN_MS });
      // The ring grows and fades: successive frames around the mark differ.
      await screenshot('wall-supervised');
      expect(await distinctPictures(await around(still, PULSE_PROBE), 4)).toBeGreaterThan(1);
      // ...while the Cesium scene, rendered on request only, stays idle: the pulse is the compositor's.
      await markDrawn(supervised.id, { flashing: false }); // a new mark's flash ends with one render
      const frames = (await readWallHooks(wall.page)).framesRendered;
      await idleFrames(30);
      expect((await readWallHooks(wall.page)).framesRendered).toBe(frames);
    }, 60_000);

    it('stops the pulse once no event pulses', async () => {
      const pulsing = Object.entries((await readWallHooks(wall.page)).eventMarks).filter(([, mark]) => mark.pulsing).map(([id]) => Number(id));
      expect(pulsing.sort()).toEqual([late.id, supervised.id].sort());
      const mark = (await readWallHooks(wall.page)).eventMarks[String(supervised.id)]!;
      for (const id of pulsing) await close(id);
      await wall.page.waitForFunction(() => {
        const marks = (globalThis as unknown as PageGlobals).__wall?.marks;
        return marks?.pulsing === 0 && marks.pulseRunning === false;
      }, undefined, { timeout: SEEN_MS });
      expect(await wall.page.getByTestId('mark-pulse').count()).toBe(0);
      expect(await distinctPictures(await around(mark, PULSE_PROBE), 3)).toBe(1);
    }, 60_000);
  });

  it('follows the room into emergency mode when a leader switches it, and back', async () => {
    const badge = wall.page.getByTestId('mode');
    expect(await badge.innerText()).toBe('平时');
    const incident = await json<{ id: number }>(await leader.post('/incidents', { title: '浏览器测试：防汛', kind: 'flood', responseLevel: 'IV', reason: '浏览器测试' }));
    expect((await leader.post('/mode', { mode: 'emergency', incidentId: incident.id, reason: '浏览器测试：防汛应急' })).status).toBe(200);
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
