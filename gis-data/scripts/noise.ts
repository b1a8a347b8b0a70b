// Seeded 2D gradient noise and its fractal sums (fBm, ridged) for the schematic relief. A lattice
// gradient is an integer hash of (x, y, seed), not a draw from a stream, so a point's noise depends on
// nothing but the point and the seed: the grid may be evaluated in any order and stays byte-identical.

/** Noise at a point (coordinates in lattice units), in [-1, 1]. */
export type Noise2D = (x: number, y: number) => number;

export interface FractalOptions {
  octaves: number;
  lacunarity: number; // frequency factor from one octave to the next
  gain: number; // amplitude factor from one octave to the next
}

export const FRACTAL_DEFAULTS: FractalOptions = { octaves: 5, lacunarity: 2.03, gain: 0.5 };

const DIAGONAL = Math.SQRT1_2;
/** The eight gradient directions: the axes and the diagonals, unit length. */
const GRADIENTS_X = [1, DIAGONAL, 0, -DIAGONAL, -1, -DIAGONAL, 0, DIAGONAL];
const GRADIENTS_Y = [0, DIAGONAL, 1, DIAGONAL, 0, -DIAGONAL, -1, -DIAGONAL];

/**
 * Gradient (Perlin) noise: a seeded gradient on each integer lattice point, one of eight directions,
 * blended with a quintic fade. Unlike value noise it shows no square lattice in the relief.
 */
export function gradientNoise(seed: number): Noise2D {
  const s = seed >>> 0;
  const corner = (ix: number, iy: number, dx: number, dy: number): number => {
    const g = hash3(ix, iy, s) & 7;
    return GRADIENTS_X[g]! * dx + GRADIENTS_Y[g]! * dy;
  };
  return (x, y) => {
    const ix = Math.floor(x);
    const iy = Math.floor(y);
    const fx = x - ix;
    const fy = y - iy;
    const u = fade(fx);
    const v = fade(fy);
    const a = corner(ix, iy, fx, fy);
    const b = corner(ix + 1, iy, fx - 1, fy);
    const c = corner(ix, iy + 1, fx, fy - 1);
    const d = corner(ix + 1, iy + 1, fx - 1, fy - 1);
    const bottom = a + (b - a) * u;
    return Math.max(-1, Math.min(1, (bottom + (c + (d - c) * u - bottom) * v) * Math.SQRT2));
  };
}

/** Fractal Brownian motion: octaves of `noise`, each finer and fainter; in [-1, 1]. */
export function fbm(noise: Noise2D, options: FractalOptions = FRACTAL_DEFAULTS): Noise2D {
  return octaves(noise, options, (n) => n);
}

/** Ridged noise in [0, 1]: sharp crests where the noise crosses zero, as on eroded hills. */
export function ridged(noise: Noise2D, options: FractalOptions = FRACTAL_DEFAULTS): Noise2D {
  return octaves(noise, options, (n) => (1 - Math.abs(n)) ** 2);
}

/** The weighted sum of `shape` over octaves of `noise`, divided by the sum of the weights. */
function octaves(noise: Noise2D, { octaves: count, lacunarity, gain }: FractalOptions, shape: (n: number) => number): Noise2D {
  let norm = 0;
  for (let o = 0, amplitude = 1; o < count; o++, amplitude *= gain) norm += amplitude;
  return (x, y) => {
    let sum = 0;
    let amplitude = 1;
    let frequency = 1;
    for (let o = 0; o < count; o++) {
      // Each octave is shifted so that the lattices do not line up at the origin.
      sum += amplitude * shape(noise(x * frequency + o * 17.31, y * frequency - o * 9.73));
      amplitude *= gain;
      frequency *= lacunarity;
    }
    return sum / norm;
  };
}

/** 0 below edge0, 1 above edge1, a smooth S between (edge0 > edge1 turns it round). */
export function smoothstep(edge0: number, edge1: number, x: number): number {
  const t = Math.min(1, Math.max(0, (x - edge0) / (edge1 - edge0)));
  return t * t * (3 - 2 * t);
}

function fade(t: number): number {
  return t * t * t * (t * (t * 6 - 15) + 10);
}

/** A 32-bit hash of three integers (a murmur-style finaliser over a mixed sum). */
function hash3(x: number, y: number, seed: number): number {
  let h = (Math.imul(x | 0, 0x27d4eb2d) ^ Math.imul(y | 0, 0x165667b1) ^ seed) >>> 0;
  h = Math.imul(h ^ (h >>> 15), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}
