// A hazard area drawn by hand on the console map (手绘): vertices placed by clicks, the ring closed,
// then edited (a vertex dragged, a click on the map inserting one into the nearest edge, a selected
// one removed), or started from the current area's outer ring. Pure functions on immutable states,
// each step undoable; useHazardForm.ts holds the state, the tests call these directly. The client
// checks what is cheap (three distinct vertices, crossings); the hub stays the judge.
import { area as areaM2Of, kinks, lineString, polygon, simplify } from '@turf/turf';
import type { Geometry } from '../../shared/geojson.ts';

export type LonLat = readonly [number, number];
export type AreaGeometry = Extract<Geometry, { type: 'Polygon' | 'MultiPolygon' }>;

export interface Ring {
  vertices: readonly LonLat[];
  /** Closed: a click on the map inserts a vertex into the nearest edge instead of adding one at the end. */
  closed: boolean;
}

export interface DrawingState {
  ring: Ring;
  /** The vertex a click selected (to remove it), or null. */
  selected: number | null;
  /** Rings before each step, newest last: what undo goes back to. */
  past: readonly Ring[];
  /** The vertex being dragged: the steps of one drag are one undo step. */
  dragging: number | null;
}

/** Decimals kept (about 0.1 m): finer than a click can place, and what the hub is sent. */
export const COORDINATE_DIGITS = 6;
/** A polygon needs this many distinct vertices. */
export const MIN_VERTICES = 3;
/** A ring taken from the current area is simplified to at most this many vertices, so each can be dragged. */
export const EDITABLE_VERTICES_MAX = 120;
/** Undo steps kept. */
const HISTORY_MAX = 200;
/** Simplification starts at about a metre (degrees) and doubles until the ring is small enough. */
const SIMPLIFY_START_DEG = 1e-5;

export const EMPTY_DRAWING: DrawingState = { ring: { vertices: [], closed: false }, selected: null, past: [], dragging: null };

export const roundPosition = (lon: number, lat: number): LonLat => [round(lon), round(lat)];

/** A click on the map: a vertex at the end of an open ring, or into the nearest edge of a closed one. */
export function place(state: DrawingState, lon: number, lat: number): DrawingState {
  const at = roundPosition(lon, lat);
  const { vertices, closed } = state.ring;
  if (vertices.some((v) => same(v, at))) return state;
  if (!closed || vertices.length < 2) return step(state, { vertices: [...vertices, at], closed }, null);
  const edge = nearestEdge(vertices, at);
  return step(state, { vertices: [...vertices.slice(0, edge + 1), at, ...vertices.slice(edge + 1)], closed }, edge + 1);
}

/** A click on a vertex: on the first one of an open ring that can close, closes it; otherwise selects it (again: unselects). */
export function clickVertex(state: DrawingState, index: number): DrawingState {
  if (index < 0 || index >= state.ring.vertices.length) return state;
  if (index === 0 && !state.ring.closed && canClose(state.ring)) return close(state);
  return { ...state, selected: state.selected === index ? null : index };
}

export function close(state: DrawingState): DrawingState {
  if (state.ring.closed || !canClose(state.ring)) return state;
  return step(state, { vertices: state.ring.vertices, closed: true }, state.selected);
}

/** Moves a vertex; the moves of one drag (until `done`) are undone together. */
export function moveVertex(state: DrawingState, index: number, lon: number, lat: number, done: boolean): DrawingState {
  const { vertices, closed } = state.ring;
  if (index < 0 || index >= vertices.length) return state;
  const to = roundPosition(lon, lat);
  const continuing = state.dragging === index;
  // A handle pressed and let go where it was: a click, not a move.
  if (!continuing && same(vertices[index]!, to)) return state;
  const moved = { vertices: vertices.map((v, i) => (i === index ? to : v)), closed };
  const next = continuing ? { ...state, ring: moved } : step(state, moved, index);
  return { ...next, selected: index, dragging: done ? null : index };
}

/** Removes a vertex (the selected one by default); a closed ring left with too few opens again. */
export function removeVertex(state: DrawingState, index = state.selected ?? -1): DrawingState {
  const { vertices } = state.ring;
  if (index < 0 || index >= vertices.length) return state;
  const rest = vertices.filter((_, i) => i !== index);
  return step(state, { vertices: rest, closed: state.ring.closed && distinctCount(rest) >= MIN_VERTICES }, null);
}

/** Back to the ring before the last step (a vertex placed, the close, a drag, a removal, a clear, a start). */
export function undo(state: DrawingState): DrawingState {
  const previous = state.past[state.past.length - 1];
  if (!previous) return state;
  return { ring: previous, selected: null, past: state.past.slice(0, -1), dragging: null };
}

export function clear(state: DrawingState): DrawingState {
  return state.ring.vertices.length === 0 ? state : step(state, EMPTY_DRAWING.ring, null);
}

/** Starts from an area: the outer ring of its largest polygon (holes left out), closed, simplified to be editable. */
export function startFrom(state: DrawingState, geometry: AreaGeometry): DrawingState {
  const vertices = editableRing(geometry);
  return vertices.length >= MIN_VERTICES ? step(state, { vertices, closed: true }, null) : state;
}

