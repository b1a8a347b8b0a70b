// The administrator's catalogue forms: an item or a department made into a form and back gives the
// request body the contract's schema accepts, unchanged; what is left blank or out of range is
// refused by the schema under the field's own path (where the form shows it), never guessed.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Department, EventItem } from '../../contract/closedLoop.ts';
import { DEPARTMENT_KINDS, EVENT_CATEGORIES, EVENT_LEVELS, FORCE_KINDS } from '../../contract/domain.ts';
import { DepartmentInput, DepartmentUpdate, EventItemInput, EventItemUpdate } from '../../contract/schemas.ts';
import {
  departmentFields, departmentToForm, emptyDepartmentForm, emptyItemForm, itemFields, itemToForm, markBlanks, newDepartmentBody, newItemBody,
} from '../../screen/console/composables/catalogueForm.ts';
import { fieldErrorsOf } from '../../screen/console/composables/useSubmit.ts';

const perLevel = <T>(arb: fc.Arbitrary<T>) => fc.record({ general: arb, significant: arb, major: arb, extraordinary: arb });
const runCardLine = fc.record({ kind: fc.constantFrom(...FORCE_KINDS), count: fc.integer({ min: 1, max: 20 }) });
/** What PUT /catalogue/items/{code} sends of an item: all but its code and the hub's bookkeeping. */
const editable = (item: EventItem) => ({
  category: item.category, name: item.name, defaultLevel: item.defaultLevel, departmentCode: item.departmentCode,
  deadlineHours: item.deadlineHours, runCard: item.runCard, active: item.active,
});
/** Names as people type them: Chinese or Latin, trimmed, never empty. */
const name = fc.stringMatching(/^[\u4e00-\u9fa5A-Za-z0-9][\u4e00-\u9fa5A-Za-z0-9 ]{0,30}[\u4e00-\u9fa5A-Za-z0-9]$/);

const itemArb: fc.Arbitrary<EventItem> = fc.record({
  code: fc.stringMatching(/^[a-z0-9_]{2,64}$/),
  category: fc.constantFrom(...EVENT_CATEGORIES),
  name,
  defaultLevel: fc.constantFrom(...EVENT_LEVELS),
  departmentCode: fc.stringMatching(/^DEP-[A-Z0-9-]{1,20}$/),
  deadlineHours: perLevel(fc.integer({ min: 1, max: 24 * 90 })),
  runCard: perLevel(fc.array(runCardLine, { maxLength: 8 })),
  active: fc.boolean(),
  updatedAt: fc.constant('2026-11-21T00:00:00.000Z'),
  updatedBy: fc.constant('user:admin'),
});

const departmentArb: fc.Arbitrary<Department> = fc.record({
  code: fc.stringMatching(/^[A-Za-z0-9_.-]{2,64}$/),
  name,
  kind: fc.constantFrom(...DEPARTMENT_KINDS),
  villageCode: fc.option(fc.stringMatching(/^3308251\d{5}$/), { nil: null }),
  contactName: name,
  phone: fc.oneof(fc.stringMatching(/^1\d{10}$/), fc.stringMatching(/^0\d{3}-\d{7}$/)),
  lon: fc.double({ min: 118, max: 120, noNaN: true }),
  lat: fc.double({ min: 28, max: 30, noNaN: true }),
  forces: fc.array(fc.stringMatching(/^FRC-\d{3}$/), { maxLength: 3 }),
});

