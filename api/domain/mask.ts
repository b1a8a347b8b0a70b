// Masking of personal fields on output (GB/T 35273): enough stays visible to tell records apart,
// not enough to identify or reach a person.

/** 张三 → 张*, 欧阳小明 → 欧**明, 李四光 → 李*光. */
export function maskName(name: string | null | undefined): string | null {
  if (!name) return null;
  const chars = [...name];
  if (chars.length <= 2) return `${chars[0]}*`;
  return `${chars[0]}${'*'.repeat(chars.length - 2)}${chars[chars.length - 1]}`;
}

/** 13812345678 → 138****5678; landlines keep the area code and last 2 digits. */
export function maskPhone(phone: string | null | undefined): string | null {
  if (!phone) return null;
  const digits = phone.replace(/\D/g, '');
  if (digits.length === 11 && digits.startsWith('1')) return `${digits.slice(0, 3)}****${digits.slice(7)}`;
  if (digits.length <= 4) return '*'.repeat(digits.length);
  return `${digits.slice(0, 4)}${'*'.repeat(digits.length - 6)}${digits.slice(-2)}`;
}

/** 330825195001011234 → 330825********1234 (region kept, birth date hidden). */
export function maskIdNumber(id: string | null | undefined): string | null {
  if (!id) return null;
  if (id.length < 10) return '*'.repeat(id.length);
  return `${id.slice(0, 6)}${'*'.repeat(id.length - 10)}${id.slice(-4)}`;
}

/** 湖镇镇新光村12号 → 湖镇镇新光村**号: the village stays, the house number goes. */
export function maskAddress(address: string | null | undefined): string | null {
  if (!address) return null;
  return address.replace(/\d+/g, (digits) => '*'.repeat(digits.length));
}
