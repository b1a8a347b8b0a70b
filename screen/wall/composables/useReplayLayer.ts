// The replay's marks on the wall's map (screen/shared/replayMarks.ts): one billboard per alarm,
// warning, event with tasks, shelter and worker (one shared image per kind and colour), the number of
// people beside each shelter, and each patrolling worker's short track as a line. A self-contained
// layer: its collections are filled again when the moment's marks change (a fact passed, not every
// frame), and removed with the viewer or the caller's scope.
import {
  BillboardCollection,
  Cartesian2,
  Cartesian3,
  Color,
  HeightReference,
  HorizontalOrigin,
  LabelCollection,
  LabelStyle,
  Material,
  PolylineCollection,
  VerticalOrigin,
  type Viewer,
} from 'cesium';
import { watch, type ShallowRef } from 'vue';
import { CANVAS_FONT_FAMILY } from '../../shared/palette.ts';
import type { ReplayMark, ReplayMarkKind, ReplayTrack } from '../../shared/replayMarks.ts';
import { terrainSurface } from './terrainSurface.ts';
import { setLayerCount } from './wallHooks.ts';

export interface ReplayMap {
  marks: ReplayMark[];
  tracks: ReplayTrack[];
}

/** Heights above the ground (m): marks over the place dots, tracks under the marks. */
const MARK_HEIGHT = 45;
const TRACK_HEIGHT = 25;
const MARK_PX = 16;
const TRACK_WIDTH = 2;
const OUTLINE = 'rgba(0, 0, 0, 0.8)';
const LABEL_FONT = `600 15px ${CANVAS_FONT_FAMILY}`;
const LABEL_OFFSET = new Cartesian2(MARK_PX / 2 + 4, 0);

/** A mark's image: a shape per kind in the mark's colour with a dark outline. */
function drawMark(kind: ReplayMarkKind, color: string): HTMLCanvasElement {
  const canvas = document.createElement('canvas');
  canvas.width = MARK_PX + 4;
  canvas.height = MARK_PX + 4;
  const g = canvas.getContext('2d');
  if (!g) throw new Error('The browser gave no 2D canvas context: the wall cannot draw the replay\'s marks.');
  const c = canvas.width / 2;
  const r = MARK_PX / 2;
  g.fillStyle = color;
  g.strokeStyle = OUTLINE;
  g.lineWidth = 2;
  g.beginPath();
  const polygon = (points: [number, number][]) => {
    points.forEach(([x, y], i) => (i === 0 ? g.moveTo(c + x * r, c + y * r) : g.lineTo(c + x * r, c + y * r)));
    g.closePath();
  };
  switch (kind) {
    case 'task': polygon([[-0.8, -0.8], [0.8, -0.8], [0.8, 0.8], [-0.8, 0.8]]); break;
    case 'shelter': polygon([[0, -1], [1, 0], [0, 1], [-1, 0]]); break;
    case 'warning': polygon([[0, -1], [1, 0.8], [-1, 0.8]]); break;
    case 'worker': g.arc(c, c, r * 0.65, 0, 2 * Math.PI); break;
    case 'alarm': g.arc(c, c, r, 0, 2 * Math.PI); break;
  }
  g.fill();
  g.stroke();
  return canvas;
}

/** What the marks and tracks look like, as a string: equal strings draw the same. */
function signatureOf({ marks, tracks }: ReplayMap): string {
  const lines = tracks.map(({ id, color, positions }) => `${id}|${color}|${positions.map(([lon, lat]) => `${lon},${lat}`).join(' ')}`);
  return [...marks.map((m) => `${m.id}|${m.color}|${m.lon},${m.lat}|${m.count ?? ''}`), ...lines].join(';');
}

/** Draws `map()` on the viewer's scene; `labelOf` gives the text beside a mark, or null for none. */
export function useReplayLayer(viewer: ShallowRef<Viewer | null>, map: () => ReplayMap | null, labelOf: (mark: ReplayMark) => string | null) {
  watch(viewer, (v, _previous, onCleanup) => {
    if (!v) return;
    const { scene } = v;
    const lines = scene.primitives.add(new PolylineCollection()) as PolylineCollection;
    // At the bottom of the primitive list, like the event marks (eventMarks.ts): no dot or name covers them.
    const billboards = scene.primitives.add(new BillboardCollection({ scene }), 0) as BillboardCollection;
    const labels = scene.primitives.add(new LabelCollection({ scene })) as LabelCollection;
    const images = new Map<string, HTMLCanvasElement>();
    let drawn: { key: string; surface: unknown } | null = null;

    const stop = watch([map, terrainSurface], ([current, surface]) => {
      // A moment computed again with nothing moved (the clock passed a minute) draws nothing new.
      const key = current ? signatureOf(current) : '';
      if (drawn?.key === key && drawn.surface === surface) return;
      drawn = { key, surface };
      billboards.removeAll();
      labels.removeAll();
      lines.removeAll();
      for (const mark of current?.marks ?? []) {
        const key = `${mark.kind}/${mark.color}`;
        let image = images.get(key);
        if (!image) images.set(key, (image = drawMark(mark.kind, mark.color)));
        const height = surface.heightAt(mark.lon, mark.lat, MARK_HEIGHT);
        const placed = {
          position: Cartesian3.fromDegrees(mark.lon, mark.lat, height ?? MARK_HEIGHT),
          heightReference: height === null ? HeightReference.RELATIVE_TO_GROUND : HeightReference.NONE,
          disableDepthTestDistance: Number.POSITIVE_INFINITY,
        };
        billboards.add(placed).setImage(`replay/${key}`, image);
        const text = labelOf(mark);
        if (text) {
          labels.add({ ...placed, text, font: LABEL_FONT, fillColor: Color.WHITE, outlineColor: Color.BLACK, outlineWidth: 3, style: LabelStyle.FILL_AND_OUTLINE,
            pixelOffset: LABEL_OFFSET, horizontalOrigin: HorizontalOrigin.LEFT, verticalOrigin: VerticalOrigin.CENTER });
        }
      }
      for (const track of current?.tracks ?? []) {
        // A polyline destroys its material with itself: one each.
        const material = Material.fromType('Color', { color: Color.fromCssColorString(track.color) });
        const positions = track.positions.map(([lon, lat]) => Cartesian3.fromDegrees(lon, lat, surface.heightAt(lon, lat, TRACK_HEIGHT) ?? TRACK_HEIGHT));
        lines.add({ positions, width: TRACK_WIDTH, material });
      }
      setLayerCount('replay', current ? billboards.length : undefined);
      scene.requestRender();
    }, { immediate: true });

    onCleanup(() => {
      stop();
      setLayerCount('replay', undefined);
      if (v.isDestroyed()) return;
      for (const collection of [billboards, labels, lines]) scene.primitives.remove(collection);
      scene.requestRender();
    });
  }, { immediate: true });
}
