// The hillshade (hillshade.ts) as an image the globe can drape: a PNG data URL over the grid's cells.
import type { Heightmap } from '../../../contract/heightmap.ts';
import { hillshadePixels } from './hillshade.ts';

/** The hillshade as a PNG data URL (for a SingleTileImageryProvider over the grid's rectangle). */
export function hillshadeDataUrl(map: Heightmap, exaggeration: number): string {
  const canvas = document.createElement('canvas');
  canvas.width = map.cols;
  canvas.height = map.rows;
  const context = canvas.getContext('2d');
  if (!context) throw new Error('The browser gave no 2D canvas context: the wall cannot shade its relief.');
  context.putImageData(new ImageData(hillshadePixels(map, exaggeration), map.cols, map.rows), 0, 0);
  return canvas.toDataURL('image/png');
}
