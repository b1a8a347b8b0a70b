// The one writable window.__wall object (types in ../wall-hooks.d.ts). Plain, not reactive: the app never reads it.
import { onScopeDispose, watchEffect } from 'vue';
import type { EventMarkHook, MarkTotals, WallHooks } from '../wall-hooks.d.ts';
import type { MarkOnScreen } from './markScreen.ts';

const noMarks = (): MarkTotals => ({ byStatus: {}, overdue: 0, pulsing: 0, images: 0, pulseRunning: false });

export const wallHooks: WallHooks = {
  firstFrame: false,
  tilesLoaded: false,
  framesRendered: 0,
  layers: {},
  eventMarks: {},
  marks: noMarks(),
  eventsShown: 0,
  tasksShown: 0,
  lateTasksShown: 0,
  connected: false,
  mode: 'peacetime',
  hazardVersion: null,
  warningsShown: 0,
  replay: null,
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

/** Keeps `tasksShown` and `lateTasksShown` at the dispatch board's rows, for as long as it lives. */
export function reportTasksShown(rows: () => number, late: () => number): void {
  watchEffect(() => {
    wallHooks.tasksShown = rows();
    wallHooks.lateTasksShown = late();
  });
  onScopeDispose(() => {
    wallHooks.tasksShown = 0;
    wallHooks.lateTasksShown = 0;
  });
}

/** The event marks as last drawn, the images they share, and how many pulses the overlay shows. */
export function reportMarks(drawn: readonly MarkOnScreen[], images: number, pulsesShown: number): void {
  const marks: Record<string, EventMarkHook> = {};
  const totals: MarkTotals = { ...noMarks(), images, pulseRunning: pulsesShown > 0 };
  for (const { id, style, key, pulsing, flashing, x, y } of drawn) {
    marks[id] = { ...style, key, pulsing, flashing, x, y };
    totals.byStatus[style.status] = (totals.byStatus[style.status] ?? 0) + 1;
    if (style.timing === 'overdue') totals.overdue++;
    if (pulsing) totals.pulsing++;
  }
  wallHooks.eventMarks = marks;
  wallHooks.marks = totals;
}

export function clearMarks(): void {
  wallHooks.eventMarks = {};
  wallHooks.marks = noMarks();
}
