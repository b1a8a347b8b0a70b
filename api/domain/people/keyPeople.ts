// Key-group people (重点人群). Lists are always masked; seeing one record whole is an explicit,
// audited request by someone whose role and area allow it.
import type { KeyGroup } from '../../../contract/domain.ts';
import { audit } from '../../audit.ts';
import { IN_SCOPE_SQL, scopeParams } from '../../auth/permissions.ts';
import type { Scope } from '../../auth/principal.ts';
import type { Db, Queryable } from '../../db/index.ts';
import { DomainError } from '../errors.ts';
import { maskAddress, maskIdNumber, maskName, maskPhone } from '../mask.ts';

export interface PersonRecord {
  code: string;
  name: string | null;
  idNumber: string | null;
  phone: string | null;
  address: string | null;
  groups: KeyGroup[];
  gridCode: string;
  masked: boolean;
}

interface PersonRow { code: string; name: string; id_number: string; phone: string | null; address: string | null; groups: KeyGroup[]; grid_code: string }

const SCOPED = `FROM key_people k JOIN grids g ON g.code = k.grid_code JOIN villages v ON v.code = g.village_code
  WHERE ${IN_SCOPE_SQL}`;

const masked = (row: PersonRow): PersonRecord => ({
  code: row.code, name: maskName(row.name), idNumber: maskIdNumber(row.id_number), phone: maskPhone(row.phone),
  address: maskAddress(row.address), groups: row.groups, gridCode: row.grid_code, masked: true,
});

export async function listPeople(q: Queryable, scope: Scope, options: { group?: KeyGroup; limit: number; offset: number }): Promise<{ people: PersonRecord[]; total: number }> {
  const params = [...scopeParams(scope), options.group ?? null];
  const groupFilter = 'AND ($4::text IS NULL OR $4 = ANY(k.groups))';
  const rows = await q.query<PersonRow>(
    `SELECT k.code, k.name, k.id_number, k.phone, k.address, k.groups, k.grid_code ${SCOPED} ${groupFilter} ORDER BY k.code LIMIT $5 OFFSET $6`,
    [...params, options.limit, options.offset],
  );
  const [count] = await q.query<{ n: number }>(`SELECT count(*) AS n ${SCOPED} ${groupFilter}`, params);
  return { people: rows.map(masked), total: count!.n };
}

/** These people (masked), as far as they are in the caller's scope, in code order. */
export async function maskedPeople(q: Queryable, scope: Scope, codes: readonly string[]): Promise<PersonRecord[]> {
  if (codes.length === 0) return [];
  const rows = await q.query<PersonRow>(
    `SELECT k.code, k.name, k.id_number, k.phone, k.address, k.groups, k.grid_code ${SCOPED} AND k.code = ANY($4::text[]) ORDER BY k.code`,
    [...scopeParams(scope), codes],
  );
  return rows.map(masked);
}

/** One person; whole only when `unmask` is asked with a reason, and then audited. */
export async function getPerson(db: Db, scope: Scope, code: string, unmask: { actor: string; reason: string; ip: string | null } | null): Promise<PersonRecord> {
  const [row] = await db.query<PersonRow>(
    `SELECT k.code, k.name, k.id_number, k.phone, k.address, k.groups, k.grid_code ${SCOPED} AND k.code = $4`,
    [...scopeParams(scope), code],
  );
  if (!row) throw new DomainError('not_found', `No key person ${code} in the area you serve.`);
  if (!unmask) return masked(row);
  await audit(db, { actor: unmask.actor, action: 'person.unmasked', target: `person:${row.code}`, detail: { reason: unmask.reason }, ip: unmask.ip });
  return { code: row.code, name: row.name, idNumber: row.id_number, phone: row.phone, address: row.address, groups: row.groups, gridCode: row.grid_code, masked: false };
}