/** The outer ring of an area's largest polygon without its closing position, at most `max` vertices. */
export function editableRing(geometry: AreaGeometry, max = EDITABLE_VERTICES_MAX): LonLat[] {
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  let largest: number[][] | undefined;
  let largestM2 = -1;
  for (const rings of polygons) {
    const outer = rings[0];
    if (!outer || outer.length < MIN_VERTICES + 1) continue;
    const m2 = areaM2Of(polygon([outer]));
    if (m2 > largestM2) [largest, largestM2] = [outer, m2];
  }
  if (!largest) return [];
  let ring = largest;
  for (let tolerance = SIMPLIFY_START_DEG; ring.length - 1 > max; tolerance *= 2) {
    ring = simplify(polygon([largest]), { tolerance, highQuality: true }).geometry.coordinates[0]!;
  }
  return withoutRepeats(ring.slice(0, -1).map(([lon = NaN, lat = NaN]) => roundPosition(lon, lat)));
}

export function distinctCount(vertices: readonly LonLat[]): number {
  return new Set(vertices.map(([lon, lat]) => `${lon},${lat}`)).size;
}

const canClose = (ring: Ring) => distinctCount(ring.vertices) >= MIN_VERTICES;

/**
 * The ring as the GeoJSON Polygon sent to the hub: closed (first position repeated last), repeats
 * dropped, counter-clockwise (RFC 7946). Null below three distinct vertices. An open ring is closed.
 */
export function ringGeometry(ring: Ring): { type: 'Polygon'; coordinates: [number, number][][] } | null {
  const vertices = withoutRepeats(ring.vertices);
  if (distinctCount(vertices) < MIN_VERTICES) return null;
  const ordered = signedArea(vertices) < 0 ? [...vertices].reverse() : vertices;
  const positions = ordered.map(([lon, lat]): [number, number] => [lon, lat]);
  return { type: 'Polygon', coordinates: [[...positions, positions[0]!]] };
}

/** Where the ring crosses itself (the closing edge included once it can close); empty when it does not. */
export function selfIntersections(ring: Ring): LonLat[] {
  const vertices = withoutRepeats(ring.vertices);
  if (vertices.length < 3) return [];
  const geometry = ringGeometry(ring);
  const found = geometry ? kinks(polygon(geometry.coordinates)) : kinks(lineString(vertices.map(([lon, lat]) => [lon, lat])));
  const points = found.features.map((f) => roundPosition(f.geometry.coordinates[0] ?? NaN, f.geometry.coordinates[1] ?? NaN));
  return points.filter((p, i) => points.findIndex((q) => same(p, q)) === i);
}

/** What stops the drawing from being sent (too few vertices), or warns about it (crossings; the hub refuses those). */
export function drawingIssue(ring: Ring): 'too_few' | 'crossing' | null {
  if (distinctCount(ring.vertices) < MIN_VERTICES) return 'too_few';
  return selfIntersections(ring).length > 0 ? 'crossing' : null;
}

function step(state: DrawingState, ring: Ring, selected: number | null): DrawingState {
  return { ring, selected, past: [...state.past, state.ring].slice(-HISTORY_MAX), dragging: null };
}

function round(value: number): number {
  const factor = 10 ** COORDINATE_DIGITS;
  return Math.round(value * factor) / factor;
}

const same = (a: LonLat, b: LonLat) => a[0] === b[0] && a[1] === b[1];

/** Consecutive repeats (and a last vertex repeating the first) dropped. */
function withoutRepeats(vertices: readonly LonLat[]): LonLat[] {
  const kept = vertices.filter((v, i) => i === 0 || !same(v, vertices[i - 1]!));
  while (kept.length > 1 && same(kept[0]!, kept[kept.length - 1]!)) kept.pop();
  return kept;
}

/** Shoelace area in degrees² (positive: counter-clockwise); only its sign is used. */
function signedArea(vertices: readonly LonLat[]): number {
  let sum = 0;
  vertices.forEach(([x1, y1], i) => {
    const [x2, y2] = vertices[(i + 1) % vertices.length]!;
    sum += x1 * y2 - x2 * y1;
  });
  return sum / 2;
}

/** The edge (index of its first vertex; the last is the closing edge) nearest to a point, on a local flat projection. */
function nearestEdge(vertices: readonly LonLat[], at: LonLat): number {
  const scale = Math.cos((at[1] * Math.PI) / 180);
  const flat = ([lon, lat]: LonLat): [number, number] => [lon * scale, lat];
  const p = flat(at);
  let best = 0;
  let bestD = Infinity;
  vertices.forEach((v, i) => {
    const d = segmentDistance2(p, flat(v), flat(vertices[(i + 1) % vertices.length]!));
    if (d < bestD) [best, bestD] = [i, d];
  });
  return best;
}

function segmentDistance2([px, py]: [number, number], [ax, ay]: [number, number], [bx, by]: [number, number]): number {
  const [dx, dy] = [bx - ax, by - ay];
  const length2 = dx * dx + dy * dy;
  const t = length2 === 0 ? 0 : Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / length2));
  const [cx, cy] = [ax + t * dx - px, ay + t * dy - py];
  return cx * cx + cy * cy;
}