describe('the catalogue item form', () => {
  it('gives back exactly the item\'s editable fields, which the contract accepts as an update', () => {
    fc.assert(fc.property(itemArb, (item) => {
      const parsed = EventItemUpdate.safeParse(itemFields(itemToForm(item)));
      expect(parsed.success && parsed.data).toEqual(editable(item));
    }));
  });

  it('adds the code for a new item, and the contract accepts it as a new item', () => {
    fc.assert(fc.property(itemArb, (item) => {
      const parsed = EventItemInput.safeParse(newItemBody(itemToForm(item)));
      expect(parsed.success && parsed.data).toEqual({ code: item.code, ...editable(item) });
    }));
  });

  it('copies the run card, so editing the form leaves the table\'s item as it was', () => {
    fc.assert(fc.property(itemArb, (generated) => {
      // A copy of fast-check's value: if the form aliased the item, its shrinking would see the edits too.
      const item = structuredClone(generated);
      const before = structuredClone(generated);
      const form = itemToForm(item);
      for (const level of EVENT_LEVELS) {
        form.runCard[level].push({ kind: 'police', count: 3 });
        for (const line of form.runCard[level]) line.count = 7;
        form.deadlineHours[level] = 5;
      }
      expect(item).toEqual(before);
    }));
  });

  it('names a blank or zero deadline, a blank or zero count and an unchosen kind by their own fields', () => {
    fc.assert(fc.property(itemArb, fc.constantFrom(...EVENT_LEVELS), fc.constantFrom(null, 0), (item, level, bad) => {
      const form = itemToForm(item);
      form.deadlineHours[level] = bad;
      form.runCard[level] = [{ kind: 'fire', count: 2 }, { kind: '', count: bad }];
      const result = EventItemUpdate.safeParse(itemFields(form));
      expect(result.success).toBe(false);
      const errors = fieldErrorsOf(result.error!.issues);
      expect(Object.keys(errors).sort()).toEqual([`deadlineHours.${level}`, `runCard.${level}.1.count`, `runCard.${level}.1.kind`]);
    }));
    // Zero is "at least 1 hour", not a type error: the reason the form shows.
    const form = emptyItemForm();
    form.deadlineHours.general = 0;
    const errors = fieldErrorsOf(EventItemUpdate.safeParse(itemFields(form)).error!.issues);
    expect(errors['deadlineHours.general']).toBe('at least 1 hour');
    expect(errors).toHaveProperty('category');
    expect(errors).toHaveProperty('departmentCode');
    expect(errors).toHaveProperty('deadlineHours.major');
  });

  it('says "required" for what was left blank, and keeps the schema\'s words for what was typed', () => {
    const form = emptyItemForm();
    form.code = 'Bad Code';
    form.deadlineHours.general = 0;
    form.runCard.major = [{ kind: '', count: 25 }];
    const body = newItemBody(form);
    const errors = markBlanks(fieldErrorsOf(EventItemInput.safeParse(body).error!.issues), body, '必填');
    expect(errors).toMatchObject({
      code: 'must be 2–64 characters of a-z, 0-9 and "_"', name: '必填', category: '必填', departmentCode: '必填',
      'deadlineHours.general': 'at least 1 hour', 'deadlineHours.significant': '必填', 'runCard.major.0.kind': '必填',
    });
    expect(errors['runCard.major.0.count']).not.toBe('必填');
  });

  it('refuses a new item without a code, and never sends the code of an item being edited', () => {
    const form = itemToForm(fc.sample(itemArb, { numRuns: 1, seed: 7 })[0]!);
    form.code = '  ';
    expect(fieldErrorsOf(EventItemInput.safeParse(newItemBody(form)).error!.issues)).toHaveProperty('code');
    expect(itemFields(form)).not.toHaveProperty('code');
  });
});

describe('the department form', () => {
  it('gives back the department\'s editable fields, a township department without a village', () => {
    fc.assert(fc.property(departmentArb, (department) => {
      const body = departmentFields(departmentToForm(department));
      const parsed = DepartmentUpdate.safeParse(body);
      const { name, kind, villageCode, contactName, phone, lon, lat } = department;
      expect(parsed.success && parsed.data).toEqual({ name, kind, ...(villageCode === null ? {} : { villageCode }), contactName, phone, lon, lat });
      // No village is left out, not sent as null or '' (the schema takes a village code or nothing).
      expect('villageCode' in body).toBe(villageCode !== null);
      expect(body).not.toHaveProperty('code');
    }));
  });

  it('takes a new department with its code, and a phone pasted with spaces around it', () => {
    fc.assert(fc.property(departmentArb, (department) => {
      const form = departmentToForm(department);
      form.phone = ` ${form.phone} `;
      const parsed = DepartmentInput.safeParse(newDepartmentBody(form));
      expect(parsed.success && parsed.data.code).toBe(department.code);
      expect(parsed.success && parsed.data.phone).toBe(department.phone);
    }));
  });

  it('names every missing field of an empty form, and a masked phone as not a phone', () => {
    const errors = fieldErrorsOf(DepartmentInput.safeParse(newDepartmentBody(emptyDepartmentForm())).error!.issues);
    expect(Object.keys(errors).sort()).toEqual(['code', 'contactName', 'kind', 'lat', 'lon', 'name', 'phone']);
    const masked = { ...departmentToForm(fc.sample(departmentArb, { numRuns: 1, seed: 3 })[0]!), phone: '138****0000' };
    expect(fieldErrorsOf(DepartmentUpdate.safeParse(departmentFields(masked)).error!.issues)).toHaveProperty('phone');
  });
});
