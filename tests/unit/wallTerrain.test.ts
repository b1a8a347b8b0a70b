// The wall's terrain helpers without a browser: its settings from the link, tile sampling from the
// grid (and the easing beyond it), and the hillshade.
import { describe, expect, it } from 'vitest';
import { terrainSettingsFrom } from '../../screen/wall/composables/terrainSettings.ts';
import { fadedHeightAt, tileHeights } from '../../screen/wall/composables/terrainSampling.ts';
import { hillshadePixels } from '../../screen/wall/composables/hillshade.ts';
import { CLAMPED_SURFACE, densify, FLAT_SURFACE, gridSurface } from '../../screen/wall/composables/terrainSurface.ts';
import { CELL_DEGREES, gridOf, NORTH, WEST } from '../geo/grids.ts';

describe('terrain settings from the wall\'s link', () => {
  it('takes the hub\'s grid, twice exaggerated, when the link says nothing', () => {
    expect(terrainSettingsFrom('?token=x')).toEqual({ source: { kind: 'hub' }, exaggeration: 2 });
  });

  it('takes no relief, a tileset URL, or another exaggeration when asked', () => {
    expect(terrainSettingsFrom('?terrain=none').source).toEqual({ kind: 'none' });
    expect(terrainSettingsFrom('?terrain=%2Fdem%2Ftiles%2F&exaggeration=1.5')).toEqual({ source: { kind: 'tiles', url: '/dem/tiles/' }, exaggeration: 1.5 });
  });

  it('keeps the default exaggeration for a value that is not a sensible one', () => {
    for (const bad of ['0', '-1', 'abc', '1000', '']) expect(terrainSettingsFrom(`?exaggeration=${bad}`).exaggeration).toBe(2);
  });
});

describe('tile heights from the grid', () => {
  const grid = gridOf([
    [10, 20],
    [30, 40],
  ]);
  const heightAt = fadedHeightAt(grid, 0.01);

  it('samples the grid inside it, corners of the tile included', () => {
    const rect = [WEST + 0.5 * CELL_DEGREES, NORTH - 1.5 * CELL_DEGREES, WEST + 1.5 * CELL_DEGREES, NORTH - 0.5 * CELL_DEGREES] as const;
    expect([...tileHeights(heightAt, rect, 2)]).toEqual([10, 20, 30, 40]); // row-major from the north-west
  });

  it('eases from the edge to the lowest edge height beyond the grid, and holds it far away', () => {
    expect(heightAt(WEST + 2 * CELL_DEGREES + 0.005, NORTH - 1.5 * CELL_DEGREES)).toBeGreaterThan(10);
    expect(heightAt(WEST + 2 * CELL_DEGREES + 0.005, NORTH - 1.5 * CELL_DEGREES)).toBeLessThan(40);
    expect(heightAt(WEST + 1, NORTH - 1)).toBe(10);
    expect(heightAt(WEST - 1, NORTH + 1)).toBe(10);
  });
});

describe('the hillshade', () => {
  it('leaves flat land clear, darkens a slope facing away from the north-west light and lights one facing it', () => {
    const flat = hillshadePixels(gridOf([[5, 5, 5], [5, 5, 5], [5, 5, 5]]), 1);
    expect([...flat].filter((_, i) => i % 4 === 3).every((alpha) => alpha === 0)).toBe(true);
    const risingEast = hillshadePixels(gridOf([[0, 50, 100], [0, 50, 100], [0, 50, 100]]), 1); // a slope facing west
    const risingWest = hillshadePixels(gridOf([[100, 50, 0], [100, 50, 0], [100, 50, 0]]), 1); // a slope facing east
    const centre = 4 * 4; // the middle cell's RGBA
    expect(risingWest[centre]).toBe(0); // facing away from the north-western light: a shadow
    expect(risingWest[centre + 3]).toBeGreaterThan(0);
    expect(risingEast[centre]).toBe(255); // facing it: a highlight
    expect(risingEast[centre + 3]).toBeGreaterThan(0);
  });
});

describe('where the layers stand on the relief', () => {
  const grid = gridOf([
    [10, 20],
    [30, 40],
  ]);

  it('puts a point its height above the ground: exaggerated like the globe on the grid, above the ellipsoid without relief, clamped by Cesium on a tileset', () => {
    const surface = gridSurface(grid, 2, fadedHeightAt(grid));
    const [lon, lat] = [WEST + 0.5 * CELL_DEGREES, NORTH - 0.5 * CELL_DEGREES];
    expect(surface.heightAt(lon, lat, 30)).toBeCloseTo(2 * 10 + 30, 6);
    expect(FLAT_SURFACE.heightAt(lon, lat, 30)).toBe(30);
    expect(CLAMPED_SURFACE.heightAt(lon, lat, 30)).toBeNull();
  });

  it('adds vertices to a line so that it follows the relief, keeping its own', () => {
    const line = [[120, 30], [120.01, 30]];
    const dense = densify(line, 0.001);
    expect(dense).toHaveLength(11);
    expect(dense[0]).toEqual([120, 30]);
    expect(dense[10]).toEqual([120.01, 30]);
    for (let i = 1; i < dense.length; i++) expect(Math.hypot(dense[i]![0]! - dense[i - 1]![0]!, dense[i]![1]! - dense[i - 1]![1]!)).toBeLessThanOrEqual(0.001 + 1e-9);
    expect(densify(line, Infinity)).toEqual(line);
  });
});
