// Warning rules of a township: the defaults on first start, listing, and an administrator's edits
// (each audited; parameters validated against the rule's kind).
import { WarningRuleParams, type WarningRule, type WarningRuleKind, type WarningRuleUpdate } from '../../../contract/warnings.ts';
import { audit } from '../../audit.ts';
import type { Db, Queryable } from '../../db/index.ts';
import { DomainError } from '../errors.ts';
import { DEFAULT_WARNING_RULES } from './defaultRules.ts';

interface RuleRow { code: string; kind: WarningRuleKind; name: string; level: WarningRule['level']; active: boolean; hold_minutes: number;
  params: Record<string, unknown>; updated_by: string; updated_at: Date }

const toRule = (r: RuleRow): WarningRule => ({ code: r.code, kind: r.kind, name: r.name, level: r.level, active: r.active, holdMinutes: r.hold_minutes,
  params: r.params, updatedBy: r.updated_by, updatedAt: r.updated_at.toISOString() });

/** Adds the default rules a township lacks (by code), so new defaults reach an existing database. */
export async function ensureDefaultWarningRules(db: Db, townshipCode: string): Promise<void> {
  await db.query(
    `INSERT INTO warning_rules (township_code, code, kind, name, level, hold_minutes, params, updated_by)
     SELECT $1, r.code, r.kind, r.name, r.level, r.hold, r.params, 'import'
     FROM jsonb_to_recordset($2::jsonb) AS r(code text, kind text, name text, level text, hold int, params jsonb)
     ON CONFLICT (township_code, code) DO NOTHING`,
    [townshipCode, JSON.stringify(DEFAULT_WARNING_RULES.map((r) => ({ ...r, hold: r.holdMinutes })))],
  );
}

export async function listWarningRules(q: Queryable, townshipCode: string, activeOnly = false): Promise<WarningRule[]> {
  const rows = await q.query<RuleRow>(
    'SELECT * FROM warning_rules WHERE township_code = $1 AND ($2::boolean IS FALSE OR active) ORDER BY code', [townshipCode, activeOnly]);
  return rows.map(toRule);
}

export async function updateWarningRule(db: Db, townshipCode: string, code: string, update: WarningRuleUpdate, actor: string, ip: string | null): Promise<WarningRule> {
  return db.tx(async (q) => {
    const [row] = await q.query<RuleRow>('SELECT * FROM warning_rules WHERE township_code = $1 AND code = $2 FOR UPDATE', [townshipCode, code]);
    if (!row) throw new DomainError('not_found', `No warning rule "${code}"; list them with GET /api/v1/warning-rules.`);
    let params = row.params;
    if (update.params) {
      const parsed = WarningRuleParams[row.kind].safeParse({ ...row.params, ...update.params });
      if (!parsed.success) {
        throw new DomainError('validation', `The parameters do not fit a ${row.kind} rule.`,
          parsed.error.issues.map((issue) => ({ path: ['params', ...issue.path].join('.'), message: issue.message })));
      }
      params = parsed.data as Record<string, unknown>;
    }
    const [updated] = await q.query<RuleRow>(
      `UPDATE warning_rules SET name = $3, level = $4, active = $5, hold_minutes = $6, params = $7, updated_by = $8, updated_at = now()
       WHERE township_code = $1 AND code = $2 RETURNING *`,
      [townshipCode, code, update.name ?? row.name, update.level ?? row.level, update.active ?? row.active, update.holdMinutes ?? row.hold_minutes,
        JSON.stringify(params), actor],
    );
    await audit(q, { actor, action: 'warning_rule.updated', target: `warning_rule:${code}`, detail: { before: toRule(row), after: toRule(updated!) }, ip });
    return toRule(updated!);
  });
}
