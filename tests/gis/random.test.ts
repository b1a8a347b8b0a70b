import { describe, expect, it } from 'vitest';
import { createRandom } from '../../gis-data/scripts/random.ts';

const draws = (seed: number, n = 20) => {
  const rng = createRandom(seed);
  return Array.from({ length: n }, () => rng.next());
};

describe('seeded random', () => {
  it('repeats the same sequence for the same seed', () => {
    expect(draws(20231)).toEqual(draws(20231));
  });

  it('gives a different sequence for another seed', () => {
    expect(draws(20231)).not.toEqual(draws(20232));
  });

  it('keeps draws in range: next in [0,1), int inclusive at both ends', () => {
    const rng = createRandom(7);
    const ints = new Set<number>();
    for (let i = 0; i < 5000; i++) {
      const x = rng.next();
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThan(1);
      ints.add(rng.int(3, 6));
    }
    expect([...ints].sort()).toEqual([3, 4, 5, 6]);
  });

  it('gives forks that do not depend on how much the parent has drawn', () => {
    const a = createRandom(1);
    const b = createRandom(1);
    b.next();
    b.next();
    expect(a.fork('places').next()).toBe(b.fork('places').next());
    expect(a.fork('places').next()).not.toBe(a.fork('devices').next());
  });

  it('never picks an item with zero weight, and says so when no weight is positive', () => {
    const rng = createRandom(3);
    for (let i = 0; i < 500; i++) expect(rng.weighted(['a', 'b', 'c'], [1, 0, 2])).not.toBe('b');
    expect(() => rng.weighted(['a'], [0])).toThrow(/positive weight/);
  });

  it('refuses a seed that is not an integer', () => {
    expect(() => createRandom(1.5)).toThrow(/integer/);
  });
});
