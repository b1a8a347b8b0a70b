// Linked dispatch (联勤联动): recommendations, one dispatch to several parties, and the tasks the
// parties answer as a field app would.
import express, { type Request } from 'express';
import { DispatchInput, TaskListQuery, TaskTransitionInput } from '../../../contract/schemas.ts';
import { dispatchEvent } from '../../domain/dispatch/dispatch.ts';
import { recommend } from '../../domain/dispatch/recommend.ts';
import { listTasks, transitionTask } from '../../domain/dispatch/tasks.ts';
import type { HubContext } from '../context.ts';
import { idParam, parseOr400 } from '../errors.ts';
import { clientIp, guard, principalOf } from '../guard.ts';

export function dispatchRoutes(ctx: HubContext): express.Router {
  const router = express.Router();

  router.get('/events/:id/recommendations', guard('events.dispatch'), async (req: Request<{ id: string }>, res) => {
    res.json(await recommend(ctx.db, ctx.township, ctx.forces, idParam(req)));
  });

  router.post('/events/:id/dispatch', guard('events.dispatch'), async (req: Request<{ id: string }>, res) => {
    const input = parseOr400(DispatchInput, req.body);
    const result = await dispatchEvent(ctx.db, ctx.township, principalOf(res), idParam(req), input, clientIp(req));
    res.status(201).json(result);
    ctx.realtime.changed(['open', 'tasks']);
  });

  router.get('/tasks', guard('tasks.read'), async (req, res) => {
    const query = parseOr400(TaskListQuery, req.query);
    res.json({ tasks: await listTasks(ctx.db, principalOf(res).scope, { openOnly: query.open === 'true', eventId: query.eventId, limit: query.limit }) });
  });

  router.post('/tasks/:id/transition', guard('tasks.answer'), async (req: Request<{ id: string }>, res) => {
    const step = parseOr400(TaskTransitionInput, req.body);
    res.json(await transitionTask(ctx.db, ctx.township, principalOf(res), idParam(req), step, clientIp(req)));
    ctx.realtime.changed(['open', 'tasks']);
  });
  return router;
}
