import fc from 'fast-check';
import * as turf from '@turf/turf';
import type { MultiPolygon, Position } from 'geojson';
import { describe, expect, it } from 'vitest';
import type { ElevationGrid } from '../../api/geo/elevation.ts';
import { ElevationGrid as Grid } from '../../api/geo/elevation.ts';
import { floodArea } from '../../api/geo/floodFill.ts';
import { flattenShape } from '../../api/geo/pointInShape.ts';
import { ShapeBands } from '../../api/geo/shapeBands.ts';
import { readGisData } from '../../gis-data/read.ts';
import { centreOf, CELL_DEGREES, gridOf } from './grids.ts';

/** What the fill must flood: every cell below the level reachable from `seed` through edge neighbours (a plain reference). */
function referenceFill(heights: number[][], seed: [number, number], level: number): Set<string> {
  const [col, row] = seed;
  const flooded = new Set<string>();
  if (!(heights[row]![col]! < level)) return flooded;
  const stack: [number, number][] = [[col, row]];
  flooded.add(`${col},${row}`);
  while (stack.length > 0) {
    const [c, r] = stack.pop()!;
    for (const [dc, dr] of [[1, 0], [-1, 0], [0, 1], [0, -1]] as const) {
      const [nc, nr] = [c + dc, r + dr];
      const h = heights[nr]?.[nc];
      if (h === undefined || !(h < level) || flooded.has(`${nc},${nr}`)) continue;
      flooded.add(`${nc},${nr}`);
      stack.push([nc, nr]);
    }
  }
  return flooded;
}

const rings = (g: MultiPolygon) => g.coordinates.flatMap((polygon) => polygon.map((ring, i) => ({ ring, exterior: i === 0 })));

/** Edges that cross or overlap (other than meeting at an end): none may. The outline is axis-parallel, which keeps this simple. */
function crossingEdges(g: MultiPolygon): number {
  const edges = rings(g).flatMap(({ ring }) => ring.slice(1).map((b, i) => [ring[i]!, b] as [Position, Position]));
  let bad = 0;
  for (let i = 0; i < edges.length; i++) {
    for (let j = i + 1; j < edges.length; j++) {
      const [[ax, ay], [bx, by]] = edges[i]! as [[number, number], [number, number]];
      const [[cx, cy], [dx, dy]] = edges[j]! as [[number, number], [number, number]];
      const [x0, x1, y0, y1] = [Math.max(Math.min(ax, bx), Math.min(cx, dx)), Math.min(Math.max(ax, bx), Math.max(cx, dx)), Math.max(Math.min(ay, by), Math.min(cy, dy)), Math.min(Math.max(ay, by), Math.max(cy, dy))];
      if (x0 > x1 || y0 > y1) continue; // bounding boxes apart
      const shared = x1 - x0 + (y1 - y0);
      const touchAtEnd = [[ax, ay], [bx, by]].some(([px, py]) => [[cx, cy], [dx, dy]].some(([qx, qy]) => px === qx && py === qy));
      if (shared > 0 || !touchAtEnd) bad++;
    }
  }
  return bad;
}

const smallGrid = fc.integer({ min: 2, max: 9 }).chain((rows) => fc.integer({ min: 2, max: 9 }).chain((cols) =>
  fc.record({
    heights: fc.array(fc.array(fc.integer({ min: 0, max: 6 }), { minLength: cols, maxLength: cols }), { minLength: rows, maxLength: rows }),
    seed: fc.tuple(fc.integer({ min: 0, max: cols - 1 }), fc.integer({ min: 0, max: rows - 1 })),
    level: fc.integer({ min: 0, max: 7 }).map((n) => n + 0.5),
  })));

/** The fill of a small grid started from its cell (col, row): a seed radius smaller than a cell picks that cell. */
const fillAt = (grid: ElevationGrid, [col, row]: [number, number], level: number) => floodArea(grid, { waterLevelM: level, seed: centreOf(col, row), seedRadiusM: 40 });

