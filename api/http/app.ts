// The HTTP side of the hub: REST routes under /api/v1 and the built wall as static files.
// Routes stay thin: validate, call the domain, answer, then tell the screens.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import express, { type ErrorRequestHandler, type Request, type Response } from 'express';
import { API_PREFIX, type AlarmSummary, type EventSummary, type Health, type TownshipInfo } from '../../contract/api.ts';
import { EventInput, LIMITS, PatrolPositionBatch, PointsActionInput, ReadingBatch } from '../../contract/schemas.ts';
import type { Db } from '../db/index.ts';
import { acceptEvent, listEvents } from '../domain/events.ts';
import { recordPoints } from '../domain/points.ts';
import { ingestPositions } from '../domain/patrol.ts';
import { ingestReadings } from '../domain/readings.ts';
import type { Township } from '../domain/township.ts';
import type { Logger } from '../log.ts';
import type { StatsPublisher } from '../realtime/statsPublisher.ts';
import { ApiError, parseOr400 } from './errors.ts';
import { isLayerName, type LayerCache } from './layers.ts';

export interface Broadcast {
  eventNew(event: EventSummary): void;
  alarmNew(alarm: AlarmSummary): void;
  /** Figures changed: a coalesced statistics push follows. */
  changed(): void;
}

export interface AppDeps {
  db: Db;
  township: Township;
  stats: StatsPublisher;
  layers: LayerCache;
  broadcast: Broadcast;
  log: Logger;
  staticDir: string;
  startedAt: number;
  version: string;
}

const EVENT_LIST_MAX = 500;

export function createApp(deps: AppDeps): express.Express {
  const { db, township, broadcast } = deps;
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  const api = express.Router();
  api.use(express.json({ limit: LIMITS.bodyBytes, strict: true }));

  api.get('/health', async (_req, res: Response<Health>) => {
    const database: Health['database'] = { kind: db.kind, status: 'ok' };
    try {
      const [row] = await db.query<{ version: string }>(`SELECT current_setting('server_version') AS version`);
      database.version = row?.version;
    } catch (error) {
      database.status = 'error';
      database.detail = (error as Error).message;
    }
    res.status(database.status === 'ok' ? 200 : 503).json({
      status: database.status === 'ok' ? 'ok' : 'degraded',
      database,
      township: { code: township.code, name: township.name },
      uptimeSeconds: Math.round((Date.now() - deps.startedAt) / 1000),
      version: deps.version,
    });
  });

  api.get('/township', (_req, res: Response<TownshipInfo>) => {
    res.json({ code: township.code, name: township.name, countyName: township.countyName, bbox: township.bbox,
      attribution: township.attribution, schematic: township.schematic });
  });

  api.get('/layers/:name', async (req: Request<{ name: string }>, res) => {
    const { name } = req.params;
    if (!isLayerName(name)) throw new ApiError(404, 'not_found', `No map layer "${name}".`);
    const layer = await deps.layers.get(name);
    res.setHeader('ETag', layer.etag);
    res.setHeader('Cache-Control', 'no-cache');
    if (req.headers['if-none-match'] === layer.etag) {
      res.status(304).end();
      return;
    }
    res.type('application/geo+json').send(layer.body);
  });

  api.get('/events', async (req, res) => {
    const limit = Math.min(Math.max(Number(req.query.limit ?? 100) || 100, 1), EVENT_LIST_MAX);
    const openOnly = req.query.open === 'true';
    res.json({ events: await listEvents(db, township.code, { openOnly, limit }) });
  });

  api.get('/stats', async (_req, res) => {
    res.json(await deps.stats.snapshot());
  });

  api.post('/events', async (req, res) => {
    const input = parseOr400(EventInput, req.body);
    const result = await acceptEvent(db, township, input);
    res.status(result.duplicate ? 200 : 201).json(result);
    if (!result.duplicate) {
      broadcast.eventNew(result.event);
      broadcast.changed();
    }
  });

  api.post('/readings', async (req, res) => {
    const batch = parseOr400(ReadingBatch, req.body);
    const { alarms, ...accepted } = await ingestReadings(db, township, batch);
    res.status(201).json(accepted);
    for (const alarm of alarms) broadcast.alarmNew(alarm);
    broadcast.changed();
  });

  api.post('/patrol-positions', async (req, res) => {
    const batch = parseOr400(PatrolPositionBatch, req.body);
    res.status(201).json({ accepted: await ingestPositions(db, township, batch) });
    broadcast.changed();
  });

  api.post('/points', async (req, res) => {
    const action = parseOr400(PointsActionInput, req.body);
    const result = await recordPoints(db, township, action);
    res.status(result.duplicate ? 200 : 201).json({ accepted: result.duplicate ? 0 : 1 });
    if (!result.duplicate) broadcast.changed();
  });

  api.use((req, _res, next) => next(new ApiError(404, 'not_found', `No route ${req.method} ${API_PREFIX}${req.path}.`)));
  app.use(API_PREFIX, api);
  app.use(API_PREFIX, errorHandler(deps.log));

  mountWall(app, deps.staticDir);
  app.use(errorHandler(deps.log));
  return app;
}

/** Serves the built wall; a missing build answers with what to run instead of a bare 404. */
function mountWall(app: express.Express, staticDir: string): void {
  const index = join(staticDir, 'index.html');
  app.use(express.static(staticDir, {
    index: false,
    setHeaders(res, path) {
      if (path.includes(`${staticDir}/assets/`)) res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
    },
  }));
  app.get('/', (_req, res) => {
    if (existsSync(index)) res.sendFile(index);
    else res.status(503).type('text/plain').send('The wall is not built yet: run `npm run build`, then reload.');
  });
}

function errorHandler(log: Logger): ErrorRequestHandler {
  return (error, req, res, _next) => {
    if (res.headersSent) return;
    if (error instanceof ApiError) {
      res.status(error.status).json(error.toBody());
      return;
    }
    // body-parser marks its own errors with a status and a type.
    const parserError = error as { status?: number; type?: string; message?: string };
    if (parserError.type === 'entity.parse.failed') {
      res.status(400).json({ error: 'invalid_json', message: 'The request body is not valid JSON; send a JSON object.' });
      return;
    }
    if (parserError.type === 'entity.too.large') {
      res.status(413).json({ error: 'payload_too_large', message: `The request body exceeds ${LIMITS.bodyBytes}; split it into smaller batches.` });
      return;
    }
    if (typeof parserError.status === 'number' && parserError.status >= 400 && parserError.status < 500) {
      res.status(parserError.status).json({ error: 'validation', message: 'The request could not be read; check its Content-Type and encoding.' });
      return;
    }
    log.error({ err: error, method: req.method, url: req.originalUrl }, 'request failed');
    res.status(500).json({ error: 'internal', message: 'The hub could not complete this request; it has been logged. Retry later.' });
  };
}
