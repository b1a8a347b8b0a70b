// The hub: database, township reference data, REST, socket.io and statistics pushes, with start()
// and stop() so tests and signal handlers can bring it up and down cleanly.
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readGisData } from '../gis-data/read.ts';
import { disableDormantAccounts, ensureBootstrapAccounts, ensureBootstrapCredentials, ensureFirstAdmin, type FirstAdmin } from './auth/accounts.ts';
import type { HubConfig } from './config.ts';
import { openDatabase, type Db } from './db/index.ts';
import { loadTownship, type Township } from './domain/township.ts';
import { startHousekeeping, type Housekeeping } from './housekeeping.ts';
import { createApp } from './http/app.ts';
import type { HubContext } from './http/context.ts';
import { pruneIdempotencyKeys } from './http/idempotency.ts';
import { loadForceIndex } from './domain/dispatch/forceIndex.ts';
import { pushDueDeadlines } from './domain/events/timing.ts';
import { deliverEscalations } from './domain/supervision/escalate.ts';
import { raiseOfflineAlarms } from './domain/iot/offline.ts';
import { ensureDefaultWarningRules } from './domain/warnings/rules.ts';
import { evaluateWarnings } from './domain/warnings/warnings.ts';
import { loadTerrain, type Terrain } from './domain/emergency/terrain.ts';
import { loadImpactIndex, type TownshipImpact } from './domain/emergency/impact.ts';
import { LayerCache } from './http/layers.ts';
import { completeGisData, loadGisData } from './load/gisLoader.ts';
import { createLogger, type Logger } from './log.ts';
import { createRealtime, type Realtime, type WallServer } from './realtime/socket.ts';
import { StatsService } from './stats/service.ts';
import { townshipRefs } from './stats/refs.ts';
import { HUB_VERSION } from './version.ts';

