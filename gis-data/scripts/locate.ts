// Finds the grid a point lies in, and draws points that certainly lie in a grid (as written to the files).
import Flatbush from 'flatbush';
import * as turf from '@turf/turf';
import type { Polygon } from 'geojson';
import type { Grid, Village } from './divisions.ts';
import { type Coord, containsPoint, localFrame, roundPosition } from './geo.ts';
import type { Random } from './random.ts';
import { samplePointInPolygon } from './sample.ts';

const NEAR_TRIES = 2000; // attempts to find a point near a target before giving up

export interface Located {
  point: [number, number];
  grid: Grid;
}

export class Locator {
  readonly #index: Flatbush;
  readonly #grids: readonly Grid[];
  readonly #villages: ReadonlyMap<string, Village>;
  readonly #township: Polygon;

  constructor(township: Polygon, villages: readonly Village[], grids: readonly Grid[]) {
    if (grids.length === 0) throw new Error('Locator needs at least one grid.');
    this.#township = township;
    this.#grids = grids;
    this.#villages = new Map(villages.map((v) => [v.code, v]));
    this.#index = new Flatbush(grids.length);
    for (const grid of grids) {
      const [minX, minY, maxX, maxY] = turf.bbox(grid.polygon);
      this.#index.add(minX, minY, maxX, maxY);
    }
    this.#index.finish();
  }

  /** The grid whose interior holds the point, if the point is also inside that grid's village and the township. */
  locate(p: Coord): Grid | undefined {
    const [x, y] = [p[0] ?? NaN, p[1] ?? NaN];
    for (const i of this.#index.search(x, y, x, y)) {
      const grid = this.#grids[i] as Grid;
      if (!containsPoint(grid.polygon, p)) continue;
      const village = this.#villages.get(grid.villageCode);
      return village && containsPoint(village.polygon, p) && containsPoint(this.#township, p) ? grid : undefined;
    }
    return undefined;
  }

  /** A uniformly drawn point that locates to this grid. */
  sampleInGrid(rng: Random, grid: Grid): [number, number] {
    return samplePointInPolygon(rng, grid.polygon, { accept: (p) => this.locate(p) === grid });
  }

  /**
   * A point about `radiusKm` (standard deviation) from `centre` that lies in a grid, optionally one
   * that `where` accepts (e.g. "the same grid as the place", "south of the river").
   */
  sampleNear(rng: Random, centre: Coord, radiusKm: number, where: (grid: Grid, point: [number, number]) => boolean = () => true): Located {
    const frame = localFrame(centre);
    for (let i = 0; i < NEAR_TRIES; i++) {
      const point = roundPosition(frame.toLonLat([rng.normal(0, radiusKm), rng.normal(0, radiusKm)]));
      const grid = this.locate(point);
      if (grid && where(grid, point)) return { point, grid };
    }
    throw new Error(`No acceptable point within about ${radiusKm} km of ${centre.join(',')}: widen the radius or relax the condition.`);
  }
}
