// REST reads from the hub (same origin; the dev server proxies /api). Plain async functions, no state.
import { authHeaders } from './displayToken.ts';
import { OPEN_EVENTS_LIMIT } from './openEvents.ts';
import type { FeatureCollection } from './geojson.ts';
import { API_PREFIX, ROUTES } from '../../contract/api.ts';
import type { EventList, LayerName, TownshipInfo } from '../../contract/api.ts';

export type LoadState = 'idle' | 'loading' | 'done' | 'error';


export class HubRequestError extends Error {
  constructor(
    readonly path: string,
    readonly status: number,
  ) {
    super(
      status === 401 || status === 403
        ? `GET ${path} answered ${status}: the wall's display token is missing, revoked or expired; open the wall with a new link (?token=…).`
        : `GET ${path} answered ${status}: is the hub running and HUB_URL right?`,
    );
  }
}

async function getJson<T>(route: string, signal?: AbortSignal): Promise<T> {
  const path = API_PREFIX + route;
  const response = await fetch(path, { signal, headers: { accept: 'application/json', ...authHeaders() } });
  if (!response.ok) throw new HubRequestError(path, response.status);
  return (await response.json()) as T;
}

export const fetchTownship = (signal?: AbortSignal) => getJson<TownshipInfo>(ROUTES.township, signal);

export const fetchLayer = (name: LayerName, signal?: AbortSignal) => getJson<FeatureCollection>(ROUTES.layer(name), signal);

export const fetchOpenEvents = (signal?: AbortSignal) =>
  getJson<EventList>(`${ROUTES.events}?open=true&limit=${OPEN_EVENTS_LIMIT}`, signal);

export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function isAbort(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError';
}
