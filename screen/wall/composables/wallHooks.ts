// The one writable window.__wall object (types in ../wall-hooks.d.ts). Plain, not reactive: the app never reads it.
import { onScopeDispose, watchEffect } from 'vue';
import type { WallHooks } from '../wall-hooks.d.ts';

export const wallHooks: WallHooks = {
  firstFrame: false,
  tilesLoaded: false,
  layers: {},
  eventsShown: 0,
  connected: false,
};

window.__wall = wallHooks;

export function setLayerCount(layer: string, features: number | undefined): void {
  if (features === undefined) delete wallHooks.layers[layer];
  else wallHooks.layers[layer] = features;
}

/** Keeps `eventsShown` at the rows a list renders, for as long as the calling component lives. */
export function reportEventsShown(count: () => number): void {
  watchEffect(() => (wallHooks.eventsShown = count()));
  onScopeDispose(() => (wallHooks.eventsShown = 0));
}
