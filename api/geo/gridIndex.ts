// Point → grid assignment. A Flatbush index over grid bounding boxes narrows each lookup to the
// few grids whose box holds the point; an exact point-in-polygon test decides among them.
import Flatbush from 'flatbush';
import { booleanPointInPolygon } from '@turf/turf';
import type { Feature, MultiPolygon, Polygon } from 'geojson';

export interface GridShape {
  code: string;
  geometry: Polygon | MultiPolygon;
  bbox: readonly [number, number, number, number];
}

export class GridIndex {
  readonly #grids: GridShape[];
  readonly #features: Feature<Polygon | MultiPolygon>[];
  readonly #index: Flatbush | null;

  constructor(grids: GridShape[]) {
    this.#grids = grids;
    this.#features = grids.map((grid) => ({ type: 'Feature', properties: {}, geometry: grid.geometry }));
    if (grids.length === 0) {
      this.#index = null;
      return;
    }
    const index = new Flatbush(grids.length);
    for (const { bbox } of grids) index.add(bbox[0], bbox[1], bbox[2], bbox[3]);
    index.finish();
    this.#index = index;
  }

  get size(): number {
    return this.#grids.length;
  }

  /** The code of the grid holding [lon, lat], or null when the point lies outside every grid. */
  locate(lon: number, lat: number): string | null {
    if (!this.#index) return null;
    for (const i of this.#index.search(lon, lat, lon, lat)) {
      if (booleanPointInPolygon([lon, lat], this.#features[i]!)) return this.#grids[i]!.code;
    }
    return null;
  }
}
