// Emergency work (应急): incidents, and switching the room between peacetime and emergency for one.
import express, { type Request } from 'express';
import { ArrivalInput, HazardAreaInput, ImpactQuery, ShelterQuery, IncidentCloseInput, IncidentInput, IncidentLevelInput, ModeSwitchInput } from '../../../contract/incidents.ts';
import { addHazardArea, currentHazardArea, hazardAreas, hazardGeography } from '../../domain/emergency/hazards.ts';
import { impactOf, shelterOccupancy } from '../../domain/emergency/impact.ts';
import { incidentTimeline } from '../../domain/emergency/timeline.ts';
import { dispatchEvacuation, evacuationPlan } from '../../domain/emergency/evacuation.ts';
import { EvacuationInput } from '../../../contract/evacuation.ts';
import { nextShelterWithRoom, recordArrival, shelterStates } from '../../domain/emergency/shelters.ts';
import { maskedPeople } from '../../domain/people/keyPeople.ts';
import { can } from '../../auth/permissions.ts';
import { actorName } from '../../auth/principal.ts';
import { closeIncident, incidentSummary, listIncidents, openIncident, setResponseLevel } from '../../domain/emergency/incidents.ts';
import { modeSwitches, switchMode } from '../../domain/emergency/mode.ts';
import type { HubContext } from '../context.ts';
import { ApiError, idParam, parseOr400 } from '../errors.ts';
import { clientIp, guard, principalOf } from '../guard.ts';
import { ListQuery } from '../../../contract/schemas.ts';

