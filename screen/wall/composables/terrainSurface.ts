// Where on the relief the map's own primitives go (lines, dots, names, event marks), as the terrain
// composable last set it. Cesium can clamp them to whatever terrain it shows (ground polylines,
// heightReference), but on a software-rendered wall that doubles the time to a settled map; so with
// the hub's grid the heights are sampled from it here (exaggerated as the globe is), and only a
// tileset from elsewhere (?terrain=<url>) falls back to Cesium's clamping. Shared state of the map:
// one module-level ref, set by useTerrain.ts, watched by the layers.
import { shallowRef } from 'vue';
import type { Heightmap } from '../../../contract/heightmap.ts';
import type { Position } from '../../shared/geojson.ts';

export interface Surface {
  /** Height above the ellipsoid (m) of a point `aboveM` over the ground here; null when Cesium must clamp it (heightReference, ground polylines). */
  heightAt(lon: number, lat: number, aboveM: number): number | null;
  /** Longest step (degrees) between the vertices of a line that follows this surface; Infinity for a flat one. */
  stepDegrees: number;
}

/** The smooth ellipsoid: everything at its own height above it. */
export const FLAT_SURFACE: Surface = { heightAt: (_lon, _lat, aboveM) => aboveM, stepDegrees: Infinity };
/** Terrain Cesium knows and we do not (a tileset): clamp to it. */
export const CLAMPED_SURFACE: Surface = { heightAt: () => null, stepDegrees: Infinity };

/** The hub's grid, as the globe shows it: heights × the exaggeration; lines follow it every other cell. */
export function gridSurface(map: Heightmap, exaggeration: number, heightAt: (lon: number, lat: number) => number): Surface {
  return { heightAt: (lon, lat, aboveM) => heightAt(lon, lat) * exaggeration + aboveM, stepDegrees: 2 * Math.min(map.cellLon, map.cellLat) };
}

export const terrainSurface = shallowRef<Surface>(FLAT_SURFACE);

/** The line with vertices added so that no step is longer than `stepDegrees` (to follow the relief). */
export function densify(line: readonly Position[], stepDegrees: number): Position[] {
  if (!Number.isFinite(stepDegrees) || line.length < 2) return [...line];
  const out: Position[] = [line[0]!];
  for (let i = 1; i < line.length; i++) {
    const [x0 = 0, y0 = 0] = line[i - 1]!;
    const [x1 = 0, y1 = 0] = line[i]!;
    const steps = Math.max(1, Math.ceil(Math.hypot(x1 - x0, y1 - y0) / stepDegrees - 1e-9)); // a hair under a whole step is one step
    for (let s = 1; s <= steps; s++) out.push([x0 + ((x1 - x0) * s) / steps, y0 + ((y1 - y0) * s) / steps]);
  }
  return out;
}
