// A short beep when something new arrives, made with a Web Audio oscillator (no sound file). Browsers
// start audio only after the person has touched the page, so the audio context is made once they
// have (usually the sign-in click), or on their next pointer or key press. Muting is remembered in localStorage. Listeners and the audio context
// go with the caller's scope.
import { onScopeDispose, ref, watch } from 'vue';
import { consoleHooks } from './consoleHooks.ts';

const STORAGE_KEY = 'command-wall.console-muted';
/** At most one beep this often, however fast events come in (a busy simulator sends several a second). */
const MIN_GAP_MS = 2_000;
const TONES = {
  event: [{ hz: 880, ms: 140 }],
  alarm: [{ hz: 660, ms: 120 }, { hz: 990, ms: 160 }],
} as const;
export type BeepKind = keyof typeof TONES;
const VOLUME = 0.12;
const UNLOCK_EVENTS = ['pointerdown', 'keydown'] as const;

function readMuted(): boolean {
  try {
    return window.localStorage.getItem(STORAGE_KEY) === '1';
  } catch {
    return false;
  }
}

export function useBeep() {
  const muted = ref(readMuted());
  let context: AudioContext | null = null;
  let lastBeep = 0;

  const unlock = () => {
    try {
      context ??= new AudioContext();
      if (context.state === 'suspended') void context.resume();
    } catch {
      context = null; // no audio on this machine: stay silent
    }
  };
  for (const type of UNLOCK_EVENTS) window.addEventListener(type, unlock, { passive: true });
  // The page was touched already (the sign-in click, before this console mounted): audio may start now.
  if (navigator.userActivation?.hasBeenActive) unlock();

  watch(muted, (value) => {
    try {
      window.localStorage.setItem(STORAGE_KEY, value ? '1' : '0');
    } catch {
      // storage disabled: muting lasts as long as this page
    }
  });

  function beep(kind: BeepKind): void {
    const now = performance.now();
    if (muted.value || !context || context.state !== 'running' || now - lastBeep < MIN_GAP_MS) return;
    lastBeep = now;
    let at = context.currentTime;
    for (const { hz, ms } of TONES[kind]) {
      const oscillator = context.createOscillator();
      const gain = context.createGain();
      oscillator.frequency.value = hz;
      gain.gain.setValueAtTime(VOLUME, at);
      gain.gain.exponentialRampToValueAtTime(0.0001, at + ms / 1000);
      oscillator.connect(gain).connect(context.destination);
      oscillator.start(at);
      oscillator.stop(at + ms / 1000);
      at += ms / 1000;
    }
    consoleHooks.beeps += 1;
  }

  onScopeDispose(() => {
    for (const type of UNLOCK_EVENTS) window.removeEventListener(type, unlock);
    void context?.close();
    context = null;
  });

  return { muted, beep };
}
