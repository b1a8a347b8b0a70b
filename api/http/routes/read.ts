// What screens and people read: the township frame, map layers, events, figures and the room's mode.
// Lists and counts are cut to the caller's scope; personal fields are masked.
import express, { type Request, type Response } from 'express';
import type { Health, TownshipInfo } from '../../../contract/api.ts';
import { EventListQuery } from '../../../contract/schemas.ts';
import { listEvents } from '../../domain/events/summary.ts';
import { currentMode } from '../../domain/emergency/mode.ts';
import type { HubContext } from '../context.ts';
import { ApiError, parseOr400 } from '../errors.ts';
import { guard, principalOf } from '../guard.ts';
import { isLayerName } from '../layers.ts';
import { TerrainCache } from '../terrain.ts';
import { openApiDocument } from '../openapi.ts';
import { everyScope } from '../../stats/refs.ts';

/** Health and the API description answer without a token: monitoring and integrators need them first. */
export function healthRoute(ctx: HubContext): express.Router {
  const router = express.Router();
  router.get('/health', async (_req, res: Response<Health>) => {
    const database: Health['database'] = { kind: ctx.db.kind, status: 'ok' };
    try {
      const [row] = await ctx.db.query<{ version: string }>(`SELECT current_setting('server_version') AS version`);
      database.version = row?.version;
    } catch {
      database.status = 'error';
      database.detail = 'the database did not answer';
    }
    res.status(database.status === 'ok' ? 200 : 503).json({
      status: database.status === 'ok' ? 'ok' : 'degraded',
      database,
      township: { code: ctx.township.code, name: ctx.township.name },
      uptimeSeconds: Math.round((Date.now() - ctx.startedAt) / 1000),
      version: ctx.version,
    });
  });
  const document = JSON.stringify(openApiDocument());
  router.get('/openapi.json', (_req, res) => {
    res.type('application/json').send(document);
  });
  return router;
}

export function readRoutes(ctx: HubContext): express.Router {
  const router = express.Router();

  router.get('/township', guard('map.read'), (_req, res: Response<TownshipInfo>) => {
    const t = ctx.township;
    res.json({ code: t.code, name: t.name, countyName: t.countyName, bbox: t.bbox, attribution: t.attribution, schematic: t.schematic });
  });

  router.get('/layers/:name', guard('map.read'), async (req: Request<{ name: string }>, res) => {
    const { name } = req.params;
    if (!isLayerName(name)) throw new ApiError(404, 'not_found', `No map layer "${name}".`);
    const layer = await ctx.layers.get(name);
    res.setHeader('ETag', layer.etag);
    res.setHeader('Cache-Control', 'private, no-cache');
    if (req.headers['if-none-match'] === layer.etag) {
      res.status(304).end();
      return;
    }
    res.type('application/geo+json').send(layer.body);
  });

  // The elevation grid for the wall's terrain and the flood fill: its header as JSON, its heights as
  // bytes (355 KB for the demo), each cacheable with its ETag.
  const terrain = new TerrainCache(() => ({ db: ctx.db, townshipCode: ctx.township.code }));
  const terrainOr404 = async () => {
    const grid = await terrain.get();
    if (!grid) throw new ApiError(404, 'not_found', 'This township has no elevation grid: import gis-data with elevation.json and elevation.bin (npm run gis), then restart the hub.');
    return grid;
  };
  router.get('/terrain', guard('map.read'), async (req, res) => {
    const grid = await terrainOr404();
    if (notModified(req, res, grid.headerEtag)) return;
    res.json(grid.header);
  });
  router.get('/terrain/heights', guard('map.read'), async (req, res) => {
    const grid = await terrainOr404();
    if (notModified(req, res, grid.heightsEtag)) return;
    res.type('application/octet-stream').send(grid.heights);
  });

  router.get('/events', guard('events.read'), async (req, res) => {
    const { open, limit } = parseOr400(EventListQuery, req.query);
    res.json({ events: await listEvents(ctx.db, principalOf(res).scope, { openOnly: open === 'true', limit }) });
  });

  router.get('/stats', guard('stats.read'), async (_req, res) => {
    res.json(await ctx.stats.snapshot(principalOf(res).scope));
  });

  // Every figure of the township, each village and each grid, recomputed from the raw rows.
  router.get('/stats/verify', guard('stats.verify'), async (_req, res) => {
    const scopes = everyScope(ctx.township);
    const started = Date.now();
    const result = await ctx.stats.verify(scopes);
    res.json({ ok: result.mismatches.length === 0, scopes: scopes.length, figuresChecked: result.checked, ms: Date.now() - started,
      mismatches: result.mismatches.slice(0, 100) });
  });

  router.get('/mode', guard('mode.read'), async (_req, res) => {
    res.json(await currentMode(ctx.db, ctx.township.code));
  });
  return router;
}

/** Sets the terrain's caching headers; answers 304 (and true) when the client has this version. */
function notModified(req: Request, res: Response, etag: string): boolean {
  res.setHeader('ETag', etag);
  // Private (it needs a credential), kept a day, then checked again with its ETag.
  res.setHeader('Cache-Control', 'private, max-age=86400');
  if (req.headers['if-none-match'] !== etag) return false;
  res.status(304).end();
  return true;
}
