// Deadlines by the clock: the moment an open event starts nearing its deadline, and the moment it
// passes it, are pushed to the screens when they come, not at the next write. Passing the deadline
// also issues the automatic supervision notice. Each moment is claimed once in the database
// (nearing_pushed_at, overdue_pushed_at), so several hubs on one database push it once between them.
import type { Db } from '../../db/index.ts';
import { logFacts, type Fact } from '../../realtime/facts.ts';
import { issueNotice } from '../supervision/supervise.ts';
import type { Township } from '../township.ts';
import { eventSummary } from './summary.ts';

/** Moments claimed per run: a backlog (a hub that was down) is worked off a batch a second. */
const BATCH = 200;
export const OVERDUE_NOTICE = '已超过办理时限，请立即处置并反馈。';
export const SYSTEM_ACTOR = 'system';

const OPEN = `status NOT IN ('closed', 'evaluated')`;

/** Pushes the nearing and overdue moments that have come; returns how many events it touched. */
export async function pushDueDeadlines(db: Db, township: Township, now = new Date()): Promise<number> {
  // A cheap look first: most seconds nothing is due, and no transaction is needed.
  const [due] = await db.query<{ n: number }>(
    `SELECT (SELECT count(*) FROM (SELECT 1 FROM events WHERE township_code = $1 AND ${OPEN} AND nearing_pushed_at IS NULL AND nearing_at <= $2 LIMIT 1) a)
          + (SELECT count(*) FROM (SELECT 1 FROM events WHERE township_code = $1 AND ${OPEN} AND overdue_pushed_at IS NULL AND deadline_at < $2 LIMIT 1) b) AS n`,
    [township.code, now]);
  if (due!.n === 0) return 0;
  return db.tx(async (q) => {
    const nearing = await q.query<{ id: number; grid_code: string }>(
      `UPDATE events SET nearing_pushed_at = $2 WHERE id IN (
         SELECT id FROM events WHERE township_code = $1 AND ${OPEN} AND nearing_pushed_at IS NULL AND nearing_at <= $2
         ORDER BY nearing_at LIMIT ${BATCH} FOR UPDATE SKIP LOCKED) RETURNING id, grid_code`,
      [township.code, now]);
    const overdue = await q.query<{ id: number; grid_code: string }>(
      `UPDATE events SET overdue_pushed_at = $2 WHERE id IN (
         SELECT id FROM events WHERE township_code = $1 AND ${OPEN} AND overdue_pushed_at IS NULL AND deadline_at < $2
         ORDER BY deadline_at LIMIT ${BATCH} FOR UPDATE SKIP LOCKED) RETURNING id, grid_code`,
      [township.code, now]);
    const facts: Fact[] = [];
    const overdueIds = new Set(overdue.map((e) => e.id));
    for (const e of nearing) {
      if (overdueIds.has(e.id)) continue; // one push says both
      facts.push({ kind: 'event:updated', grid: e.grid_code, payload: (await eventSummary(q, e.id))! });
    }
    for (const e of overdue) {
      const notice = await issueNotice(q, township, e.id, { kind: 'overdue', text: OVERDUE_NOTICE, by: SYSTEM_ACTOR, ip: null }, now);
      facts.push(...notice.facts);
    }
    await logFacts(q, township.code, facts);
    return nearing.length + overdue.length;
  });
}
