// window.__wall: a few facts about what the wall has drawn, read by the headless browser test.
// Kept up to date by the composables (see composables/wallHooks.ts); never read by the app itself.
import type { EventTiming } from '../../contract/api.ts';
import type { EventLevel, EventStatus } from '../../contract/domain.ts';

/** One open event's mark as last rendered. */
export interface EventMarkHook {
  status: EventStatus;
  level: EventLevel;
  /** Steps of the deadline ring filled (0 … RING_STEPS in composables/markStyle.ts). */
  ringStep: number;
  /** 'overdue' is drawn with the halo. */
  timing: EventTiming;
  /** The style key: marks with equal keys share one image. */
  key: string;
  /** Supervised or escalated: it pulses. */
  pulsing: boolean;
  /** Shown large for a moment, as a new event. */
  flashing: boolean;
  /** Centre on the map canvas in CSS pixels (from the canvas's top-left); null when behind the globe. */
  x: number | null;
  y: number | null;
}

export interface MarkTotals {
  /** Marks drawn per event status. */
  byStatus: Partial<Record<EventStatus, number>>;
  /** Marks drawn with the overdue halo. */
  overdue: number;
  /** Marks drawn that pulse (supervised or escalated). */
  pulsing: number;
  /** Distinct mark images drawn so far: one per style key, however many marks share it. */
  images: number;
  /** The pulse overlay shows (and animates) at least one ring: only while some mark pulses. */
  pulseRunning: boolean;
}

export interface WallHooks {
  /** Set by the first `scene.postRender` of the Cesium viewer. */
  firstFrame: boolean;
  /** `globe.tilesLoaded` after the latest rendered frame (true before the first frame: check firstFrame first). */
  tilesLoaded: boolean;
  /** Frames the Cesium scene has rendered: an idle wall (nothing changing, pulses included) adds none. */
  framesRendered: number;
  /** Features drawn per map layer ('county', 'township', 'villages', 'grids', 'river', 'places', 'forces', 'events'). */
  layers: Record<string, number>;
  /** The event marks whose image is loaded, by event id, as of the latest rendered frame. */
  eventMarks: Record<string, EventMarkHook>;
  /** Totals over `eventMarks`, and the shared images. */
  marks: MarkTotals;
  /** Rows in the live event list. */
  eventsShown: number;
  /** Rows on the dispatch board, and how many of them are late. */
  tasksShown: number;
  lateTasksShown: number;
  /** The hub's socket is connected. */
  connected: boolean;
  /** The room's mode as the wall shows it. */
  mode: 'peacetime' | 'emergency';
  /** The hazard area version drawn on the map, or null when none is. */
  hazardVersion: number | null;
  /** Warnings on the warning strip. */
  warningsShown: number;
  /** A replay wall (?replay=<incidentId>): what it shows; null on the live wall. */
  replay: ReplayHook | null;
}

/** The replay (工作复盘) as the wall shows it: the moment and what stood then. */
export interface ReplayHook {
  incidentId: number | null;
  state: 'idle' | 'loading' | 'done' | 'error';
  error: string | null;
  /** The window replayed and the moment shown (ISO), null before the timeline is loaded. */
  from: string | null;
  to: string | null;
  at: string | null;
  playing: boolean;
  speed: number;
  /** Facts at or before the moment, and in all. */
  facts: number;
  totalFacts: number;
  /** Rows in the fact log. */
  logShown: number;
  phase: 'before' | 'open' | 'closed' | null;
  mode: 'peacetime' | 'emergency' | null;
  /** The hazard area version of the moment (the map draws it: see hazardVersion). */
  hazardVersion: number | null;
  alarms: number;
  warnings: number;
  tasks: number;
  sheltered: number;
  workers: number;
  /** Marks on the map (layers.replay counts those drawn). */
  marks: number;
}

declare global {
  interface Window {
    __wall?: WallHooks;
  }
}
