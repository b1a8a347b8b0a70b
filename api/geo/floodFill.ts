// The land a river at a given water level floods: a "bathtub" fill of the elevation grid.
//
// Every cell whose height is below the water level and that is connected to the river near the gauge
// (the lowest cell within seedRadiusM of it) through other such cells counts as flooded. Cells are connected through their four edge
// neighbours, not across corners: a line of higher cells drawn diagonally (an embankment, a road on a
// dam) then holds the water as it would, where 8-connectivity would let it leak through the gaps
// between the cells' corners; and flooded cells never touch at a corner only, so the polygon's rings
// stay simple.
//
// What the model is NOT (say so wherever its figures are shown): no hydraulics (the water surface is
// flat, at the level given, however far from the gauge: downstream, where the plain is lower, it
// reaches further than a real, sloping flood surface would); no flow time (the whole area is flooded at
// once, a real flood takes hours to spread); no levees, culverts, pumps or drainage unless the grid
// holds them as heights; and the demo's grid is schematic (示意). A rising level floods a superset of
// the area of a lower one, a falling level a subset.
//
// The flooded cells are returned as a GeoJSON MultiPolygon along the cells' edges (exterior rings
// counter-clockwise, holes clockwise, RFC 7946), with collinear vertices dropped: the outline is the
// cells' exactly, so no two edges cross.
import type { MultiPolygon, Position } from 'geojson';
import type { ElevationGrid } from './elevation.ts';
import { METRES_PER_DEGREE } from './elevation.ts';
import { flattenShape, shapeContains } from './pointInShape.ts';

export const FLOOD_DEFAULTS = {
  seedRadiusM: 300, // the fill starts from the lowest cell within this distance of the seed (a gauge: the river bed)
};

export interface FloodOptions {
  /** Water surface elevation in metres, on the grid's datum (a gauge: datumM + reading). */
  waterLevelM: number;
  /** [lon, lat] of the gauge (or any point on the river). */
  seed: readonly [number, number];
  seedRadiusM?: number;
}

export interface FloodResult {
  geometry: MultiPolygon;
  areaM2: number;
  /** Flooded cells. */
  cells: number;
  /** Index of the cell the fill started from (the lowest near the seed), or null when it is not below the level. */
  seedCell: number | null;
  /** 1 for each flooded cell, row-major like the grid's heights. */
  mask: Uint8Array;
}

// Directions of a boundary edge, as bits of the per-vertex set of outgoing edges.
const EAST = 1;
const SOUTH = 2;
const WEST = 4;
const NORTH = 8;
/** Turning left from a heading (north is up): the turn that keeps a flooded cell on the left. */
const LEFT_OF: Record<number, number> = { [EAST]: NORTH, [NORTH]: WEST, [WEST]: SOUTH, [SOUTH]: EAST };
const COORD_SCALE = 1e7; // vertex coordinates rounded to 1e-7° (1 cm), so shared vertices are equal

export function floodArea(grid: ElevationGrid, options: FloodOptions): FloodResult {
  const mask = new Uint8Array(grid.cellCount);
  const seedCell = findSeed(grid, options);
  if (seedCell === null) return { geometry: { type: 'MultiPolygon', coordinates: [] }, areaM2: 0, cells: 0, seedCell, mask };
  const flooded = fill(grid, mask, seedCell, options.waterLevelM);
  let areaM2 = 0;
  for (let i = 0; i < flooded.length; i++) areaM2 += grid.cellAreaM2(Math.floor(flooded[i]! / grid.cols));
  return { geometry: outline(grid, mask, flooded), areaM2, cells: flooded.length, seedCell, mask };
}

/**
 * The lowest cell within seedRadiusM of the seed (ties: the nearer, then the lower index), when it lies
 * below the level. Near a gauge that is the river's bed: the fill starts in the river. The cell does
 * not depend on the level, so a higher level fills a superset from the same start.
 */