export function emergencyRoutes(ctx: HubContext): express.Router {
  const router = express.Router();
  const by = (req: Request, res: express.Response) => ({ actor: actorName(principalOf(res)), ip: clientIp(req) });
  // Incident and mode facts are for every screen of the township, whatever its scope; no figures change.
  const told = () => ctx.realtime.changed([]);

  router.post('/mode', guard('mode.switch'), async (req, res) => {
    const request = parseOr400(ModeSwitchInput, req.body);
    const { actor, ip } = by(req, res);
    res.json(await switchMode(ctx.db, ctx.township.code, request, actor, ip));
    told();
  });

  router.get('/mode/switches', guard('mode.read'), async (_req, res) => {
    res.json({ switches: await modeSwitches(ctx.db, ctx.township.code) });
  });

  router.get('/incidents', guard('incidents.read'), async (req, res) => {
    const { open } = parseOr400(ListQuery, req.query);
    res.json({ incidents: await listIncidents(ctx.db, ctx.township.code, open === 'true') });
  });

  router.post('/incidents', guard('incidents.manage'), async (req, res) => {
    const input = parseOr400(IncidentInput, req.body);
    const { actor, ip } = by(req, res);
    res.status(201).json(await openIncident(ctx.db, ctx.township.code, input, actor, ip));
    told();
  });

  router.get('/incidents/:id', guard('incidents.read'), async (req: Request<{ id: string }>, res) => {
    const id = idParam(req);
    const incident = await incidentSummary(ctx.db, ctx.township.code, id);
    res.json({ incident, switches: await modeSwitches(ctx.db, ctx.township.code, id) });
  });

  router.post('/incidents/:id/level', guard('incidents.manage'), async (req: Request<{ id: string }>, res) => {
    const { responseLevel, reason } = parseOr400(IncidentLevelInput, req.body);
    const { actor, ip } = by(req, res);
    res.json(await setResponseLevel(ctx.db, ctx.township.code, idParam(req), responseLevel, reason, actor, ip));
    told();
  });

  router.post('/incidents/:id/close', guard('incidents.manage'), async (req: Request<{ id: string }>, res) => {
    const { reason } = parseOr400(IncidentCloseInput, req.body);
    const { actor, ip } = by(req, res);
    res.json(await closeIncident(ctx.db, ctx.township.code, idParam(req), reason, actor, ip));
    told();
  });

  router.get('/incidents/:id/hazard-areas', guard('incidents.read'), async (req: Request<{ id: string }>, res) => {
    const id = idParam(req);
    await incidentSummary(ctx.db, ctx.township.code, id); // 404 for an unknown incident, not an empty list
    res.json({ areas: await hazardAreas(ctx.db, ctx.township.code, id) });
  });

  router.post('/incidents/:id/hazard-areas', guard('hazards.edit'), async (req: Request<{ id: string }>, res) => {
    const input = parseOr400(HazardAreaInput, req.body);
    const { actor, ip } = by(req, res);
    const geo = await hazardGeography(ctx.db, ctx.township.code, await ctx.terrain());
    const township = await ctx.impact();
    const id = idParam(req);
    const occupancy = await shelterOccupancy(ctx.db, id);
    const update = await addHazardArea(ctx.db, ctx.township.code, id, input, geo, (area) => impactOf(township, area, occupancy).figures, actor, ip);
    res.status(201).json(update);
    told();
  });

  // The current area's impact, counted now; `people=true` adds the vulnerable people inside, masked, for those who may see them.
  router.get('/incidents/:id/impact', guard('incidents.read'), async (req: Request<{ id: string }>, res) => {
    const id = idParam(req);
    const { people } = parseOr400(ImpactQuery, req.query);
    const principal = principalOf(res);
    if (people === 'true' && !can(principal, 'people.read')) throw new ApiError(403, 'forbidden', 'Your role may not list key-group people; ask for the counts only.');
    await incidentSummary(ctx.db, ctx.township.code, id);
    const area = await currentHazardArea(ctx.db, ctx.township.code, id);
    // Before a hazard area is drawn there is nothing to count: an answer, not an error.
    if (!area) {
      res.json({ area: null, impact: null, ...(people === 'true' ? { people: [] } : {}) });
      return;
    }
    const { figures, impact } = impactOf(await ctx.impact(), area, await shelterOccupancy(ctx.db, id));
    res.json({ area, impact: figures, ...(people === 'true' ? { people: await maskedPeople(ctx.db, principal.scope, impact.vulnerablePeople) } : {}) });
  });

  // Evacuation (转移安置): a round dispatches the people inside not yet assigned; the plan shows every round's progress.
  router.post('/incidents/:id/evacuation', guard('events.dispatch'), async (req: Request<{ id: string }>, res) => {
    const input = parseOr400(EvacuationInput, req.body);
    const round = await dispatchEvacuation(ctx.db, ctx.township, await ctx.impact(), idParam(req), input, by(req, res), ctx.policy);
    res.status(round.events.length > 0 ? 201 : 200).json(round);
    if (round.events.length > 0) {
      ctx.realtime.changed(['open', 'tasks']);
      ctx.warningsMayChange();
    }
  });

  router.get('/incidents/:id/evacuation', guard('incidents.read'), async (req: Request<{ id: string }>, res) => {
    const id = idParam(req);
    await incidentSummary(ctx.db, ctx.township.code, id);
    const area = await currentHazardArea(ctx.db, ctx.township.code, id);
    const inside = area ? impactOf(await ctx.impact(), area, new Map()).impact.vulnerablePeople : [];
    const principal = principalOf(res);
    res.json(await evacuationPlan(ctx.db, ctx.township, id, inside, can(principal, 'people.read') ? principal.scope : null));
  });

  // The replay (工作复盘): read-only, whoever may read incidents.
  router.get('/incidents/:id/timeline', guard('incidents.read'), async (req: Request<{ id: string }>, res) => {
    res.json(await incidentTimeline(ctx.db, ctx.township.code, idParam(req)));
  });

  router.get('/incidents/:id/shelters', guard('incidents.read'), async (req: Request<{ id: string }>, res) => {
    const id = idParam(req);
    const { lon, lat, people } = parseOr400(ShelterQuery, req.query);
    await incidentSummary(ctx.db, ctx.township.code, id);
    const shelters = await shelterStates(ctx.db, ctx.township.code, id);
    const next = lon !== undefined && lat !== undefined ? nextShelterWithRoom(shelters, { lon, lat }, people) : undefined;
    res.json({ shelters, ...(next !== undefined ? { next } : {}) });
  });

  router.post('/incidents/:id/shelters/:code/arrivals', guard('shelters.report'), async (req: Request<{ id: string; code: string }>, res) => {
    const input = parseOr400(ArrivalInput, req.body);
    const { actor, ip } = by(req, res);
    const { update, duplicate } = await recordArrival(ctx.db, ctx.township.code, idParam(req), req.params.code, input, actor, ip);
    res.status(duplicate ? 200 : 201).json(update);
    if (!duplicate) {
      told();
      ctx.warningsMayChange();
    }
  });

  return router;
}
