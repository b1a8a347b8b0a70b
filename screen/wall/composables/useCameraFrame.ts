// Frames the township's bounding box as a tilted 3D view from the south, once both viewer and box exist.
// Range 0 lets Cesium pick the distance at which the box's bounding sphere fits the view.
import { BoundingSphere, HeadingPitchRange, Math as CesiumMath, Matrix4, Rectangle, type Viewer } from 'cesium';
import { watch, type ShallowRef } from 'vue';

const PITCH = CesiumMath.toRadians(-42);

/** Frames the township now and whenever viewer or box change; answers a function that frames it again (after an emergency's close-up). */
export function useCameraFrame(viewer: ShallowRef<Viewer | null>, bbox: () => [number, number, number, number] | undefined): () => void {
  const frame = () => {
    const [v, box] = [viewer.value, bbox()];
    if (!v || !box) return;
    const sphere = BoundingSphere.fromRectangle3D(Rectangle.fromDegrees(...box));
    v.camera.viewBoundingSphere(sphere, new HeadingPitchRange(0, PITCH, 0));
    v.camera.lookAtTransform(Matrix4.IDENTITY);
    v.scene.requestRender();
  };
  watch([viewer, bbox], frame, { immediate: true });
  return frame;
}
