// Early warning (预警): the warnings raised and their steps, and the township's warning rules.
import express, { type Request } from 'express';
import { WarningListQuery, WarningResolveInput, WarningRuleUpdate } from '../../../contract/warnings.ts';
import { actorName } from '../../auth/principal.ts';
import { acknowledgeWarning, listWarnings, resolveWarning, warningById } from '../../domain/warnings/warnings.ts';
import { listWarningRules, updateWarningRule } from '../../domain/warnings/rules.ts';
import type { HubContext } from '../context.ts';
import { idParam, parseOr400 } from '../errors.ts';
import { clientIp, guard, principalOf } from '../guard.ts';

export function warningRoutes(ctx: HubContext): express.Router {
  const router = express.Router();
  const by = (req: Request, res: express.Response) => ({ actor: actorName(principalOf(res)), ip: clientIp(req) });

  router.get('/warnings', guard('warnings.read'), async (req, res) => {
    const { open, limit } = parseOr400(WarningListQuery, req.query);
    res.json({ warnings: await listWarnings(ctx.db, principalOf(res).scope, { openOnly: open === 'true', limit }) });
  });

  router.get('/warnings/:id', guard('warnings.read'), async (req: Request<{ id: string }>, res) => {
    res.json(await warningById(ctx.db, ctx.township.code, idParam(req)));
  });

  router.post('/warnings/:id/acknowledge', guard('warnings.handle'), async (req: Request<{ id: string }>, res) => {
    const { actor, ip } = by(req, res);
    res.json(await acknowledgeWarning(ctx.db, ctx.township.code, idParam(req), actor, ip));
    ctx.realtime.changed([]);
  });

  router.post('/warnings/:id/resolve', guard('warnings.handle'), async (req: Request<{ id: string }>, res) => {
    const { reason } = parseOr400(WarningResolveInput, req.body);
    const { actor, ip } = by(req, res);
    res.json(await resolveWarning(ctx.db, ctx.township.code, idParam(req), reason, actor, ip));
    ctx.realtime.changed([]);
  });

  router.get('/warning-rules', guard('warning_rules.read'), async (_req, res) => {
    res.json({ rules: await listWarningRules(ctx.db, ctx.township.code) });
  });

  router.put('/warning-rules/:code', guard('warning_rules.manage'), async (req: Request<{ code: string }>, res) => {
    const update = parseOr400(WarningRuleUpdate, req.body);
    const { actor, ip } = by(req, res);
    const rule = await updateWarningRule(ctx.db, ctx.township.code, req.params.code, update, actor, ip);
    ctx.warningsMayChange();
    res.json(rule);
  });

  return router;
}
