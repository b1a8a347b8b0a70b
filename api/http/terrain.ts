// The township's elevation grid as the hub serves it (GET /terrain, /terrain/heights): read once from
// the terrain table, kept with an ETag per part. It changes only with a new import, which restarts
// the hub, so nothing here expires.
import { createHash } from 'node:crypto';
import type { ElevationHeader } from '../../contract/gis.ts';
import type { Queryable } from '../db/index.ts';

export interface CachedTerrain {
  header: ElevationHeader;
  headerEtag: string;
  heights: Buffer;
  heightsEtag: string;
}

const etagOf = (bytes: Buffer | string) => `"${createHash('sha1').update(bytes).digest('base64url')}"`;

export class TerrainCache {
  #entry: Promise<CachedTerrain | null> | undefined;
  #township: string | undefined;

  /** `source` is read at each call, so a reloaded township (or a hub built without a database) is fine. */
  constructor(private readonly source: () => { db: Queryable; townshipCode: string }) {}

  /** The township's grid, or null when its import had none. */
  get(): Promise<CachedTerrain | null> {
    const { db, townshipCode } = this.source();
    if (this.#entry && this.#township === townshipCode) return this.#entry;
    this.#township = townshipCode;
    const entry = (this.#entry = load(db, townshipCode));
    entry.catch(() => {
      if (this.#entry === entry) this.#entry = undefined; // a failed read is tried again next time
    });
    return entry;
  }
}

async function load(db: Queryable, townshipCode: string): Promise<CachedTerrain | null> {
  const [row] = await db.query<{ header: ElevationHeader; heights: Uint8Array }>('SELECT header, heights FROM terrain WHERE township_code = $1', [townshipCode]);
  if (!row) return null;
  const heights = Buffer.from(row.heights.buffer, row.heights.byteOffset, row.heights.byteLength);
  return { header: row.header, headerEtag: etagOf(JSON.stringify(row.header)), heights, heightsEtag: etagOf(heights) };
}
