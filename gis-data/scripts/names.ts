// Fictitious people's names, phone numbers and the short forms of village names used in place names.
import type { Random } from './random.ts';

/** Common surnames in Longyou (rough weights), so the demo reads like the place. */
const SURNAMES = ['徐', '王', '刘', '余', '吴', '周', '张', '陈', '李', '童', '叶', '杨', '汪', '邱', '郑', '祝', '毛', '胡', '方', '林', '朱', '黄', '詹', '翁', '傅', '程', '严', '范', '姜', '劳', '雷', '蓝'] as const;
const SURNAME_WEIGHTS = [9, 8, 7, 7, 7, 6, 6, 6, 5, 5, 5, 4, 4, 3, 3, 3, 3, 3, 3, 3, 2, 2, 2, 2, 2, 2, 2, 2, 2, 1, 1, 1] as const;

/** Given-name characters by generation, as names changed with the times. */
const GIVEN = {
  male: {
    old: '土根金水福财寿德荣发有仁忠和明生春林松炳贵',
    middle: '建国伟军明华志强勇平林辉斌俊杰涛洪新海文宏峰',
    young: '浩宇晨睿子航轩博泽鑫一涵铭俊逸梓豪奕哲天佑',
  },
  female: {
    old: '秀英兰花凤珍桂娥仙梅翠菊香莲玉金彩素月娣',
    middle: '丽芳红娟燕玲萍霞琴敏静婷慧艳云洁莉晓春美',
    young: '欣怡悦萱涵雅诗琳可馨若一梓雨佳语思妍婉宁',
  },
} as const;

export type Sex = 'male' | 'female';
const OLD_BEFORE_YEAR = 1960;
const YOUNG_FROM_YEAR = 2000;

export function personName(rng: Random, sex: Sex, birthYear: number): string {
  const surname = rng.weighted(SURNAMES, SURNAME_WEIGHTS);
  const pool = GIVEN[sex][birthYear < OLD_BEFORE_YEAR ? 'old' : birthYear >= YOUNG_FROM_YEAR ? 'young' : 'middle'];
  const chars = [...pool];
  const first = rng.pick(chars);
  return rng.chance(0.25) ? surname + first : surname + first + rng.pick(chars);
}

const MOBILE_PREFIXES = ['130', '131', '133', '135', '137', '138', '139', '150', '151', '152', '157', '158', '159', '177', '180', '181', '182', '187', '188', '189', '191', '199'] as const;

/** An 11-digit mobile number (fictitious). */
export function mobilePhone(rng: Random): string {
  return rng.pick(MOBILE_PREFIXES) + digits(rng, 8);
}

const LONGYOU_AREA_CODE = '0570'; // Quzhou area code
const LONGYOU_EXCHANGE_PREFIX = '7'; // Longyou landlines are 7xxxxxx

/** An office landline in Longyou format, e.g. 0570-7123456 (fictitious). */
export function officePhone(rng: Random): string {
  return `${LONGYOU_AREA_CODE}-${LONGYOU_EXCHANGE_PREFIX}${digits(rng, 6)}`;
}

function digits(rng: Random, count: number): string {
  let out = '';
  for (let i = 0; i < count; i++) out += String(rng.int(0, 9));
  return out;
}

/** The name without its 村/社区 ending, as used in place names: 新光村 → 新光, 阳湖社区 → 阳湖. */
export function stem(villageName: string): string {
  return villageName.replace(/(社区|村)$/, '');
}

/** A running code with a fixed width, e.g. code('DEV-WL-', 7, 3) → DEV-WL-007. */
export function code(prefix: string, n: number, width: number): string {
  return prefix + String(n).padStart(width, '0');
}
