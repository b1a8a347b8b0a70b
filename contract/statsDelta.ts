// Differences between two statistics snapshots, as a push carries them: a tree shaped like the
// snapshot holding only the leaves that changed (arrays and null are leaves, replaced whole), and
// the paths of leaves that went away. A tree names each key once: one new event changes the same
// counts in five windows, and paths spelt out in full made each push three times as large.
export type FigureTree = { [key: string]: unknown };

export interface FigureChanges {
  changed: FigureTree;
  /** Paths of leaves present before and absent now (omitted when none). */
  removed?: string[][];
}

const isPlainObject = (v: unknown): v is FigureTree => v !== null && typeof v === 'object' && !Array.isArray(v);

/** What turns `before` into `after`. */
export function diff(before: FigureTree, after: FigureTree): FigureChanges {
  const removed: string[][] = [];
  const changed = diffTree(before, after, [], removed);
  return removed.length > 0 ? { changed, removed } : { changed };
}

function diffTree(before: FigureTree, after: FigureTree, path: string[], removed: string[][]): FigureTree {
  const changed: FigureTree = {};
  for (const key of Object.keys(after)) {
    const was = before[key];
    const now = after[key];
    if (isPlainObject(was) && isPlainObject(now)) {
      const inner = diffTree(was, now, [...path, key], removed);
      if (Object.keys(inner).length > 0) changed[key] = inner;
    } else if (!(key in before) || JSON.stringify(was) !== JSON.stringify(now)) {
      changed[key] = now;
    }
  }
  for (const key of Object.keys(before)) if (!(key in after)) removed.push([...path, key]);
  return changed;
}

export function isEmpty(changes: FigureChanges): boolean {
  return Object.keys(changes.changed).length === 0 && (changes.removed?.length ?? 0) === 0;
}

/** `base` with the changes applied; `base` itself is left as it was (only the changed branches are copied). */
export function patch<T>(base: T, changes: FigureChanges): T {
  let result = merge(base, changes.changed);
  for (const path of changes.removed ?? []) result = without(result, path);
  return result as T;
}

function merge(base: unknown, changed: FigureTree): FigureTree {
  const result: FigureTree = isPlainObject(base) ? { ...base } : {};
  for (const [key, value] of Object.entries(changed)) {
    result[key] = isPlainObject(value) && isPlainObject(result[key]) ? merge(result[key], value) : copyOf(value);
  }
  return result;
}

function without(tree: FigureTree, path: string[]): FigureTree {
  const [key, ...rest] = path;
  if (key === undefined || !(key in tree)) return tree;
  const result = { ...tree };
  if (rest.length === 0) delete result[key];
  else if (isPlainObject(result[key])) result[key] = without(result[key], rest);
  return result;
}

const copyOf = (value: unknown) => (value !== null && typeof value === 'object' ? structuredClone(value) : value);
