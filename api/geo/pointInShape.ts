// Point-in-polygon on flat typed arrays, with the answers of turf's booleanPointInPolygon (which
// uses point-in-polygon-hao): a point on any ring, holes included, counts as inside, and the
// orientation test is exact, so a point on an edge is found on it whatever the rounding.
// GridIndex calls this on its hot path; it allocates nothing and takes no GeoJSON per call.
import type { MultiPolygon, Polygon, Position } from 'geojson';

/** A Polygon or MultiPolygon as flat arrays: the form `shapeContains` walks. */
export interface FlatShape {
  /** x0, y0, x1, y1, … of every ring of every part; a ring's closing position is dropped. */
  coords: Float64Array;
  /** For each ring, the index (in positions) one past its last position. */
  ringEnds: Uint32Array;
  /** For each polygon part, the index one past its last ring. */
  partEnds: Uint32Array;
  /** [minX, minY, maxX, maxY] of all positions. */
  bbox: [number, number, number, number];
}

export function flattenShape(geometry: Polygon | MultiPolygon): FlatShape {
  const parts: Position[][][] = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  const coords: number[] = [];
  const ringEnds: number[] = [];
  const partEnds: number[] = [];
  const bbox: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const rings of parts) {
    for (const ring of rings) {
      // Rings are walked cyclically, so the repeated closing position would only add an empty edge.
      const first = ring[0];
      const last = ring[ring.length - 1];
      const count = ring.length > 1 && first && last && first[0] === last[0] && first[1] === last[1] ? ring.length - 1 : ring.length;
      for (let i = 0; i < count; i++) {
        const [x, y] = ring[i]! as [number, number];
        coords.push(x, y);
        if (x < bbox[0]) bbox[0] = x;
        if (y < bbox[1]) bbox[1] = y;
        if (x > bbox[2]) bbox[2] = x;
        if (y > bbox[3]) bbox[3] = y;
      }
      ringEnds.push(coords.length / 2);
    }
    partEnds.push(ringEnds.length);
  }
  return { coords: Float64Array.from(coords), ringEnds: Uint32Array.from(ringEnds), partEnds: Uint32Array.from(partEnds), bbox };
}

/**
 * Whether [x, y] lies in the shape: inside any part (holes excluded, by the even-odd rule over the
 * part's rings) or on any ring. Same answer as turf's booleanPointInPolygon for every point.
 */
export function shapeContains(shape: FlatShape, x: number, y: number): boolean {
  const { coords, ringEnds, partEnds } = shape;
  let ring = 0;
  let start = 0;
  for (let part = 0; part < partEnds.length; part++) {
    let crossings = 0;
    for (const partEnd = partEnds[part]!; ring < partEnd; ring++) {
      const end = ringEnds[ring]!;
      // Each edge runs from the previous position to position j, starting with last → first.
      // Coordinates are taken relative to the point, as point-in-polygon-hao does, so that the
      // rounding (and with it the answer for points a hair from an edge) is the same as turf's.
      let u1 = coords[2 * end - 2]! - x;
      let v1 = coords[2 * end - 1]! - y;
      for (let j = start; j < end; j++) {
        const u2 = coords[2 * j]! - x;
        const v2 = coords[2 * j + 1]! - y;
        const verdict = edgeVerdict(u1, v1, u2, v2);
        if (verdict === ON_EDGE) return true;
        crossings += verdict;
        u1 = u2;
        v1 = v2;
      }
      start = end;
    }
    if (crossings % 2 === 1) return true;
  }
  return false;
}

/** edgeVerdict(): the edge crosses the point's leftward ray (counted once). */
export const CROSSES = 1;
/** edgeVerdict(): the point lies on the edge. */
export const ON_EDGE = 2;

/**
 * What one edge, from (u1, v1) to (u2, v2) with coordinates relative to the point, does to it: 0,
 * CROSSES its leftward ray, or holds it (ON_EDGE). Only an edge whose latitude range holds the point's
 * (v1 and v2 of opposite signs, or one of them 0) can do either.
 */
export function edgeVerdict(u1: number, v1: number, u2: number, v2: number): number {
  if (v1 === 0 && v2 === 0) {
    // A horizontal edge through the point: on it when the point lies between its ends.
    return (u2 <= 0 && u1 >= 0) || (u1 <= 0 && u2 >= 0) ? ON_EDGE : 0;
  }
  if ((v2 >= 0 && v1 <= 0) || (v2 <= 0 && v1 >= 0)) {
    const side = orientationSign(u1, v1, u2, v2);
    if (side === 0) return ON_EDGE;
    // Counts the edges crossing the leftward ray, each lower end counted as above the ray.
    if ((side > 0 && v2 > 0 && v1 <= 0) || (side < 0 && v2 <= 0 && v1 > 0)) return CROSSES;
  }
  return 0;
}

// Shewchuk's bounds for double arithmetic (robust-predicates' orient2d): above this share of the
// products' magnitude, the floating-point sign of a·b − c·d is certainly right.
const EPSILON = 2 ** -53;
const ORIENTATION_ERROR_BOUND = (3 + 16 * EPSILON) * EPSILON;
const SPLITTER = 2 ** 27 + 1; // splits a double into two 26-bit halves whose products are exact

/**
 * The exact sign of u2·v1 − u1·v2 (robust-predicates' orient2d(u1, u2, v1, v2, 0, 0)): 0 when the
 * point lies on the line through the edge. Floating point decides unless the result is within
 * rounding error of zero; then an exact expansion does.
 */
function orientationSign(u1: number, v1: number, u2: number, v2: number): number {
  const left = u2 * v1;
  const right = u1 * v2;
  const det = left - right;
  if (left === 0 || right === 0 || (left > 0) !== (right > 0)) return Math.sign(det);
  if (Math.abs(det) >= ORIENTATION_ERROR_BOUND * Math.abs(left + right)) return Math.sign(det);
  return exactDifferenceSign(u2, v1, u1, v2);
}

/** Exact sign of a·b − c·d: both products as exact two-double sums (Dekker), their difference as a
 * four-component non-overlapping expansion (Shewchuk's Two-Two-Diff), whose largest non-zero
 * component carries the sign. */
function exactDifferenceSign(a: number, b: number, c: number, d: number): number {
  const p1 = a * b;
  const p0 = productError(a, b, p1);
  const q1 = c * d;
  const q0 = productError(c, d, q1);
  // (p1 + p0) − (q1 + q0), component by component, each step an exact two-sum.
  let s = p0 - q0;
  let bv = p0 - s;
  const e0 = p0 - (s + bv) + (bv - q0);
  const t = p1 + s;
  bv = t - p1;
  const m = p1 - (t - bv) + (s - bv);
  s = m - q1;
  bv = m - s;
  const e1 = m - (s + bv) + (bv - q1);
  const e3 = t + s;
  bv = e3 - t;
  const e2 = t - (e3 - bv) + (s - bv);
  return Math.sign(e3 || e2 || e1 || e0);
}

/** The rounding error of the product a·b = p, exactly: a·b = p + productError(a, b, p). */
function productError(a: number, b: number, p: number): number {
  let c = SPLITTER * a;
  const aHi = c - (c - a);
  const aLo = a - aHi;
  c = SPLITTER * b;
  const bHi = c - (c - b);
  const bLo = b - bHi;
  return aLo * bLo - (p - aHi * bHi - aLo * bHi - aHi * bLo);
}
