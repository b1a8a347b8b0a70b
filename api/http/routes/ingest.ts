// Writes from people and machines: events, readings, patrol positions, points. Each is validated,
// stored (with its audit row) in one transaction, answered, and then pushed to the screens.
import express from 'express';
import type { PointsAccepted } from '../../../contract/api.ts';
import { EventInput, PatrolPositionBatch, PointsActionInput, ReadingBatch } from '../../../contract/schemas.ts';
import { actorName } from '../../auth/principal.ts';
import { acceptEvent } from '../../domain/events/intake.ts';
import { ingestPositions } from '../../domain/patrol/positions.ts';
import { recordPoints } from '../../domain/points/ledger.ts';
import { ingestReadings } from '../../domain/iot/readings.ts';
import type { HubContext } from '../context.ts';
import { ApiError, parseOr400 } from '../errors.ts';
import { refuseFutureTimes } from '../clock.ts';
import { bearerOf, clientIp, guard, principalOf } from '../guard.ts';
import { idempotentWrite } from '../idempotency.ts';
import { perMinute } from '../rateLimits.ts';

export function ingestRoutes(ctx: HubContext): express.Router {
  const router = express.Router();
  // Per credential, so one runaway integration cannot starve the others.
  const ingestLimit = perMinute(ctx.limits.ingestPerMinute, 'Too many writes with this credential; slow down or batch them.',
    (req) => bearerOf(req) ?? clientIp(req) ?? 'unknown');
  router.use(['/events', '/readings', '/patrol-positions', '/points'], (req, res, next) => (req.method === 'POST' ? ingestLimit(req, res, next) : next()));

  // Each write runs once per Idempotency-Key (see idempotency.ts). Screens hear of what was written
  // through the fact log (realtime/facts.ts); changed() makes the hubs read it and refresh figures,
  // naming the parts of the live state the write touched (stats/state.ts).
  router.post('/events', guard('events.report'), async (req, res) => {
    const principal = principalOf(res);
    const input = parseOr400(EventInput, req.body);
    refuseFutureTimes([{ path: 'occurredAt', at: input.occurredAt }], ctx.limits.clockSkewMs);
    const reporter = { actor: actorName(principal), scope: principal.scope, ip: clientIp(req) };
    const done = await idempotentWrite(ctx.db, req, res, async (db) => {
      const result = await acceptEvent(db, ctx.township, input, reporter, ctx.policy);
      return { status: result.duplicate ? 200 : 201, body: result };
    });
    if (done && !done.body.duplicate) {
      ctx.realtime.changed(['open']);
      ctx.warningsMayChange();
    }
  });

  router.post('/readings', guard('readings.ingest'), async (req, res) => {
    const batch = parseOr400(ReadingBatch, req.body);
    refuseFutureTimes(batch.readings.map((r, i) => ({ path: `readings.${i}.ts`, at: r.ts })), ctx.limits.clockSkewMs);
    const done = await idempotentWrite(ctx.db, req, res, async (db) => {
      const result = await ingestReadings(db, ctx.township, batch, actorName(principalOf(res)), clientIp(req));
      return { status: 201, body: { accepted: result.accepted, alarmsRaised: result.alarmsRaised } };
    });
    if (done) {
      ctx.realtime.changed(['latest', 'alarms']);
      ctx.warningsMayChange();
    }
  });

  router.post('/patrol-positions', guard('patrol.report'), async (req, res) => {
    const principal = principalOf(res);
    const batch = parseOr400(PatrolPositionBatch, req.body);
    refuseFutureTimes(batch.positions.map((p, i) => ({ path: `positions.${i}.ts`, at: p.ts })), ctx.limits.clockSkewMs);
    let ownWorker: string | undefined;
    if (principal.kind === 'user') {
      if (!principal.workerCode) throw new ApiError(403, 'forbidden', 'This account is not linked to a grid worker; ask an administrator to link it.');
      ownWorker = principal.workerCode;
    }
    const done = await idempotentWrite(ctx.db, req, res, async (db) => ({
      status: 201,
      body: { accepted: await ingestPositions(db, ctx.township, batch, actorName(principal), clientIp(req), ownWorker) },
    }));
    if (done) ctx.realtime.changed(['patrol']);
  });

  router.post('/points', guard('points.record'), async (req, res) => {
    const action = parseOr400(PointsActionInput, req.body);
    refuseFutureTimes([{ path: 'ts', at: action.ts }], ctx.limits.clockSkewMs);
    const done = await idempotentWrite(ctx.db, req, res, async (db) => {
      const result = await recordPoints(db, ctx.township, action, actorName(principalOf(res)), clientIp(req));
      const body: PointsAccepted = { accepted: result.duplicate ? 0 : 1, duplicate: result.duplicate };
      return { status: result.duplicate ? 200 : 201, body };
    });
    if (done && !done.body.duplicate) ctx.realtime.changed([]); // points change buckets only
  });
  return router;
}
