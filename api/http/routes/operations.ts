// The duty room's operations: moving events through the closed loop, exporting them, acknowledging
// alarms, and looking up key-group people.
import express, { type Request } from 'express';
import { DuplicateQuery, EventDetailQuery, EventTransitionInput, ListQuery, PeopleQuery, UnmaskQuery } from '../../../contract/schemas.ts';
import { audit } from '../../audit.ts';
import { can } from '../../auth/permissions.ts';
import { actorName } from '../../auth/principal.ts';
import { acknowledgeAlarm, listAlarms } from '../../domain/iot/alarms.ts';
import { transitionEvent } from '../../domain/events/flow.ts';
import { eventDetail } from '../../domain/events/detail.ts';
import { duplicateCandidates } from '../../domain/events/duplicates.ts';
import { eventSummary, listEvents } from '../../domain/events/summary.ts';
import { unlinkReport } from '../../domain/events/unlink.ts';
import { alarmToEvent } from '../../domain/iot/alarmToEvent.ts';
import { toWgs84 } from '../../geo/datum.ts';
import { getPerson, listPeople } from '../../domain/people/keyPeople.ts';
import type { HubContext } from '../context.ts';
import { toCsv } from '../csv.ts';
import { ApiError, idParam, parseOr400 } from '../errors.ts';
import { clientIp, guard, principalOf } from '../guard.ts';

const EXPORT_MAX = 100_000;

export function operationRoutes(ctx: HubContext): express.Router {
  const router = express.Router();

  // Which permission applies depends on the step: transitionEvent checks it; the guard admits readers.
  router.post('/events/:id/transition', guard('events.read'), async (req: Request<{ id: string }>, res) => {
    const principal = principalOf(res);
    const request = parseOr400(EventTransitionInput, req.body);
    const event = await transitionEvent(ctx.db, ctx.township, principal, idParam(req), request, clientIp(req));
    res.json({ event });
    ctx.realtime.changed(['open', 'tasks']);
  });

  router.get('/events/export.csv', guard('events.export'), async (req, res) => {
    const principal = principalOf(res);
    const events = await listEvents(ctx.db, principal.scope, { openOnly: req.query.open === 'true', limit: EXPORT_MAX });
    await audit(ctx.db, { actor: actorName(principal), action: 'events.exported', detail: { rows: events.length, scope: principal.scope }, ip: clientIp(req) });
    const header = ['number', 'title', 'category', 'level', 'source', 'status', 'village', 'grid', 'reporter', 'reporterPhone', 'lon', 'lat', 'acceptedAt', 'deadlineAt'];
    const rows = events.map((e) => [e.number, e.title, e.category, e.level, e.source, e.status, e.villageName, e.gridName, e.reporterName, e.reporterPhone, e.lon, e.lat, e.acceptedAt, e.deadlineAt]);
    res.type('text/csv; charset=utf-8').attachment('events.csv').send(toCsv(header, rows));
  });

  router.get('/events/duplicates', guard('events.report'), async (req, res) => {
    const query = parseOr400(DuplicateQuery, req.query);
    const [lon, lat] = toWgs84([query.lon, query.lat], query.datum);
    const candidates = await duplicateCandidates(ctx.db, ctx.township, principalOf(res).scope, query.category, lon, lat, new Date(), ctx.policy);
    const events = [];
    for (const c of candidates) events.push({ event: (await eventSummary(ctx.db, c.id))!, distanceM: Math.round(c.distanceM) });
    res.json({ radiusM: ctx.policy.duplicateRadiusM, windowMinutes: ctx.policy.duplicateWindowMs / 60_000, candidates: events });
  });

  router.get('/events/:id', guard('events.read'), async (req: Request<{ id: string }>, res) => {
    const principal = principalOf(res);
    const query = parseOr400(EventDetailQuery, req.query);
    if (query.unmask && !can(principal, 'people.unmask')) throw new ApiError(403, 'forbidden', 'Your role may not see personal data unmasked.');
    if (query.unmask && !query.reason) throw new ApiError(400, 'validation', 'Say why you need the reporter unmasked (reason); it is kept in the audit log.', [{ path: 'reason', message: 'required with unmask=true' }]);
    const unmask = query.unmask ? { actor: actorName(principal), reason: query.reason!, ip: clientIp(req) } : null;
    if (principal.kind === 'display' && unmask) throw new ApiError(403, 'forbidden', 'A wall never shows personal data.');
    res.json(await eventDetail(ctx.db, ctx.township, principal.scope, idParam(req), unmask));
  });

  router.post('/events/:id/reports/:reportId/unlink', guard('events.unlink'), async (req: Request<{ id: string; reportId: string }>, res) => {
    const principal = principalOf(res);
    const reportId = idParam({ params: { id: req.params.reportId } });
    const result = await unlinkReport(ctx.db, ctx.township, idParam(req), reportId, { actor: actorName(principal), ip: clientIp(req) }, ctx.policy);
    res.json(result);
    ctx.realtime.changed(['open']);
  });

  router.get('/alarms', guard('alarms.read'), async (req, res) => {
    const { open, limit } = parseOr400(ListQuery, req.query);
    res.json({ alarms: await listAlarms(ctx.db, principalOf(res).scope, { openOnly: open === 'true', limit }) });
  });

  router.post('/alarms/:id/acknowledge', guard('alarms.acknowledge'), async (req: Request<{ id: string }>, res) => {
    await acknowledgeAlarm(ctx.db, ctx.township.code, idParam(req), actorName(principalOf(res)), clientIp(req));
    res.status(204).end();
    ctx.realtime.changed(['alarms']);
  });

  router.post('/alarms/:id/event', guard('alarms.to_event'), async (req: Request<{ id: string }>, res) => {
    const result = await alarmToEvent(ctx.db, ctx.township, idParam(req), { actor: actorName(principalOf(res)), ip: clientIp(req) }, ctx.policy);
    res.status(201).json(result);
    ctx.realtime.changed(['open', 'alarms']);
  });

  router.get('/people', guard('people.read'), async (req, res) => {
    const query = parseOr400(PeopleQuery, req.query);
    res.json(await listPeople(ctx.db, principalOf(res).scope, query));
  });

  router.get('/people/:code', guard('people.read'), async (req: Request<{ code: string }>, res) => {
    const principal = principalOf(res);
    const query = parseOr400(UnmaskQuery, req.query);
    if (query.unmask && !can(principal, 'people.unmask')) throw new ApiError(403, 'forbidden', 'Your role may not see personal data unmasked.');
    if (query.unmask && !query.reason) throw new ApiError(400, 'validation', 'Say why you need the unmasked record (reason); it is kept in the audit log.', [{ path: 'reason', message: 'required with unmask=true' }]);
    const unmask = query.unmask ? { actor: actorName(principal), reason: query.reason!, ip: clientIp(req) } : null;
    res.json(await getPerson(ctx.db, principal.scope, req.params.code, unmask));
  });

  return router;
}
