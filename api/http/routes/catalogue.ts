// The event catalogue (事项清单) and its departments: read by the room, edited by administrators.
import express, { type Request } from 'express';
import { DepartmentInput, DepartmentUpdate, EventItemInput, EventItemUpdate } from '../../../contract/schemas.ts';
import { can } from '../../auth/permissions.ts';
import { actorName } from '../../auth/principal.ts';
import { createDepartment, createItem, getCatalogue, updateDepartment, updateItem } from '../../domain/catalogue/catalogue.ts';
import type { HubContext } from '../context.ts';
import { parseOr400 } from '../errors.ts';
import { clientIp, guard, principalOf } from '../guard.ts';

export function catalogueRoutes(ctx: HubContext): express.Router {
  const router = express.Router();
  const code = (req: Request<{ code: string }>) => req.params.code;

  // The duty room calls departments: their phones are shown whole to those who dispatch.
  router.get('/catalogue', guard('catalogue.read'), async (_req, res) => {
    const principal = principalOf(res);
    res.json(await getCatalogue(ctx.db, ctx.township.code, can(principal, 'events.dispatch') || can(principal, 'catalogue.manage')));
  });

  router.post('/catalogue/items', guard('catalogue.manage'), async (req, res) => {
    const input = parseOr400(EventItemInput, req.body);
    const item = await ctx.db.tx((q) => createItem(q, ctx.township.code, input, actorName(principalOf(res)), clientIp(req)));
    res.status(201).json(item);
  });

  router.put('/catalogue/items/:code', guard('catalogue.manage'), async (req: Request<{ code: string }>, res) => {
    const input = parseOr400(EventItemUpdate, req.body);
    res.json(await ctx.db.tx((q) => updateItem(q, ctx.township.code, code(req), input, actorName(principalOf(res)), clientIp(req))));
  });

  router.post('/catalogue/departments', guard('catalogue.manage'), async (req, res) => {
    const { code: newCode, ...input } = parseOr400(DepartmentInput, req.body);
    const department = await ctx.db.tx((q) => createDepartment(q, ctx.township.code, newCode, input, actorName(principalOf(res)), clientIp(req)));
    res.status(201).json(department);
  });

  router.put('/catalogue/departments/:code', guard('catalogue.manage'), async (req: Request<{ code: string }>, res) => {
    const input = parseOr400(DepartmentUpdate, req.body);
    res.json(await ctx.db.tx((q) => updateDepartment(q, ctx.township.code, code(req), input, actorName(principalOf(res)), clientIp(req))));
  });
  return router;
}
