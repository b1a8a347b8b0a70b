// Point-in-polygon for one shape and many points: the shape's edges sorted into horizontal bands, so
// a point is tested against the few edges of its band instead of all of them. The answer is
// shapeContains()'s (so turf's) for every point, boundaries and holes included: an edge can only
// cross a point's leftward ray, or hold the point, when its latitude range holds the point's, and
// every such edge is listed in the point's band (a band is found by a monotone function of the
// latitude, so an edge from y1 to y2 is in every band that any latitude between them maps to).
// Built once per query shape; contains() allocates nothing.
import { edgeVerdict, ON_EDGE, type FlatShape } from './pointInShape.ts';

export const BAND_DEFAULTS = {
  bandsPerEdge: 4, // bands ≈ this × edges: one or two edges per band for ring-like shapes
  maxBands: 8192,
};

export class ShapeBands {
  readonly bbox: [number, number, number, number];
  readonly #minX: number;
  readonly #minY: number;
  readonly #maxX: number;
  readonly #maxY: number;
  readonly #bandsPerUnit: number;
  readonly #bands: number;
  /** Band b holds entries #bandStarts[b] … #bandStarts[b + 1]) − 1, in order of their part. */
  readonly #bandStarts: Uint32Array;
  /** Per entry (an edge in a band): x1, y1, x2, y2 of its edge, side by side for the band's loop, and its part. */
  readonly #entryCoords: Float64Array;
  readonly #entryPart: Uint32Array;

  constructor(shape: FlatShape, options = BAND_DEFAULTS) {
    const { coords, ringEnds, partEnds, bbox } = shape;
    this.bbox = bbox;
    [this.#minX, this.#minY, this.#maxX, this.#maxY] = bbox;
    const edges = coords.length / 2; // each position starts one edge of its (cyclic) ring
    const edgeCoords = new Float64Array(4 * edges);
    const edgePart = new Uint32Array(edges);
    let ring = 0;
    let start = 0;
    for (let part = 0; part < partEnds.length; part++) {
      for (; ring < partEnds[part]!; ring++) {
        const end = ringEnds[ring]!;
        // As shapeContains walks a ring: last → first, then each position to the next.
        for (let j = start, previous = end - 1; j < end; previous = j, j++) {
          edgeCoords[4 * j] = coords[2 * previous]!;
          edgeCoords[4 * j + 1] = coords[2 * previous + 1]!;
          edgeCoords[4 * j + 2] = coords[2 * j]!;
          edgeCoords[4 * j + 3] = coords[2 * j + 1]!;
          edgePart[j] = part;
        }
        start = end;
      }
    }

    this.#bands = Math.max(1, Math.min(options.maxBands, Math.ceil(edges * options.bandsPerEdge)));
    const height = bbox[3] - bbox[1];
    this.#bandsPerUnit = height > 0 ? this.#bands / height : 0;
    // Each edge's first and last band.
    const firstBand = new Uint32Array(edges);
    const lastBand = new Uint32Array(edges);
    for (let e = 0; e < edges; e++) {
      const ya = edgeCoords[4 * e + 1]!;
      const yb = edgeCoords[4 * e + 3]!;
      firstBand[e] = this.#bandOf(Math.min(ya, yb));
      lastBand[e] = this.#bandOf(Math.max(ya, yb));
    }
    // Counting sort of (band, edge) pairs: edges enter each band in edge order, so in part order.
    const counts = new Uint32Array(this.#bands + 1);
    for (let e = 0; e < edges; e++) for (let b = firstBand[e]!; b <= lastBand[e]!; b++) counts[b + 1]!++;
    for (let b = 0; b < this.#bands; b++) counts[b + 1]! += counts[b]!;
    this.#bandStarts = counts.slice();
    const entryCoords = (this.#entryCoords = new Float64Array(4 * counts[this.#bands]!));
    const entryPart = (this.#entryPart = new Uint32Array(counts[this.#bands]!));
    for (let e = 0; e < edges; e++) {
      for (let b = firstBand[e]!; b <= lastBand[e]!; b++) {
        const k = counts[b]!++;
        for (let c = 0; c < 4; c++) entryCoords[4 * k + c] = edgeCoords[4 * e + c]!;
        entryPart[k] = edgePart[e]!;
      }
    }
  }

  /** Same answer as shapeContains(shape, x, y). */
  contains(x: number, y: number): boolean {
    // Fields, not the bbox array: destructuring it on every call cost more than the edges' tests.
    if (!(x >= this.#minX && x <= this.#maxX && y >= this.#minY && y <= this.#maxY)) return false;
    const band = this.#bandOf(y);
    const edges = this.#entryCoords;
    const parts = this.#entryPart;
    let part = -1;
    let crossings = 0;
    for (let k = this.#bandStarts[band]!, end = this.#bandStarts[band + 1]!; k < end; k++) {
      if (parts[k] !== part) {
        if (crossings % 2 === 1) return true; // inside the previous part
        part = parts[k]!;
        crossings = 0;
      }
      const j = 4 * k;
      const verdict = edgeVerdict(edges[j]! - x, edges[j + 1]! - y, edges[j + 2]! - x, edges[j + 3]! - y);
      if (verdict === ON_EDGE) return true;
      crossings += verdict;
    }
    return crossings % 2 === 1;
  }

  #bandOf(y: number): number {
    return Math.min(this.#bands - 1, Math.max(0, Math.floor((y - this.#minY) * this.#bandsPerUnit)));
  }
}
