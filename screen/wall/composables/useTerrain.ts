// The map's relief, once the viewer exists: the hub's elevation grid (default), a quantized-mesh
// tileset named in the wall's link, or none (terrainSettings.ts), with its vertical exaggeration. A
// grid that failed to load (hub not up yet) is fetched again when `retry` changes. The hub's grid also
// shades the base map (hillshade.ts): the globe is unlit. It sets where the layers stand
// (terrainSurface.ts). Cleaned up with the viewer or the caller's scope: the globe goes back to the
// smooth ellipsoid, the shading is removed, the layers go back to their heights above it.
import { CesiumTerrainProvider, EllipsoidTerrainProvider, ImageryLayer, Rectangle, SingleTileImageryProvider, type TerrainProvider, type Viewer } from 'cesium';
import type { ShallowRef, WatchSource } from 'vue';
import { API_PREFIX } from '../../../contract/api.ts';
import type { ElevationHeader } from '../../../contract/gis.ts';
import { decodeHeights, Heightmap } from '../../../contract/heightmap.ts';
import { HubError, requestJson } from '../../shared/hubApi.ts';
import { authHeaders, displayToken } from './displayToken.ts';
import { gridTerrainProvider } from './gridTerrain.ts';
import { hillshadeDataUrl } from './hillshadeImage.ts';
import { fadedHeightAt } from './terrainSampling.ts';
import { terrainSettingsFrom, type TerrainSettings } from './terrainSettings.ts';
import { CLAMPED_SURFACE, FLAT_SURFACE, gridSurface, terrainSurface, type Surface } from './terrainSurface.ts';
import { useViewerLoad } from './useViewerLoad.ts';
import { setLayerCount } from './wallHooks.ts';

const TERRAIN_ROUTE = '/terrain';
const HEIGHTS_ROUTE = '/terrain/heights';

export function useTerrain(viewer: ShallowRef<Viewer | null>, retry?: WatchSource, settings: TerrainSettings = terrainSettingsFrom(window.location.search)) {
  return useViewerLoad(viewer, 'terrain', (v) => {
    let shading: ImageryLayer | null = null;
    return {
      fetch: (signal) => reliefFor(settings, signal),
      show({ provider, shade, surface }: Relief) {
        if (shading) v.imageryLayers.remove(shading, true);
        v.scene.verticalExaggeration = provider instanceof EllipsoidTerrainProvider ? 1 : settings.exaggeration;
        v.terrainProvider = provider;
        if (shade) v.imageryLayers.add((shading = shade));
        terrainSurface.value = surface;
        setLayerCount('terrain', settings.source.kind === 'none' ? 0 : 1);
      },
      dispose() {
        setLayerCount('terrain', undefined);
        terrainSurface.value = FLAT_SURFACE;
        if (v.isDestroyed()) return;
        if (shading) v.imageryLayers.remove(shading, true);
        v.terrainProvider = new EllipsoidTerrainProvider();
        v.scene.verticalExaggeration = 1;
      },
    };
  }, { retry });
}

interface Relief {
  provider: TerrainProvider;
  /** The grid's hillshade over the base map, when the relief is the hub's grid. */
  shade: ImageryLayer | null;
  /** Where the layers put their primitives on it. */
  surface: Surface;
}

async function reliefFor(settings: TerrainSettings, signal: AbortSignal): Promise<Relief> {
  switch (settings.source.kind) {
    case 'none':
      return { provider: new EllipsoidTerrainProvider(), shade: null, surface: FLAT_SURFACE };
    case 'tiles':
      return { provider: await CesiumTerrainProvider.fromUrl(settings.source.url), shade: null, surface: CLAMPED_SURFACE };
    case 'hub': {
      const grid = await fetchGrid(signal);
      const { west, south, east, north } = grid.header;
      const image = await SingleTileImageryProvider.fromUrl(hillshadeDataUrl(grid, settings.exaggeration), { rectangle: Rectangle.fromDegrees(west, south, east, north) });
      const heightAt = fadedHeightAt(grid);
      return { provider: gridTerrainProvider(grid, heightAt), shade: new ImageryLayer(image), surface: gridSurface(grid, settings.exaggeration, heightAt) };
    }
  }
}

/** The hub's grid: its header, then its heights (cached by the browser with their ETag). */
async function fetchGrid(signal: AbortSignal): Promise<Heightmap> {
  const header = await requestJson<ElevationHeader>(TERRAIN_ROUTE, { signal, token: displayToken });
  const path = API_PREFIX + HEIGHTS_ROUTE;
  const response = await fetch(path, { signal, headers: { accept: 'application/octet-stream', ...authHeaders() } });
  if (!response.ok) throw new HubError('GET', path, response.status, null);
  return new Heightmap(header, decodeHeights(header, new Uint8Array(await response.arrayBuffer())));
}
