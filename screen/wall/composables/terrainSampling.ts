// Heights for terrain tiles, sampled from the elevation grid (contract/heightmap.ts, bilinear). Outside
// the grid the land eases from the grid's edge down to its lowest edge height over a few kilometres, so
// the schematic township does not end in a cliff. No Cesium here: gridTerrain.ts hands these to it.
import type { Heightmap } from '../../../contract/heightmap.ts';

export const GRID_TERRAIN_DEFAULTS = {
  tileSamples: 65, // heights per tile side: fewer, larger tiles than 32 (half the time to a settled map in software WebGL)
  fadeDegrees: 0.03, // beyond the grid, the edge's height eases to the base over about 3 km
};

/** Height (m) at any point: the grid inside it; outside, the nearest edge height easing to the lowest one. */
export function fadedHeightAt(map: Heightmap, fadeDegrees = GRID_TERRAIN_DEFAULTS.fadeDegrees): (lon: number, lat: number) => number {
  const { west, south, east, north } = map.header;
  const base = lowestEdgeHeight(map);
  return (lon, lat) => {
    const edge = map.heightAt(lon, lat); // held at the nearest edge outside the grid
    const dx = lon < west ? west - lon : lon > east ? lon - east : 0;
    const dy = lat < south ? south - lat : lat > north ? lat - north : 0;
    if (dx === 0 && dy === 0) return edge;
    const t = Math.min(1, Math.hypot(dx, dy) / fadeDegrees);
    const ease = t * t * (3 - 2 * t);
    return edge + (base - edge) * ease;
  };
}

/** The heights of one tile, row-major from its north-west sample; samples on the tile's edges (shared with its neighbours). */
export function tileHeights(heightAt: (lon: number, lat: number) => number, [west, south, east, north]: readonly [number, number, number, number], samples: number): Float32Array {
  const heights = new Float32Array(samples * samples);
  for (let row = 0; row < samples; row++) {
    const lat = north - ((north - south) * row) / (samples - 1);
    for (let col = 0; col < samples; col++) heights[row * samples + col] = heightAt(west + ((east - west) * col) / (samples - 1), lat);
  }
  return heights;
}

function lowestEdgeHeight(map: Heightmap): number {
  let lowest = Infinity;
  const { cols, rows, heights } = map;
  for (let col = 0; col < cols; col++) lowest = Math.min(lowest, heights[col]!, heights[(rows - 1) * cols + col]!);
  for (let row = 0; row < rows; row++) lowest = Math.min(lowest, heights[row * cols]!, heights[row * cols + cols - 1]!);
  return lowest;
}
