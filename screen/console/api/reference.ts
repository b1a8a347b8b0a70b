// Reference data: the township frame, map layers and the event catalogue. The frame and the layers
// change rarely, so each is fetched once per page and shared by every component that asks. The
// catalogue is asked afresh by each page that shows it: administrators edit it and no push says so.
import type { LayerName, TownshipInfo } from '../../../contract/api.ts';
import type { Catalogue } from '../../../contract/closedLoop.ts';
import type { FeatureCollection } from '../../shared/geojson.ts';
import { session } from '../composables/session.ts';
import { hub } from './client.ts';

const cache = new Map<string, Promise<unknown>>();

/**
 * The first call fetches; later calls share its answer. A failure is forgotten, so the next call
 * tries again. Per session: what a layer holds may depend on who asks.
 */
function once<T>(name: string, fetch: () => Promise<T>): Promise<T> {
  const key = `${session.value?.token ?? ''}:${name}`;
  let pending = cache.get(key) as Promise<T> | undefined;
  if (!pending) {
    pending = fetch();
    cache.set(key, pending);
    pending.catch(() => cache.delete(key));
  }
  return pending;
}

export const fetchTownship = () => once('township', () => hub<TownshipInfo>('/township'));

export const fetchLayer = <P = Record<string, unknown>>(name: LayerName) =>
  once(`layer:${name}`, () => hub<FeatureCollection<P>>(`/layers/${name}`));

/** Per caller: departments' phones are masked unless the caller dispatches or manages the catalogue. */
export const fetchCatalogue = (signal?: AbortSignal) => hub<Catalogue>('/catalogue', { signal });
