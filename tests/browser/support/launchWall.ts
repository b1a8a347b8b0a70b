// Opens the wall (or the console) in Debian's chromium (headless, offline-checked) and records what
// went wrong: console errors, uncaught page errors and any request that leaves this machine.
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { WallHooks } from '../../../screen/wall/wall-hooks.d.ts';

export const CHROMIUM_PATH = '/usr/bin/chromium';

/** Stops a browser test early, saying what to do, when the screens it opens were never built. */
export function requireBuiltScreens(page: 'index.html' | 'console/index.html' = 'index.html'): void {
  if (!existsSync(join(process.cwd(), 'dist', 'screen', page))) {
    throw new Error(`dist/screen/${page} is missing: \`npm test\` builds the screens first; run \`npm run build\` before running this file alone.`);
  }
}

/**
 * Flags for a quiet, software-rendered, offline browser. Each is one argv entry, so the resolver rule
 * carries no shell quotes: any host but the local ones fails to resolve, which makes an outside
 * request fail loudly.
 */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--enable-unsafe-swiftshader',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1 , EXCLUDE localhost',
];

const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);
const LOCAL_PROTOCOLS = new Set(['data:', 'blob:', 'about:']);

export interface LaunchWallOptions {
  url: string;
  viewport?: { width: number; height: number };
  /** Milliseconds for the first navigation. */
  timeout?: number;
}

export interface WallBrowser {
  context: BrowserContext;
  page: Page;
  /** console.error messages and uncaught exceptions, in order. */
  errors: string[];
  /** URLs of requests to any host other than 127.0.0.1/localhost. */
  outsideRequests: string[];
  /** Closes the browser and deletes its profile. */
  close(): Promise<void>;
}

export async function launchWall({ url, viewport = { width: 1280, height: 720 }, timeout = 60_000 }: LaunchWallOptions): Promise<WallBrowser> {
  const profile = await mkdtemp(join(tmpdir(), 'wall-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport,
  });
  const { errors, outsideRequests } = watchContext(context);

  const page = context.pages()[0] ?? (await context.newPage());
  const close = async () => {
    await context.close();
    await rm(profile, { recursive: true, force: true });
  };
  try {
    await page.goto(url, { waitUntil: 'load', timeout });
  } catch (error) {
    await close();
    throw error;
  }
  return { context, page, errors, outsideRequests, close };
}

/** One browser for several independent contexts (two consoles side by side), with the same flags. */
export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
}

/** A fresh context of `browser` (its own storage: its own sign-in) on `url`, watched like launchWall's. */
export async function openContext(browser: Browser, { url, viewport = { width: 1280, height: 720 }, timeout = 60_000 }: LaunchWallOptions): Promise<WallBrowser> {
  const context = await browser.newContext({ viewport });
  const { errors, outsideRequests } = watchContext(context);
  const page = await context.newPage();
  await page.goto(url, { waitUntil: 'load', timeout });
  return { context, page, errors, outsideRequests, close: () => context.close() };
}

function watchContext(context: BrowserContext): { errors: string[]; outsideRequests: string[] } {
  const errors: string[] = [];
  const outsideRequests: string[] = [];
  context.on('request', (request) => {
    if (!isLocal(request.url())) outsideRequests.push(request.url());
  });
  context.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()} (${message.location().url})`);
  });
  context.on('weberror', (error) => errors.push(`pageerror: ${error.error().stack ?? error.error().message}`));
  return { errors, outsideRequests };
}

/** Waits for the map's first rendered frame, then for its globe tiles (tilesLoaded is true before the first frame). */
export async function waitForFirstFrame(page: Page, timeout = 60_000): Promise<void> {
  // Functions, not strings: the hub's Content-Security-Policy forbids eval in the page.
  await page.waitForFunction(() => (globalThis as { __wall?: WallHooks }).__wall?.firstFrame === true, undefined, { timeout, polling: 100 });
  await page.waitForFunction(() => (globalThis as { __wall?: WallHooks }).__wall?.tilesLoaded === true, undefined, { timeout, polling: 100 });
}

/** A copy of window.__wall as it is now. */
export async function readWallHooks(page: Page): Promise<WallHooks> {
  const hooks = await page.evaluate(() => (globalThis as { __wall?: WallHooks }).__wall);
  if (!hooks) throw new Error('window.__wall is missing: is the page the wall screen, and did its script load?');
  return hooks;
}

function isLocal(url: string): boolean {
  const { protocol, hostname } = new URL(url);
  return LOCAL_PROTOCOLS.has(protocol) || LOCAL_HOSTS.has(hostname);
}
