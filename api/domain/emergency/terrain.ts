// The township's elevation grid and river gauges as the hub holds them: read once from the terrain
// row the loader stored (the grid never changes while the hub runs).
import type { GaugeDatum } from '../../../contract/gis.ts';
import type { Queryable } from '../../db/index.ts';
import { ElevationGrid } from '../../geo/elevation.ts';

export interface Terrain { grid: ElevationGrid; gauges: GaugeDatum[] }

export async function loadTerrain(q: Queryable, townshipCode: string): Promise<Terrain | null> {
  const [row] = await q.query<{ header: ConstructorParameters<typeof ElevationGrid>[0] & { gauges?: GaugeDatum[] }; heights: Uint8Array }>(
    'SELECT header, heights FROM terrain WHERE township_code = $1', [townshipCode]);
  if (!row) return null;
  return { grid: ElevationGrid.from({ header: row.header, heights: row.heights }), gauges: row.header.gauges ?? [] };
}
