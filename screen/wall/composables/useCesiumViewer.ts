// An offline Cesium viewer for the wall: bundled Natural Earth II base map (darkened), ellipsoid terrain,
// no ion, no widgets, render on request only. Created after mount, destroyed with the caller's scope,
// after the layers (their watchers stop before scope-dispose callbacks run).
import {
  buildModuleUrl,
  Cartesian3,
  Color,
  EllipsoidTerrainProvider,
  ImageryLayer,
  Ion,
  TileMapServiceImageryProvider,
  Viewer,
  type Scene,
} from 'cesium';
import { onMounted, onScopeDispose, shallowRef, type Ref } from 'vue';
import { MAP_COLORS } from '../../shared/palette.ts';
import { wallHooks } from './wallHooks.ts';

/** Base-map look for a dark room: the imagery is a dim backdrop, our layers carry the colour. */
const BASE_MAP_STYLE = { brightness: 0.32, contrast: 1.15, saturation: 0.45 };

export function useCesiumViewer(container: Ref<HTMLElement | null>, creditContainer: Ref<HTMLElement | null>) {
  const viewer = shallowRef<Viewer | null>(null);
  const removers: (() => void)[] = [];

  onMounted(() => {
    if (!container.value || !creditContainer.value) return;
    Ion.defaultAccessToken = '';
    const baseLayer = ImageryLayer.fromProviderAsync(
      TileMapServiceImageryProvider.fromUrl(buildModuleUrl('Assets/Textures/NaturalEarthII')),
      BASE_MAP_STYLE,
    );
    const v = new Viewer(container.value, {
      baseLayer,
      terrainProvider: new EllipsoidTerrainProvider(),
      geocoder: false,
      baseLayerPicker: false,
      homeButton: false,
      sceneModePicker: false,
      navigationHelpButton: false,
      animation: false,
      timeline: false,
      fullscreenButton: false,
      vrButton: false,
      infoBox: false,
      selectionIndicator: false,
      skyBox: false,
      skyAtmosphere: false,
      requestRenderMode: true,
      maximumRenderTimeChange: Infinity,
      creditContainer: creditContainer.value,
    });
    const { scene } = v;
    scene.backgroundColor = Color.fromCssColorString(MAP_COLORS.background);
    scene.globe.baseColor = Color.fromCssColorString(MAP_COLORS.globe);
    scene.globe.showGroundAtmosphere = false;
    scene.globe.enableLighting = false;
    scene.fog.enabled = false;
    if (scene.sun) scene.sun.show = false;
    if (scene.moon) scene.moon.show = false;

    removers.push(
      ...holdCameraStill(scene),
      scene.postRender.addEventListener(() => {
        wallHooks.firstFrame = true;
        wallHooks.tilesLoaded = scene.globe.tilesLoaded;
        wallHooks.framesRendered++;
      }),
      scene.globe.tileLoadProgressEvent.addEventListener(() => {
        if (wallHooks.firstFrame) wallHooks.tilesLoaded = scene.globe.tilesLoaded;
      }),
    );
    viewer.value = v;
  });

  onScopeDispose(() => {
    removers.splice(0).forEach((remove) => remove());
    const v = viewer.value;
    viewer.value = null;
    if (v && !v.isDestroyed()) v.destroy();
    wallHooks.firstFrame = false;
    wallHooks.tilesLoaded = false;
  });

  return viewer;
}

/** Below this difference (unit vectors) a camera "change" is rounding noise, not a move. */
const CAMERA_NOISE = 1e-12;

/**
 * Keeps an idle camera bit-for-bit still so requestRenderMode really idles. Every frame Cesium reads
 * camera.heading/roll for its camera.changed event (the viewer's entity clustering always listens), and
 * each read round-trips up/right through an east-north-up transform; the rounding drift makes the scene
 * see a camera move and render again every few frames, forever. Before each frame's camera check, a
 * camera within rounding noise of the last rendered one is put back exactly. Returns the removers.
 */
function holdCameraStill(scene: Scene): (() => void)[] {
  const { camera } = scene;
  const rendered = { position: new Cartesian3(), direction: new Cartesian3(), up: new Cartesian3(), right: new Cartesian3() };
  const keys = ['position', 'direction', 'up', 'right'] as const;
  let settled = false;
  return [
    scene.postRender.addEventListener(() => {
      for (const key of keys) Cartesian3.clone(camera[key], rendered[key]);
      settled = true;
    }),
    scene.preUpdate.addEventListener(() => {
      if (!settled || !keys.every((key) => Cartesian3.equalsEpsilon(camera[key], rendered[key], 0, CAMERA_NOISE))) return;
      for (const key of keys) Cartesian3.clone(rendered[key], camera[key]);
    }),
  ];
}
