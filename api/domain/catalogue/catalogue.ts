// The event catalogue (事项清单): departments that answer for events and own forces, and items with
// a default level, a deadline per level and a run card per level. Administrators edit it (audited);
// an event copies its deadline at intake, so an edit never changes an event already taken in.
import type { Catalogue, Department, EventItem, RunCardLine } from '../../../contract/closedLoop.ts';
import type { DepartmentKind, EventCategory, EventLevel } from '../../../contract/domain.ts';
import type { DepartmentInput, EventItemInput } from '../../../contract/schemas.ts';
import type { z } from 'zod';
import { audit } from '../../audit.ts';
import type { Queryable } from '../../db/index.ts';
import { DomainError } from '../errors.ts';
import { maskPhone } from '../mask.ts';

export interface ItemRow {
  code: string;
  category: EventCategory;
  name: string;
  default_level: EventLevel;
  department_code: string;
  deadline_hours: Record<EventLevel, number>;
  run_card: Record<EventLevel, RunCardLine[]>;
  active: boolean;
  updated_at: Date;
  updated_by: string;
}

interface DepartmentRow {
  code: string;
  name: string;
  kind: DepartmentKind;
  village_code: string | null;
  contact_name: string;
  phone: string;
  lon: number;
  lat: number;
  forces: string[] | null;
}

/** An active item of the township's catalogue. */
export async function findItem(q: Queryable, townshipCode: string, code: string): Promise<ItemRow | null> {
  const [row] = await q.query<ItemRow>('SELECT * FROM event_items WHERE code = $1 AND township_code = $2 AND active', [code, townshipCode]);
  return row ?? null;
}

/** An item whether or not it is still active (an event keeps its item when the item is retired). */
export async function findItemAnyState(q: Queryable, code: string): Promise<ItemRow | null> {
  const [row] = await q.query<ItemRow>('SELECT * FROM event_items WHERE code = $1', [code]);
  return row ?? null;
}

const toItem = (r: ItemRow): EventItem => ({
  code: r.code, category: r.category, name: r.name, defaultLevel: r.default_level, departmentCode: r.department_code,
  deadlineHours: r.deadline_hours, runCard: r.run_card, active: r.active, updatedAt: r.updated_at.toISOString(), updatedBy: r.updated_by,
});

const toDepartment = (r: DepartmentRow, showPhone: boolean): Department => ({
  code: r.code, name: r.name, kind: r.kind, villageCode: r.village_code, contactName: r.contact_name,
  phone: showPhone ? r.phone : maskPhone(r.phone)!, lon: r.lon, lat: r.lat, forces: r.forces ?? [],
});

const DEPARTMENTS_SELECT = `
  SELECT d.code, d.name, d.kind, d.village_code, d.contact_name, d.phone, d.lon, d.lat,
         (SELECT array_agg(f.code ORDER BY f.code) FROM response_forces f WHERE f.department_code = d.code) AS forces
  FROM departments d`;

export async function department(q: Queryable, townshipCode: string, code: string, showPhone = false): Promise<Department | null> {
  const [row] = await q.query<DepartmentRow>(`${DEPARTMENTS_SELECT} WHERE d.code = $1 AND d.township_code = $2`, [code, townshipCode]);
  return row ? toDepartment(row, showPhone) : null;
}

/** The whole catalogue; phones masked unless `showPhones` (the duty room calls departments). */
export async function getCatalogue(q: Queryable, townshipCode: string, showPhones: boolean): Promise<Catalogue> {
  const departments = await q.query<DepartmentRow>(`${DEPARTMENTS_SELECT} WHERE d.township_code = $1 ORDER BY d.village_code NULLS FIRST, d.code`, [townshipCode]);
  const items = await q.query<ItemRow>('SELECT * FROM event_items WHERE township_code = $1 ORDER BY category, code', [townshipCode]);
  return { departments: departments.map((d) => toDepartment(d, showPhones)), items: items.map(toItem) };
}

type ItemInput = z.output<typeof EventItemInput>;

async function requireDepartment(q: Queryable, townshipCode: string, code: string): Promise<void> {
  const [row] = await q.query('SELECT 1 FROM departments WHERE code = $1 AND township_code = $2', [code, townshipCode]);
  if (!row) throw new DomainError('unknown_reference', `No department "${code}" in this township.`, [{ path: 'departmentCode', message: 'unknown department' }]);
}

