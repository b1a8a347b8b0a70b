// The audit trail: who did what, when and from where. The table refuses updates and deletes
// (migration 003), so a row once written stays. Writes that change state add their audit row in
// the same transaction as the change.
import type { Queryable } from './db/index.ts';

export interface AuditEntry {
  actor: string;
  action: string;
  target?: string | null;
  detail?: Record<string, unknown>;
  ip?: string | null;
}

export async function audit(q: Queryable, entry: AuditEntry): Promise<void> {
  await q.query('INSERT INTO audit_log (actor, action, target, detail, ip) VALUES ($1, $2, $3, $4, $5)', [
    entry.actor,
    entry.action,
    entry.target ?? null,
    JSON.stringify(entry.detail ?? {}),
    entry.ip ?? null,
  ]);
}
