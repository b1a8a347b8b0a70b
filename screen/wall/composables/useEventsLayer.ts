// Open events on the map: one PointPrimitiveCollection kept in step with the event list, coloured by
// level; an event that appears after the list's first complete load flashes large for a moment.
import { Cartesian3, Color, PointPrimitiveCollection, type PointPrimitive, type Viewer } from 'cesium';
import { watch, type Ref, type ShallowRef } from 'vue';
import type { EventSummary } from '../../../contract/api.ts';
import type { LoadState } from '../../shared/hubApi.ts';
import { LEVEL_COLORS } from '../../shared/palette.ts';
import { setLayerCount } from './wallHooks.ts';

const EVENT_HEIGHT = 40;
const PIXEL_SIZE = 14;
const FLASH_PIXEL_SIZE = 30;
const FLASH_MS = 2000;
const OUTLINE = Color.fromCssColorString('#ffffff').withAlpha(0.85);

export function useEventsLayer(viewer: ShallowRef<Viewer | null>, events: Ref<EventSummary[]>, eventsState: Ref<LoadState>) {
  watch(
    viewer,
    (current, _previous, onCleanup) => {
      if (!current) return;
      const v = current;
      const points = v.scene.primitives.add(new PointPrimitiveCollection()) as PointPrimitiveCollection;
      const shown = new Map<number, PointPrimitive>();
      const timers = new Set<ReturnType<typeof setTimeout>>();
      let loaded = false;

      function flash(id: number, point: PointPrimitive) {
        point.pixelSize = FLASH_PIXEL_SIZE;
        const timer = setTimeout(() => {
          timers.delete(timer);
          if (shown.get(id) !== point) return;
          point.pixelSize = PIXEL_SIZE;
          v.scene.requestRender();
        }, FLASH_MS);
        timers.add(timer);
      }

      function sync(list: EventSummary[]) {
        // What the first complete load brings is not news; what appears after it is.
        const flashNew = loaded;
        if (eventsState.value === 'done') loaded = true;
        const wanted = new Set(list.map((event) => event.id));
        for (const [id, point] of shown) {
          if (!wanted.has(id)) {
            points.remove(point);
            shown.delete(id);
          }
        }
        for (const event of list) {
          if (shown.has(event.id)) continue;
          const point = points.add({
            position: Cartesian3.fromDegrees(event.lon, event.lat, EVENT_HEIGHT),
            color: Color.fromCssColorString(LEVEL_COLORS[event.level]),
            pixelSize: PIXEL_SIZE,
            outlineColor: OUTLINE,
            outlineWidth: 2,
            disableDepthTestDistance: Number.POSITIVE_INFINITY,
          });
          shown.set(event.id, point);
          if (flashNew) flash(event.id, point);
        }
        setLayerCount('events', shown.size);
        v.scene.requestRender();
      }

      const stop = watch(events, sync, { immediate: true });
      onCleanup(() => {
        stop();
        timers.forEach(clearTimeout);
        setLayerCount('events', undefined);
        if (!v.isDestroyed()) v.scene.primitives.remove(points);
      });
    },
    { immediate: true },
  );
}
