// Splits a polygon into one part per site: Voronoi cells clipped to the polygon.
// A clipped cell can fall apart when the polygon is not convex; its stray pieces are merged into
// a neighbouring part so that every part stays a single Polygon and the parts still tile the whole.
import * as turf from '@turf/turf';
import type { Polygon, Position } from 'geojson';
import { SLIVER_KM2, areaKm2, containsPoint, intersectAreas, localFrame, parts, unionAreas } from './geo.ts';

const BBOX_MARGIN_KM = 1; // Voronoi extent beyond the polygon, so no cell is cut by the extent

/** One Polygon per site, in the order of `sites`. Sites must be distinct and inside the polygon. */
export function partitionPolygon(polygon: Polygon, sites: readonly Position[]): Polygon[] {
  if (sites.length === 0) throw new Error('partitionPolygon() needs at least one site.');
  const seen = new Set<string>();
  sites.forEach((site, i) => {
    const key = `${site[0]},${site[1]}`;
    if (seen.has(key)) throw new Error(`Site ${i} (${key}) is a duplicate: give every part its own site.`);
    seen.add(key);
    if (!containsPoint(polygon, site)) throw new Error(`Site ${i} (${key}) is not inside the polygon: sample sites inside it.`);
  });
  if (sites.length === 1) return [polygon];

  const cells = voronoiCells(polygon, sites);
  const result: Polygon[] = [];
  const strays: { from: number; piece: Polygon }[] = [];
  cells.forEach((cell, i) => {
    const clipped = intersectAreas(cell, polygon);
    const pieces = clipped ? parts(clipped).filter((p) => areaKm2(p) > SLIVER_KM2) : [];
    const site = sites[i] as Position;
    const own = pieces.find((p) => containsPoint(p, site)) ?? pieces[0];
    if (!own) throw new Error(`The Voronoi cell of site ${i} does not overlap the polygon.`);
    result.push(own);
    for (const piece of pieces) if (piece !== own) strays.push({ from: i, piece });
  });

  // A stray piece may border only other stray pieces: merge in passes until none is left.
  let pending = strays;
  while (pending.length > 0) {
    const left = pending.filter(({ from, piece }) => !mergeStray(result, from, piece));
    if (left.length === pending.length) {
      const { from, piece } = left[0] as (typeof left)[number];
      throw new Error(`A stray piece of part ${from} (${areaKm2(piece).toFixed(4)} km²) shares no edge with another part: try more sites or another seed.`);
    }
    pending = left;
  }
  return result;
}

function voronoiCells(polygon: Polygon, sites: readonly Position[]): Polygon[] {
  // Voronoi in a local metric frame, so that cells are fair in kilometres, not in degrees.
  const [minX, minY, maxX, maxY] = turf.bbox(polygon);
  const frame = localFrame([(minX + maxX) / 2, (minY + maxY) / 2]);
  const [x0, y0] = frame.toKm([minX, minY]);
  const [x1, y1] = frame.toKm([maxX, maxY]);
  const points = turf.featureCollection(sites.map((s) => turf.point(frame.toKm(s))));
  const bbox: [number, number, number, number] = [x0 - BBOX_MARGIN_KM, y0 - BBOX_MARGIN_KM, x1 + BBOX_MARGIN_KM, y1 + BBOX_MARGIN_KM];
  const voronoi = turf.voronoi(points, { bbox });
  return voronoi.features.map((feature, i) => {
    if (!feature?.geometry) throw new Error(`No Voronoi cell for site ${i}: are two sites too close together?`);
    return { type: 'Polygon', coordinates: feature.geometry.coordinates.map((ring) => ring.map((p) => frame.toLonLat([p[0] ?? 0, p[1] ?? 0]))) };
  });
}

/** Merges a stray piece into the part it shares the longest border with; false if it shares an edge with none. */
function mergeStray(result: Polygon[], from: number, piece: Polygon): boolean {
  const pieceBox = turf.bboxPolygon(turf.bbox(piece));
  let best: { j: number; merged: Polygon; border: number } | undefined;
  for (const [j, part] of result.entries()) {
    if (j === from || !turf.booleanIntersects(pieceBox, turf.bboxPolygon(turf.bbox(part)))) continue;
    if (!turf.booleanIntersects(part, piece)) continue;
    const union = unionAreas(part, piece);
    const kept = union ? parts(union).filter((p) => areaKm2(p) > SLIVER_KM2) : [];
    if (kept.length !== 1 || !kept[0]) continue; // touches at a point only
    // Merging removes the shared border from both outlines.
    const border = (perimeterKm(part) + perimeterKm(piece) - perimeterKm(kept[0])) / 2;
    if (!best || border > best.border) best = { j, merged: kept[0], border };
  }
  if (!best) return false;
  const { j, merged } = best;
  result[j] = merged;
  return true;
}

function perimeterKm(polygon: Polygon): number {
  return polygon.coordinates.reduce((sum, ring) => sum + turf.length(turf.lineString(ring), { units: 'kilometers' }), 0);
}
