import fc from 'fast-check';
import { bbox as turfBbox, booleanPointInPolygon, pointOnFeature } from '@turf/turf';
import type { MultiPolygon, Polygon, Position } from 'geojson';
import { describe, expect, it } from 'vitest';
import { GridIndex, type GridShape } from '../../api/geo/gridIndex.ts';
import { readGisData } from '../../gis-data/read.ts';

/** What the index must answer: turf's point-in-polygon tried on the grids in order. */
function firstHolder(grids: GridShape[], lon: number, lat: number): string | null {
  for (const grid of grids) {
    if (booleanPointInPolygon([lon, lat], { type: 'Feature', properties: {}, geometry: grid.geometry })) return grid.code;
  }
  return null;
}

function shape(code: string, geometry: Polygon | MultiPolygon): GridShape {
  return { code, geometry };
}

function square(x0: number, y0: number, x1: number, y1: number): Position[] {
  return [[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]];
}

/** Every edge of every ring of a grid, as [start, end]. */
function edgesOf(grid: GridShape): [Position, Position][] {
  const polygons = grid.geometry.type === 'Polygon' ? [grid.geometry.coordinates] : grid.geometry.coordinates;
  return polygons.flat().flatMap((ring) => ring.slice(1).map((end, i): [Position, Position] => [ring[i]!, end]));
}

const gis = readGisData();
const huzhen = gis.grids.features.map((f) => shape(f.properties.code, f.geometry));
const huzhenIndex = new GridIndex(huzhen);
const [minX, minY, maxX, maxY] = turfBbox(gis.grids);
const padX = (maxX - minX) / 10;
const padY = (maxY - minY) / 10;

describe('GridIndex on the Huzhen grids', () => {
  it('indexes all 216 grids', () => {
    expect(huzhenIndex.size).toBe(216);
  });

  it('finds each grid from a point inside it', () => {
    for (const grid of huzhen) {
      const [lon, lat] = pointOnFeature(grid.geometry).geometry.coordinates as [number, number];
      expect(huzhenIndex.locate(lon, lat)).toBe(grid.code);
    }
  });

  it('agrees with turf on random points in and around the township', () => {
    const lon = fc.double({ min: minX - padX, max: maxX + padX, noNaN: true });
    const lat = fc.double({ min: minY - padY, max: maxY + padY, noNaN: true });
    fc.assert(fc.property(lon, lat, (x, y) => {
      expect(huzhenIndex.locate(x, y)).toBe(firstHolder(huzhen, x, y));
    }), { numRuns: 5000 });
  });

  it('agrees with turf on points rounded to 6 decimals like the gis-data files', () => {
    const micro = (min: number, max: number) => fc.integer({ min: Math.floor(min * 1e6), max: Math.ceil(max * 1e6) }).map((n) => n / 1e6);
    fc.assert(fc.property(micro(minX - padX, maxX + padX), micro(minY - padY, maxY + padY), (x, y) => {
      expect(huzhenIndex.locate(x, y)).toBe(firstHolder(huzhen, x, y));
    }), { numRuns: 5000 });
  });

  it('agrees with turf on points on grid edges and a hair off them', () => {
    const edges = huzhen.flatMap(edgesOf);
    const offset = fc.constantFrom(0, 1e-15, -1e-15, 1e-12, -1e-12, 1e-9, -1e-9, 1e-7, -1e-7);
    fc.assert(fc.property(fc.nat({ max: edges.length - 1 }), fc.double({ min: 0, max: 1, noNaN: true }), offset, offset,
      (e, t, dx, dy) => {
        const [[ax, ay], [bx, by]] = edges[e]! as [[number, number], [number, number]];
        const x = ax + (bx - ax) * t + dx;
        const y = ay + (by - ay) * t + dy;
        expect(huzhenIndex.locate(x, y)).toBe(firstHolder(huzhen, x, y));
      }), { numRuns: 5000 });
  });

  it('gives every grid vertex to the first grid that has it on its boundary', () => {
    for (const grid of huzhen) {
      for (const [[x, y]] of edgesOf(grid) as [[number, number], Position][]) {
        const code = huzhenIndex.locate(x, y);
        expect(code).toBe(firstHolder(huzhen, x, y));
        // The vertex's own grid touches it, so it is never left without a grid.
        expect(code).not.toBeNull();
      }
    }
  });

  it('returns null for points outside the bbox of the grids', () => {
    expect(huzhenIndex.locate(minX - 1e-9, (minY + maxY) / 2)).toBeNull();
    expect(huzhenIndex.locate(maxX + 1e-9, (minY + maxY) / 2)).toBeNull();
    expect(huzhenIndex.locate((minX + maxX) / 2, minY - 1e-9)).toBeNull();
    expect(huzhenIndex.locate((minX + maxX) / 2, maxY + 1e-9)).toBeNull();
    expect(huzhenIndex.locate(0, 0)).toBeNull();
    expect(huzhenIndex.locate(-minX, -minY)).toBeNull();
  });

  it('returns null for NaN and infinite coordinates', () => {
    expect(huzhenIndex.locate(Number.NaN, (minY + maxY) / 2)).toBeNull();
    expect(huzhenIndex.locate((minX + maxX) / 2, Number.NaN)).toBeNull();
    expect(huzhenIndex.locate(Infinity, (minY + maxY) / 2)).toBeNull();
  });
});

