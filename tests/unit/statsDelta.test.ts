// The statistics push format: a wall holding `before` that applies diff(before, after), as it
// arrives over the wire (JSON), must hold exactly `after`, without its `before` being touched.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { diff, isEmpty, patch, type FigureTree } from '../../contract/statsDelta.ts';

const key = fc.constantFrom('total', 'byLevel', 'general', 'major', '1h', '24h', 'windows', 'mean', 'rankings', '3308251012', 'a', 'b');
const leaf = fc.oneof(
  fc.integer({ min: -5, max: 1_000 }),
  fc.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true }).filter((x) => !Object.is(x, -0)),
  fc.constant(null),
  fc.string({ maxLength: 6 }),
  fc.array(fc.record({ code: fc.string({ maxLength: 3 }), points: fc.integer() }), { maxLength: 3 }),
);
const { tree } = fc.letrec<{ tree: FigureTree; value: unknown }>((tie) => ({
  tree: fc.dictionary(key, tie('value'), { maxKeys: 5 }),
  value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaf, tie('tree')),
}));
/** A tree and a variation of it: some leaves changed, some keys added or dropped, some objects turned to leaves and back. */
const pair = fc.tuple(tree, tree).chain(([a, b]) => fc.tuple(fc.constant(a), fc.oneof(fc.constant(b), fc.constant(mix(a, b)))));

function mix(a: FigureTree, b: FigureTree): FigureTree {
  const out: FigureTree = { ...a };
  for (const [k, v] of Object.entries(b)) {
    const here = out[k];
    out[k] = here && typeof here === 'object' && !Array.isArray(here) && v && typeof v === 'object' && !Array.isArray(v) ? mix(here as FigureTree, v as FigureTree) : v;
  }
  return out;
}

const overWire = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

describe('statistics deltas', () => {
  it('patch(before, diff(before, after)) is after, also after a trip through JSON, and before is untouched', () => {
    fc.assert(fc.property(pair, ([before, after]) => {
      const kept = structuredClone(before);
      const changes = overWire(diff(before, after));
      expect(patch(before, changes)).toEqual(after);
      expect(before).toEqual(kept);
    }), { numRuns: 2_000 });
  });

  it('finds nothing to send between equal figures', () => {
    fc.assert(fc.property(tree, (figures) => {
      expect(isEmpty(diff(figures, structuredClone(figures)))).toBe(true);
    }));
  });

  it('writes each changed key once: a count changed in five windows costs five leaves, not five paths', () => {
    const windows = (n: number) => Object.fromEntries(['1h', '24h', '7d', '30d', 'mtd'].map((w) => [w, { events: { total: n, byLevel: { general: n, major: 1 } } }]));
    const changes = diff({ windows: windows(1), generatedAt: 'x' }, { windows: windows(2), generatedAt: 'x' });
    expect(changes).toEqual({ changed: { windows: Object.fromEntries(['1h', '24h', '7d', '30d', 'mtd'].map((w) => [w, { events: { total: 2, byLevel: { general: 2 } } }])) } });
  });

  it('lists removed leaves by path and drops them', () => {
    const changes = diff({ byCategory: { flood: 2, traffic: 1 } }, { byCategory: { flood: 2 } });
    expect(changes).toEqual({ changed: {}, removed: [['byCategory', 'traffic']] });
    expect(patch({ byCategory: { flood: 2, traffic: 1 } }, changes)).toEqual({ byCategory: { flood: 2 } });
  });
});
