// Type parsers both backends share, so a row looks the same from PGlite and from `pg`.
// By default `pg` returns int8/numeric as strings and dates as local-time Date objects, while
// PGlite returns numbers or BigInt: counts would compare unequal across backends without this.

const OID = { INT8: 20, NUMERIC: 1700, DATE: 1082, INT8_ARRAY: 1016, NUMERIC_ARRAY: 1231 } as const;

const toNumber = (value: string): number => Number(value);
const toNumberArray = (value: string): number[] =>
  value === '{}' ? [] : value.slice(1, -1).split(',').map((part) => (part === 'NULL' ? Number.NaN : Number(part)));

/** Text-format parsers by type OID. Counts and ids stay well below 2^53, so numbers are exact. */
export const SHARED_TEXT_PARSERS: Record<number, (value: string) => unknown> = {
  [OID.INT8]: toNumber,
  [OID.NUMERIC]: toNumber,
  [OID.DATE]: (value) => value, // 'YYYY-MM-DD', no time zone to misread
  [OID.INT8_ARRAY]: toNumberArray,
  [OID.NUMERIC_ARRAY]: toNumberArray,
};
