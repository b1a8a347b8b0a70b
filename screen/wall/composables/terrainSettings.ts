// Where the wall's relief comes from, and how much it is exaggerated, as its link says:
//   ?terrain=hub (default)  the township's elevation grid from the hub (GET /api/v1/terrain)
//   ?terrain=none           a smooth ellipsoid, no relief
//   ?terrain=<url>          a quantized-mesh tileset (CesiumTerrainProvider), e.g. a real DEM served
//                           in the room: ?terrain=/terrain-tiles/ (any host the wall may reach)
//   ?exaggeration=2         vertical exaggeration (1 = true scale; up to MAX_EXAGGERATION)
export type TerrainSource = { kind: 'hub' } | { kind: 'none' } | { kind: 'tiles'; url: string };

export interface TerrainSettings {
  source: TerrainSource;
  exaggeration: number;
}

export const TERRAIN_SETTING_DEFAULTS = {
  // The township's relief is a few hundred metres across 15 km: twice its height reads on an oblique wall.
  exaggeration: 2,
  maxExaggeration: 10,
};

const NO_RELIEF = new Set(['none', 'off', 'flat', 'ellipsoid']);

/** The settings in a query string (window.location.search); what is missing or wrong takes the default. */
export function terrainSettingsFrom(search: string): TerrainSettings {
  const params = new URLSearchParams(search);
  const terrain = params.get('terrain')?.trim() ?? '';
  const source: TerrainSource = terrain === '' || terrain === 'hub' ? { kind: 'hub' } : NO_RELIEF.has(terrain) ? { kind: 'none' } : { kind: 'tiles', url: terrain };
  const asked = Number(params.get('exaggeration') ?? NaN);
  const exaggeration = asked > 0 && asked <= TERRAIN_SETTING_DEFAULTS.maxExaggeration ? asked : TERRAIN_SETTING_DEFAULTS.exaggeration;
  return { source, exaggeration };
}