describe('floodArea on small grids', () => {
  it('floods exactly the cells below the level connected to the seed through edge neighbours', () => {
    fc.assert(fc.property(smallGrid, ({ heights, seed, level }) => {
      const grid = gridOf(heights);
      const result = fillAt(grid, seed, level);
      const expected = referenceFill(heights, seed, level);
      const got = new Set<string>();
      result.mask.forEach((m, i) => m && got.add(`${i % grid.cols},${Math.floor(i / grid.cols)}`));
      expect(got).toEqual(expected);
      expect(result.cells).toBe(expected.size);
      expect(result.seedCell).toBe(expected.size > 0 ? seed[1] * grid.cols + seed[0] : null);
    }), { numRuns: 400 });
  });

  it('outlines exactly the flooded cells: holes kept, corners not joined, no edge crossing another', () => {
    fc.assert(fc.property(smallGrid, ({ heights, seed, level }) => {
      const grid = gridOf(heights);
      const { geometry, mask } = fillAt(grid, seed, level);
      const feature = turf.feature(geometry);
      for (let i = 0; i < mask.length; i++) {
        const [lon, lat] = grid.cellCentre(i);
        // The centre and a point near a corner of each cell: a corner joined to a diagonal neighbour would show there.
        for (const [x, y] of [[lon, lat], [lon + 0.45 * CELL_DEGREES, lat - 0.45 * CELL_DEGREES]] as const) {
          expect(turf.booleanPointInPolygon([x, y], feature), `cell ${i}`).toBe(mask[i] === 1);
        }
      }
      for (const { ring, exterior } of rings(geometry)) {
        expect(ring.length).toBeGreaterThanOrEqual(5);
        expect(ring[0]).toEqual(ring[ring.length - 1]);
        expect(turf.booleanClockwise(ring), 'exterior rings counter-clockwise, holes clockwise').toBe(!exterior);
      }
      expect(crossingEdges(geometry)).toBe(0);
    }), { numRuns: 300 });
  });

  it('keeps a hole where a higher cell stands in the water, and touches no corner across', () => {
    const grid = gridOf([
      [1, 1, 1, 9],
      [1, 9, 1, 9],
      [1, 1, 1, 1],
      [9, 9, 1, 9],
    ]);
    const { geometry } = fillAt(grid, [0, 0], 5);
    expect(geometry.coordinates).toHaveLength(1);
    expect(geometry.coordinates[0]).toHaveLength(2); // the exterior and the hole around cell (1, 1)
    const diagonal = gridOf([
      [1, 9],
      [9, 1],
    ]);
    expect(fillAt(diagonal, [0, 0], 5).cells).toBe(1); // 4-connectivity: no leak through the corner
  });

  it('rises monotonically: a higher level floods a superset, a lower one a subset', () => {
    fc.assert(fc.property(smallGrid, fc.integer({ min: 0, max: 7 }), ({ heights, seed, level }, extra) => {
      const grid = gridOf(heights);
      const low = fillAt(grid, seed, level);
      const high = fillAt(grid, seed, level + extra);
      for (let i = 0; i < low.mask.length; i++) if (low.mask[i]) expect(high.mask[i]).toBe(1);
      expect(high.areaM2).toBeGreaterThanOrEqual(low.areaM2);
    }), { numRuns: 300 });
  });

  it('measures its area as its cells do, and as turf does its outline', () => {
    fc.assert(fc.property(smallGrid, ({ heights, seed, level }) => {
      const grid = gridOf(heights);
      const result = fillAt(grid, seed, level);
      let cellsArea = 0;
      result.mask.forEach((m, i) => (cellsArea += m ? grid.cellAreaM2(Math.floor(i / grid.cols)) : 0));
      expect(result.areaM2).toBeCloseTo(cellsArea, 3);
      expect(Math.abs(turf.area(result.geometry) - result.areaM2)).toBeLessThanOrEqual(0.005 * result.areaM2);
    }), { numRuns: 200 });
  });

  it('floods nothing when the seed\'s neighbourhood lies above the level, and the whole grid when everything lies below', () => {
    const grid = gridOf([[3, 4], [5, 6]]);
    const dry = floodArea(grid, { waterLevelM: 2, seed: centreOf(0, 0) });
    expect(dry).toMatchObject({ cells: 0, areaM2: 0, seedCell: null, geometry: { type: 'MultiPolygon', coordinates: [] } });
    const all = floodArea(grid, { waterLevelM: 10, seed: centreOf(1, 1) });
    expect(all.cells).toBe(4);
    const [[ring]] = all.geometry.coordinates as [[Position[]]];
    expect(ring).toHaveLength(5); // four corners: the straight runs of cell edges are single edges
    expect(new Set(ring.map((p) => p.join(',')))).toEqual(new Set(['120,29.998', '120.002,29.998', '120.002,30', '120,30']));
    expect(turf.booleanClockwise(ring)).toBe(false);
  });

  it('starts from the lowest cell near the seed: the river bed, not the bank the gauge stands on', () => {
    const grid = gridOf([[5, 5, 5], [5, 1, 5], [5, 5, 5]]);
    const result = floodArea(grid, { waterLevelM: 3, seed: centreOf(0, 0), seedRadiusM: 300 });
    expect(result.seedCell).toBe(4);
    expect(result.cells).toBe(1);
  });
});

describe('floodArea on the township at its river gauges', () => {
  const gis = readGisData();
  const grid = Grid.from(gis.elevation);
  const gauges = gis.elevation.header.gauges;
  const homes = gis.households;

  it('rises monotonically with the stage at every gauge', () => {
    fc.assert(fc.property(fc.nat({ max: gauges.length - 1 }), fc.double({ min: 0, max: 12, noNaN: true }), fc.double({ min: 0, max: 4, noNaN: true }), (g, stage, rise) => {
      const gauge = gauges[g]!;
      const low = floodArea(grid, { waterLevelM: gauge.datumM + stage, seed: [gauge.lon, gauge.lat] });
      const high = floodArea(grid, { waterLevelM: gauge.datumM + stage + rise, seed: [gauge.lon, gauge.lat] });
      for (let i = 0; i < low.mask.length; i++) if (low.mask[i] && !high.mask[i]) throw new Error(`cell ${i} dry at the higher stage`);
      expect(high.cells).toBeGreaterThanOrEqual(low.cells);
    }), { numRuns: 12 });
  });

  it('puts every household its outline holds on a flooded cell below the level', () => {
    fc.assert(fc.property(fc.nat({ max: gauges.length - 1 }), fc.double({ min: 6.5, max: 11, noNaN: true }), (g, stage) => {
      const gauge = gauges[g]!;
      const level = gauge.datumM + stage;
      const { geometry, mask } = floodArea(grid, { waterLevelM: level, seed: [gauge.lon, gauge.lat] });
      const outline = new ShapeBands(flattenShape(geometry));
      let inside = 0;
      for (const h of homes) {
        if (!outline.contains(h.lon, h.lat)) continue;
        inside++;
        // A household exactly on a cell edge touches two cells: one of them is flooded.
        const touching = [-1e-9, 1e-9].flatMap((dx) => [-1e-9, 1e-9].map((dy) => grid.cellAt(h.lon + dx, h.lat + dy)));
        const flooded = touching.filter((i) => i >= 0 && mask[i] === 1);
        expect(flooded.length, h.code).toBeGreaterThan(0);
        for (const i of flooded) expect(grid.heights[i]!).toBeLessThan(level);
      }
      expect(inside).toBeGreaterThan(0);
    }), { numRuns: 10 });
  });
});
