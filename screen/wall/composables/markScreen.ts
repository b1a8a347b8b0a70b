// Where the event marks are on the map canvas, worked out after each rendered frame that changed
// them (a mark, the camera, the canvas size, or terrain tiles that moved the ground they stand on):
// the pulse overlay and the test hooks follow the marks from here. Only marks whose image is loaded
// count, so this is what that frame shows.
import { Cartesian2, Matrix4, type Scene } from 'cesium';
import type { EventMarks } from './eventMarks.ts';
import type { MarkStyle } from './markStyle.ts';

export interface MarkOnScreen {
  id: number;
  style: MarkStyle;
  key: string;
  pulsing: boolean;
  flashing: boolean;
  /** Centre in CSS pixels from the canvas's top-left; null when behind the globe. */
  x: number | null;
  y: number | null;
}

/** Calls `onChange` with the drawn marks whenever they change on screen; returns the remover. */
export function followMarksOnScreen(scene: Scene, marks: EventMarks, onChange: (drawn: MarkOnScreen[]) => void): () => void {
  const view = new Matrix4();
  const at = new Cartesian2();
  let version = -1;
  let width = 0;
  let height = 0;
  let pending = false;

  // A tile that loads may raise or lower the ground under a mark (its clamped position).
  const stopTiles = scene.globe.tileLoadProgressEvent.addEventListener(() => (pending = true));
  const stopFrames = scene.postRender.addEventListener(() => {
    const { canvas, camera } = scene;
    const moved = !Matrix4.equals(camera.viewMatrix, view) || canvas.clientWidth !== width || canvas.clientHeight !== height;
    // A frame that changed nothing of ours (a tile loading, a chart's neighbour) costs this comparison.
    if (!moved && !pending && version === marks.version) return;
    Matrix4.clone(camera.viewMatrix, view);
    width = canvas.clientWidth;
    height = canvas.clientHeight;
    version = marks.version;
    pending = false;

    const drawn: MarkOnScreen[] = [];
    for (const mark of marks.states()) {
      if (!mark.ready) {
        pending = true; // its image reaches the atlas after this frame: look again at the next
        continue;
      }
      const onScreen = mark.screenPosition(scene, at);
      const { id, style, key, pulsing, flashing } = mark;
      drawn.push({ id, style, key, pulsing, flashing, x: onScreen?.x ?? null, y: onScreen?.y ?? null });
    }
    onChange(drawn);
  });
  return () => {
    stopTiles();
    stopFrames();
  };
}
