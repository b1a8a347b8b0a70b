// The points-rule catalogue (积分规则, rules.manage). A rule is proposed, declared (公示) and
// approved before it awards points (000 §5); a retired rule awards no more. Each step is audited.
import { audit } from '../../audit.ts';
import type { Db, Queryable } from '../../db/index.ts';
import { DomainError } from '../errors.ts';
import type { RuleInput } from '../../http/routes/adminSchemas.ts';

export const RULE_STATUSES = ['proposed', 'declared', 'approved', 'retired'] as const;
export type RuleStatus = (typeof RULE_STATUSES)[number];

export interface RuleView {
  code: string;
  name: string;
  points: number;
  appliesTo: 'worker' | 'resident';
  status: RuleStatus;
  proposedBy: string | null;
  approvedBy: string | null;
  createdAt: string;
  approvedAt: string | null;
}

/** Which status each step leads to, and from which statuses it may be taken. */
export const RULE_STEPS = {
  declare: { to: 'declared', from: ['proposed'] },
  approve: { to: 'approved', from: ['declared'] },
  retire: { to: 'retired', from: ['proposed', 'declared', 'approved'] },
} as const satisfies Record<string, { to: RuleStatus; from: readonly RuleStatus[] }>;
export type RuleStep = keyof typeof RULE_STEPS;

interface RuleRow {
  code: string;
  name: string;
  points: number;
  applies_to: 'worker' | 'resident';
  status: RuleStatus;
  proposed_by: string | null;
  approved_by: string | null;
  created_at: Date;
  approved_at: Date | null;
}

const COLUMNS = 'code, name, points, applies_to, status, proposed_by, approved_by, created_at, approved_at';

const toView = (r: RuleRow): RuleView => ({
  code: r.code, name: r.name, points: r.points, appliesTo: r.applies_to, status: r.status, proposedBy: r.proposed_by,
  approvedBy: r.approved_by, createdAt: r.created_at.toISOString(), approvedAt: r.approved_at ? r.approved_at.toISOString() : null,
});

export async function listRules(q: Queryable): Promise<RuleView[]> {
  const rows = await q.query<RuleRow>(`SELECT ${COLUMNS} FROM points_rules ORDER BY code`);
  return rows.map(toView);
}

export async function proposeRule(db: Db, input: RuleInput, actor: string, ip: string | null): Promise<RuleView> {
  return db.tx(async (q) => {
    const [row] = await q.query<RuleRow>(
      `INSERT INTO points_rules (code, name, points, applies_to, status, proposed_by) VALUES ($1, $2, $3, $4, 'proposed', $5)
       ON CONFLICT (code) DO NOTHING RETURNING ${COLUMNS}`,
      [input.code, input.name, input.points, input.appliesTo, actor],
    );
    if (!row) throw new DomainError('conflict', `A points rule "${input.code}" exists already; choose another code.`);
    await audit(q, { actor, action: 'rule.proposed', target: `rule:${row.code}`, detail: { name: row.name, points: row.points, appliesTo: row.applies_to }, ip });
    return toView(row);
  });
}

export async function advanceRule(db: Db, code: string, step: RuleStep, actor: string, ip: string | null): Promise<RuleView> {
  const { to, from } = RULE_STEPS[step];
  return db.tx(async (q) => {
    const [current] = await q.query<RuleRow>(`SELECT ${COLUMNS} FROM points_rules WHERE code = $1 FOR UPDATE`, [code]);
    if (!current) throw new DomainError('not_found', `No points rule "${code}"; list them with GET /api/v1/rules.`);
    if (!(from as readonly RuleStatus[]).includes(current.status)) {
      throw new DomainError('conflict', `Rule "${code}" is "${current.status}"; it can be ${to} only when ${from.map((s) => `"${s}"`).join(' or ')}.`);
    }
    // Review means a second person: whoever proposed a rule does not approve it too.
    if (step === 'approve' && current.proposed_by === actor) {
      throw new DomainError('conflict', `Rule "${code}" was proposed by you; another administrator must approve it.`);
    }
    const [row] = await q.query<RuleRow>(
      step === 'approve'
        ? `UPDATE points_rules SET status = $2, approved_by = $3, approved_at = now() WHERE code = $1 RETURNING ${COLUMNS}`
        : `UPDATE points_rules SET status = $2 WHERE code = $1 RETURNING ${COLUMNS}`,
      step === 'approve' ? [code, to, actor] : [code, to],
    );
    await audit(q, { actor, action: `rule.${to}`, target: `rule:${code}`, detail: { from: current.status }, ip });
    return toView(row!);
  });
}
