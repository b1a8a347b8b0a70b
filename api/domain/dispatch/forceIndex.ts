// The response forces of a township, indexed by kind for "the k nearest free forces of this kind".
// Each kind has a flatbush index over positions projected to metres on a plane tangent at the
// township (equirectangular: within a township it differs from the great-circle distance by well
// under 1%). The index proposes, the great circle decides: every force within the k-th planar
// distance plus a margin larger than the projection's error is measured exactly and sorted, so the
// answer is exactly the k nearest by distanceM().
import Flatbush from 'flatbush';
import type { ForceKind } from '../../../contract/domain.ts';
import type { Queryable } from '../../db/index.ts';
import { distanceM } from '../../geo/distance.ts';

export interface ForceRef {
  code: string;
  name: string;
  kind: ForceKind;
  departmentCode: string | null;
  members: number;
  lon: number;
  lat: number;
}

const METRES_PER_DEGREE = 111_195; // on the mean sphere of distanceM()
/** Relative margin over the k-th planar distance: far above the projection's error inside a township. */
const MARGIN = 0.02;
const MARGIN_M = 50;

interface KindIndex { forces: ForceRef[]; index: Flatbush | null }

export class ForceIndex {
  readonly #byKind = new Map<ForceKind, KindIndex>();
  readonly #byCode = new Map<string, ForceRef>();
  readonly #cosLat: number;
  readonly #lon0: number;
  readonly #lat0: number;

  constructor(forces: readonly ForceRef[]) {
    this.#lon0 = forces.length > 0 ? forces.reduce((s, f) => s + f.lon, 0) / forces.length : 0;
    this.#lat0 = forces.length > 0 ? forces.reduce((s, f) => s + f.lat, 0) / forces.length : 0;
    this.#cosLat = Math.cos((this.#lat0 * Math.PI) / 180);
    const groups = new Map<ForceKind, ForceRef[]>();
    for (const force of forces) {
      this.#byCode.set(force.code, force);
      let group = groups.get(force.kind);
      if (!group) groups.set(force.kind, (group = []));
      group.push(force);
    }
    for (const [kind, group] of groups) {
      const index = new Flatbush(group.length);
      for (const f of group) {
        const [x, y] = this.#project(f.lon, f.lat);
        index.add(x, y, x, y);
      }
      index.finish();
      this.#byKind.set(kind, { forces: group, index });
    }
  }

  get(code: string): ForceRef | undefined {
    return this.#byCode.get(code);
  }

  get size(): number {
    return this.#byCode.size;
  }

  #project(lon: number, lat: number): [number, number] {
    return [(lon - this.#lon0) * METRES_PER_DEGREE * this.#cosLat, (lat - this.#lat0) * METRES_PER_DEGREE];
  }

  /** The `k` forces of `kind` nearest to (lon, lat) that pass `keep`, nearest first (ties by code). */
  nearest(kind: ForceKind, lon: number, lat: number, k: number, keep: (force: ForceRef) => boolean = () => true): ForceRef[] {
    const group = this.#byKind.get(kind);
    if (!group?.index || k <= 0) return [];
    const { forces, index } = group;
    const [x, y] = this.#project(lon, lat);
    const filter = (i: number) => keep(forces[i]!);
    const first = index.neighbors(x, y, k, Infinity, filter);
    if (first.length < k) return exactOrder(first.map((i) => forces[i]!), lon, lat).slice(0, k);
    const kth = forces[first[first.length - 1]!]!;
    const [kx, ky] = this.#project(kth.lon, kth.lat);
    const reach = Math.hypot(kx - x, ky - y) * (1 + MARGIN) + MARGIN_M;
    const around = index.neighbors(x, y, Infinity, reach, filter).map((i) => forces[i]!);
    return exactOrder(around, lon, lat).slice(0, k);
  }
}

/** Nearest first by great-circle distance, ties by code: the order the index must reproduce. */
export function exactOrder(forces: ForceRef[], lon: number, lat: number): ForceRef[] {
  return forces
    .map((f) => ({ f, d: distanceM(lon, lat, f.lon, f.lat) }))
    .sort((a, b) => a.d - b.d || (a.f.code < b.f.code ? -1 : a.f.code > b.f.code ? 1 : 0))
    .map(({ f }) => f);
}

/** The township's forces that are marked available, indexed. */
export async function loadForceIndex(q: Queryable, townshipCode: string): Promise<ForceIndex> {
  const rows = await q.query<{ code: string; name: string; kind: ForceKind; department_code: string | null; members: number; lon: number; lat: number }>(
    'SELECT code, name, kind, department_code, members, lon, lat FROM response_forces WHERE township_code = $1 AND available ORDER BY code',
    [townshipCode],
  );
  return new ForceIndex(rows.map((r) => ({ code: r.code, name: r.name, kind: r.kind, departmentCode: r.department_code, members: r.members, lon: r.lon, lat: r.lat })));
}
