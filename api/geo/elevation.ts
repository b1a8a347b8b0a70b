// The township's elevation grid on the hub: the shared heightmap sampler (contract/heightmap.ts) with
// the cell arithmetic that the flood fill works in. Built from the terrain row the loader stored, or
// straight from the gis-data files.
import type { ElevationHeader } from '../../contract/gis.ts';
import { decodeHeights, Heightmap, type Heights } from '../../contract/heightmap.ts';

/** Metres per degree of latitude on the mean sphere (as distance.ts). */
export const METRES_PER_DEGREE = 111_195;

/** What the loader stores (table terrain) and what readGisData() returns. */
export interface ElevationSource {
  header: ElevationHeader;
  /** elevation.bin's bytes (a Buffer from pg, a Uint8Array from PGlite or the file). */
  heights: Uint8Array;
}

export class ElevationGrid extends Heightmap {
  /** Metres per degree of longitude at the grid's middle latitude. */
  readonly metresPerDegreeLon: number;

  static from(source: ElevationSource): ElevationGrid {
    return new ElevationGrid(source.header, decodeHeights(source.header, source.heights));
  }

  constructor(header: ElevationHeader, heights: Heights) {
    super(header, heights);
    this.metresPerDegreeLon = METRES_PER_DEGREE * Math.cos((((header.north + header.south) / 2) * Math.PI) / 180);
  }

  get cellCount(): number {
    return this.cols * this.rows;
  }

  /** The column holding a longitude, or -1 outside the grid (the eastern edge belongs to the last column). */
  colOf(lon: number): number {
    const col = Math.floor((lon - this.header.west) / this.cellLon);
    if (col === this.cols && lon <= this.header.east) return this.cols - 1;
    return col >= 0 && col < this.cols ? col : -1;
  }

  /** The row holding a latitude (row 0 in the north), or -1 outside the grid. */
  rowOf(lat: number): number {
    const row = Math.floor((this.header.north - lat) / this.cellLat);
    if (row === this.rows && lat >= this.header.south) return this.rows - 1;
    return row >= 0 && row < this.rows ? row : -1;
  }

  /** Index (row × cols + col) of the cell holding the point, or -1 outside the grid. */
  cellAt(lon: number, lat: number): number {
    const col = this.colOf(lon);
    const row = this.rowOf(lat);
    return col < 0 || row < 0 ? -1 : row * this.cols + col;
  }

  /** [lon, lat] of a cell's centre. */
  cellCentre(index: number): [number, number] {
    const col = index % this.cols;
    const row = (index - col) / this.cols;
    return [this.vertexLon(col + 0.5), this.vertexLat(row + 0.5)];
  }

  /** Longitude of the cell edge left of column `col` (col = cols: the eastern edge). */
  vertexLon(col: number): number {
    return this.header.west + col * this.cellLon;
  }

  /** Latitude of the cell edge above row `row` (row = rows: the southern edge). */
  vertexLat(row: number): number {
    return this.header.north - row * this.cellLat;
  }

  /** Area of one cell of `row` in m² (cells narrow towards the pole). */
  cellAreaM2(row: number): number {
    const lat = this.vertexLat(row + 0.5);
    return this.cellLon * METRES_PER_DEGREE * Math.cos((lat * Math.PI) / 180) * this.cellLat * METRES_PER_DEGREE;
  }
}
