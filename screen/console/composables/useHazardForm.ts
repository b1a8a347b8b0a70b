// The hazard form's state, shared by the form and the map beside it: the method and its fields, the
// ring drawn by hand (hazardDrawing.ts) and where a click on the map goes (a vertex of the drawing, or
// the centre of a point buffer). Its `input` is what the hub is sent, null while something required
// is missing; its `preview` is what the map shows of it before it is sent.
import { circle } from '@turf/turf';
import { computed, ref, shallowRef } from 'vue';
import type { HazardAreaInput } from '../../../contract/incidents.ts';
import * as drawing from './hazardDrawing.ts';

export type HazardMethod = HazardAreaInput['method'];

/** Steps of the preview circle of a point buffer (the hub's own circle has 32 per quarter). */
const PREVIEW_STEPS = 64;

export function useHazardForm() {
  const method = ref<HazardMethod>('water_level');
  const lon = ref<number>();
  const lat = ref<number>();
  const radiusM = ref(1000);
  const fromKm = ref(0);
  const toKm = ref(5);
  const widthM = ref(300);
  const deviceCode = ref('');
  const levelM = ref<number>();
  const reason = ref('');
  const sketch = shallowRef<drawing.DrawingState>(drawing.EMPTY_DRAWING);

  const drawn = computed(() => drawing.ringGeometry(sketch.value.ring));
  const crossings = computed(() => drawing.selfIntersections(sketch.value.ring));
  const issue = computed(() => drawing.drawingIssue(sketch.value.ring));

  const input = computed((): HazardAreaInput | null => {
    const why = reason.value.trim();
    if (!why) return null;
    switch (method.value) {
      case 'polygon':
        // A crossing ring is sent all the same: the hub decides, and says why it refuses.
        return drawn.value ? { method: 'polygon', geometry: drawn.value, reason: why } : null;
      case 'point_buffer':
        return lon.value === undefined || lat.value === undefined ? null : { method: 'point_buffer', lon: lon.value, lat: lat.value, radiusM: radiusM.value, reason: why };
      case 'river_buffer':
        return { method: 'river_buffer', fromKm: fromKm.value, toKm: toKm.value, widthM: widthM.value, reason: why };
      case 'water_level':
        return deviceCode.value.trim() ? { method: 'water_level', deviceCode: deviceCode.value.trim(), ...(levelM.value === undefined ? {} : { levelM: levelM.value }), reason: why } : null;
    }
  });

  /** The shape about to be sent, where the client can know it: the drawn ring, or the circle around the point. */
  const preview = computed(() => {
    if (method.value === 'polygon') return drawn.value;
    if (method.value === 'point_buffer' && lon.value !== undefined && lat.value !== undefined && radiusM.value > 0) {
      return circle([lon.value, lat.value], radiusM.value, { units: 'meters', steps: PREVIEW_STEPS }).geometry;
    }
    return null;
  });

  /** Whether a click on the map belongs to this form now (its method takes a place from the map). */
  const takesClicks = computed(() => method.value === 'polygon' || method.value === 'point_buffer');

  const apply = (change: (state: drawing.DrawingState) => drawing.DrawingState) => (sketch.value = change(sketch.value));

  return {
    method, lon, lat, radiusM, fromKm, toKm, widthM, deviceCode, levelM, reason,
    sketch, crossings, issue, input, preview, takesClicks,
    /** A click on the map: a vertex of the drawing, or the point buffer's centre. */
    click(atLon: number, atLat: number) {
      if (method.value === 'polygon') apply((s) => drawing.place(s, atLon, atLat));
      else if (method.value === 'point_buffer') [lon.value, lat.value] = drawing.roundPosition(atLon, atLat);
    },
    clickVertex: (index: number) => apply((s) => drawing.clickVertex(s, index)),
    dragVertex: (index: number, atLon: number, atLat: number, done: boolean) => apply((s) => drawing.moveVertex(s, index, atLon, atLat, done)),
    close: () => apply(drawing.close),
    undo: () => apply(drawing.undo),
    removeVertex: () => apply((s) => drawing.removeVertex(s)),
    clearDrawing: () => apply(drawing.clear),
    startFrom: (geometry: drawing.AreaGeometry) => apply((s) => drawing.startFrom(s, geometry)),
    /** After a version was stored: a fresh drawing, and no undo back into the one sent. */
    reset: () => (sketch.value = drawing.EMPTY_DRAWING),
  };
}

export type HazardFormState = ReturnType<typeof useHazardForm>;
