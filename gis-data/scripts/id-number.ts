// Resident ID numbers (GB 11643-1999): 6-digit region, 8-digit birth date, 3-digit sequence
// (odd for men, even for women) and a check character by ISO 7064 MOD 11-2.

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARS = '10X98765432';
const BODY_PATTERN = /^\d{17}$/;
const ID_PATTERN = /^\d{17}[\dX]$/;

/** The check character of the first 17 digits of an ID number. */
export function idCheckDigit(body: string): string {
  if (!BODY_PATTERN.test(body)) throw new Error(`idCheckDigit() needs the first 17 digits of an ID number, got "${body}".`);
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(body[i]) * (WEIGHTS[i] ?? 0);
  return CHECK_CHARS[sum % 11] as string;
}

export function isValidIdNumber(id: string): boolean {
  return ID_PATTERN.test(id) && isRealDate(id.slice(6, 14)) && idCheckDigit(id.slice(0, 17)) === id[17];
}

export interface IdParts {
  region: string; // 6 digits, e.g. "330825"
  birth: string; // YYYYMMDD
  sequence: number; // 0–999; odd = male, even = female
}

export function makeIdNumber({ region, birth, sequence }: IdParts): string {
  if (!/^\d{6}$/.test(region)) throw new Error(`Region must be 6 digits, got "${region}".`);
  if (!isRealDate(birth)) throw new Error(`Birth date must be a real YYYYMMDD date, got "${birth}".`);
  if (!Number.isInteger(sequence) || sequence < 0 || sequence > 999) throw new Error(`Sequence must be an integer 0–999, got ${sequence}.`);
  const body = `${region}${birth}${String(sequence).padStart(3, '0')}`;
  return body + idCheckDigit(body);
}

function isRealDate(yyyymmdd: string): boolean {
  if (!/^\d{8}$/.test(yyyymmdd)) return false;
  const [y, m, d] = [Number(yyyymmdd.slice(0, 4)), Number(yyyymmdd.slice(4, 6)), Number(yyyymmdd.slice(6, 8))];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}
