// The hub: database, township reference data, REST, socket.io and statistics pushes, with start()
// and stop() so tests and signal handlers can bring it up and down cleanly.
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readGisData } from '../gis-data/read.ts';
import type { HubConfig } from './config.ts';
import { openDatabase, type Db } from './db/index.ts';
import { loadTownship, type Township } from './domain/township.ts';
import { createApp } from './http/app.ts';
import { LayerCache } from './http/layers.ts';
import { loadGisData } from './load/gisLoader.ts';
import { createLogger, type Logger } from './log.ts';
import { createSocketServer, townshipRoom, type WallServer } from './realtime/socket.ts';
import { StatsPublisher } from './realtime/statsPublisher.ts';

export const HUB_VERSION = '0.1.0';

export interface RunningHub {
  url: string;
  port: number;
  db: Db;
  township: Township;
  io: WallServer;
  log: Logger;
  stop(): Promise<void>;
}

/** Opens the database, imports the demo township on first start, and listens. */
export async function startHub(config: HubConfig): Promise<RunningHub> {
  const log = createLogger(config.logLevel);
  const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  let httpServer: HttpServer | undefined;
  let stats: StatsPublisher | undefined;
  let io: WallServer | undefined;
  try {
    let township = await loadTownship(db);
    if (!township) {
      const started = Date.now();
      const result = await loadGisData(db, readGisData(config.gisDir));
      log.info({ township: result.townshipCode, ms: Date.now() - started, from: config.gisDir }, 'imported township data on first start');
      township = await loadTownship(db, result.townshipCode);
    }
    if (!township) throw new Error(`No township in the database after import from ${config.gisDir}.`);
    const code = township.code;

    httpServer = createServer();
    const room = () => io!.to(townshipRoom(code));
    stats = new StatsPublisher(db, code, config.statsPushMs, (snapshot) => room().emit('stats:update', snapshot), log);
    io = createSocketServer(httpServer, code, stats, log);
    const app = createApp({
      db, township, stats, log,
      layers: new LayerCache(db, code),
      broadcast: {
        eventNew: (event) => room().emit('event:new', event),
        alarmNew: (alarm) => room().emit('alarm:new', alarm),
        changed: () => stats!.invalidate(),
      },
      staticDir: config.staticDir,
      startedAt: Date.now(),
      version: HUB_VERSION,
    });
    httpServer.on('request', app);
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
    const publisher = stats;
    const sockets = io;
    return {
      url, port, db, township, io: sockets, log,
      stop: () => (stopping ??= (async () => {
        await publisher.close();
        await new Promise<void>((resolve) => sockets.close(() => resolve())); // also closes the HTTP server
        server.closeAllConnections();
        await db.close();
        log.info('hub stopped');
      })()),
    };
  } catch (error) {
    await stats?.close();
    io?.close();
    httpServer?.close();
    await db.close();
    throw error;
  }
}
