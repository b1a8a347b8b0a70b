// Reference data: the township frame, map layers and the event catalogue. They change rarely, so
// each is fetched once per page and shared by every component that asks.
import type { LayerName, TownshipInfo } from '../../../contract/api.ts';
import type { Catalogue } from '../../../contract/closedLoop.ts';
import type { FeatureCollection } from '../../shared/geojson.ts';
import { session } from '../composables/session.ts';
import { hub } from './client.ts';

const cache = new Map<string, Promise<unknown>>();

/**
 * The first call fetches; later calls share its answer. A failure is forgotten, so the next call
 * tries again. Per session: what is masked depends on who asks (departments' phones).
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

export const fetchCatalogue = () => once('catalogue', () => hub<Catalogue>('/catalogue'));
