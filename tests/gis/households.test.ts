// Checks the committed households (gis-data/huzhen/households.json): per grid they add up to the
// grid's households and population exactly, they stand in their grid and out of the river, they
// cluster into hamlets, and every key person lives in one of them.
import * as turf from '@turf/turf';
import type { Polygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import type { HouseholdRecord } from '../../contract/gis.ts';
import { ElevationGrid } from '../../api/geo/elevation.ts';
import { readGisData } from '../../gis-data/read.ts';
import { localFrame } from '../../gis-data/scripts/geo.ts';

const gis = readGisData();
const { households, keyPeople } = gis;
const grids = gis.grids.features;
const gridByCode = new Map(grids.map((g) => [g.properties.code, g]));
const householdByCode = new Map(households.map((h) => [h.code, h]));
const byGrid = new Map<string, HouseholdRecord[]>();
for (const h of households) byGrid.set(h.gridCode, [...(byGrid.get(h.gridCode) ?? []), h]);
const elevation = ElevationGrid.from(gis.elevation);
const SETBACK_KM = 0.18; // gis-data/scripts/households.ts riverSetbackKm (the channel: 0.12 km each side)

describe('households', () => {
  it('add up, grid by grid, to the grids\' households and population exactly', () => {
    for (const g of grids) {
      const own = byGrid.get(g.properties.code) ?? [];
      expect(own.length, g.properties.code).toBe(g.properties.households);
      expect(own.reduce((s, h) => s + h.residents, 0), g.properties.code).toBe(g.properties.population);
    }
    expect(households.length).toBe(gis.manifest.counts.households);
    expect(households.reduce((s, h) => s + h.residents, 0)).toBe(gis.manifest.counts.residents);
  });

  it('have unique codes, one to nine residents, and 6-decimal coordinates', () => {
    expect(new Set(households.map((h) => h.code)).size).toBe(households.length);
    const decimals = (x: number) => (String(x).split('.')[1] ?? '').length;
    for (const h of households) {
      expect(h.code).toMatch(/^H\d{5}$/);
      expect(Number.isInteger(h.residents) && h.residents >= 1 && h.residents <= 9, h.code).toBe(true);
      expect(decimals(h.lon) <= 6 && decimals(h.lat) <= 6, h.code).toBe(true);
    }
  });

  it('stand inside their own grid', () => {
    for (const h of households) {
      const grid = gridByCode.get(h.gridCode);
      expect(grid, h.code).toBeDefined();
      expect(turf.booleanPointInPolygon([h.lon, h.lat], grid!.geometry as Polygon, { ignoreBoundary: true }), h.code).toBe(true);
    }
  });

  it('stand back from the river channel', () => {
    const frame = localFrame([119.12, 29.08]);
    const line = gis.river.features[0]!.geometry.coordinates.map((p) => frame.toKm(p));
    const riverKm = ([x, y]: [number, number]) => Math.min(...line.slice(1).map(([bx, by], i) => {
      const [ax, ay] = line[i]!;
      const t = Math.max(0, Math.min(1, ((x - ax) * (bx - ax) + (y - ay) * (by - ay)) / ((bx - ax) ** 2 + (by - ay) ** 2)));
      return Math.hypot(ax + t * (bx - ax) - x, ay + t * (by - ay) - y);
    }));
    for (const h of households) expect(riverKm(frame.toKm([h.lon, h.lat])), h.code).toBeGreaterThanOrEqual(SETBACK_KM - 0.005);
  });

  it('cluster into hamlets: neighbours are much closer than if the grid\'s households were spread evenly', () => {
    const ratios: number[] = [];
    for (const g of grids) {
      const own = byGrid.get(g.properties.code) ?? [];
      const frame = localFrame([own[0]!.lon, own[0]!.lat]);
      const xy = own.map((h) => frame.toKm([h.lon, h.lat]));
      const nearest = xy.map(([x, y], i) => Math.min(...xy.map(([u, v], j) => (i === j ? Infinity : Math.hypot(x - u, y - v)))));
      const meanNearest = nearest.reduce((s, d) => s + d, 0) / nearest.length;
      const even = 0.5 * Math.sqrt(turf.area(g.geometry) / 1e6 / own.length); // the mean nearest neighbour of a uniform spread
      ratios.push(meanNearest / even);
    }
    ratios.sort((a, b) => a - b);
    // Uniformly drawn households would give about 1 in every grid.
    expect(ratios[Math.floor(ratios.length / 2)]).toBeLessThan(0.5);
    expect(ratios[Math.floor(ratios.length * 0.9)]).toBeLessThan(0.75);
  });

  it('settle in the valleys of the hills: hamlet centres lie lower than the hill grid around them', () => {
    const township = gis.township.features[0]!.geometry as Polygon;
    const [minX, , maxX] = turf.bbox(township);
    const south = households.filter((h) => h.lat < 29.03 && h.lon > minX && h.lon < maxX);
    const meanHouse = south.reduce((s, h) => s + elevation.heightAt(h.lon, h.lat), 0) / south.length;
    let sum = 0;
    let n = 0;
    for (let i = 0; i < elevation.cellCount; i += 7) {
      const [lon, lat] = elevation.cellCentre(i);
      if (lat < 29.03 && turf.booleanPointInPolygon([lon, lat], township)) [sum, n] = [sum + elevation.heights[i]!, n + 1];
    }
    expect(meanHouse).toBeLessThan(sum / n);
  });
});

describe('key people at home', () => {
  it('each live in a household of their grid, at its position', () => {
    for (const p of keyPeople) {
      const home = householdByCode.get(p.householdCode ?? '');
      expect(home, p.code).toBeDefined();
      expect(home!.gridCode).toBe(p.gridCode);
      expect([p.lon, p.lat]).toEqual([home!.lon, home!.lat]);
    }
  });

  it('never share a household, and the elderly living alone have one to themselves', () => {
    expect(new Set(keyPeople.map((p) => p.householdCode)).size).toBe(keyPeople.length);
    for (const p of keyPeople) {
      const residents = householdByCode.get(p.householdCode!)!.residents;
      if (p.groups.includes('elderly_alone')) expect(residents, p.code).toBe(1);
      else expect(residents, p.code).toBeGreaterThan(1);
    }
  });
});
