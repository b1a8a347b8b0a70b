// window.__wall: a few facts about what the wall has drawn, read by the headless browser test.
// Kept up to date by the composables (see composables/wallHooks.ts); never read by the app itself.

export interface WallHooks {
  /** Set by the first `scene.postRender` of the Cesium viewer. */
  firstFrame: boolean;
  /** `globe.tilesLoaded` after the latest rendered frame (true before the first frame: check firstFrame first). */
  tilesLoaded: boolean;
  /** Features drawn per map layer ('county', 'township', 'villages', 'grids', 'river', 'places', 'forces', 'events'). */
  layers: Record<string, number>;
  /** Rows in the live event list. */
  eventsShown: number;
  /** The hub's socket is connected. */
  connected: boolean;
}

declare global {
  interface Window {
    __wall?: WallHooks;
  }
}
