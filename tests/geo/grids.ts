// Small elevation grids for the geo tests: a header like elevation.json's over a few cells.
import { ELEVATION_ENCODING, type ElevationHeader } from '../../contract/gis.ts';
import { ElevationGrid } from '../../api/geo/elevation.ts';

export const CELL_DEGREES = 0.001;
export const WEST = 120;
export const NORTH = 30;

/** A grid of `heights` (rows of metres, the first row the northern one) with its north-west corner at (WEST, NORTH). */
export function gridOf(heights: readonly (readonly number[])[]): ElevationGrid {
  const rows = heights.length;
  const cols = heights[0]?.length ?? 0;
  const header: ElevationHeader = {
    west: WEST, south: NORTH - rows * CELL_DEGREES, east: WEST + cols * CELL_DEGREES, north: NORTH, cols, rows,
    cellDegrees: [CELL_DEGREES, CELL_DEGREES], cellSizeM: [96, 111], unit: 'm', encoding: ELEVATION_ENCODING,
    layout: 'row-major from the north-west cell, one height per cell at its centre', datum: 'EGM96/示意', schematic: true, seed: 0,
    minM: Math.min(...heights.flat()), maxM: Math.max(...heights.flat()),
    river: { name: 'test', downstream: 'east', slopeMPerKm: 0, channelDepthM: 0 }, gauges: [], note: 'test grid',
  };
  return new ElevationGrid(header, Float32Array.from(heights.flat()));
}

/** [lon, lat] of the centre of cell (col, row) of a gridOf() grid. */
export function centreOf(col: number, row: number): [number, number] {
  return [WEST + (col + 0.5) * CELL_DEGREES, NORTH - (row + 0.5) * CELL_DEGREES];
}