describe('GridIndex on small fixtures', () => {
  // A 10 × 10 grid with a 3 × 3 hole, a grid filling the hole, and a two-part grid beside them
  // whose second part has a hole of its own.
  const withHole = shape('with-hole', { type: 'Polygon', coordinates: [square(0, 0, 10, 10), square(3, 3, 6, 6)] });
  const inHole = shape('in-hole', { type: 'Polygon', coordinates: [square(4, 4, 5, 5)] });
  const twoParts = shape('two-parts', {
    type: 'MultiPolygon',
    coordinates: [[square(12, 0, 14, 2)], [square(12, 6, 16, 10), square(13, 7, 15, 9)]],
  });
  const fixtures = [withHole, inHole, twoParts];
  const index = new GridIndex(fixtures);

  it('returns null in a hole that no grid fills', () => {
    expect(index.locate(3.5, 3.5)).toBeNull();
    expect(index.locate(5.9, 5.1)).toBeNull();
    expect(index.locate(14, 8)).toBeNull();
  });

  it('returns the grid that fills a hole', () => {
    expect(index.locate(4.5, 4.5)).toBe('in-hole');
  });

  it('counts a point on the edge of a hole as inside the grid, as turf does', () => {
    expect(index.locate(3, 4.5)).toBe('with-hole');
    expect(index.locate(6, 6)).toBe('with-hole');
    expect(index.locate(13, 8)).toBe('two-parts');
  });

  it('finds either part of a MultiPolygon grid, and nothing between them', () => {
    expect(index.locate(13, 1)).toBe('two-parts');
    expect(index.locate(12.5, 9.5)).toBe('two-parts');
    expect(index.locate(13, 4)).toBeNull();
    expect(index.locate(11, 5)).toBeNull();
  });

  it('agrees with turf on random points across the fixtures', () => {
    const lon = fc.oneof(fc.double({ min: -1, max: 17, noNaN: true }), fc.integer({ min: -4, max: 68 }).map((n) => n / 4));
    const lat = fc.oneof(fc.double({ min: -1, max: 11, noNaN: true }), fc.integer({ min: -4, max: 44 }).map((n) => n / 4));
    fc.assert(fc.property(lon, lat, (x, y) => {
      expect(index.locate(x, y)).toBe(firstHolder(fixtures, x, y));
    }), { numRuns: 3000 });
  });

  it('gives a point on an edge that two grids share to the first of them', () => {
    const left = shape('left', { type: 'Polygon', coordinates: [square(0, 0, 1, 1)] });
    const right = shape('right', { type: 'Polygon', coordinates: [square(1, 0, 2, 1)] });
    expect(new GridIndex([left, right]).locate(1, 0.5)).toBe('left');
    expect(new GridIndex([right, left]).locate(1, 0.5)).toBe('right');
  });

  it('puts a point 1e-18 off a shared edge on its own side, where plain floating point sees it on the edge', () => {
    const [a, b] = [[0.673123, 0.172698], [0.883172, 0.707274]];
    const above = shape('above', { type: 'Polygon', coordinates: [[a, b, [0.6, 0.8], a]] });
    const below = shape('below', { type: 'Polygon', coordinates: [[a, [0.9, 0.2], b, a]] });
    const [x, y] = [0.847043572, 0.6153269280000001];
    const expected = firstHolder([above, below], x, y);
    expect(expected).toBe(firstHolder([below, above], x, y)); // turf: strictly inside one of them
    expect(new GridIndex([above, below]).locate(x, y)).toBe(expected);
    expect(new GridIndex([below, above]).locate(x, y)).toBe(expected);
  });

  it('gives a point where grids overlap to the first of them', () => {
    const big = shape('big', { type: 'Polygon', coordinates: [square(0, 0, 4, 4)] });
    const small = shape('small', { type: 'Polygon', coordinates: [square(1, 1, 2, 2)] });
    expect(new GridIndex([big, small]).locate(1.5, 1.5)).toBe('big');
    expect(new GridIndex([small, big]).locate(1.5, 1.5)).toBe('small');
    expect(new GridIndex([small, big]).locate(3, 3)).toBe('big');
  });

  it('agrees with turf on a grid a few millimetres across, far from the origin', () => {
    const tiny = shape('tiny', { type: 'Polygon', coordinates: [[[119.1, 29.05], [119.10000004, 29.05], [119.10000002, 29.05000003], [119.1, 29.05]]] });
    const tinyIndex = new GridIndex([tiny]);
    const lon = fc.double({ min: 119.1 - 1e-8, max: 119.1 + 5e-8, noNaN: true });
    const lat = fc.double({ min: 29.05 - 1e-8, max: 29.05 + 4e-8, noNaN: true });
    fc.assert(fc.property(lon, lat, (x, y) => {
      expect(tinyIndex.locate(x, y)).toBe(firstHolder([tiny], x, y));
    }), { numRuns: 2000 });
  });

  it('skips a grid without coordinates and still finds the others', () => {
    const none = shape('none', { type: 'MultiPolygon', coordinates: [] });
    const unit = shape('unit', { type: 'Polygon', coordinates: [square(0, 0, 1, 1)] });
    const index = new GridIndex([none, unit]);
    expect(index.size).toBe(2);
    expect(index.locate(0.5, 0.5)).toBe('unit');
    expect(new GridIndex([none]).locate(0, 0)).toBeNull();
  });

  it('returns null everywhere when it holds no grids', () => {
    const empty = new GridIndex([]);
    expect(empty.size).toBe(0);
    expect(empty.locate(119.1, 29.05)).toBeNull();
    expect(empty.locate(0, 0)).toBeNull();
    expect(empty.locate(Number.NaN, Number.NaN)).toBeNull();
  });
});
