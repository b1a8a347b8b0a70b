// Point → grid assignment. At construction the grids' common extent is cut into a table of uniform
// cells (cellTable.ts). Most cells lie wholly inside one grid and hold its index, so most lookups
// are one array read; a cell that a grid boundary passes through lists the few grids that can hold
// a point there, and they get an exact point-in-polygon test (pointInShape.ts), usually one or two.
//
// The answers are those of turf's booleanPointInPolygon tried on the grids in the order given, for
// every point: a point on a grid's boundary (a hole's included) counts as inside that grid, and a
// point that several grids hold (on an edge they share, or where grids overlap) goes to the first.
import type { MultiPolygon, Polygon } from 'geojson';
import { buildCellTable, EMPTY_CELL } from './cellTable.ts';
import { flattenShape, shapeContains, type FlatShape } from './pointInShape.ts';

export interface GridShape {
  code: string;
  geometry: Polygon | MultiPolygon;
}

export class GridIndex {
  readonly #codes: string[];
  readonly #shapes: FlatShape[];
  // The cell table's fields, held here so that locate() reads them without an indirection.
  readonly #minX: number;
  readonly #minY: number;
  readonly #maxX: number;
  readonly #maxY: number;
  readonly #cols: number;
  readonly #rows: number;
  readonly #colsPerUnit: number;
  readonly #rowsPerUnit: number;
  readonly #cells: Int32Array;
  readonly #boundaryStarts: Uint32Array;
  readonly #entries: Int32Array;

  constructor(grids: GridShape[]) {
    this.#codes = grids.map((grid) => grid.code);
    this.#shapes = grids.map((grid) => flattenShape(grid.geometry));
    const table = buildCellTable(this.#shapes);
    this.#minX = table.minX;
    this.#minY = table.minY;
    this.#maxX = table.maxX;
    this.#maxY = table.maxY;
    this.#cols = table.cols;
    this.#rows = table.rows;
    this.#colsPerUnit = table.colsPerUnit;
    this.#rowsPerUnit = table.rowsPerUnit;
    this.#cells = table.cells;
    this.#boundaryStarts = table.boundaryStarts;
    this.#entries = table.entries;
  }

  get size(): number {
    return this.#codes.length;
  }

  /** The code of the grid holding [lon, lat], or null when the point lies outside every grid. */
  locate(lon: number, lat: number): string | null {
    // Also false for NaN, and for every point when the index is empty (its extent is +∞ … −∞).
    if (!(lon >= this.#minX && lon <= this.#maxX && lat >= this.#minY && lat <= this.#maxY)) return null;
    const col = Math.min(Math.floor((lon - this.#minX) * this.#colsPerUnit), this.#cols - 1);
    const row = Math.min(Math.floor((lat - this.#minY) * this.#rowsPerUnit), this.#rows - 1);
    const slot = this.#cells[row * this.#cols + col]!;
    if (slot >= 0) return this.#codes[slot]!; // this grid holds the whole cell
    if (slot === EMPTY_CELL) return null;
    const boundaryCell = -2 - slot;
    const end = this.#boundaryStarts[boundaryCell + 1]!;
    for (let k = this.#boundaryStarts[boundaryCell]!; k < end; k++) {
      const entry = this.#entries[k]!;
      if (entry < 0) return this.#codes[~entry]!; // no earlier grid held the point; this one holds the whole cell
      if (shapeContains(this.#shapes[entry]!, lon, lat)) return this.#codes[entry]!;
    }
    return null;
  }
}
