// A hillshade of the elevation grid, as a translucent image to lay over the base map: the globe is
// drawn unlit (a dark room, no sun), so without it the relief would only show in the lines it bends.
// Light from the north-west at 45°, as on printed maps; flat land stays clear. Pixels only (no DOM, so
// unit tests run it); hillshadeImage.ts makes the image.
import type { Heightmap } from '../../../contract/heightmap.ts';

export const HILLSHADE_DEFAULTS = {
  azimuthDeg: 315, // light from the north-west
  altitudeDeg: 45,
  strength: 1.6, // alpha per unit of shade difference from flat land
  maxAlpha: 0.55,
};

const METRES_PER_DEGREE = 111_195;

/** RGBA pixels (cols × rows, row 0 north) of the grid's hillshade: black shadows, white highlights, alpha by contrast with flat land. */
export function hillshadePixels(map: Heightmap, exaggeration: number, o = HILLSHADE_DEFAULTS): Uint8ClampedArray<ArrayBuffer> {
  const { cols, rows, heights } = map;
  const midLat = (map.header.north + map.header.south) / 2;
  const dx = map.cellLon * METRES_PER_DEGREE * Math.cos((midLat * Math.PI) / 180);
  const dy = map.cellLat * METRES_PER_DEGREE;
  const zenith = ((90 - o.altitudeDeg) * Math.PI) / 180;
  const azimuth = ((360 - o.azimuthDeg + 90) * Math.PI) / 180; // compass bearing → maths angle
  const flat = Math.cos(zenith);
  const pixels = new Uint8ClampedArray(new ArrayBuffer(cols * rows * 4));
  const h = (col: number, row: number) => heights[Math.min(rows - 1, Math.max(0, row)) * cols + Math.min(cols - 1, Math.max(0, col))]!;
  for (let row = 0; row < rows; row++) {
    for (let col = 0; col < cols; col++) {
      const east = ((h(col + 1, row) - h(col - 1, row)) / (2 * dx)) * exaggeration;
      const north = ((h(col, row - 1) - h(col, row + 1)) / (2 * dy)) * exaggeration;
      const slope = Math.atan(Math.hypot(east, north));
      const aspect = Math.atan2(north, -east);
      const shade = Math.cos(zenith) * Math.cos(slope) + Math.sin(zenith) * Math.sin(slope) * Math.cos(azimuth - aspect);
      const i = (row * cols + col) * 4;
      const light = shade > flat ? 255 : 0;
      pixels[i] = light;
      pixels[i + 1] = light;
      pixels[i + 2] = light;
      pixels[i + 3] = Math.round(255 * Math.min(o.maxAlpha, Math.abs(shade - flat) * o.strength));
    }
  }
  return pixels;
}
