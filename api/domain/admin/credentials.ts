// Credentials that are not people (keys.manage): display tokens for wall screens and API keys for
// integrations. Only a SHA-256 hash is stored; the secret is returned once, by the create call.
import { audit } from '../../audit.ts';
import type { IntegrationScope } from '../../auth/principal.ts';
import { hashToken, newToken } from '../../auth/tokens.ts';
import type { Db, Queryable } from '../../db/index.ts';
import { DomainError } from '../errors.ts';
import type { ApiKeyInput, DisplayTokenInput } from '../../http/routes/adminSchemas.ts';

const DAY_MS = 86_400_000;

export interface DisplayTokenView {
  id: number;
  name: string;
  createdBy: string;
  createdAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
}

export interface ApiKeyView {
  id: number;
  name: string;
  scopes: IntegrationScope[];
  createdBy: string;
  createdAt: string;
  revokedAt: string | null;
  lastUsedAt: string | null;
}

interface DisplayTokenRow { id: number; name: string; created_by: string; created_at: Date; expires_at: Date | null; revoked_at: Date | null }
interface ApiKeyRow { id: number; name: string; scopes: IntegrationScope[]; created_by: string; created_at: Date; revoked_at: Date | null; last_used_at: Date | null }

const iso = (d: Date | null) => (d ? d.toISOString() : null);
const displayView = (r: DisplayTokenRow): DisplayTokenView => ({
  id: r.id, name: r.name, createdBy: r.created_by, createdAt: r.created_at.toISOString(), expiresAt: iso(r.expires_at), revokedAt: iso(r.revoked_at),
});
const keyView = (r: ApiKeyRow): ApiKeyView => ({
  id: r.id, name: r.name, scopes: r.scopes, createdBy: r.created_by, createdAt: r.created_at.toISOString(), revokedAt: iso(r.revoked_at), lastUsedAt: iso(r.last_used_at),
});

// The hash columns are never selected.
const DISPLAY_COLUMNS = 'id, name, created_by, created_at, expires_at, revoked_at';
const KEY_COLUMNS = 'id, name, scopes, created_by, created_at, revoked_at, last_used_at';

// Display tokens -------------------------------------------------------------------------------

export async function listDisplayTokens(q: Queryable, townshipCode: string): Promise<DisplayTokenView[]> {
  const rows = await q.query<DisplayTokenRow>(`SELECT ${DISPLAY_COLUMNS} FROM display_tokens WHERE township_code = $1 ORDER BY id`, [townshipCode]);
  return rows.map(displayView);
}

export async function createDisplayToken(
  db: Db, townshipCode: string, input: DisplayTokenInput, actor: string, ip: string | null, now = new Date(),
): Promise<DisplayTokenView & { token: string }> {
  const token = newToken('display');
  const expiresAt = input.expiresInDays === undefined ? null : new Date(now.getTime() + input.expiresInDays * DAY_MS);
  return db.tx(async (q) => {
    const [row] = await q.query<DisplayTokenRow>(
      `INSERT INTO display_tokens (token_hash, name, township_code, created_by, created_at, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${DISPLAY_COLUMNS}`,
      [hashToken(token), input.name, townshipCode, actor, now, expiresAt],
    );
    await audit(q, { actor, action: 'display_token.created', target: `display:${row!.id}`, detail: { name: input.name, expiresAt: iso(expiresAt) }, ip });
    return { ...displayView(row!), token };
  });
}

/** Revokes a display token; revoking one already revoked changes nothing and answers the same. */
export async function revokeDisplayToken(db: Db, townshipCode: string, id: number, actor: string, ip: string | null): Promise<DisplayTokenView> {
  return db.tx(async (q) => {
    const row = await revoke<DisplayTokenRow>(q, 'display_tokens', DISPLAY_COLUMNS, townshipCode, id);
    if (!row) throw new DomainError('not_found', `No display token ${id}; list them with GET /api/v1/display-tokens.`);
    if (row.changed) await audit(q, { actor, action: 'display_token.revoked', target: `display:${id}`, detail: { name: row.name }, ip });
    return displayView(row);
  });
}

// API keys -------------------------------------------------------------------------------------

export async function listApiKeys(q: Queryable, townshipCode: string): Promise<ApiKeyView[]> {
  const rows = await q.query<ApiKeyRow>(`SELECT ${KEY_COLUMNS} FROM api_keys WHERE township_code = $1 ORDER BY id`, [townshipCode]);
  return rows.map(keyView);
}

export async function createApiKey(db: Db, townshipCode: string, input: ApiKeyInput, actor: string, ip: string | null): Promise<ApiKeyView & { key: string }> {
  const key = newToken('apiKey');
  return db.tx(async (q) => {
    const [row] = await q.query<ApiKeyRow>(
      `INSERT INTO api_keys (key_hash, name, township_code, scopes, created_by) VALUES ($1, $2, $3, $4, $5) RETURNING ${KEY_COLUMNS}`,
      [hashToken(key), input.name, townshipCode, input.scopes, actor],
    );
    await audit(q, { actor, action: 'api_key.created', target: `key:${row!.id}`, detail: { name: input.name, scopes: input.scopes }, ip });
    return { ...keyView(row!), key };
  });
}

/** Revokes an API key; revoking one already revoked changes nothing and answers the same. */
export async function revokeApiKey(db: Db, townshipCode: string, id: number, actor: string, ip: string | null): Promise<ApiKeyView> {
  return db.tx(async (q) => {
    const row = await revoke<ApiKeyRow>(q, 'api_keys', KEY_COLUMNS, townshipCode, id);
    if (!row) throw new DomainError('not_found', `No API key ${id}; list them with GET /api/v1/api-keys.`);
    if (row.changed) await audit(q, { actor, action: 'api_key.revoked', target: `key:${id}`, detail: { name: row.name }, ip });
    return keyView(row);
  });
}

/** Sets revoked_at once; `changed` tells whether this call did it. Null when there is no such row. */
async function revoke<R extends { revoked_at: Date | null }>(
  q: Queryable, table: 'display_tokens' | 'api_keys', columns: string, townshipCode: string, id: number,
): Promise<(R & { changed: boolean }) | null> {
  const [current] = await q.query<R>(`SELECT ${columns} FROM ${table} WHERE id = $1 AND township_code = $2 FOR UPDATE`, [id, townshipCode]);
  if (!current) return null;
  if (current.revoked_at) return { ...current, changed: false };
  const [row] = await q.query<R>(`UPDATE ${table} SET revoked_at = now() WHERE id = $1 RETURNING ${columns}`, [id]);
  return { ...row!, changed: true };
}
