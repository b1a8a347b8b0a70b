import fc from 'fast-check';
import * as turf from '@turf/turf';
import type { MultiPolygon, Polygon, Position } from 'geojson';
import { describe, expect, it } from 'vitest';
import { KEY_GROUPS, PLACE_KINDS } from '../../contract/domain.ts';
import { distanceToBoundaryM, ImpactIndex, type Impact, type ImpactSources } from '../../api/geo/impactIndex.ts';
import { flattenShape, shapeContains } from '../../api/geo/pointInShape.ts';
import { ShapeBands } from '../../api/geo/shapeBands.ts';
import { readGisData } from '../../gis-data/read.ts';
import { localFrame } from '../../gis-data/scripts/geo.ts';

type Area = Polygon | MultiPolygon;

const gis = readGisData();
const point = (f: { geometry: { coordinates: number[] } }) => ({ lon: f.geometry.coordinates[0]!, lat: f.geometry.coordinates[1]! });
const township: ImpactSources = {
  households: gis.households,
  keyPeople: gis.keyPeople,
  places: gis.places.features.map((f) => ({ code: f.properties.code, kind: f.properties.kind, capacity: f.properties.capacity ?? null, ...point(f) })),
  forces: gis.forces.features.map((f) => ({ code: f.properties.code, kind: f.properties.kind, ...point(f) })),
};
const index = new ImpactIndex(township);
const [minX, minY, maxX, maxY] = turf.bbox(gis.township);

/** What impactOf must answer: every point through turf, every shelter and force measured. */
function bruteForce(sources: ImpactSources, area: Area, nearbyM: number): Impact {
  const inArea = (p: { lon: number; lat: number }) => turf.booleanPointInPolygon([p.lon, p.lat], area);
  const homes = sources.households.filter(inArea);
  const people = sources.keyPeople.filter(inArea);
  const places = sources.places.filter(inArea);
  const count = <K extends string>(keys: readonly K[], values: K[]) => Object.fromEntries(keys.map((k) => [k, values.filter((v) => v === k).length])) as Record<K, number>;
  const shape = flattenShape(area);
  const near = <T extends { code: string; lon: number; lat: number }>(items: readonly T[]) => items
    .map((item) => ({ item, inside: inArea(item), distanceM: inArea(item) ? 0 : distanceToBoundaryM(shape, item.lon, item.lat) }))
    .filter((x) => x.distanceM <= nearbyM)
    .sort((a, b) => a.distanceM - b.distanceM || (a.item.code < b.item.code ? -1 : 1));
  return {
    residents: homes.reduce((s, h) => s + h.residents, 0),
    households: homes.length,
    vulnerable: count(KEY_GROUPS, people.flatMap((p) => [...p.groups])),
    vulnerablePeople: people.map((p) => p.code),
    placesByKind: count(PLACE_KINDS, places.map((p) => p.kind)),
    places: places.map((p) => p.code),
    sheltersNearby: near(sources.places.filter((p) => p.kind === 'shelter')).map(({ item, distanceM, inside }) => ({ code: item.code, distanceM, capacity: item.capacity ?? 0, inside })),
    forcesNearby: near(sources.forces).map(({ item, distanceM, inside }) => ({ code: item.code, kind: item.kind, distanceM, inside })),
  };
}

/** A star-shaped ring around (lon, lat): `radii` km at evenly spread angles, counter-clockwise (clockwise for a hole). */
function star(lon: number, lat: number, radii: number[], turn: number, hole = false): Position[] {
  const frame = localFrame([lon, lat]);
  const ring = radii.map((r, i) => {
    const angle = turn + ((hole ? -1 : 1) * 2 * Math.PI * i) / radii.length;
    return frame.toLonLat([r * Math.cos(angle), r * Math.sin(angle)]);
  });
  return [...ring, ring[0]!];
}