function findSeed(grid: ElevationGrid, { waterLevelM, seed: [lon, lat], seedRadiusM = FLOOD_DEFAULTS.seedRadiusM }: FloodOptions): number | null {
  const mLon = grid.metresPerDegreeLon;
  const mLat = METRES_PER_DEGREE;
  const colSpan = Math.ceil(seedRadiusM / (grid.cellLon * mLon)) + 1;
  const rowSpan = Math.ceil(seedRadiusM / (grid.cellLat * mLat)) + 1;
  const col0 = Math.floor((lon - grid.header.west) / grid.cellLon);
  const row0 = Math.floor((grid.header.north - lat) / grid.cellLat);
  let best = -1;
  let bestHeight = Infinity;
  let bestDistance = Infinity;
  for (let row = Math.max(0, row0 - rowSpan); row <= Math.min(grid.rows - 1, row0 + rowSpan); row++) {
    for (let col = Math.max(0, col0 - colSpan); col <= Math.min(grid.cols - 1, col0 + colSpan); col++) {
      const index = row * grid.cols + col;
      const [x, y] = grid.cellCentre(index);
      const distance = Math.hypot((x - lon) * mLon, (y - lat) * mLat);
      if (distance > seedRadiusM) continue;
      const height = grid.heights[index]!;
      if (height < bestHeight || (height === bestHeight && distance < bestDistance)) [best, bestHeight, bestDistance] = [index, height, distance];
    }
  }
  return best >= 0 && bestHeight < waterLevelM ? best : null;
}

/** Breadth-first fill over edge neighbours below the level; marks `mask` and answers the cells in fill order. */
function fill(grid: ElevationGrid, mask: Uint8Array, seed: number, level: number): Int32Array {
  const { cols, rows, heights } = grid;
  const queue = new Int32Array(grid.cellCount);
  let head = 0;
  let tail = 0;
  mask[seed] = 1;
  queue[tail++] = seed;
  const visit = (index: number) => {
    if (mask[index] === 0 && heights[index]! < level) {
      mask[index] = 1;
      queue[tail++] = index;
    }
  };
  while (head < tail) {
    const index = queue[head++]!;
    const col = index % cols;
    if (col > 0) visit(index - 1);
    if (col < cols - 1) visit(index + 1);
    if (index >= cols) visit(index - cols);
    if (index < (rows - 1) * cols) visit(index + cols);
  }
  return queue.subarray(0, tail);
}

/**
 * The flooded cells' outline. Each boundary edge is directed with its flooded cell on the left; the
 * edges are joined into rings turning left where two rings meet at a corner, which keeps cells that
 * touch only at a corner apart (4-connectivity). A ring that comes back to a vertex it passed is cut
 * there into two, so every ring is simple; counter-clockwise rings are exteriors, the others holes.
 */
