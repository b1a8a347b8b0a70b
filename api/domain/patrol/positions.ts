// Grid workers' patrol positions (巡查轨迹). Positions of one worker less than PATROL_GAP apart
// belong to one patrol; a longer silence starts a new one.
import type { z } from 'zod';
import type { PatrolPositionBatch } from '../../../contract/schemas.ts';
import { audit } from '../../audit.ts';
import type { Db } from '../../db/index.ts';
import { toWgs84 } from '../../geo/datum.ts';
import { DomainError } from '../errors.ts';
import type { Township } from '../township.ts';

export const PATROL_GAP_MS = 30 * 60_000;

type ValidBatch = z.output<typeof PatrolPositionBatch>;

/** `ownWorker` set: a grid worker's own app, which may report only that worker's positions. */
export async function ingestPositions(db: Db, township: Township, batch: ValidBatch, actor: string, ip: string | null, ownWorker?: string): Promise<number> {
  if (ownWorker !== undefined && batch.positions.some((p) => p.workerCode !== ownWorker)) {
    throw new DomainError('forbidden', 'A grid worker reports only their own positions.');
  }
  const problems: { path: string; message: string }[] = [];
  const located = batch.positions.map((p, i) => {
    const [lon, lat] = toWgs84([p.lon, p.lat], p.datum);
    if (!township.workers.has(p.workerCode)) problems.push({ path: `positions.${i}.workerCode`, message: `unknown worker "${p.workerCode}"` });
    const grid = township.locateGrid(lon, lat);
    if (!grid) problems.push({ path: `positions.${i}.lon`, message: 'point is outside the township' });
    return { workerCode: p.workerCode, ts: p.ts, time: Date.parse(p.ts), lon, lat, gridCode: grid?.code ?? null };
  });
  if (problems.length > 0) {
    const code = problems.some((p) => p.path.endsWith('workerCode')) ? 'unknown_reference' : 'outside_township';
    throw new DomainError(code, `${problems.length} position(s) rejected; nothing was stored.`, problems.slice(0, 50));
  }

  const byWorker = new Map<string, typeof located>();
  for (const position of located) {
    const list = byWorker.get(position.workerCode);
    if (list) list.push(position);
    else byWorker.set(position.workerCode, [position]);
  }
  return db.tx(async (q) => {
    for (const [workerCode, positions] of byWorker) {
      positions.sort((a, b) => a.time - b.time);
      let patrol: { id: number; last: number } | null = null;
      const [open] = await q.query<{ id: number; last_seen_at: Date }>(
        `SELECT id, last_seen_at FROM patrols WHERE worker_code = $1 AND ended_at IS NULL ORDER BY last_seen_at DESC LIMIT 1`,
        [workerCode],
      );
      if (open) patrol = { id: open.id, last: open.last_seen_at.getTime() };
      for (const position of positions) {
        if (!patrol || position.time - patrol.last > PATROL_GAP_MS) {
          if (patrol) await q.query('UPDATE patrols SET ended_at = last_seen_at WHERE id = $1', [patrol.id]);
          const [created] = await q.query<{ id: number }>(
            'INSERT INTO patrols (worker_code, started_at, last_seen_at) VALUES ($1, $2, $2) RETURNING id',
            [workerCode, position.ts],
          );
          patrol = { id: created!.id, last: position.time };
        }
        await q.query(
          'INSERT INTO patrol_points (patrol_id, worker_code, ts, lon, lat, grid_code) VALUES ($1, $2, $3, $4, $5, $6)',
          [patrol.id, workerCode, position.ts, position.lon, position.lat, position.gridCode],
        );
        patrol.last = Math.max(patrol.last, position.time);
      }
      await q.query('UPDATE patrols SET last_seen_at = GREATEST(last_seen_at, $2) WHERE id = $1', [patrol!.id, new Date(patrol!.last)]);
    }
    await audit(q, { actor, action: 'patrol.positions', detail: { positions: located.length, workers: byWorker.size }, ip });
    return located.length;
  });
}