/** A star polygon in the township, sometimes with a hole, sometimes with a vertex on a household exactly (a point on the boundary). */
const starPolygon = fc.record({
  lon: fc.double({ min: minX, max: maxX, noNaN: true }),
  lat: fc.double({ min: minY, max: maxY, noNaN: true }),
  size: fc.double({ min: 0.3, max: 8, noNaN: true }),
  radii: fc.array(fc.double({ min: 0.4, max: 1, noNaN: true }), { minLength: 3, maxLength: 40 }),
  turn: fc.double({ min: 0, max: 2 * Math.PI, noNaN: true }),
  hole: fc.option(fc.double({ min: 0.1, max: 0.35, noNaN: true })),
  onHousehold: fc.option(fc.nat({ max: gis.households.length - 1 })),
}).map(({ lon, lat, size, radii, turn, hole, onHousehold }): Polygon => {
  const outer = star(lon, lat, radii.map((r) => r * size), turn);
  if (onHousehold !== null) {
    const h = gis.households[onHousehold]!;
    outer[0] = [h.lon, h.lat];
    outer[outer.length - 1] = [h.lon, h.lat];
  }
  const rings = [outer];
  if (hole !== null) rings.push(star(lon, lat, radii.map(() => hole * size), turn, true));
  return { type: 'Polygon', coordinates: rings };
});

/** One to three star polygons (they may overlap: a point in any part is in the area, as turf says). */
const area = fc.array(starPolygon, { minLength: 1, maxLength: 3 }).map((parts): Area =>
  parts.length === 1 ? parts[0]! : { type: 'MultiPolygon', coordinates: parts.map((p) => p.coordinates) });

