// GeoJSON layers for the map, built once from the database. Reference data changes rarely, so the
// serialized layers are cached with an ETag and rebuilt on reload().
import { createHash } from 'node:crypto';
import type { LayerName } from '../../contract/api.ts';
import type { Queryable } from '../db/index.ts';

export interface CachedLayer { body: string; etag: string }

const feature = (geometry: unknown, properties: Record<string, unknown>) => ({ type: 'Feature', geometry, properties });
const point = (lon: number, lat: number) => ({ type: 'Point', coordinates: [lon, lat] });

const BUILDERS: Record<LayerName, (q: Queryable, township: string) => Promise<unknown>> = {
  async county(q, township) {
    const [row] = await q.query<{ geojson: unknown }>(`SELECT geojson FROM map_layers WHERE township_code = $1 AND name = 'county'`, [township]);
    return row?.geojson ?? { type: 'FeatureCollection', features: [] };
  },
  async river(q, township) {
    const [row] = await q.query<{ geojson: unknown }>(`SELECT geojson FROM map_layers WHERE township_code = $1 AND name = 'river'`, [township]);
    return row?.geojson ?? { type: 'FeatureCollection', features: [] };
  },
  async township(q, township) {
    const rows = await q.query<{ code: string; name: string; geometry: unknown; schematic: boolean }>(
      'SELECT code, name, geometry, schematic FROM townships WHERE code = $1', [township]);
    return collection(rows.map((r) => feature(r.geometry, { code: r.code, name: r.name, schematic: r.schematic })));
  },
  async villages(q, township) {
    const rows = await q.query<{ code: string; name: string; kind: string; geometry: unknown; schematic: boolean }>(
      'SELECT code, name, kind, geometry, schematic FROM villages WHERE township_code = $1 ORDER BY code', [township]);
    return collection(rows.map((r) => feature(r.geometry, { code: r.code, name: r.name, kind: r.kind, schematic: r.schematic })));
  },
  async grids(q, township) {
    const rows = await q.query<{ code: string; name: string; village_code: string; population: number; geometry: unknown; schematic: boolean }>(
      `SELECT g.code, g.name, g.village_code, g.population, g.geometry, g.schematic FROM grids g
       JOIN villages v ON v.code = g.village_code WHERE v.township_code = $1 ORDER BY g.code`, [township]);
    return collection(rows.map((r) => feature(r.geometry, { code: r.code, name: r.name, villageCode: r.village_code, population: r.population, schematic: r.schematic })));
  },
  async places(q, township) {
    const rows = await q.query<{ code: string; name: string; kind: string; grid_code: string; capacity: number | null; lon: number; lat: number }>(
      `SELECT p.code, p.name, p.kind, p.grid_code, p.capacity, p.lon, p.lat FROM places p
       JOIN grids g ON g.code = p.grid_code JOIN villages v ON v.code = g.village_code WHERE v.township_code = $1 ORDER BY p.code`, [township]);
    return collection(rows.map((r) => feature(point(r.lon, r.lat),
      r.capacity === null ? { code: r.code, name: r.name, kind: r.kind, gridCode: r.grid_code } : { code: r.code, name: r.name, kind: r.kind, gridCode: r.grid_code, capacity: r.capacity })));
  },
  async forces(q, township) {
    const rows = await q.query<{ code: string; name: string; kind: string; members: number; lon: number; lat: number }>(
      'SELECT code, name, kind, members, lon, lat FROM response_forces WHERE township_code = $1 ORDER BY code', [township]);
    return collection(rows.map((r) => feature(point(r.lon, r.lat), { code: r.code, name: r.name, kind: r.kind, members: r.members })));
  },
};

function collection(features: unknown[]) {
  return { type: 'FeatureCollection', features };
}

export function isLayerName(name: string): name is LayerName {
  return Object.hasOwn(BUILDERS, name);
}

export class LayerCache {
  readonly #cache = new Map<LayerName, Promise<CachedLayer>>();

  constructor(private readonly q: Queryable, private readonly townshipCode: string) {}

  get(name: LayerName): Promise<CachedLayer> {
    let entry = this.#cache.get(name);
    if (!entry) {
      entry = BUILDERS[name](this.q, this.townshipCode).then((data) => {
        const body = JSON.stringify(data);
        return { body, etag: `"${createHash('sha1').update(body).digest('base64url')}"` };
      });
      entry.catch(() => this.#cache.delete(name));
      this.#cache.set(name, entry);
    }
    return entry;
  }

  clear(): void {
    this.#cache.clear();
  }
}
