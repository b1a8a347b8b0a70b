// A shape laid over a table of cells (a CellFrame), row by row, as runs of cells: runs on the shape's
// boundary, and runs wholly inside it. A caller that keeps its points sorted by cell, row-major, adds a
// whole inside run from prefix sums and only tests the points of boundary runs one by one (ShapeBands),
// so the work grows with the shape's outline, not with its area.
//
// The answers are ShapeBands' (so shapeContains()'s and turf's): a cell is on the boundary when an
// edge passes within MARGIN of it — far more than the rounding of the cell arithmetic, so a point a
// hair outside its computed cell is still far from every edge — and the cells between two boundary
// runs of a row form a rectangle that no edge crosses, so they all lie on the side of the first one's
// centre, which one exact test decides.
import type { FlatShape } from './pointInShape.ts';
import type { ShapeBands } from './shapeBands.ts';

/** A table of equal cells over [minX, minX + cols·cellWidth] × [minY, minY + rows·cellHeight]. */
export interface CellFrame {
  minX: number;
  minY: number;
  cellWidth: number;
  cellHeight: number;
  cols: number;
  rows: number;
}

/** Degrees an edge is widened by when its cells are marked: ≫ the cell arithmetic's rounding (~1e-13°), ≪ a cell. */
const MARGIN = 1e-9;

/** The frame of `cols` × `rows` cells over a bounding box (one column or row when it has no width or height). */
export function frameOver([minX, minY, maxX, maxY]: readonly [number, number, number, number], cols: number, rows: number): CellFrame {
  const width = maxX - minX;
  const height = maxY - minY;
  const c = width > 0 ? Math.max(1, cols) : 1;
  const r = height > 0 ? Math.max(1, rows) : 1;
  // A degenerate side still gets a cell of some size, so that cell arithmetic never divides by zero.
  return { minX, minY, cellWidth: width > 0 ? width / c : 1, cellHeight: height > 0 ? height / r : 1, cols: c, rows: r };
}

/** The column of x in the frame, clamped to it (points outside the frame land in an edge cell). */
export function colOf(frame: CellFrame, x: number): number {
  return Math.min(frame.cols - 1, Math.max(0, Math.floor((x - frame.minX) / frame.cellWidth)));
}

export function rowOf(frame: CellFrame, y: number): number {
  return Math.min(frame.rows - 1, Math.max(0, Math.floor((y - frame.minY) / frame.cellHeight)));
}

export class ShapeRuns {
  /** Runs as triples (row, first column, last column): the cells the outline passes within MARGIN of. */
  readonly boundary: Int32Array;
  /** Runs of cells wholly inside the shape, as triples like `boundary`. */
  readonly inside: Int32Array;

  constructor(shape: FlatShape, bands: ShapeBands, frame: CellFrame) {
    this.boundary = mergedBoundary(shape, frame);
    this.inside = insideRuns(shape, bands, frame, this.boundary);
  }
}

