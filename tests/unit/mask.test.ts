import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { maskAddress, maskIdNumber, maskName, maskPhone } from '../../api/domain/mask.ts';

describe('masking of personal fields', () => {
  it('keeps the surname and hides the given name', () => {
    expect(maskName('张三')).toBe('张*');
    expect(maskName('李四光')).toBe('李*光');
    expect(maskName('欧阳小明')).toBe('欧**明');
    expect(maskName(null)).toBeNull();
  });

  it('keeps 3+4 digits of a mobile number', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
  });

  it('hides the birth date in an ID number', () => {
    expect(maskIdNumber('330825195001011234')).toBe('330825********1234');
  });

  it('hides house numbers in an address', () => {
    expect(maskAddress('湖镇镇新光村12号')).toBe('湖镇镇新光村**号');
  });

  it('never returns an 11-digit mobile number whole', () => {
    fc.assert(fc.property(fc.stringMatching(/^1[3-9]\d{9}$/), (phone) => {
      const masked = maskPhone(phone)!;
      expect(masked).not.toBe(phone);
      expect(masked.replace(/\D/g, '').length).toBeLessThanOrEqual(7);
    }));
  });

  it('never reveals a birth date from an ID number', () => {
    fc.assert(fc.property(fc.stringMatching(/^\d{17}[\dX]$/), (id) => {
      expect(maskIdNumber(id)).not.toContain(id.slice(6, 14));
    }));
  });
});
