// Drawing a hazard area by hand on the console map: vertices placed, the ring closed, edited and
// undone step by step, sent as the Polygon the contract accepts, crossings found before the hub
// refuses them, and an existing area's outer ring taken as the start of an edit.
import { area as areaM2Of, booleanClockwise, kinks, polygon } from '@turf/turf';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HazardAreaInput, type ShelterState } from '../../contract/incidents.ts';
import {
  clear, clickVertex, close, distinctCount, drawingIssue, editableRing, EMPTY_DRAWING, moveVertex, place, removeVertex,
  ringGeometry, selfIntersections, startFrom, undo, type AreaGeometry, type DrawingState, type LonLat,
} from '../../screen/console/composables/hazardDrawing.ts';
import { applyShelter, shelterStanding } from '../../screen/shared/shelterStanding.ts';
import { windForFill } from '../../screen/console/composables/mapShapes.ts';

const placeAll = (points: readonly LonLat[], from: DrawingState = EMPTY_DRAWING) => points.reduce((s, [lon, lat]) => place(s, lon, lat), from);
/** A square of about 1 km near the demo township, corners counter-clockwise from the south-west. */
const SQUARE: LonLat[] = [[119.30, 29.10], [119.31, 29.10], [119.31, 29.11], [119.30, 29.11]];
/** The same corners visited crosswise: a bow tie, crossing itself once in the middle. */
const BOW_TIE: LonLat[] = [[119.30, 29.10], [119.31, 29.11], [119.31, 29.10], [119.30, 29.11]];

describe('drawing a ring', () => {
  it('places vertices in click order, rounded to 6 decimals, and ignores a click on a place already taken', () => {
    const state = placeAll([[119.3000001, 29.1000004], [119.31, 29.10], [119.30, 29.10], [119.31, 29.11]]);
    expect(state.ring.vertices).toEqual([[119.3, 29.1], [119.31, 29.1], [119.31, 29.11]]);
    expect(state.ring.closed).toBe(false);
  });

  it('closes only with at least three distinct vertices, by the button or a click on the first vertex', () => {
    const two = placeAll(SQUARE.slice(0, 2));
    expect(close(two)).toBe(two);
    expect(clickVertex(two, 0).ring.closed).toBe(false);
    const three = placeAll(SQUARE.slice(0, 3));
    expect(close(three).ring.closed).toBe(true);
    expect(clickVertex(three, 0).ring.closed).toBe(true);
    // Any other vertex is selected instead, and a second click unselects it.
    expect(clickVertex(three, 1)).toMatchObject({ selected: 1, ring: { closed: false } });
    expect(clickVertex(clickVertex(three, 1), 1).selected).toBeNull();
  });

  it('inserts a click on a closed ring into the nearest edge, and selects the new vertex', () => {
    const closed = close(placeAll(SQUARE));
    const inserted = place(closed, 119.305, 29.1102); // just north of the top edge, from the north-east corner to the north-west one
    expect(inserted.ring.vertices).toEqual([...SQUARE.slice(0, 3), [119.305, 29.1102], SQUARE[3]]);
    expect(inserted.selected).toBe(3);
    const onClosingEdge = place(closed, 119.2998, 29.105); // west of the edge from the last vertex back to the first
    expect(onClosingEdge.ring.vertices).toEqual([...SQUARE, [119.2998, 29.105]]);
  });

  it('moves a dragged vertex, and one drag is one undo step however many moves it took', () => {
    const closed = close(placeAll(SQUARE));
    let state = moveVertex(closed, 2, 119.312, 29.112, false);
    state = moveVertex(state, 2, 119.313, 29.113, false);
    state = moveVertex(state, 2, 119.314, 29.114, true);
    expect(state.ring.vertices[2]).toEqual([119.314, 29.114]);
    expect(state.dragging).toBeNull();
    expect(undo(state).ring).toEqual(closed.ring);
    // A handle pressed and let go where it was is a click: no step to undo, nothing selected.
    expect(moveVertex(closed, 1, ...SQUARE[1]!, true)).toBe(closed);
  });

  it('removes the selected vertex, and a closed triangle left with two opens again', () => {
    const triangle = close(placeAll(SQUARE.slice(0, 3)));
    const selected = clickVertex(triangle, 1);
    const removed = removeVertex(selected);
    expect(removed.ring).toEqual({ vertices: [SQUARE[0], SQUARE[2]], closed: false });
    expect(removeVertex(triangle)).toBe(triangle); // nothing selected: nothing removed
    const square = removeVertex(clickVertex(close(placeAll(SQUARE)), 3));
    expect(square.ring).toEqual({ vertices: SQUARE.slice(0, 3), closed: true });
  });

  it('undoes back through every step to the empty drawing, clear included, and no further', () => {
    const steps: ((s: DrawingState) => DrawingState)[] = [
      (s) => place(s, ...SQUARE[0]!), (s) => place(s, ...SQUARE[1]!), (s) => place(s, ...SQUARE[2]!), close,
      (s) => place(s, 119.305, 29.1102), (s) => moveVertex(s, 0, 119.299, 29.099, true), (s) => removeVertex(s, 1), clear,
    ];
    const states = steps.reduce<DrawingState[]>((all, stepOf) => [...all, stepOf(all[all.length - 1]!)], [EMPTY_DRAWING]);
    let state = states[states.length - 1]!;
    expect(state.ring.vertices).toEqual([]);
    for (let i = states.length - 2; i >= 0; i--) {
      state = undo(state);
      expect(state.ring).toEqual(states[i]!.ring);
    }
    expect(undo(state)).toBe(state);
  });
});

