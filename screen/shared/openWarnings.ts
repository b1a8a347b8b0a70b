// Open warnings (raised and acknowledged) as the screens keep them: a resolved warning leaves the
// list. Highest level first, then newest. Pure functions.
import type { Warning } from '../../contract/warnings.ts';
import { WARNING_LEVELS } from '../../contract/warnings.ts';

export const OPEN_WARNINGS_LIMIT = 500;

export function warningOrder(a: Warning, b: Warning): number {
  return WARNING_LEVELS.indexOf(b.level) - WARNING_LEVELS.indexOf(a.level) || Date.parse(b.raisedAt) - Date.parse(a.raisedAt) || b.id - a.id;
}

export function applyWarning(list: readonly Warning[], warning: Warning): Warning[] {
  const others = list.filter((w) => w.id !== warning.id);
  return (warning.status === 'resolved' ? others : [...others, warning]).sort(warningOrder);
}

export const openWarnings = (warnings: readonly Warning[]): Warning[] => warnings.reduce<Warning[]>(applyWarning, []);
