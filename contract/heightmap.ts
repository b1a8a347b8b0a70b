// The schematic heightmap (gis-data elevation.json + elevation.bin, or the hub's /terrain routes) as a
// sampler: the hub's flood fill and the wall's Cesium terrain read the same grid the same way.
// Plain TypeScript, no Node or DOM API, so both sides import it.
import { ELEVATION_ENCODING, type ElevationHeader } from './gis.ts';

const DECIMETRES_PER_METRE = 10;
const BYTES_PER_HEIGHT = 2;
const INT16_MIN = -32768;
const INT16_MAX = 32767;

/** Heights in metres, row-major from the north-west cell, from elevation.bin's bytes. */
export function decodeHeights(header: ElevationHeader, bytes: Uint8Array): Float32Array {
  if (header.encoding !== ELEVATION_ENCODING) {
    throw new Error(`The heightmap is encoded as "${String(header.encoding)}"; this hub reads "${ELEVATION_ENCODING}" only: regenerate it with "npm run gis".`);
  }
  const cells = header.cols * header.rows;
  if (bytes.byteLength !== cells * BYTES_PER_HEIGHT) {
    throw new Error(`The heights hold ${bytes.byteLength} bytes but the header describes ${header.cols} × ${header.rows} cells ` +
      `(${cells * BYTES_PER_HEIGHT} bytes): the two files do not belong together; regenerate both with "npm run gis".`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const heights = new Float32Array(cells);
  for (let i = 0; i < cells; i++) heights[i] = view.getInt16(i * BYTES_PER_HEIGHT, true) / DECIMETRES_PER_METRE;
  return heights;
}

/** elevation.bin's bytes for heights in metres (rounded to decimetres). */
export function encodeHeights(heightsM: ArrayLike<number>): Uint8Array {
  const bytes = new Uint8Array(heightsM.length * BYTES_PER_HEIGHT);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < heightsM.length; i++) {
    const dm = Math.round((heightsM[i] ?? NaN) * DECIMETRES_PER_METRE);
    if (!(dm >= INT16_MIN && dm <= INT16_MAX)) throw new Error(`Height ${heightsM[i]} m at cell ${i} does not fit ${ELEVATION_ENCODING}.`);
    view.setInt16(i * BYTES_PER_HEIGHT, dm, true);
  }
  return bytes;
}

/** Heights in metres, one per cell: decoded from the file (Float32Array) or as generated (Float64Array). */
export type Heights = Float32Array | Float64Array;

/** A heightmap over a lon/lat rectangle, sampled bilinearly between cell centres. */
export class Heightmap {
  readonly header: ElevationHeader;
  /** Metres, row-major from the north-west cell (index = row × cols + col). */
  readonly heights: Heights;
  readonly cols: number;
  readonly rows: number;
  /** Degrees of longitude and latitude per cell. */
  readonly cellLon: number;
  readonly cellLat: number;

  constructor(header: ElevationHeader, heights: Heights) {
    if (!(header.cols >= 2 && header.rows >= 2) || heights.length !== header.cols * header.rows) {
      throw new Error(`A heightmap needs at least 2 × 2 cells and one height per cell (header ${header.cols} × ${header.rows}, ${heights.length} heights).`);
    }
    if (!(header.east > header.west && header.north > header.south)) throw new Error('The heightmap header has an empty extent: west < east and south < north are required.');
    this.header = header;
    this.heights = heights;
    this.cols = header.cols;
    this.rows = header.rows;
    this.cellLon = (header.east - header.west) / header.cols;
    this.cellLat = (header.north - header.south) / header.rows;
  }

  /** [west, south, east, north] of the grid's outer cell edges. */
  get bounds(): [number, number, number, number] {
    return [this.header.west, this.header.south, this.header.east, this.header.north];
  }

  contains(lon: number, lat: number): boolean {
    const { west, south, east, north } = this.header;
    return lon >= west && lon <= east && lat >= south && lat <= north;
  }

  /**
   * The height at a point: bilinear between the four nearest cell centres. Beyond the outermost
   * centres (the outer half cell, and anywhere outside the grid) the nearest edge value is held.
   */
  heightAt(lon: number, lat: number): number {
    const u = clamp((lon - this.header.west) / this.cellLon - 0.5, 0, this.cols - 1);
    const v = clamp((this.header.north - lat) / this.cellLat - 0.5, 0, this.rows - 1);
    const col = Math.min(Math.floor(u), this.cols - 2);
    const row = Math.min(Math.floor(v), this.rows - 2);
    const fu = u - col;
    const fv = v - row;
    const i = row * this.cols + col;
    const h = this.heights;
    const north = h[i]! + (h[i + 1]! - h[i]!) * fu;
    const south = h[i + this.cols]! + (h[i + this.cols + 1]! - h[i + this.cols]!) * fu;
    return north + (south - north) * fv;
  }
}

function clamp(x: number, min: number, max: number): number {
  // NaN (a NaN coordinate) falls to min, so a sample is always some cell's height.
  return x > min ? (x < max ? x : max) : min;
}