describe('the drawn ring as GeoJSON', () => {
  it('is a closed counter-clockwise Polygon the contract accepts, whichever way it was drawn', () => {
    for (const drawn of [SQUARE, [...SQUARE].reverse()]) {
      const geometry = ringGeometry({ vertices: drawn, closed: false })!;
      const ring = geometry.coordinates[0]!;
      expect(ring).toHaveLength(5);
      expect(ring[0]).toEqual(ring[4]);
      expect(booleanClockwise(ring)).toBe(false);
      expect(HazardAreaInput.safeParse({ method: 'polygon', geometry, reason: '手绘' }).success).toBe(true);
    }
  });

  it('is null below three distinct vertices, repeats not counting', () => {
    expect(ringGeometry({ vertices: [SQUARE[0]!, SQUARE[1]!, SQUARE[0]!], closed: false })).toBeNull();
    expect(drawingIssue({ vertices: SQUARE.slice(0, 2), closed: false })).toBe('too_few');
    expect(drawingIssue({ vertices: SQUARE, closed: true })).toBeNull();
  });

  it('finds the crossing of a bow tie, and of an open line that crosses itself, where turf (as the hub) does', () => {
    const crossings = selfIntersections({ vertices: BOW_TIE, closed: true });
    expect(crossings).toEqual([[119.305, 29.105]]);
    expect(drawingIssue({ vertices: BOW_TIE, closed: true })).toBe('crossing');
    expect(kinks(polygon(ringGeometry({ vertices: BOW_TIE, closed: true })!.coordinates)).features).toHaveLength(1);
    expect(selfIntersections({ vertices: SQUARE, closed: true })).toEqual([]);
    const zigzag: LonLat[] = [[119.30, 29.10], [119.32, 29.10], [119.31, 29.12], [119.31, 29.09]];
    expect(selfIntersections({ vertices: zigzag.slice(0, 3), closed: false })).toEqual([]);
    expect(selfIntersections({ vertices: zigzag, closed: false }).length).toBeGreaterThan(0);
  });

  // Drawings in general position around the township: a centre, a size of 500 m to 2 km, 5 to 10 vertices.
  const centre = fc.tuple(fc.double({ min: 119.25, max: 119.35, noNaN: true }), fc.double({ min: 29.05, max: 29.15, noNaN: true }));
  const radiusDeg = fc.double({ min: 0.005, max: 0.02, noNaN: true });
  const around = ([lon, lat]: [number, number], r: number, angle: number): LonLat => [lon + r * Math.cos(angle), lat + r * Math.sin(angle)];

  it('never warns about a star-shaped drawing (vertices placed in turn around a point), which does not cross itself', () => {
    const vertexShape = fc.tuple(fc.double({ min: 0, max: 0.8, noNaN: true }), fc.double({ min: 0.3, max: 1, noNaN: true }));
    fc.assert(fc.property(centre, radiusDeg, fc.array(vertexShape, { minLength: 5, maxLength: 10 }), (at, r, shapes) => {
      // Gaps between consecutive angles stay under half a turn: the centre sees every edge, so none crosses another.
      const vertices = shapes.map(([jitter, share], i) => around(at, r * share, ((i + jitter) * 2 * Math.PI) / shapes.length));
      const ring = { vertices: placeAll(vertices).ring.vertices, closed: true };
      expect(selfIntersections(ring)).toEqual([]);
      expect(drawingIssue(ring)).toBeNull();
    }));
  });

  it('always warns when two vertices of a convex drawing of five or more are swapped, as the hub\'s check of the sent ring finds', () => {
    const swap = fc.integer({ min: 5, max: 10 }).chain((n) => fc.tuple(fc.constant(n), fc.integer({ min: 0, max: n - 1 }), fc.integer({ min: 1, max: n - 1 })));
    fc.assert(fc.property(centre, radiusDeg, fc.double({ min: 0, max: 2 * Math.PI, noNaN: true }), swap, (at, r, turn, [n, i, offset]) => {
      const vertices = Array.from({ length: n }, (_, k) => around(at, r, turn + (k * 2 * Math.PI) / n));
      const j = (i + offset) % n;
      [vertices[i], vertices[j]] = [vertices[j]!, vertices[i]!];
      const ring = { vertices: placeAll(vertices).ring.vertices, closed: true };
      expect(drawingIssue(ring)).toBe('crossing');
      expect(kinks(polygon(ringGeometry(ring)!.coordinates)).features.length).toBeGreaterThan(0);
    }));
  });

  it('keeps the ring valid through any sequence of clicks, drags, removals and undos', () => {
    const point = fc.tuple(fc.integer({ min: 0, max: 20 }), fc.integer({ min: 0, max: 20 })).map(([x, y]) => [119.3 + x / 2000, 29.1 + y / 2000] as const);
    const action = fc.oneof(
      point.map(([lon, lat]) => (s: DrawingState) => place(s, lon, lat)),
      fc.nat(10).map((i) => (s: DrawingState) => clickVertex(s, i)),
      fc.tuple(fc.nat(10), point, fc.boolean()).map(([i, [lon, lat], done]) => (s: DrawingState) => moveVertex(s, i, lon, lat, done)),
      fc.nat(10).map((i) => (s: DrawingState) => removeVertex(s, i)),
      fc.constant(close), fc.constant(undo), fc.constant(clear),
    );
    fc.assert(fc.property(fc.array(action, { maxLength: 40 }), (actions) => {
      const state = actions.reduce((s, act) => act(s), EMPTY_DRAWING);
      // A closed ring always has enough vertices to be one, and the selection points at a vertex.
      if (state.ring.closed) expect(distinctCount(state.ring.vertices)).toBeGreaterThanOrEqual(3);
      if (state.selected !== null) expect(state.selected).toBeLessThan(state.ring.vertices.length);
      const geometry = ringGeometry(state.ring);
      if (geometry) expect(HazardAreaInput.safeParse({ method: 'polygon', geometry, reason: 'r' }).success).toBe(true);
      // Undoing every step there was gets back to the empty drawing.
      const back = state.past.reduce((s) => undo(s), state);
      expect(back.ring.vertices).toEqual([]);
    }));
  });
});

