// Warnings (预警): raised by the hub when a rule's condition holds, acknowledged and resolved by the
// room, or resolved by the hub once the condition has stayed clear for the rule's hold time. One open
// warning per rule and subject (a unique index), so two hubs evaluating at once never duplicate one.
// Every change is a fact (`warning:new`, `warning:updated`) for every screen.
import { RESPONSE_LEVEL_OF_WARNING, type Warning, type WarningEvidence, type WarningLevel, type WarningRuleKind, type WarningStatus } from '../../../contract/warnings.ts';
import { WarningRuleParams } from '../../../contract/warnings.ts';
import { audit } from '../../audit.ts';
import { scopeParams } from '../../auth/permissions.ts';
import type { Scope } from '../../auth/principal.ts';
import type { Db, Queryable } from '../../db/index.ts';
import { logFacts, type Fact } from '../../realtime/facts.ts';
import { DomainError } from '../errors.ts';
import { CONDITION_READERS, type Condition } from './conditions.ts';
import { listWarningRules } from './rules.ts';

interface WarningRow {
  id: number; rule_code: string; kind: WarningRuleKind; level: WarningLevel; status: WarningStatus; title: string; subject: string;
  evidence: WarningEvidence; grid_code: string | null; lon: number | null; lat: number | null; raised_at: Date; acknowledged_by: string | null;
  acknowledged_at: Date | null; resolved_by: string | null; resolved_at: Date | null; resolution: string | null; incident_id: number | null;
}

const COLUMNS = `w.id, w.rule_code, w.kind, w.level, w.status, w.title, w.subject, w.evidence, w.grid_code, w.lon, w.lat, w.raised_at,
  w.acknowledged_by, w.acknowledged_at, w.resolved_by, w.resolved_at, w.resolution, w.incident_id`;

const toWarning = (r: WarningRow): Warning => ({
  id: r.id, ruleCode: r.rule_code, kind: r.kind, level: r.level, status: r.status, title: r.title, subject: r.subject, evidence: r.evidence,
  gridCode: r.grid_code, lon: r.lon, lat: r.lat, raisedAt: r.raised_at.toISOString(), acknowledgedBy: r.acknowledged_by,
  acknowledgedAt: r.acknowledged_at?.toISOString() ?? null, resolvedBy: r.resolved_by, resolvedAt: r.resolved_at?.toISOString() ?? null,
  resolution: r.resolution, proposedResponseLevel: RESPONSE_LEVEL_OF_WARNING[r.level], incidentId: r.incident_id,
});

async function warningsById(q: Queryable, ids: readonly number[]): Promise<Warning[]> {
  if (ids.length === 0) return [];
  return (await q.query<WarningRow>(`SELECT ${COLUMNS} FROM warnings w WHERE w.id = ANY($1::bigint[]) ORDER BY w.id`, [ids])).map(toWarning);
}

/** Logs the warnings' present state as facts of one kind (inside the transaction that changed them). */
export async function logWarningFacts(q: Queryable, townshipCode: string, kind: 'warning:new' | 'warning:updated', ids: readonly number[]): Promise<Warning[]> {
  const warnings = await warningsById(q, ids);
  await logFacts(q, townshipCode, warnings.map((w): Fact => ({ kind, grid: w.gridCode, payload: w })));
  return warnings;
}

/** Warnings in the caller's scope (a township-wide warning, without a grid, is in every scope), newest first. */
export async function listWarnings(q: Queryable, scope: Scope, options: { openOnly: boolean; limit: number }): Promise<Warning[]> {
  const rows = await q.query<WarningRow>(
    `SELECT ${COLUMNS} FROM warnings w LEFT JOIN grids g ON g.code = w.grid_code
     WHERE w.township_code = $1 AND (w.grid_code IS NULL OR (($2::text IS NULL OR g.village_code = $2) AND ($3::text IS NULL OR g.code = $3)))
       AND ($4::boolean IS FALSE OR w.status <> 'resolved')
     ORDER BY w.raised_at DESC, w.id DESC LIMIT $5`,
    [...scopeParams(scope), options.openOnly, options.limit],
  );
  return rows.map(toWarning);
}

export async function warningById(q: Queryable, townshipCode: string, id: number): Promise<Warning> {
  const [row] = await q.query<WarningRow>(`SELECT ${COLUMNS} FROM warnings w WHERE w.id = $1 AND w.township_code = $2`, [id, townshipCode]);
  if (!row) throw new DomainError('not_found', `No warning ${id}.`);
  return toWarning(row);
}

export interface Evaluation { raised: number; resolved: number }

/**
 * Looks at every active rule once: raises a warning for each condition that holds and has none open,
 * marks open warnings whose condition no longer holds, and resolves those clear for the rule's hold.
 */