/** The boundary cells of each row, merged into sorted runs that neither overlap nor touch. */
function mergedBoundary({ coords, ringEnds, bbox }: FlatShape, frame: CellFrame): Int32Array {
  const each = (visit: (x1: number, y1: number, x2: number, y2: number) => void) => {
    let start = 0;
    for (let ring = 0; ring < ringEnds.length; ring++) {
      const end = ringEnds[ring]!;
      for (let j = start, previous = end - 1; j < end; previous = j, j++) visit(coords[2 * previous]!, coords[2 * previous + 1]!, coords[2 * j]!, coords[2 * j + 1]!);
      start = end;
    }
  };
  // A counting sort by row (rows of the shape's bounding box), then each row's few runs by column.
  const row0 = rowOf(frame, bbox[1] - MARGIN);
  const rowStarts = new Uint32Array(rowOf(frame, bbox[3] + MARGIN) - row0 + 2);
  each((_x1, y1, _x2, y2) => {
    for (let row = rowOf(frame, Math.min(y1, y2) - MARGIN), last = rowOf(frame, Math.max(y1, y2) + MARGIN); row <= last; row++) rowStarts[row - row0 + 1]!++;
  });
  for (let r = 1; r < rowStarts.length; r++) rowStarts[r]! += rowStarts[r - 1]!;
  const next = rowStarts.slice();
  const firstCols = new Int32Array(rowStarts[rowStarts.length - 1]!);
  const lastCols = new Int32Array(firstCols.length);
  each((x1, y1, x2, y2) => edgeRuns(frame, x1, y1, x2, y2, (row, first, last) => {
    const k = next[row - row0]!++;
    firstCols[k] = first;
    lastCols[k] = last;
  }));

  const runs: number[] = [];
  for (let r = 0; r + 1 < rowStarts.length; r++) {
    const from = rowStarts[r]!;
    const to = rowStarts[r + 1]!;
    for (let k = from + 1; k < to; k++) {
      // Insertion sort by first column: a row holds a handful of runs. (No destructuring swaps: they allocate.)
      const first = firstCols[k]!;
      const last = lastCols[k]!;
      let j = k - 1;
      for (; j >= from && firstCols[j]! > first; j--) {
        firstCols[j + 1] = firstCols[j]!;
        lastCols[j + 1] = lastCols[j]!;
      }
      firstCols[j + 1] = first;
      lastCols[j + 1] = last;
    }
    const rowRuns = runs.length;
    for (let k = from; k < to; k++) {
      const n = runs.length;
      if (n > rowRuns && firstCols[k]! <= runs[n - 1]! + 1) runs[n - 1] = Math.max(runs[n - 1]!, lastCols[k]!);
      else runs.push(r + row0, firstCols[k]!, lastCols[k]!);
    }
  }
  return Int32Array.from(runs);
}

/** Calls `add` with the cells of each row that the edge passes within MARGIN of. */
function edgeRuns(frame: CellFrame, x1: number, y1: number, x2: number, y2: number, add: (row: number, first: number, last: number) => void): void {
  const yLow = Math.min(y1, y2) - MARGIN;
  const yHigh = Math.max(y1, y2) + MARGIN;
  const slope = y1 === y2 ? 0 : (x2 - x1) / (y2 - y1);
  for (let row = rowOf(frame, yLow), last = rowOf(frame, yHigh); row <= last; row++) {
    // The edge's x-extent within this row's latitudes (the whole edge when it is horizontal).
    let xa = Math.min(x1, x2);
    let xb = Math.max(x1, x2);
    if (slope !== 0) {
      const bottom = Math.max(yLow, frame.minY + row * frame.cellHeight) - y1;
      const top = Math.min(yHigh, frame.minY + (row + 1) * frame.cellHeight) - y1;
      xa = Math.max(xa, Math.min(x1 + bottom * slope, x1 + top * slope));
      xb = Math.min(xb, Math.max(x1 + bottom * slope, x1 + top * slope));
    }
    add(row, colOf(frame, xa - MARGIN), colOf(frame, xb + MARGIN));
  }
}

/** The gaps between a row's boundary runs (within the shape's bounding box) that lie inside: one exact test each. */
function insideRuns(shape: FlatShape, bands: ShapeBands, frame: CellFrame, boundary: Int32Array): Int32Array {
  const [minX, minY, maxX, maxY] = shape.bbox;
  const col0 = colOf(frame, minX - MARGIN);
  const col1 = colOf(frame, maxX + MARGIN);
  const runs: number[] = [];
  const gap = (row: number, from: number, to: number) => {
    if (from > to) return;
    const x = frame.minX + (from + 0.5) * frame.cellWidth;
    const y = frame.minY + (row + 0.5) * frame.cellHeight;
    if (bands.contains(x, y)) runs.push(row, from, to);
  };
  let b = 0;
  for (let row = rowOf(frame, minY - MARGIN), lastRow = rowOf(frame, maxY + MARGIN); row <= lastRow; row++) {
    let next = col0; // the first column not yet accounted for
    for (; b < boundary.length && boundary[b] === row; b += 3) {
      gap(row, next, boundary[b + 1]! - 1);
      next = boundary[b + 2]! + 1;
    }
    gap(row, next, col1);
  }
  return Int32Array.from(runs);
}
