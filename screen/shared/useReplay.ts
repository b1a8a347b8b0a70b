// A screen's replay of one incident (工作复盘): its timeline read once from the hub (each screen with
// its own credential), the model over it (replay.ts), playback (useReplayPlayback.ts), the moment
// shown, its map marks and the log up to it. Read-only: nothing is written and no live push is
// listened to, so what the replay shows depends on the timeline and the chosen moment alone.
import { computed, onScopeDispose, ref, shallowRef, watch } from 'vue';
import type { IncidentTimeline } from '../../contract/incidents.ts';
import { errorText, isAbort, type LoadState } from './hubApi.ts';
import { Replay, type ReplayMoment, type ReplaySpeed } from './replay.ts';
import { replayMarks } from './replayMarks.ts';
import { useReplayPlayback, type FrameClock } from './useReplayPlayback.ts';

/**
 * The moment shown is computed again when a fact is passed, or when this much replayed time has gone
 * by without one (a worker falls silent by the clock): not on every animation frame.
 */
const MOMENT_STEP_MS = 60_000;

export interface UseReplayOptions {
  /** Reads the incident's timeline (GET /incidents/{id}/timeline); null: no incident to replay. */
  load: (() => ((signal: AbortSignal) => Promise<IncidentTimeline>) | null);
  speed?: ReplaySpeed;
  frames?: FrameClock;
}

export function useReplay({ load, speed, frames }: UseReplayOptions) {
  const state = ref<LoadState>('idle');
  const error = ref<string | null>(null);
  const replay = shallowRef<Replay | null>(null);
  const playback = useReplayPlayback({ window: () => replay.value, speed, frames });
  let request: AbortController | undefined;

  async function open(read: ((signal: AbortSignal) => Promise<IncidentTimeline>) | null) {
    request?.abort();
    replay.value = null;
    error.value = null;
    if (!read) {
      state.value = 'idle';
      return;
    }
    const current = (request = new AbortController());
    state.value = 'loading';
    try {
      const timeline = await read(current.signal);
      if (current.signal.aborted) return;
      replay.value = new Replay(timeline);
      state.value = 'done';
    } catch (cause) {
      if (isAbort(cause) || current.signal.aborted) return;
      state.value = 'error';
      error.value = errorText(cause);
    }
  }
  watch(load, (read) => void open(read), { immediate: true });

  const moment = shallowRef<ReplayMoment | null>(null);
  let shownFor: { replay: Replay; count: number; step: number } | null = null;
  watch([replay, playback.t], ([r, t]) => {
    if (!r) {
      moment.value = null;
      shownFor = null;
      return;
    }
    const count = r.countAt(t);
    const step = Math.floor(t / MOMENT_STEP_MS);
    if (shownFor?.replay === r && shownFor.count === count && shownFor.step === step) return;
    shownFor = { replay: r, count, step };
    moment.value = r.at(t);
  }, { immediate: true });

  const map = computed(() => (moment.value ? replayMarks(moment.value) : { marks: [], tracks: [] }));
  const log = computed(() => (replay.value && moment.value ? replay.value.log(moment.value.count) : []));
  const milestones = computed(() => replay.value?.milestones() ?? []);

  /** To the next (or previous) logged fact; the window's end (or start) past the last (or first). */
  function step(direction: 1 | -1) {
    const r = replay.value;
    if (!r) return;
    const t = playback.t.value;
    playback.seek(direction === 1 ? r.nextFact(t) ?? r.to : r.previousFact(t) ?? r.from);
  }

  onScopeDispose(() => request?.abort());
  return { state, error, replay, moment, map, log, milestones, step, reload: () => open(load()), ...playback };
}
