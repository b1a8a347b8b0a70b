// The hub: database, township reference data, REST, socket.io and statistics pushes, with start()
// and stop() so tests and signal handlers can bring it up and down cleanly.
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readGisData } from '../gis-data/read.ts';
import { disableDormantAccounts, ensureBootstrapCredentials, ensureFirstAdmin, type FirstAdmin } from './auth/accounts.ts';
import type { HubConfig } from './config.ts';
import { openDatabase, type Db } from './db/index.ts';
import { loadTownship, type Township } from './domain/township.ts';
import { createApp } from './http/app.ts';
import type { HubContext } from './http/context.ts';
import { LayerCache } from './http/layers.ts';
import { loadGisData } from './load/gisLoader.ts';
import { createLogger, type Logger } from './log.ts';
import { createRealtime, type Realtime, type WallServer } from './realtime/socket.ts';
import { StatsService } from './stats/service.ts';
import { townshipRefs } from './stats/refs.ts';
import { HUB_VERSION } from './version.ts';

const DORMANCY_CHECK_MS = 24 * 3_600_000;

export interface RunningHub {
  url: string;
  port: number;
  db: Db;
  /** The township as loaded now (replaced when reference data is reloaded). */
  readonly township: Township;
  io: WallServer;
  log: Logger;
  firstAdmin: FirstAdmin;
  stop(): Promise<void>;
}

async function importOnFirstStart(db: Db, config: HubConfig, log: Logger): Promise<Township> {
  const existing = await loadTownship(db);
  if (existing) return existing;
  const started = Date.now();
  const result = await loadGisData(db, readGisData(config.gisDir));
  log.info({ township: result.townshipCode, ms: Date.now() - started, from: config.gisDir }, 'imported township data on first start');
  const township = await loadTownship(db, result.townshipCode);
  if (!township) throw new Error(`No township in the database after import from ${config.gisDir}.`);
  return township;
}

/** Opens the database, imports the demo township on first start, sets up accounts, and listens. */
export async function startHub(config: HubConfig): Promise<RunningHub> {
  const log = createLogger(config.logLevel);
  const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  let httpServer: HttpServer | undefined;
  let realtime: Realtime | undefined;
  let dormancyTimer: NodeJS.Timeout | undefined;
  try {
    const township = await importOnFirstStart(db, config, log);
    const firstAdmin = await ensureFirstAdmin(db, township.code, config.adminPassword);
    await ensureBootstrapCredentials(db, township.code, config.bootstrapDisplayToken, config.bootstrapIngestKey);
    const runDormancyCheck = () =>
      disableDormantAccounts(db).then(
        (disabled) => {
          if (disabled.length === 0) return;
          log.info({ disabled: disabled.map((u) => u.username) }, 'disabled accounts unused for two years');
          for (const user of disabled) realtime?.disconnectPrincipal('user', user.id);
        },
        (error: unknown) => log.error({ err: error }, 'dormant-account check failed'),
      );
    await runDormancyCheck();
    dormancyTimer = setInterval(runDormancyCheck, DORMANCY_CHECK_MS);
    dormancyTimer.unref();

    httpServer = createServer();
    let current = township;
    const stats = await StatsService.start(db, () => townshipRefs(current));
    realtime = await createRealtime(httpServer, { db, township, stats, statsPushMs: config.statsPushMs, log });
    const ctx: HubContext = {
      db, township, realtime, stats, log,
      layers: new LayerCache(db, township.code),
      limits: config.limits,
      startedAt: Date.now(),
      version: HUB_VERSION,
      async reloadTownship() {
        const fresh = await loadTownship(db, ctx.township.code);
        if (fresh) ctx.township = current = fresh;
        ctx.layers.clear();
      },
    };
    httpServer.on('request', createApp(ctx, config.staticDir));
    await new Promise<void>((resolve, reject) => {
      httpServer!.once('error', reject);
      httpServer!.listen(config.port, config.host, () => resolve());
    });
    const { port } = httpServer.address() as AddressInfo;
    const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
    const url = `http://${host}:${port}`;
    log.info({ url, database: db.kind, township: township.name }, 'hub listening');

    let stopping: Promise<void> | undefined;
    const server = httpServer;
    const live = realtime;
    const timer = dormancyTimer;
    return {
      url, port, db, log, firstAdmin,
      io: live.io,
      get township() {
        return ctx.township;
      },
      stop: () => (stopping ??= (async () => {
        clearInterval(timer);
        await live.close(); // also closes the HTTP server
        server.closeAllConnections();
        await db.close();
        log.info('hub stopped');
      })()),
    };
  } catch (error) {
    clearInterval(dormancyTimer);
    await realtime?.close();
    httpServer?.close();
    await db.close();
    throw error;
  }
}
