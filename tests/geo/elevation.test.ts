import { describe, expect, it } from 'vitest';
import { decodeHeights, encodeHeights } from '../../contract/heightmap.ts';
import { ElevationGrid } from '../../api/geo/elevation.ts';
import { readGisData } from '../../gis-data/read.ts';
import { centreOf, CELL_DEGREES, gridOf, NORTH, WEST } from './grids.ts';

const grid = gridOf([
  [10, 20, 30],
  [40, 50, 60],
]);

describe('ElevationGrid', () => {
  it('answers a cell\'s own height at its centre', () => {
    for (let row = 0; row < 2; row++) for (let col = 0; col < 3; col++) expect(grid.heightAt(...centreOf(col, row))).toBeCloseTo(10 * (1 + col + 3 * row), 9);
  });

  it('interpolates bilinearly between the four nearest centres', () => {
    const [lon, lat] = [WEST + 1 * CELL_DEGREES, NORTH - 1 * CELL_DEGREES]; // the corner shared by cells (0,0), (1,0), (0,1), (1,1)
    expect(grid.heightAt(lon, lat)).toBeCloseTo((10 + 20 + 40 + 50) / 4, 9);
    expect(grid.heightAt(WEST + 0.75 * CELL_DEGREES, NORTH - 0.5 * CELL_DEGREES)).toBeCloseTo(12.5, 9);
  });

  it('holds the nearest edge height beyond the outer centres and outside the grid', () => {
    expect(grid.heightAt(WEST - 1, NORTH + 1)).toBe(10);
    expect(grid.heightAt(WEST + 1, NORTH - 1)).toBe(60);
    expect(grid.heightAt(WEST + 0.1 * CELL_DEGREES, NORTH - 1.5 * CELL_DEGREES)).toBeCloseTo(40, 9);
    expect(grid.heightAt(Number.NaN, Number.NaN)).toBe(10);
  });

  it('finds the cell holding a point, and none outside', () => {
    expect(grid.cellAt(...centreOf(2, 1))).toBe(5);
    expect(grid.cellAt(WEST + 3 * CELL_DEGREES, NORTH - 2 * CELL_DEGREES)).toBe(5); // the south-east corner belongs to the last cell
    expect(grid.cellAt(WEST - 1e-9, NORTH - 1e-4)).toBe(-1);
    expect(grid.cellAt(WEST + 1e-4, NORTH + 1e-9)).toBe(-1);
    expect(grid.cellCentre(4)).toEqual(centreOf(1, 1));
  });

  it('measures a cell\'s area on the ground: about 96 m × 111 m at 30° N', () => {
    expect(grid.cellAreaM2(0) / 1e4).toBeCloseTo((0.001 * 111_195 * Math.cos((29.9995 * Math.PI) / 180) * 0.001 * 111_195) / 1e4, 6);
  });

  it('reads the committed grid from its files, height for height as the bytes say', () => {
    const gis = readGisData();
    const fromFiles = ElevationGrid.from(gis.elevation);
    expect(fromFiles.cellCount).toBe(gis.elevation.header.cols * gis.elevation.header.rows);
    const view = new DataView(gis.elevation.heights.buffer, gis.elevation.heights.byteOffset);
    for (const i of [0, 1234, fromFiles.cellCount - 1]) expect(fromFiles.heights[i]).toBeCloseTo(view.getInt16(2 * i, true) / 10, 4);
  });
});

describe('elevation.bin encoding', () => {
  it('round-trips heights through int16 decimetres', () => {
    const heights = [0, -12.3, 44.7, 3276.7, -3276.8];
    expect([...decodeHeights({ ...grid.header, cols: 5, rows: 1 }, encodeHeights(heights))].map((h) => Math.round(h * 10) / 10)).toEqual(heights);
  });

  it('refuses heights that do not fit, and bytes that do not fit the header, saying what to do', () => {
    expect(() => encodeHeights([4000])).toThrow(/does not fit int16le-decimetres/);
    expect(() => decodeHeights(grid.header, new Uint8Array(10))).toThrow(/do not belong together; regenerate both with "npm run gis"/);
    expect(() => decodeHeights({ ...grid.header, encoding: 'float32' as never }, new Uint8Array(12))).toThrow(/reads "int16le-decimetres" only/);
  });
});
