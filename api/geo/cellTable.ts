// The lookup table behind GridIndex: the shapes' common extent cut into uniform cells. A cell that
// lies wholly inside a shape names it; a cell that some boundary passes through lists the shapes
// that can hold a point in it, in the order given, for an exact test.
import { shapeContains, type FlatShape } from './pointInShape.ts';

export const CELL_TABLE_DEFAULTS = {
  cellsPerShape: 256, // about 16 × 16 cells over a shape: most points land in a cell one shape holds
  maxCellsPerAxis: 2048, // caps the table (16 MB at most) for very many or very elongated shapes
  // A cell counts as touched by every edge that passes within this share of a cell's size of it.
  // That slack covers the rounding in computing a point's cell (about 1e-11 of a cell for Huzhen).
  cellMargin: 1e-6,
  // The same slack relative to the coordinates' magnitude, for extents so small that a cell's size
  // nears the rounding of the coordinates themselves.
  coordinateMargin: 1e-12,
};

/** cells[] value of a cell that no shape reaches into. */
export const EMPTY_CELL = -1;

export interface CellTable {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
  cols: number;
  rows: number;
  /** Columns per unit of x: a point's column is floor((x − minX) · colsPerUnit), at most cols − 1. */
  colsPerUnit: number;
  rowsPerUnit: number;
  /**
   * One value per cell (row · cols + col): a shape index s ≥ 0 when shape s holds the whole cell
   * and no earlier shape reaches into it; EMPTY_CELL when no shape does; otherwise −2 − b, where b
   * numbers a boundary cell, one that the boundary of a shape passes through.
   */
  cells: Int32Array;
  /**
   * Boundary cell b's shapes, in order, are entries[boundaryStarts[b] … boundaryStarts[b + 1]):
   * i ≥ 0 means "test shape i"; ~i (< 0) means "shape i holds the whole cell" and comes last.
   */
  boundaryStarts: Uint32Array;
  entries: Int32Array;
}

export function buildCellTable(shapes: readonly FlatShape[]): CellTable {
  let [minX, minY, maxX, maxY] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const { bbox } of shapes) {
    minX = Math.min(minX, bbox[0]);
    minY = Math.min(minY, bbox[1]);
    maxX = Math.max(maxX, bbox[2]);
    maxY = Math.max(maxY, bbox[3]);
  }
  const width = maxX - minX;
  const height = maxY - minY;
  const [cols, rows] = tableSize(shapes.length, width, height);
  const table: CellTable = {
    minX, minY, maxX, maxY, cols, rows,
    // A zero-width (or zero-height) extent gets one column (row), and every x maps to it.
    colsPerUnit: width > 0 ? cols / width : 0,
    rowsPerUnit: height > 0 ? rows / height : 0,
    cells: new Int32Array(shapes.length === 0 ? 0 : cols * rows).fill(EMPTY_CELL),
    boundaryStarts: new Uint32Array(1),
    entries: new Int32Array(0),
  };
  if (shapes.length > 0) fillCells(table, shapes);
  return table;
}

/**
 * Writes each shape into the cells of its bbox: its index into the cells it holds whole, and its
 * boundary's cells into a list that becomes the boundary cells' lists. The work goes per run of
 * cells, with typed-array fill() and indexOf(), rather than per cell: the table is built once, at
 * start, in code that the JIT has not optimised yet.
 */
function fillCells(table: CellTable, shapes: readonly FlatShape[]): void {
  const { minX, minY, maxX, maxY, cols, rows, cells } = table;
  const cellWidth = (maxX - minX) / cols;
  const cellHeight = (maxY - minY) / rows;
  const margin = CELL_TABLE_DEFAULTS.cellMargin * Math.max(cellWidth, cellHeight) +
    CELL_TABLE_DEFAULTS.coordinateMargin * Math.max(Math.abs(minX), Math.abs(maxX), Math.abs(minY), Math.abs(maxY));
  const shapeCount = shapes.length;
  const touchedKeys: number[] = []; // cell · shapeCount + shape, for each cell a shape's boundary passes through

  // Backwards, so that where shapes overlap, the first of them is written last and wins.
  for (let shape = shapeCount - 1; shape >= 0; shape--) {
    const flat = shapes[shape]!;
    if (!(flat.bbox[0] <= flat.bbox[2])) continue; // a shape without positions holds no point
    const c0 = colAt(table, flat.bbox[0] - margin);
    const c1 = colAt(table, flat.bbox[2] + margin);
    const r0 = rowAt(table, flat.bbox[1] - margin);
    const r1 = rowAt(table, flat.bbox[3] + margin);
    const span = c1 - c0 + 1;
    const touched = touchedCells(table, flat, c0, c1, r0, r1, cellHeight, margin);
    const inside = new Uint8Array(touched.length); // 1 for the untouched cells found inside
    for (let r = r0; r <= r1; r++) {
      const rowStart = (r - r0) * span;
      const rowEnd = rowStart + span;
      const toCell = r * cols + c0 - rowStart; // touched[t] describes cell toCell + t
      for (let t = rowStart; t < rowEnd;) {
        const free = boundedIndexOf(touched, 0, t, rowEnd);
        for (; t < free; t++) touchedKeys.push((toCell + t) * shapeCount + shape);
        if (free === rowEnd) break;
        const stop = boundedIndexOf(touched, 1, free, rowEnd);
        // Untouched cells side by side lie on the same side of every edge, so one cell settles
        // a run: a run that reaches the first or last row or column of the range is outside
        // (those cells reach past the bbox); else it is on the side of an untouched cell just
        // above it, if any; else a point-in-polygon test at its first cell's centre decides.
        let isInside = false;
        if (free > rowStart && stop < rowEnd && r > r0 && r < r1) {
          const above = boundedIndexOf(touched, 0, free - span, stop - span);
          isInside = above < stop - span ? inside[above] === 1 :
            shapeContains(flat, minX + (c0 + free - rowStart + 0.5) * cellWidth, minY + (r + 0.5) * cellHeight);
        }
        if (isInside) {
          cells.fill(shape, toCell + free, toCell + stop);
          inside.fill(1, free, stop);
        }
        t = stop;
      }
    }
  }

  // Group the boundary cells' shapes by cell, in shape order; a shape after the cell's holder
  // cannot win a point there and is left out.
  const keys = Float64Array.from(touchedKeys).sort();
  const boundaryStarts: number[] = [0];
  const entries: number[] = [];
  for (let k = 0; k < keys.length;) {
    const cell = Math.floor(keys[k]! / shapeCount);
    const holder = cells[cell]!;
    const first = entries.length;
    for (; k < keys.length && keys[k]! < (cell + 1) * shapeCount; k++) {
      const shape = keys[k]! - cell * shapeCount;
      if (holder === EMPTY_CELL || shape < holder) entries.push(shape);
    }
    if (entries.length === first) continue;
    if (holder !== EMPTY_CELL) entries.push(~holder);
    cells[cell] = -2 - (boundaryStarts.length - 1);
    boundaryStarts.push(entries.length);
  }
  table.boundaryStarts = Uint32Array.from(boundaryStarts);
  table.entries = Int32Array.from(entries);
}

