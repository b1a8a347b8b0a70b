// Open events on the map (see eventMarks.ts): kept in step with the event list, restyled by the
// one-second clock as deadlines near and pass; an event that appears after the list's first complete
// load flashes large for a moment. Answers where the supervised and escalated marks are on screen, for
// the pulse overlay (MarkPulses.vue). Removed and destroyed with the viewer or the caller's scope.
import type { Viewer } from 'cesium';
import { shallowRef, watch, type Ref, type ShallowRef } from 'vue';
import type { EventSummary } from '../../../contract/api.ts';
import type { LoadState } from '../../shared/hubApi.ts';
import { useNow } from '../../shared/useNow.ts';
import { EventMarks } from './eventMarks.ts';
import { followMarksOnScreen } from './markScreen.ts';
import { terrainSurface } from './terrainSurface.ts';
import { clearMarks, reportMarks, setLayerCount } from './wallHooks.ts';

/** A pulsing mark's centre on the map canvas (CSS px). */
export interface PulseAt {
  id: number;
  x: number;
  y: number;
}

export function useEventsLayer(viewer: ShallowRef<Viewer | null>, events: Ref<EventSummary[]>, eventsState: Ref<LoadState>) {
  const now = useNow();
  const pulses = shallowRef<PulseAt[]>([]);

  watch(
    viewer,
    (current, _previous, onCleanup) => {
      if (!current) return;
      const marks = new EventMarks(current.scene, terrainSurface.value);
      let loaded = false;

      const stopFollowing = followMarksOnScreen(current.scene, marks, (drawn) => {
        pulses.value = drawn.flatMap(({ id, pulsing, x, y }) => (pulsing && x !== null && y !== null ? [{ id, x, y }] : []));
        reportMarks(drawn, marks.images, pulses.value.length);
      });
      const stopEvents = watch(
        events,
        (list) => {
          // What the first complete load brings is not news; what appears after it is.
          const flashNew = loaded;
          if (eventsState.value === 'done') loaded = true;
          marks.sync(list, Date.now(), flashNew);
          setLayerCount('events', marks.size);
        },
        { immediate: true },
      );
      const stopClock = watch(now, (time) => marks.restyle(time.getTime()));
      const stopSurface = watch(terrainSurface, (surface) => marks.resurface(surface));

      onCleanup(() => {
        stopEvents();
        stopClock();
        stopSurface();
        stopFollowing();
        pulses.value = [];
        clearMarks();
        setLayerCount('events', undefined);
        marks.destroy();
      });
    },
    { immediate: true },
  );

  return { pulses };
}
