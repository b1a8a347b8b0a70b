// Differences between two statistics snapshots: the leaves that changed, so a push carries a few
// numbers instead of the whole snapshot. Arrays are leaves (replaced whole).
export type Change = [path: string[], value: unknown] | [path: string[], value: null, removed: 1];

const isPlainObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

export function diff(before: unknown, after: unknown, path: string[] = [], changes: Change[] = []): Change[] {
  if (isPlainObject(before) && isPlainObject(after)) {
    for (const key of Object.keys(after)) diff(before[key], after[key], [...path, key], changes);
    for (const key of Object.keys(before)) if (!(key in after)) changes.push([[...path, key], null, 1]);
    return changes;
  }
  if (JSON.stringify(before) !== JSON.stringify(after)) changes.push([path, after]);
  return changes;
}

/** Applies changes to a copy of `base`. */
export function patch<T>(base: T, changes: Change[]): T {
  const result = structuredClone(base) as Record<string, unknown>;
  for (const [path, value, removed] of changes) {
    let target = result;
    for (const key of path.slice(0, -1)) {
      if (!isPlainObject(target[key])) target[key] = {};
      target = target[key] as Record<string, unknown>;
    }
    const last = path[path.length - 1]!;
    if (removed) delete target[last];
    else target[last] = structuredClone(value);
  }
  return result as T;
}
