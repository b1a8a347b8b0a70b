// The administrator's forms for the event catalogue (事项清单), and what they stand for: an item or a
// department as the form holds it (blanks allowed while it is being filled in), made from the hub's
// record for an edit, and turned back into the request body the contract's schema then checks.
// Blanks are kept blank (a number as NaN) so the schema names them by field instead of this code
// guessing a value.
import type { Department, EventItem } from '../../../contract/closedLoop.ts';
import { EVENT_LEVELS, type DepartmentKind, type EventCategory, type EventLevel, type ForceKind } from '../../../contract/domain.ts';

export type PerLevel<T> = Record<EventLevel, T>;

/** One line of a run card being edited: which kind of force and how many, either not chosen yet. */
export interface RunCardLineForm {
  kind: ForceKind | '';
  count: number | null;
}

export interface ItemForm {
  /** Typed for a new item only; an item's code never changes (events refer to it). */
  code: string;
  name: string;
  category: EventCategory | '';
  departmentCode: string;
  defaultLevel: EventLevel | '';
  deadlineHours: PerLevel<number | null>;
  runCard: PerLevel<RunCardLineForm[]>;
  active: boolean;
}

export interface DepartmentForm {
  /** Typed for a new department only. */
  code: string;
  name: string;
  kind: DepartmentKind | '';
  /** '' for a township department (no village). */
  villageCode: string;
  contactName: string;
  phone: string;
  lon: number | null;
  lat: number | null;
}

/** A new run card line: one of a kind still to be chosen. */
export const NEW_LINE_COUNT = 1;

export function perLevel<T>(make: (level: EventLevel) => T): PerLevel<T> {
  return Object.fromEntries(EVENT_LEVELS.map((level) => [level, make(level)])) as PerLevel<T>;
}

export function emptyItemForm(): ItemForm {
  return {
    code: '', name: '', category: '', departmentCode: '', defaultLevel: 'general',
    deadlineHours: perLevel(() => null), runCard: perLevel(() => []), active: true,
  };
}

/** The form for editing `item`: a copy, so an abandoned edit leaves the table's record as it was. */
export function itemToForm(item: EventItem): ItemForm {
  return {
    code: item.code, name: item.name, category: item.category, departmentCode: item.departmentCode, defaultLevel: item.defaultLevel,
    deadlineHours: perLevel((level) => item.deadlineHours[level]),
    runCard: perLevel((level) => item.runCard[level].map((line) => ({ kind: line.kind, count: line.count }))),
    active: item.active,
  };
}

const numberOrBlank = (value: number | null) => value ?? Number.NaN;

/** PUT /catalogue/items/{code}'s body (EventItemUpdate) as the form has it, to be checked by the schema. */
export function itemFields(form: ItemForm) {
  return {
    category: form.category,
    name: form.name,
    defaultLevel: form.defaultLevel,
    departmentCode: form.departmentCode,
    deadlineHours: perLevel((level) => numberOrBlank(form.deadlineHours[level])),
    runCard: perLevel((level) => form.runCard[level].map((line) => ({ kind: line.kind, count: numberOrBlank(line.count) }))),
    active: form.active,
  };
}

/** POST /catalogue/items's body (EventItemInput): the fields and the new code. */
export const newItemBody = (form: ItemForm) => ({ code: form.code.trim(), ...itemFields(form) });

export function emptyDepartmentForm(): DepartmentForm {
  return { code: '', name: '', kind: '', villageCode: '', contactName: '', phone: '', lon: null, lat: null };
}

/** The form for editing `department`. Its phone must be the whole number (administrators are shown it whole). */
export function departmentToForm(department: Department): DepartmentForm {
  return {
    code: department.code, name: department.name, kind: department.kind, villageCode: department.villageCode ?? '',
    contactName: department.contactName, phone: department.phone, lon: department.lon, lat: department.lat,
  };
}

/** PUT /catalogue/departments/{code}'s body (DepartmentUpdate); no village is left out, not sent empty. */
export function departmentFields(form: DepartmentForm) {
  return {
    name: form.name,
    kind: form.kind,
    ...(form.villageCode ? { villageCode: form.villageCode } : {}),
    contactName: form.contactName,
    // The schema's phone pattern does not trim; a pasted number often brings a space.
    phone: form.phone.trim(),
    lon: numberOrBlank(form.lon),
    lat: numberOrBlank(form.lat),
  };
}

/** POST /catalogue/departments's body (DepartmentInput). */
export const newDepartmentBody = (form: DepartmentForm) => ({ code: form.code.trim(), ...departmentFields(form) });

/**
 * The schema's marks, with those of fields left blank ('' or a cleared number) saying `required`
 * instead: the schema's words for a blank select or number ("Invalid option: expected one of …")
 * are for integrators, not for the person at the desk. Marks of what was typed stay the schema's.
 */
export function markBlanks(errors: Readonly<Record<string, string>>, body: unknown, required: string): Record<string, string> {
  const marked: Record<string, string> = {};
  for (const [path, message] of Object.entries(errors)) {
    const value = path.split('.').reduce<unknown>((at, key) => (at !== null && typeof at === 'object' ? (at as Record<string, unknown>)[key] : undefined), body);
    marked[path] = value === '' || Number.isNaN(value) ? required : message;
  }
  return marked;
}
