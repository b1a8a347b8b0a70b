// Supervision (督办) and escalation to the county (对上承接), and the outbox the county reads.
import express, { type Request } from 'express';
import { EscalateInput, EscalationsQuery, SuperviseInput } from '../../../contract/schemas.ts';
import { actorName } from '../../auth/principal.ts';
import { escalateEvent, listEscalations } from '../../domain/supervision/escalate.ts';
import { superviseEvent } from '../../domain/supervision/supervise.ts';
import type { HubContext } from '../context.ts';
import { idParam, parseOr400 } from '../errors.ts';
import { clientIp, guard, principalOf } from '../guard.ts';

export function supervisionRoutes(ctx: HubContext): express.Router {
  const router = express.Router();
  const by = (req: Request, res: express.Response) => ({ actor: actorName(principalOf(res)), ip: clientIp(req) });

  router.post('/events/:id/supervise', guard('events.supervise'), async (req: Request<{ id: string }>, res) => {
    const { text } = parseOr400(SuperviseInput, req.body);
    res.status(201).json(await superviseEvent(ctx.db, ctx.township, idParam(req), text, by(req, res)));
    ctx.realtime.changed(['open']);
  });

  router.post('/events/:id/escalate', guard('events.escalate'), async (req: Request<{ id: string }>, res) => {
    const { reason } = parseOr400(EscalateInput, req.body);
    res.status(201).json(await escalateEvent(ctx.db, ctx.township, idParam(req), reason, by(req, res)));
    ctx.realtime.changed(['open']);
    ctx.escalationsWritten();
  });

  router.get('/escalations', guard('escalations.read'), async (req, res) => {
    const { after, limit } = parseOr400(EscalationsQuery, req.query);
    res.json({ escalations: await listEscalations(ctx.db, ctx.township.code, after, limit) });
  });
  return router;
}