const DORMANCY_CHECK_MS = 24 * 3_600_000;
const IDEMPOTENCY_PRUNE_MS = 10 * 60_000;
const DEADLINE_CHECK_MS = 1_000;
const ESCALATIONS_JOB = 'escalations';
const WARNINGS_JOB = 'warnings';
/** Warning rules are looked at this often, and at once after a write they may depend on. */
const WARNINGS_CHECK_MS = 5_000;
/** How often undelivered escalations are looked at (each waits out its own backoff, see escalate.ts). */
const ESCALATION_RETRY_CHECK_MS = 2_000;
/** How often Node checks for requests past their header or request timeout (its default, 30 s, would let them run that much late). */
const TIMEOUT_CHECK_MS = 1_000;

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
  if (existing) {
    // A database imported before households and the elevation grid existed gets them now.
    const added = await completeGisData(db, readGisData(config.gisDir), existing.code);
    if (added.households > 0 || added.terrain) log.info({ township: existing.code, ...added, from: config.gisDir }, 'added households and terrain to the township');
    return existing;
  }
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
  let housekeeping: Housekeeping | undefined;
  try {
    const township = await importOnFirstStart(db, config, log);
    const firstAdmin = await ensureFirstAdmin(db, township.code, config.adminPassword);
    await ensureBootstrapCredentials(db, township.code, config.bootstrapDisplayToken, config.bootstrapIngestKey);
    await ensureBootstrapAccounts(db, township.code, config.bootstrapAccounts);
    await ensureDefaultWarningRules(db, township.code);
    // Slow clients are cut off within seconds: headers, then the whole request, each get a deadline.
    httpServer = createServer({
      headersTimeout: config.http.headersTimeoutMs,
      requestTimeout: config.http.requestTimeoutMs,
      connectionsCheckingInterval: TIMEOUT_CHECK_MS,
    });
    let current = township;
    let terrain: Promise<Terrain | null> | undefined;
    let impactIndex: Promise<TownshipImpact> | undefined;
    const stats = await StatsService.start(db, () => townshipRefs(current));
    realtime = await createRealtime(httpServer, { db, township, stats, statsPushMs: config.statsPushMs, log });
    const live = realtime;
    const ctx: HubContext = {
      db, township, realtime, stats, log,
      layers: new LayerCache(db, township.code),
      limits: config.limits,
      policy: config.policy,
      forces: await loadForceIndex(db, township.code),
      startedAt: Date.now(),
      version: HUB_VERSION,
      async reloadTownship() {
        const fresh = await loadTownship(db, ctx.township.code);
        if (fresh) ctx.township = current = fresh;
        ctx.forces = await loadForceIndex(db, ctx.township.code);
        ctx.layers.clear();
        impactIndex = undefined; // places or forces may have changed
      },
      escalationsWritten() {
        housekeeping?.runNow(ESCALATIONS_JOB);
      },
      warningsMayChange() {
        housekeeping?.runNow(WARNINGS_JOB);
      },
      // Read once; a failed read is tried again by the next caller.
      terrain: () => (terrain ??= loadTerrain(db, ctx.township.code).catch((error: unknown) => {
        terrain = undefined;
        throw error;
      })),
      impact: () => (impactIndex ??= loadImpactIndex(db, ctx.township.code).catch((error: unknown) => {
        impactIndex = undefined;
        throw error;
      })),
    };
    housekeeping = await startHousekeeping([
      {
        name: 'dormant accounts',
        everyMs: DORMANCY_CHECK_MS,
        async run() {
          const disabled = await disableDormantAccounts(db);
          if (disabled.length === 0) return;
          log.info({ disabled: disabled.map((u) => u.username) }, 'disabled accounts unused for two years');
          for (const user of disabled) live.disconnectPrincipal('user', user.id);
        },
      },
      {
        name: 'idempotency keys',
        everyMs: IDEMPOTENCY_PRUNE_MS,
        async run() {
          const deleted = await pruneIdempotencyKeys(db, new Date(Date.now() - config.idempotencyRetentionMs));
          if (deleted > 0) log.info({ deleted }, 'deleted idempotency keys past their replay window');
        },
      },
      {
        // Deadlines nearing and passing reach the screens (and an overdue event its notice) when they come.
        name: 'deadlines',
        everyMs: DEADLINE_CHECK_MS,
        async run() {
          if ((await pushDueDeadlines(db, ctx.township)) > 0) live.changed(['open']);
        },
      },
      {
        name: WARNINGS_JOB,
        everyMs: WARNINGS_CHECK_MS,
        async run() {
          const { raised, resolved } = await evaluateWarnings(db, ctx.township.code);
          if (raised + resolved === 0) return;
          log.info({ raised, resolved }, 'warnings evaluated');
          live.changed([]); // no figure changed; the screens are told of the warnings
        },
      },
      {
        // Looked at a few times per allowed silence, so an offline alarm comes at most a quarter late.
        name: 'offline devices',
        everyMs: Math.min(30_000, Math.max(250, config.policy.deviceOfflineAfterMs / 4)),
        async run() {
          if ((await raiseOfflineAlarms(db, ctx.township.code, config.policy.deviceOfflineAfterMs)) > 0) live.changed(['alarms']);
        },
      },
      ...(config.escalationWebhookUrl ? [{
        name: ESCALATIONS_JOB,
        everyMs: ESCALATION_RETRY_CHECK_MS,
        async run() {
          const delivered = await deliverEscalations(db, ctx.township.code, config.escalationWebhookUrl!);
          if (delivered > 0) log.info({ delivered }, 'escalations delivered to the county');
        },
      }] : []),
    ], log);
    httpServer.on('request', createApp(ctx, { staticDir: config.staticDir, trustProxy: config.trustProxy }));
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
    const jobs = housekeeping;
    return {
      url, port, db, log, firstAdmin,
      io: live.io,
      get township() {
        return ctx.township;
      },
      stop: () => (stopping ??= (async () => {
        await jobs.stop();
        await live.close(); // also closes the HTTP server
        server.closeAllConnections();
        await db.close();
        log.info('hub stopped');
      })()),
    };
  } catch (error) {
    await housekeeping?.stop();
    await realtime?.close();
    httpServer?.close();
    await db.close();
    throw error;
  }
}