describe('ImpactIndex on the township', () => {
  it('counts what a point-by-point turf loop counts, for random polygons with holes and multipolygons', () => {
    fc.assert(fc.property(area, fc.integer({ min: 0, max: 3000 }), (a, nearbyM) => {
      expect(index.impactOf(a, { nearbyM })).toEqual(bruteForce(township, a, nearbyM));
    }), { numRuns: 60 });
  });

  it('counts households on the boundary, vertices and edges, as inside, as turf does', () => {
    // Rectangles whose corners are households: two of their edges run exactly through households.
    fc.assert(fc.property(fc.nat({ max: gis.households.length - 1 }), fc.nat({ max: gis.households.length - 1 }), (i, j) => {
      const [a, b] = [gis.households[i]!, gis.households[j]!];
      if (a.lon === b.lon || a.lat === b.lat) return;
      const [x0, x1, y0, y1] = [Math.min(a.lon, b.lon), Math.max(a.lon, b.lon), Math.min(a.lat, b.lat), Math.max(a.lat, b.lat)];
      const box: Polygon = { type: 'Polygon', coordinates: [[[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]] };
      const impact = index.impactOf(box, { nearbyM: 500 });
      expect(impact).toEqual(bruteForce(township, box, 500));
      expect(impact.households).toBeGreaterThanOrEqual(a.code === b.code ? 1 : 2);
    }), { numRuns: 40 });
  });

  it('adds up its counts from the rows: residents of the households, groups of the people, kinds of the places', () => {
    const a = gis.township.features[0]!.geometry;
    const impact = index.impactOf(a, { nearbyM: 0 });
    expect(impact.households).toBe(gis.households.length);
    expect(impact.residents).toBe(gis.grids.features.reduce((s, g) => s + g.properties.population, 0));
    expect(impact.vulnerablePeople).toEqual(gis.keyPeople.map((p) => p.code));
    for (const group of KEY_GROUPS) expect(impact.vulnerable[group]).toBe(gis.keyPeople.filter((p) => p.groups.includes(group)).length);
    expect(Object.values(impact.placesByKind).reduce((s, n) => s + n, 0)).toBe(impact.places.length);
  });

  it('flags a shelter inside the hazard area: it cannot take evacuees', () => {
    const shelter = township.places.find((p) => p.kind === 'shelter')!;
    const around: Polygon = { type: 'Polygon', coordinates: [star(shelter.lon, shelter.lat, [0.2, 0.2, 0.2, 0.2, 0.2, 0.2], 0)] };
    const impact = index.impactOf(around, { nearbyM: 3000 });
    expect(impact.sheltersNearby[0]).toEqual({ code: shelter.code, distanceM: 0, capacity: shelter.capacity, inside: true });
    expect(impact.places).toContain(shelter.code);
    expect(impact.sheltersNearby.slice(1).every((s) => !s.inside && s.distanceM > 0)).toBe(true);
    const distances = impact.sheltersNearby.map((s) => s.distanceM);
    expect(distances).toEqual([...distances].sort((x, y) => x - y));
  });

  it('measures "nearby" within a metre per kilometre of turf\'s geodesic distance', () => {
    const a: Polygon = { type: 'Polygon', coordinates: [star(119.12, 29.07, [1, 0.8, 1.2, 0.9, 1.1], 0.3)] };
    for (const s of index.impactOf(a, { nearbyM: 5000 }).forcesNearby.filter((f) => !f.inside)) {
      const force = township.forces.find((f) => f.code === s.code)!;
      const geodesic = turf.pointToPolygonDistance([force.lon, force.lat], a, { units: 'meters' });
      expect(Math.abs(s.distanceM - geodesic), s.code).toBeLessThan(1 + geodesic / 1000);
    }
  });

  it('holds nothing for an empty area and refuses a negative distance', () => {
    const empty = index.impactOf({ type: 'MultiPolygon', coordinates: [] }, { nearbyM: 1000 });
    expect(empty).toMatchObject({ residents: 0, households: 0, vulnerablePeople: [], places: [], sheltersNearby: [], forcesNearby: [] });
    expect(() => index.impactOf(gis.township.features[0]!.geometry, { nearbyM: -1 })).toThrow(/nearbyM must be a distance in metres/);
  });
});

describe('ImpactIndex on dense synthetic points', () => {
  // Points on a fine lattice: many of them on the polygons' vertices and edges, and in every boundary cell.
  const lattice = Array.from({ length: 60 * 60 }, (_, i) => ({ lon: 120 + (i % 60) * 0.0005, lat: 30 + Math.floor(i / 60) * 0.0005 }));
  const sources: ImpactSources = {
    households: lattice.map((p, i) => ({ ...p, code: `H${i}`, residents: 1 + (i % 5) })),
    keyPeople: lattice.filter((_, i) => i % 7 === 0).map((p, i) => ({ ...p, code: `K${i}`, groups: [KEY_GROUPS[i % KEY_GROUPS.length]!] })),
    places: lattice.filter((_, i) => i % 31 === 0).map((p, i) => ({ ...p, code: `P${i}`, kind: PLACE_KINDS[i % PLACE_KINDS.length]!, capacity: 100 })),
    forces: lattice.filter((_, i) => i % 97 === 0).map((p, i) => ({ ...p, code: `F${i}`, kind: 'fire' as const })),
  };
  const dense = new ImpactIndex(sources);
  const onLattice = fc.tuple(fc.integer({ min: -5, max: 65 }), fc.integer({ min: -5, max: 65 })).map(([i, j]) => [120 + i * 0.0005, 30 + j * 0.0005]);

  it('agrees with turf for polygons whose vertices lie on the points themselves', () => {
    fc.assert(fc.property(fc.array(onLattice, { minLength: 3, maxLength: 12 }), (vertices) => {
      const ring = [...vertices, vertices[0]!];
      if (turf.area(turf.polygon([ring])) === 0) return; // a ring with no area is not an area
      const a: Polygon = { type: 'Polygon', coordinates: [ring] };
      expect(dense.impactOf(a, { nearbyM: 100 })).toEqual(bruteForce(sources, a, 100));
    }), { numRuns: 150 });
  });
});

describe('ShapeBands', () => {
  it('answers as shapeContains does, on edges, vertices and a hair off them', () => {
    fc.assert(fc.property(area, fc.double({ min: 0, max: 1, noNaN: true }), fc.constantFrom(0, 1e-15, -1e-15, 1e-12, -1e-12, 1e-9, -1e-9), fc.constantFrom(0, 1e-12, -1e-12, 1e-9), (a, t, dx, dy) => {
      const shape = flattenShape(a);
      const bands = new ShapeBands(shape);
      for (let j = 0; j + 3 < shape.coords.length; j += 2) {
        const [ax, ay, bx, by] = [shape.coords[j]!, shape.coords[j + 1]!, shape.coords[j + 2]!, shape.coords[j + 3]!];
        const [x, y] = [ax + (bx - ax) * t + dx, ay + (by - ay) * t + dy];
        expect(bands.contains(x, y)).toBe(shapeContains(shape, x, y));
        expect(bands.contains(ax, ay)).toBe(true);
      }
    }), { numRuns: 200 });
  });
});
