// Checks the committed elevation model (gis-data/huzhen/elevation.json + .bin): its format, that it
// agrees with terrain.ts (plain in the north, hills in the south), the river channel below its banks,
// and that the river gauges' datums make a rising stage flood more of the plain, never the hills.
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import * as turf from '@turf/turf';
import type { Polygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import { ELEVATION_ENCODING, GIS_FILES } from '../../contract/gis.ts';
import { ElevationGrid } from '../../api/geo/elevation.ts';
import { floodArea } from '../../api/geo/floodFill.ts';
import { DEFAULT_GIS_DIR, readGisData } from '../../gis-data/read.ts';
import { localFrame } from '../../gis-data/scripts/geo.ts';
import { hillTest } from '../../gis-data/scripts/terrain.ts';

const gis = readGisData();
const { header } = gis.elevation;
const grid = ElevationGrid.from(gis.elevation);
const township = gis.township.features[0]!.geometry as Polygon;
const river = gis.river.features[0]!.geometry;
const inHills = hillTest(township, river);
const inTownship = (p: number[]) => turf.booleanPointInPolygon(p, township);

/** Heights of the township's cells, split by terrain.ts's hill test (every 3rd cell each way: enough, and quick). */
const sampled = (() => {
  const hills: number[] = [];
  const plain: number[] = [];
  const hillCells: number[] = [];
  for (let row = 0; row < grid.rows; row += 3) {
    for (let col = 0; col < grid.cols; col += 3) {
      const index = row * grid.cols + col;
      const centre = grid.cellCentre(index);
      if (!inTownship(centre)) continue;
      if (inHills(centre)) {
        hills.push(grid.heights[index]!);
        hillCells.push(index);
      } else plain.push(grid.heights[index]!);
    }
  }
  return { hills: hills.sort((a, b) => a - b), plain: plain.sort((a, b) => a - b), hillCells };
})();
const quantile = (sorted: number[], q: number) => sorted[Math.floor(q * (sorted.length - 1))]!;
const riverGauges = header.gauges.filter((g) => g.placeKind === 'river_gauge');

describe('the elevation files', () => {
  it('are labelled schematic (示意), with their datum, unit and encoding', () => {
    expect(header.schematic).toBe(true);
    expect(header.datum).toBe('EGM96/示意');
    expect(header.unit).toBe('m');
    expect(header.encoding).toBe(ELEVATION_ENCODING);
    expect(header.note).toContain('示意');
    expect(header.seed).toBe(gis.manifest.seed);
  });

  it('hold one int16 per cell, well under 2 MB in all', () => {
    const bytes = statSync(join(DEFAULT_GIS_DIR, GIS_FILES.elevationHeights)).size;
    expect(bytes).toBe(header.cols * header.rows * 2);
    expect(bytes + statSync(join(DEFAULT_GIS_DIR, GIS_FILES.elevation)).size).toBeLessThan(1_000_000);
  });

  it('covers the township with a margin, in cells of 30–50 m', () => {
    const [minX, minY, maxX, maxY] = turf.bbox(township);
    expect(header.west).toBeLessThan(minX);
    expect(header.south).toBeLessThan(minY);
    expect(header.east).toBeGreaterThan(maxX);
    expect(header.north).toBeGreaterThan(maxY);
    for (const size of header.cellSizeM) {
      expect(size).toBeGreaterThanOrEqual(30);
      expect(size).toBeLessThanOrEqual(50);
    }
    expect(grid.cellLon).toBeCloseTo(header.cellDegrees[0], 12);
    expect(grid.cellLat).toBeCloseTo(header.cellDegrees[1], 12);
  });

  it('records the lowest and highest height it holds', () => {
    let [min, max] = [Infinity, -Infinity];
    for (const h of grid.heights) [min, max] = [Math.min(min, h), Math.max(max, h)];
    expect(min).toBeCloseTo(header.minM, 3);
    expect(max).toBeCloseTo(header.maxM, 3);
  });
});

describe('the relief', () => {
  it('puts the river plain at about 35–50 m and the hills, as terrain.ts draws them, well above it', () => {
    expect(quantile(sampled.plain, 0.05)).toBeGreaterThan(30);
    expect(quantile(sampled.plain, 0.5)).toBeGreaterThan(35);
    expect(quantile(sampled.plain, 0.5)).toBeLessThan(50);
    expect(quantile(sampled.hills, 0)).toBeGreaterThan(quantile(sampled.plain, 0.9) + 20);
    expect(quantile(sampled.hills, 0.5)).toBeGreaterThan(150);
  });

  it('raises the hills to crests of a few hundred metres, none above 550 m', () => {
    expect(quantile(sampled.hills, 0.99)).toBeGreaterThan(350);
    expect(header.maxM).toBeLessThan(550);
  });

  it('carves the river channel a few metres below its banks all along the line', () => {
    for (const [lon, lat] of river.coordinates as [number, number][]) {
      if (!grid.contains(lon, lat)) continue;
      const frame = localFrame([lon, lat]);
      const banks = [frame.toLonLat([0, 0.25]), frame.toLonLat([0, -0.25])].map(([x, y]) => grid.heightAt(x, y));
      expect(Math.min(...banks) - grid.heightAt(lon, lat), `${lon},${lat}`).toBeGreaterThan(3);
    }
  });

  it('lets the river fall gently downstream (east): its western banks stand higher than its eastern ones', () => {
    expect(header.river.downstream).toBe('east');
    const inGrid = (river.coordinates as [number, number][]).filter(([lon, lat]) => grid.contains(lon, lat));
    const third = Math.floor(inGrid.length / 3);
    const bankOf = ([lon, lat]: [number, number]) => grid.heightAt(lon, lat + 0.2 / 111.32);
    const mean = (points: [number, number][]) => points.reduce((s, p) => s + bankOf(p), 0) / points.length;
    expect(mean(inGrid.slice(0, third))).toBeGreaterThan(mean(inGrid.slice(-third)));
  });
});

describe('the river gauges', () => {
  const places = new Map(gis.places.features.map((f) => [f.properties.code, f]));
  const devices = gis.devices.features.map((f) => f.properties);

  it('give every river gauge, and every water-level device of one, a datum', () => {
    const gauges = gis.places.features.filter((f) => f.properties.kind === 'river_gauge');
    expect(riverGauges.map((g) => g.placeCode).sort()).toEqual(gauges.map((g) => g.properties.code).sort());
    for (const d of devices.filter((x) => x.type === 'water_level' && places.get(x.placeCode ?? '')?.properties.kind === 'river_gauge')) {
      expect(header.gauges.some((g) => g.deviceCodes.includes(d.code)), d.code).toBe(true);
    }
  });

  it('set each datum so that the devices\' warning stage is the lowest nearby bank', () => {
    for (const g of header.gauges) {
      const device = devices.find((d) => d.code === g.deviceCodes[0])!;
      expect(g.warnAbove).toBe(device.warnAbove);
      expect(g.datumM + g.warnAbove).toBeCloseTo(g.bankM, 1);
      expect(g.bankM).toBeGreaterThan(header.minM);
    }
  });

  it.each(riverGauges.map((g) => [g.placeCode, g] as const))('%s: a normal stage stays in the channel, the warning stage starts to overtop it', (_, g) => {
    const normal = floodArea(grid, { waterLevelM: g.datumM + 4, seed: [g.lon, g.lat] });
    const warning = floodArea(grid, { waterLevelM: g.datumM + g.warnAbove + 0.3, seed: [g.lon, g.lat] });
    const channelKm2 = normal.areaM2 / 1e6;
    expect(channelKm2).toBeGreaterThan(1); // the river itself, about 17 km × 240 m
    expect(channelKm2).toBeLessThan(6);
    expect(warning.areaM2).toBeGreaterThan(normal.areaM2);
  });

  it.each(riverGauges.map((g) => [g.placeCode, g] as const))('%s: stage 7.5 m, then 9.5 m, floods more of the plain each time, several villages but never the hills', (_, g) => {
    const township = turf.area(gis.township) / 1e6;
    const lower = floodArea(grid, { waterLevelM: g.datumM + 7.5, seed: [g.lon, g.lat] });
    const higher = floodArea(grid, { waterLevelM: g.datumM + 9.5, seed: [g.lon, g.lat] });
    expect(higher.areaM2).toBeGreaterThan(lower.areaM2 * 1.2);
    expect(lower.areaM2 / 1e6).toBeGreaterThan(10);
    expect(higher.areaM2 / 1e6).toBeLessThan(0.6 * township);
    for (let i = 0; i < lower.mask.length; i++) if (lower.mask[i]) expect(higher.mask[i]).toBe(1);
    for (const index of sampled.hillCells) expect(higher.mask[index], `hill cell ${index}`).toBe(0);
    const villages = gis.villages.features.filter((v) => turf.booleanIntersects(v, turf.feature(higher.geometry))).length;
    expect(villages).toBeGreaterThanOrEqual(5);
    expect(villages).toBeLessThan(gis.villages.features.length);
  });

  it('keeps the hills dry even far above any stage the devices know', () => {
    const g = riverGauges[0]!;
    const extreme = floodArea(grid, { waterLevelM: g.datumM + 20, seed: [g.lon, g.lat] });
    for (const index of sampled.hillCells) expect(extreme.mask[index]).toBe(0);
  });
});

describe('households.json', () => {
  it('is labelled schematic and names its fields', () => {
    const file = JSON.parse(readFileSync(join(DEFAULT_GIS_DIR, GIS_FILES.households), 'utf8')) as { schematic: boolean; note: string; fields: string[] };
    expect(file.schematic).toBe(true);
    expect(file.note).toContain('示意');
    expect(file.fields).toEqual(['code', 'gridCode', 'lon', 'lat', 'residents']);
  });
});