export async function evaluateWarnings(db: Db, townshipCode: string): Promise<Evaluation> {
  const rules = await listWarningRules(db, townshipCode, true);
  const result: Evaluation = { raised: 0, resolved: 0 };
  for (const rule of rules) {
    const params = WarningRuleParams[rule.kind].safeParse(rule.params);
    if (!params.success) continue; // a rule edited only through the API is always valid; one written by hand is skipped, not fatal
    const read = CONDITION_READERS[rule.kind] as (q: Queryable, township: string, p: unknown) => Promise<Condition[]>;
    const conditions = await read(db, townshipCode, params.data);
    const counts = await reconcile(db, townshipCode, rule.code, rule.kind, rule.level, rule.holdMinutes, conditions);
    result.raised += counts.raised;
    result.resolved += counts.resolved;
  }
  return result;
}

async function reconcile(db: Db, townshipCode: string, ruleCode: string, kind: WarningRuleKind, level: WarningLevel, holdMinutes: number,
  conditions: Condition[]): Promise<Evaluation> {
  return db.tx(async (q) => {
    const raised = conditions.length === 0 ? [] : await q.query<{ id: number }>(
      `INSERT INTO warnings (township_code, rule_code, kind, level, subject, title, evidence, grid_code, lon, lat)
       SELECT $1, $2, $3, $4, c.subject, c.title, c.evidence, c.grid, c.lon, c.lat
       FROM jsonb_to_recordset($5::jsonb) AS c(subject text, title text, evidence jsonb, grid text, lon float8, lat float8)
       WHERE NOT EXISTS (SELECT 1 FROM warnings w WHERE w.township_code = $1 AND w.rule_code = $2 AND w.subject = c.subject AND NOT w.rearmed)
       ON CONFLICT (township_code, rule_code, subject) WHERE status <> 'resolved' DO NOTHING
       RETURNING id`,
      [townshipCode, ruleCode, kind, level, JSON.stringify(conditions.map((c) => ({ ...c, grid: c.gridCode })))],
    );
    const holding = conditions.map((c) => c.subject);
    await q.query(
      'UPDATE warnings SET rearmed = true WHERE township_code = $1 AND rule_code = $2 AND NOT rearmed AND NOT (subject = ANY($3::text[]))',
      [townshipCode, ruleCode, holding],
    );
    // Still holding: not clearing. No longer holding: clearing since now, unless already.
    await q.query(
      `UPDATE warnings SET clear_since = CASE WHEN subject = ANY($3::text[]) THEN NULL ELSE coalesce(clear_since, now()) END
       WHERE township_code = $1 AND rule_code = $2 AND status <> 'resolved'`,
      [townshipCode, ruleCode, holding],
    );
    const resolved = await q.query<{ id: number }>(
      `UPDATE warnings SET status = 'resolved', resolved_by = 'hub', resolved_at = now(),
         resolution = 'condition clear for ' || $3::int || ' min'
       WHERE township_code = $1 AND rule_code = $2 AND status <> 'resolved' AND clear_since <= now() - make_interval(mins => $3::int)
       RETURNING id`,
      [townshipCode, ruleCode, holdMinutes],
    );
    await logWarningFacts(q, townshipCode, 'warning:new', raised.map((r) => r.id));
    await logWarningFacts(q, townshipCode, 'warning:updated', resolved.map((r) => r.id));
    return { raised: raised.length, resolved: resolved.length };
  });
}

async function step(db: Db, townshipCode: string, id: number, actor: string, ip: string | null,
  apply: (q: Queryable, status: WarningStatus) => Promise<void>, action: string, detail?: Record<string, unknown>): Promise<Warning> {
  return db.tx(async (q) => {
    const [row] = await q.query<{ status: WarningStatus }>('SELECT status FROM warnings WHERE id = $1 AND township_code = $2 FOR UPDATE', [id, townshipCode]);
    if (!row) throw new DomainError('not_found', `No warning ${id}.`);
    await apply(q, row.status);
    await audit(q, { actor, action, target: `warning:${id}`, detail, ip });
    const [warning] = await logWarningFacts(q, townshipCode, 'warning:updated', [id]);
    return warning!;
  });
}

export function acknowledgeWarning(db: Db, townshipCode: string, id: number, actor: string, ip: string | null): Promise<Warning> {
  return step(db, townshipCode, id, actor, ip, async (q, status) => {
    if (status !== 'raised') throw new DomainError('conflict', `Warning ${id} is already ${status}.`);
    await q.query(`UPDATE warnings SET status = 'acknowledged', acknowledged_by = $2, acknowledged_at = now() WHERE id = $1`, [id, actor]);
  }, 'warning.acknowledged');
}

export function resolveWarning(db: Db, townshipCode: string, id: number, reason: string, actor: string, ip: string | null): Promise<Warning> {
  return step(db, townshipCode, id, actor, ip, async (q, status) => {
    if (status === 'resolved') throw new DomainError('conflict', `Warning ${id} is already resolved.`);
    // Not warned of again until the condition clears (rearmed by the next evaluation that sees it clear).
    await q.query(`UPDATE warnings SET status = 'resolved', resolved_by = $2, resolved_at = now(), resolution = $3,
      rearmed = clear_since IS NOT NULL WHERE id = $1`, [id, actor, reason]);
  }, 'warning.resolved', { reason });
}
