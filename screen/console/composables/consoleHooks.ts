// window.__console: a few facts for the headless browser test (like the wall's window.__wall). Plain,
// not reactive: the console never reads it.
export interface ConsoleHooks {
  /** The hub's socket is connected. */
  connected: boolean;
  /** Beeps played for new events and alarms since the page opened. */
  beeps: number;
}

declare global {
  interface Window {
    __console?: ConsoleHooks;
  }
}

export const consoleHooks: ConsoleHooks = { connected: false, beeps: 0 };
window.__console = consoleHooks;
