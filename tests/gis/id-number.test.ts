import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { idCheckDigit, isValidIdNumber, makeIdNumber } from '../../gis-data/scripts/id-number.ts';

const body17 = fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 17, maxLength: 17 }).map((d) => d.join(''));

describe('resident ID numbers (GB 11643)', () => {
  it('computes the check character of a published example', () => {
    // The worked example of GB 11643-1999: 11010519491231002X
    expect(idCheckDigit('11010519491231002')).toBe('X');
    expect(isValidIdNumber('11010519491231002X')).toBe(true);
  });

  it('rejects a body that is not 17 digits, saying what it needs', () => {
    expect(() => idCheckDigit('1234')).toThrow(/17 digits/);
    expect(() => idCheckDigit('1101051949123100X')).toThrow(/17 digits/);
  });

  it('makes the weighted sum of all 18 characters ≡ 1 (mod 11), for any 17 digits', () => {
    fc.assert(
      fc.property(body17, (body) => {
        const check = idCheckDigit(body);
        const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2, 1];
        const values = [...body].map(Number).concat(check === 'X' ? 10 : Number(check));
        const sum = values.reduce((s, v, i) => s + v * (weights[i] ?? 0), 0);
        return sum % 11 === 1;
      }),
    );
  });

  it('detects any single changed digit', () => {
    fc.assert(
      fc.property(body17, fc.integer({ min: 0, max: 16 }), fc.integer({ min: 1, max: 9 }), (body, at, shift) => {
        const changed = body.slice(0, at) + String((Number(body[at]) + shift) % 10) + body.slice(at + 1);
        return idCheckDigit(changed) !== idCheckDigit(body);
      }),
    );
  });

  it('builds valid numbers whose birth date and sex digit are as asked', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('1920-01-01T00:00:00Z'), max: new Date('2023-12-31T00:00:00Z'), noInvalidDate: true }), fc.integer({ min: 0, max: 999 }), (date, sequence) => {
        const birth = date.toISOString().slice(0, 10).replaceAll('-', '');
        const id = makeIdNumber({ region: '330825', birth, sequence });
        return isValidIdNumber(id) && id.startsWith(`330825${birth}`) && Number(id[16]) % 2 === sequence % 2;
      }),
    );
  });

  it('refuses impossible birth dates and treats them as invalid', () => {
    expect(() => makeIdNumber({ region: '330825', birth: '20230230', sequence: 1 })).toThrow(/real YYYYMMDD/);
    const body = '33082520230230001';
    expect(isValidIdNumber(body + idCheckDigit(body))).toBe(false);
  });
});
