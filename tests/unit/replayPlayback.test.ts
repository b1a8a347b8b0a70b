// Replay playback (screen/shared/useReplayPlayback.ts) on a hand-driven frame clock: t moves by real
// time × speed, stops at the end, and no frame is left waiting after a pause or the scope's end.
import { effectScope, nextTick, shallowRef } from 'vue';
import { describe, expect, it } from 'vitest';
import { useReplayPlayback, type FrameClock, type ReplayWindow } from '../../screen/shared/useReplayPlayback.ts';

/** Frames run when the test says, at the time it says. */
function manualFrames() {
  const waiting = new Map<number, (now: number) => void>();
  let next = 1;
  const clock: FrameClock = {
    request: (callback) => (waiting.set(next, callback), next++),
    cancel: (handle) => void waiting.delete(handle),
  };
  const run = (now: number) => {
    const due = [...waiting.values()];
    waiting.clear();
    for (const callback of due) callback(now);
  };
  return { clock, run, get waiting() { return waiting.size; } };
}

const WINDOW: ReplayWindow = { from: 1_000_000, to: 1_000_000 + 3_600_000 };

function setUp(speed: 1 | 10 | 60 | 300 | 600 = 60) {
  const frames = manualFrames();
  const window = shallowRef<ReplayWindow | null>(WINDOW);
  const scope = effectScope();
  const playback = scope.run(() => useReplayPlayback({ window: () => window.value, speed, frames: frames.clock }))!;
  return { frames, window, scope, playback };
}

describe('replay playback', () => {
  it('starts paused at the window\'s beginning', () => {
    const { playback } = setUp();
    expect(playback.t.value).toBe(WINDOW.from);
    expect(playback.playing.value).toBe(false);
  });

  it('moves t by the real time between frames times the speed', () => {
    const { frames, playback } = setUp(60);
    playback.play();
    frames.run(1_000);
    expect(playback.t.value).toBe(WINDOW.from);
    frames.run(1_100);
    expect(playback.t.value).toBe(WINDOW.from + 100 * 60);
    playback.setSpeed(600);
    frames.run(1_200);
    expect(playback.t.value).toBe(WINDOW.from + 100 * 60 + 100 * 600);
  });

  it('never leaps after a long pause between frames (a hidden tab)', () => {
    const { frames, playback } = setUp(10);
    playback.play();
    frames.run(0);
    frames.run(60_000);
    expect(playback.t.value).toBe(WINDOW.from + 250 * 10);
  });

  it('stops at the end of the window and starts again from the beginning when played there', () => {
    const { frames, playback } = setUp(600);
    playback.seek(WINDOW.to - 1_000);
    playback.play();
    frames.run(0);
    frames.run(100);
    expect(playback.t.value).toBe(WINDOW.to);
    expect(playback.playing.value).toBe(false);
    expect(frames.waiting).toBe(0);
    playback.play();
    expect(playback.t.value).toBe(WINDOW.from);
  });

  it('keeps no frame waiting once paused, and none once its scope ends', () => {
    const { frames, playback, scope } = setUp();
    playback.play();
    expect(frames.waiting).toBe(1);
    playback.pause();
    expect(frames.waiting).toBe(0);
    playback.toggle();
    expect(frames.waiting).toBe(1);
    scope.stop();
    expect(frames.waiting).toBe(0);
  });

  it('scrubs within the window only, and takes only the speeds it offers', () => {
    const { playback } = setUp();
    playback.seek(WINDOW.to + 5_000);
    expect(playback.t.value).toBe(WINDOW.to);
    playback.seek(0);
    expect(playback.t.value).toBe(WINDOW.from);
    playback.setSpeed(42);
    expect(playback.speed.value).toBe(60);
  });

  it('pauses and starts again at the beginning of a new window', async () => {
    const { frames, playback, window } = setUp();
    playback.play();
    const next = { from: 5_000_000, to: 6_000_000 };
    window.value = next;
    await nextTick();
    expect(playback.playing.value).toBe(false);
    expect(playback.t.value).toBe(next.from);
    expect(frames.waiting).toBe(0);
  });
});