describe('starting from the current area', () => {
  const square = (west: number, south: number, size: number): number[][] =>
    [[west, south], [west + size, south], [west + size, south + size], [west, south + size], [west, south]];

  it('takes the outer ring of the largest polygon, without its holes or its closing position, closed for editing', () => {
    const geometry: AreaGeometry = {
      type: 'MultiPolygon',
      coordinates: [[square(119.30, 29.10, 0.001)], [square(119.31, 29.10, 0.02), square(119.315, 29.105, 0.005)]],
    };
    expect(editableRing(geometry)).toEqual(square(119.31, 29.10, 0.02).slice(0, -1).map(([lon, lat]) => [Number(lon!.toFixed(6)), Number(lat!.toFixed(6))]));
    const state = startFrom(EMPTY_DRAWING, geometry);
    expect(state.ring.closed).toBe(true);
    expect(state.ring.vertices).toHaveLength(4);
    expect(undo(state)).toMatchObject({ ring: EMPTY_DRAWING.ring });
  });

  it('simplifies a ring of many vertices (a buffer, a flood fill) to an editable few, keeping its shape', () => {
    const circle = Array.from({ length: 2001 }, (_, i) => {
      const a = (2 * Math.PI * (i % 2000)) / 2000;
      return [119.3 + 0.02 * Math.cos(a), 29.1 + 0.02 * Math.sin(a)];
    });
    const geometry: AreaGeometry = { type: 'Polygon', coordinates: [circle] };
    const ring = editableRing(geometry, 120);
    expect(ring.length).toBeLessThanOrEqual(120);
    expect(ring.length).toBeGreaterThanOrEqual(16);
    const before = areaM2Of(polygon([circle]));
    const after = areaM2Of(polygon([[...ring.map(([lon, lat]) => [lon, lat]), [ring[0]![0], ring[0]![1]]]]));
    expect(Math.abs(after - before) / before).toBeLessThan(0.02);
  });
});