export async function createItem(q: Queryable, townshipCode: string, input: ItemInput, actor: string, ip: string | null): Promise<EventItem> {
  await requireDepartment(q, townshipCode, input.departmentCode);
  const existing = await q.query('SELECT 1 FROM event_items WHERE code = $1', [input.code]);
  if (existing.length > 0) throw new DomainError('conflict', `Item code "${input.code}" is taken; choose another or edit that item.`);
  const [row] = await q.query<ItemRow>(
    `INSERT INTO event_items (code, township_code, category, name, default_level, department_code, deadline_hours, run_card, active, updated_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING *`,
    [input.code, townshipCode, input.category, input.name, input.defaultLevel, input.departmentCode,
      JSON.stringify(input.deadlineHours), JSON.stringify(input.runCard), input.active, actor],
  );
  await audit(q, { actor, action: 'catalogue.item_created', target: `item:${input.code}`, detail: { ...input }, ip });
  return toItem(row!);
}

export async function updateItem(q: Queryable, townshipCode: string, code: string, input: Omit<ItemInput, 'code'>, actor: string, ip: string | null): Promise<EventItem> {
  await requireDepartment(q, townshipCode, input.departmentCode);
  const [before] = await q.query<ItemRow>('SELECT * FROM event_items WHERE code = $1 AND township_code = $2 FOR UPDATE', [code, townshipCode]);
  if (!before) throw new DomainError('not_found', `No catalogue item "${code}".`);
  const [row] = await q.query<ItemRow>(
    `UPDATE event_items SET category = $2, name = $3, default_level = $4, department_code = $5, deadline_hours = $6, run_card = $7,
       active = $8, updated_at = now(), updated_by = $9 WHERE code = $1 RETURNING *`,
    [code, input.category, input.name, input.defaultLevel, input.departmentCode, JSON.stringify(input.deadlineHours),
      JSON.stringify(input.runCard), input.active, actor],
  );
  await audit(q, { actor, action: 'catalogue.item_updated', target: `item:${code}`, detail: { before: toItem(before), after: input }, ip });
  return toItem(row!);
}

type DepartmentFields = Omit<z.output<typeof DepartmentInput>, 'code'>;

async function requireVillage(q: Queryable, townshipCode: string, villageCode: string | undefined): Promise<void> {
  if (!villageCode) return;
  const [row] = await q.query('SELECT 1 FROM villages WHERE code = $1 AND township_code = $2', [villageCode, townshipCode]);
  if (!row) throw new DomainError('unknown_reference', `No village "${villageCode}" in this township.`, [{ path: 'villageCode', message: 'unknown village' }]);
}

export async function createDepartment(q: Queryable, townshipCode: string, code: string, input: DepartmentFields, actor: string, ip: string | null): Promise<Department> {
  await requireVillage(q, townshipCode, input.villageCode);
  const existing = await q.query('SELECT 1 FROM departments WHERE code = $1', [code]);
  if (existing.length > 0) throw new DomainError('conflict', `Department code "${code}" is taken; choose another or edit that department.`);
  await q.query(
    `INSERT INTO departments (code, township_code, name, kind, village_code, contact_name, phone, lon, lat, updated_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
    [code, townshipCode, input.name, input.kind, input.villageCode ?? null, input.contactName, input.phone, input.lon, input.lat, actor],
  );
  await audit(q, { actor, action: 'catalogue.department_created', target: `department:${code}`, detail: { ...input, phone: maskPhone(input.phone) }, ip });
  return (await department(q, townshipCode, code, true))!;
}

export async function updateDepartment(q: Queryable, townshipCode: string, code: string, input: DepartmentFields, actor: string, ip: string | null): Promise<Department> {
  await requireVillage(q, townshipCode, input.villageCode);
  const rows = await q.query(
    `UPDATE departments SET name = $3, kind = $4, village_code = $5, contact_name = $6, phone = $7, lon = $8, lat = $9, updated_at = now(), updated_by = $10
     WHERE code = $1 AND township_code = $2 RETURNING code`,
    [code, townshipCode, input.name, input.kind, input.villageCode ?? null, input.contactName, input.phone, input.lon, input.lat, actor],
  );
  if (rows.length === 0) throw new DomainError('not_found', `No department "${code}".`);
  await audit(q, { actor, action: 'catalogue.department_updated', target: `department:${code}`, detail: { ...input, phone: maskPhone(input.phone) }, ip });
  return (await department(q, townshipCode, code, true))!;
}
