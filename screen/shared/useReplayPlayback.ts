// Playing a replay (replay.ts) for a screen: the moment shown (t), play and pause, the speed, scrubbing.
// While playing, each animation frame moves t by the real time since the last frame × the speed, and
// playback stops at the end of the window. The frame callback is cancelled on pause, when the window
// changes and when the caller's scope ends, so nothing runs after the view is gone.
import { onScopeDispose, ref, watch } from 'vue';
import { DEFAULT_REPLAY_SPEED, REPLAY_SPEEDS, type ReplaySpeed } from './replay.ts';

/** requestAnimationFrame, or a stand-in for a test. */
export interface FrameClock {
  request(callback: (now: number) => void): number;
  cancel(handle: number): void;
}

/** The browser's frames (typed here: the hub's tests compile this file without the DOM's types). */
interface AnimationFrames {
  requestAnimationFrame(callback: (now: number) => void): number;
  cancelAnimationFrame(handle: number): void;
}
const browser = () => globalThis as unknown as AnimationFrames;
const animationFrames: FrameClock = {
  request: (callback) => browser().requestAnimationFrame(callback),
  cancel: (handle) => browser().cancelAnimationFrame(handle),
};

/** A frame later than this after the last (a hidden tab, a stalled machine) counts as this long: the replay never leaps. */
const MAX_FRAME_MS = 250;

export interface ReplayWindow {
  from: number;
  to: number;
}

export interface ReplayPlaybackOptions {
  /** The window to play; the same object while it stays (a new one starts again from its beginning). */
  window: () => ReplayWindow | null;
  speed?: ReplaySpeed;
  frames?: FrameClock;
}

export const isReplaySpeed = (value: number): value is ReplaySpeed => (REPLAY_SPEEDS as readonly number[]).includes(value);

export function useReplayPlayback({ window, speed: initialSpeed = DEFAULT_REPLAY_SPEED, frames = animationFrames }: ReplayPlaybackOptions) {
  const t = ref(0);
  const playing = ref(false);
  const speed = ref<ReplaySpeed>(initialSpeed);
  let handle: number | undefined;
  let last: number | undefined;

  function cancel() {
    if (handle !== undefined) frames.cancel(handle);
    handle = undefined;
    last = undefined;
  }

  function frame(now: number) {
    handle = undefined;
    const w = window();
    if (!playing.value || !w) return;
    if (last !== undefined) t.value = Math.min(w.to, t.value + Math.min(MAX_FRAME_MS, Math.max(0, now - last)) * speed.value);
    last = now;
    if (t.value >= w.to) playing.value = false;
    else handle = frames.request(frame);
  }

  function play() {
    const w = window();
    if (!w) return;
    if (t.value >= w.to) t.value = w.from;
    cancel();
    playing.value = true;
    handle = frames.request(frame);
  }

  function pause() {
    playing.value = false;
    cancel();
  }

  /** Shows the moment `to` (clamped to the window); playing goes on from there. */
  function seek(to: number) {
    const w = window();
    if (w) t.value = Math.min(w.to, Math.max(w.from, to));
  }

  function setSpeed(value: number) {
    if (isReplaySpeed(value)) speed.value = value;
  }

  watch(window, (w) => {
    pause();
    t.value = w?.from ?? 0;
  }, { immediate: true });
  onScopeDispose(cancel);

  return { t, playing, speed, play, pause, toggle: () => (playing.value ? pause() : play()), seek, setSpeed };
}