describe('the map fill of an area', () => {
  it('winds holes against their outer ring, so a non-zero fill leaves them empty', () => {
    const outer = [[0, 0], [0, 10], [10, 10], [10, 0], [0, 0]]; // clockwise
    const hole = [[2, 2], [4, 2], [4, 4], [2, 4], [2, 2]]; // counter-clockwise
    const [o, h] = windForFill({ type: 'Polygon', coordinates: [outer, hole] });
    expect(booleanClockwise(o!)).toBe(false);
    expect(booleanClockwise(h!)).toBe(true);
    const [o2, h2] = windForFill({ type: 'MultiPolygon', coordinates: [[[...outer].reverse(), [...hole].reverse()]] });
    expect([booleanClockwise(o2!), booleanClockwise(h2!)]).toEqual([false, true]);
  });
});

describe('a shelter\'s standing', () => {
  const shelter: ShelterState = { code: 'S1', name: '避灾点', capacity: 200, occupancy: 0, free: 200, lon: 119.3, lat: 29.1, inHazardArea: false };
  const standing = (changes: Partial<ShelterState>) => shelterStanding({ ...shelter, ...changes });

  it('is inside before anything else, then full, nearly full under a tenth of its room left, else has room', () => {
    expect(standing({ inHazardArea: true })).toBe('inside');
    expect(standing({ occupancy: 200, free: 0 })).toBe('full');
    expect(standing({ occupancy: 181, free: 19 })).toBe('nearly_full');
    expect(standing({ occupancy: 180, free: 20 })).toBe('room');
  });

  it('replaces one shelter of the list in place, or adds it when new', () => {
    const list = [shelter, { ...shelter, code: 'S2' }];
    expect(applyShelter(list, { ...shelter, occupancy: 5, free: 195 }).map((s) => [s.code, s.free])).toEqual([['S1', 195], ['S2', 200]]);
    expect(applyShelter(list, { ...shelter, code: 'S3' }).map((s) => s.code)).toEqual(['S1', 'S2', 'S3']);
  });
});
