// The township's elevation grid as Cesium terrain: a CustomHeightmapTerrainProvider whose tiles are
// sampled from the grid (terrainSampling.ts), in Cesium's geographic tiling.
import { CustomHeightmapTerrainProvider, GeographicTilingScheme, Math as CesiumMath } from 'cesium';
import type { Heightmap } from '../../../contract/heightmap.ts';
import { fadedHeightAt, GRID_TERRAIN_DEFAULTS, tileHeights } from './terrainSampling.ts';

/** `heightAt` defaults to the grid eased beyond its edges (terrainSampling.ts); pass the same sampler the layers use. */
export function gridTerrainProvider(map: Heightmap, heightAt = fadedHeightAt(map), samples = GRID_TERRAIN_DEFAULTS.tileSamples): CustomHeightmapTerrainProvider {
  const tilingScheme = new GeographicTilingScheme();
  return new CustomHeightmapTerrainProvider({
    width: samples,
    height: samples,
    tilingScheme,
    credit: '示意地形 schematic terrain',
    callback: (x, y, level) => {
      const r = tilingScheme.tileXYToRectangle(x, y, level);
      const degrees = [r.west, r.south, r.east, r.north].map(CesiumMath.toDegrees) as [number, number, number, number];
      return tileHeights(heightAt, degrees, samples);
    },
  });
}