/**
 * Marks, within columns c0…c1 and rows r0…r1, every cell that an edge of the shape passes through
 * or within `margin` of. It may mark a few more (each costs only an exact test), never fewer.
 */
function touchedCells(table: CellTable, shape: FlatShape, c0: number, c1: number, r0: number, r1: number,
  cellHeight: number, margin: number): Uint8Array {
  const { minX, minY, colsPerUnit, rowsPerUnit } = table;
  const span = c1 - c0 + 1;
  const touched = new Uint8Array(span * (r1 - r0 + 1));
  const { coords, ringEnds } = shape;
  let start = 0;
  for (const end of ringEnds) {
    for (let j = start, i = end - 1; j < end; i = j++) {
      const ax = coords[2 * i]!;
      const ay = coords[2 * i + 1]!;
      const bx = coords[2 * j]!;
      const by = coords[2 * j + 1]!;
      // Written out rather than with colAt()/rowAt(), Math.min() and Math.max(): this loop runs
      // once, before the JIT has optimised anything, and calls are what cost there.
      const rowLo = Math.max(r0, Math.floor(((ay < by ? ay : by) - margin - minY) * rowsPerUnit));
      const rowHi = Math.min(r1, Math.floor(((ay < by ? by : ay) + margin - minY) * rowsPerUnit));
      const slope = (bx - ax) / (by - ay); // ±Infinity or NaN for a horizontal edge, which is not used
      for (let r = rowLo; r <= rowHi; r++) {
        // The x range of the part of the edge inside the row's band, widened by the margin.
        let xLo = ax < bx ? ax : bx;
        let xHi = ax < bx ? bx : ax;
        if (ay !== by) {
          const bandLo = minY + r * cellHeight - margin;
          const bandHi = bandLo + cellHeight + 2 * margin;
          const yLo = ay < by ? (bandLo > ay ? bandLo : ay) : (bandLo > by ? bandLo : by);
          const yHi = ay < by ? (bandHi < by ? bandHi : by) : (bandHi < ay ? bandHi : ay);
          if (yLo > yHi) continue;
          const xA = ax + (yLo - ay) * slope;
          const xB = ax + (yHi - ay) * slope;
          xLo = xA < xB ? xA : xB;
          xHi = xA < xB ? xB : xA;
        }
        const colLo = Math.max(c0, Math.floor((xLo - margin - minX) * colsPerUnit));
        const colHi = Math.min(c1, Math.floor((xHi + margin - minX) * colsPerUnit));
        touched.fill(1, (r - r0) * span + (colLo - c0), (r - r0) * span + (colHi - c0) + 1);
      }
    }
    start = end;
  }
  return touched;
}

/** The column holding x, clamped into the table; GridIndex.locate computes it the same way. */
function colAt(table: CellTable, x: number): number {
  return clamp(Math.floor((x - table.minX) * table.colsPerUnit), 0, table.cols - 1);
}

function rowAt(table: CellTable, y: number): number {
  return clamp(Math.floor((y - table.minY) * table.rowsPerUnit), 0, table.rows - 1);
}

/** Columns and rows for about `cellsPerShape` cells per shape, the cells as square as the extent allows. */
function tableSize(shapeCount: number, width: number, height: number): [number, number] {
  const { cellsPerShape, maxCellsPerAxis } = CELL_TABLE_DEFAULTS;
  const cells = Math.max(1, shapeCount * cellsPerShape);
  const aspect = width > 0 && height > 0 ? width / height : 1;
  const cols = clamp(Math.round(Math.sqrt(cells * aspect)), 1, maxCellsPerAxis);
  const rows = clamp(Math.round(cells / cols), 1, maxCellsPerAxis);
  return [width > 0 ? cols : 1, height > 0 ? rows : 1];
}

/** The first index in from…end − 1 holding value, or end when there is none. */
function boundedIndexOf(array: Uint8Array, value: number, from: number, end: number): number {
  const found = array.indexOf(value, from);
  return found < 0 || found > end ? end : found;
}

function clamp(value: number, min: number, max: number): number {
  return value < min ? min : value > max ? max : value;
}
