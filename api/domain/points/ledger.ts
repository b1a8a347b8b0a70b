// Points actions (积分): an approved rule applied to a worker, stored once per externalId.
import type { z } from 'zod';
import type { PointsActionInput } from '../../../contract/schemas.ts';
import { audit } from '../../audit.ts';
import { bump, pointsBumps } from '../../stats/buckets.ts';
import type { Db } from '../../db/index.ts';
import { DomainError } from '../errors.ts';
import type { Township } from '../township.ts';

type ValidAction = z.output<typeof PointsActionInput>;

export async function recordPoints(db: Db, township: Township, action: ValidAction, actor: string, ip: string | null): Promise<{ points: number; duplicate: boolean }> {
  if (!township.workers.has(action.workerCode)) {
    throw new DomainError('unknown_reference', `Worker "${action.workerCode}" is not a grid worker of ${township.name}.`, [
      { path: 'workerCode', message: 'unknown worker' },
    ]);
  }
  const [rule] = await db.query<{ points: number; status: string }>('SELECT points, status FROM points_rules WHERE code = $1', [action.ruleCode]);
  if (!rule || rule.status !== 'approved') {
    throw new DomainError('unknown_reference', `Points rule "${action.ruleCode}" is ${rule ? `not approved (${rule.status})` : 'unknown'}; only approved rules award points.`, [
      { path: 'ruleCode', message: rule ? 'rule not approved' : 'unknown rule' },
    ]);
  }
  return db.tx(async (q) => {
    const inserted = await q.query<{ id: number }>(
      `INSERT INTO points_ledger (external_id, rule_code, worker_code, points, ts, note) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (external_id) DO NOTHING RETURNING id`,
      [action.externalId ?? null, action.ruleCode, action.workerCode, rule.points, action.ts, action.note ?? null],
    );
    if (inserted.length > 0) {
      const grid = township.workers.get(action.workerCode)!.gridCode;
      await bump(q, township.code, pointsBumps({ ts: action.ts, grid, worker: action.workerCode, points: rule.points }));
      await audit(q, { actor, action: 'points.recorded', target: `worker:${action.workerCode}`, detail: { rule: action.ruleCode, points: rule.points }, ip });
    }
    return { points: rule.points, duplicate: inserted.length === 0 };
  });
}
