// Reading the audit trail (audit.read): a filtered search, newest first, paged by id, and an export.
// The log itself is append-only (migration 003); exporting it is one more audited action.
import { audit } from '../../audit.ts';
import type { Db, Queryable } from '../../db/index.ts';

export const AUDIT_DEFAULTS = {
  pageSize: 100,
  exportMax: 100_000,
} as const;

export interface AuditFilters {
  /** Prefix of the actor, e.g. "user:" or "user:admin". */
  actor?: string;
  /** Prefix of the action, e.g. "user." or "auth.login". */
  action?: string;
  /** Prefix of the target, e.g. "device:". */
  target?: string;
  /** ISO time; entries at or after it. */
  from?: string;
  /** ISO time; entries at or before it. */
  to?: string;
}

export interface AuditEntryView {
  id: number;
  at: string;
  actor: string;
  action: string;
  target: string | null;
  detail: Record<string, unknown>;
  ip: string | null;
}

export interface AuditPage {
  entries: AuditEntryView[];
  /** Pass as `before` for the next (older) page; null on the last page. */
  nextBefore: number | null;
}

interface AuditRow { id: number; at: Date; actor: string; action: string; target: string | null; detail: Record<string, unknown>; ip: string | null }

/** A LIKE pattern matching values that start with `prefix`, its own % and _ taken literally. */
export const likePrefix = (prefix: string) => `${prefix.replace(/[\\%_]/g, '\\$&')}%`;

function where(filters: AuditFilters, before?: number): { sql: string; params: unknown[] } {
  const clauses: string[] = [];
  const params: unknown[] = [];
  const add = (clause: string, value: unknown) => {
    params.push(value);
    clauses.push(clause.replace('?', `$${params.length}`));
  };
  if (filters.actor) add(`actor LIKE ? ESCAPE '\\'`, likePrefix(filters.actor));
  if (filters.action) add(`action LIKE ? ESCAPE '\\'`, likePrefix(filters.action));
  if (filters.target) add(`target LIKE ? ESCAPE '\\'`, likePrefix(filters.target));
  if (filters.from) add('at >= ?', filters.from);
  if (filters.to) add('at <= ?', filters.to);
  if (before !== undefined) add('id < ?', before);
  return { sql: clauses.length > 0 ? `WHERE ${clauses.join(' AND ')}` : '', params };
}

const toView = (r: AuditRow): AuditEntryView => ({
  id: r.id, at: r.at.toISOString(), actor: r.actor, action: r.action, target: r.target, detail: r.detail, ip: r.ip,
});

async function select(q: Queryable, filters: AuditFilters, limit: number, before?: number): Promise<AuditRow[]> {
  const { sql, params } = where(filters, before);
  return q.query<AuditRow>(
    `SELECT id, at, actor, action, target, detail, ip FROM audit_log ${sql} ORDER BY id DESC LIMIT $${params.length + 1}`,
    [...params, limit],
  );
}

/** One page of matching entries, newest first. */
export async function searchAudit(q: Queryable, filters: AuditFilters, page: { limit?: number; before?: number } = {}): Promise<AuditPage> {
  const limit = page.limit ?? AUDIT_DEFAULTS.pageSize;
  const rows = await select(q, filters, limit + 1, page.before); // one more tells whether an older page exists
  const entries = rows.slice(0, limit).map(toView);
  return { entries, nextBefore: rows.length > limit ? entries[entries.length - 1]!.id : null };
}

/**
 * Every matching entry up to the export cap, newest first, after recording the export itself. The
 * export row is written after the read, so it is not part of what it exports.
 */
export async function exportAudit(db: Db, filters: AuditFilters, actor: string, ip: string | null): Promise<{ entries: AuditEntryView[]; truncated: boolean }> {
  return db.tx(async (q) => {
    const rows = await select(q, filters, AUDIT_DEFAULTS.exportMax + 1);
    const truncated = rows.length > AUDIT_DEFAULTS.exportMax;
    const entries = rows.slice(0, AUDIT_DEFAULTS.exportMax).map(toView);
    await audit(q, { actor, action: 'audit.exported', target: 'audit_log', detail: { filters, rows: entries.length, truncated }, ip });
    return { entries, truncated };
  });
}

export const AUDIT_CSV_HEADER = ['id', 'at', 'actor', 'action', 'target', 'detail', 'ip'];

export const auditCsvRow = (e: AuditEntryView): unknown[] => [e.id, e.at, e.actor, e.action, e.target, e.detail, e.ip];