function outline(grid: ElevationGrid, mask: Uint8Array, flooded: Int32Array): MultiPolygon {
  const { cols, rows } = grid;
  const stride = cols + 1; // vertices per row of vertices
  const outgoing = new Uint8Array(stride * (rows + 1));
  const starts: number[] = [];
  const add = (vertex: number, direction: number) => {
    outgoing[vertex]! |= direction;
    starts.push(vertex);
  };
  for (let i = 0; i < flooded.length; i++) {
    const index = flooded[i]!;
    const col = index % cols;
    const row = (index - col) / cols;
    const topLeft = row * stride + col;
    if (row === 0 || mask[index - cols] === 0) add(topLeft + 1, WEST);
    if (row === rows - 1 || mask[index + cols] === 0) add(topLeft + stride, EAST);
    if (col === 0 || mask[index - 1] === 0) add(topLeft, SOUTH);
    if (col === cols - 1 || mask[index + 1] === 0) add(topLeft + stride + 1, NORTH);
  }

  const step = (vertex: number, direction: number) =>
    direction === EAST ? vertex + 1 : direction === WEST ? vertex - 1 : direction === SOUTH ? vertex + stride : vertex - stride;
  const used = new Uint8Array(outgoing.length); // the directions already walked, per vertex
  const loops: number[][] = [];
  for (const start of starts) {
    for (const first of [EAST, SOUTH, WEST, NORTH]) {
      if ((outgoing[start]! & first) === 0 || (used[start]! & first) !== 0) continue;
      const ring: number[] = [];
      let vertex = start;
      let direction = first;
      do {
        used[vertex]! |= direction;
        ring.push(vertex);
        vertex = step(vertex, direction);
        const choices = outgoing[vertex]!;
        direction = choices === EAST || choices === SOUTH || choices === WEST || choices === NORTH ? choices : LEFT_OF[direction]!;
      } while (vertex !== start || direction !== first);
      loops.push(...simpleLoops(ring));
    }
  }

  const toPosition = (vertex: number): Position => {
    const col = vertex % stride;
    return [Math.round(grid.vertexLon(col) * COORD_SCALE) / COORD_SCALE, Math.round(grid.vertexLat((vertex - col) / stride) * COORD_SCALE) / COORD_SCALE];
  };
  const exteriors: { ring: Position[]; area: number; holes: Position[][] }[] = [];
  const holes: Position[][] = [];
  for (const loop of loops) {
    const ring = corners(loop).map(toPosition);
    ring.push(ring[0]!);
    const area = signedArea(ring);
    if (area > 0) exteriors.push({ ring, area, holes: [] });
    else holes.push(ring);
  }
  for (const hole of holes) ownerOf(hole, exteriors).holes.push(hole);
  return { type: 'MultiPolygon', coordinates: exteriors.map((e) => [e.ring, ...e.holes]) };
}

/** Cuts a closed walk at every vertex it visits twice: a list of loops that each visit a vertex once. */
function simpleLoops(walk: number[]): number[][] {
  const loops: number[][] = [];
  const stack: number[] = [];
  const at = new Map<number, number>();
  for (const vertex of walk) {
    const seen = at.get(vertex);
    if (seen !== undefined) {
      const loop = stack.splice(seen);
      for (const v of loop) at.delete(v);
      loops.push(loop);
    }
    at.set(vertex, stack.length);
    stack.push(vertex);
  }
  loops.push(stack);
  return loops;
}

/** The vertices of a loop where it turns: the straight runs of cell edges become single edges. */
function corners(loop: number[]): number[] {
  const n = loop.length;
  return loop.filter((vertex, i) => {
    const before = loop[(i + n - 1) % n]!;
    const after = loop[(i + 1) % n]!;
    return vertex - before !== after - vertex;
  });
}

/** Twice the signed area of a closed ring (shoelace): positive when counter-clockwise. */
function signedArea(ring: Position[]): number {
  let sum = 0;
  for (let i = 1; i < ring.length; i++) sum += (ring[i - 1]![0]! * ring[i]![1]!) - (ring[i]![0]! * ring[i - 1]![1]!);
  return sum;
}

/** The smallest exterior ring holding the hole (tested at the middle of the hole's first edge, which no other ring has). */
function ownerOf(hole: Position[], exteriors: { ring: Position[]; area: number; holes: Position[][] }[]) {
  if (exteriors.length === 1) return exteriors[0]!;
  const [a, b] = [hole[0]!, hole[1]!];
  const [x, y] = [(a[0]! + b[0]!) / 2, (a[1]! + b[1]!) / 2];
  let owner: (typeof exteriors)[number] | undefined;
  for (const exterior of exteriors) {
    if ((!owner || exterior.area < owner.area) && shapeContains(flattenShape({ type: 'Polygon', coordinates: [exterior.ring] }), x, y)) owner = exterior;
  }
  if (!owner) throw new Error('A hole of the flood outline lies in no exterior ring: the outline tracing is broken.');
  return owner;
}
