// Counting pixels of a colour in a PNG screenshot, to check that something was drawn where expected.
import { PNG } from 'pngjs';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export type Rgb = [red: number, green: number, blue: number];

export interface CountOptions {
  /** Region to search, in image pixels; the whole image when absent. Clipped to the image. */
  rect?: Rect;
  /** Largest difference allowed in each of red, green and blue (0–255). Default 24. */
  tolerance?: number;
}

const DEFAULT_TOLERANCE = 24;

export function decodePng(buffer: Buffer): PNG {
  return PNG.sync.read(buffer);
}

/** '#00e5ff' or '00e5ff' → [0, 229, 255]. */
export function parseHex(hex: string): Rgb {
  const match = /^#?([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!match) throw new Error(`Not a #rrggbb colour: "${hex}"`);
  return [parseInt(match[1]!, 16), parseInt(match[2]!, 16), parseInt(match[3]!, 16)];
}

/** How many pixels in `rect` are within `tolerance` of `color` on every channel (alpha ignored). */
export function countPixelsNear(image: PNG | Buffer, color: string | Rgb, { rect, tolerance = DEFAULT_TOLERANCE }: CountOptions = {}): number {
  const png = Buffer.isBuffer(image) ? decodePng(image) : image;
  const [red, green, blue] = typeof color === 'string' ? parseHex(color) : color;
  const x0 = Math.max(0, Math.floor(rect?.x ?? 0));
  const y0 = Math.max(0, Math.floor(rect?.y ?? 0));
  const x1 = Math.min(png.width, Math.ceil(rect ? rect.x + rect.width : png.width));
  const y1 = Math.min(png.height, Math.ceil(rect ? rect.y + rect.height : png.height));
  let count = 0;
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      const i = (y * png.width + x) * 4;
      if (
        Math.abs(png.data[i]! - red) <= tolerance &&
        Math.abs(png.data[i + 1]! - green) <= tolerance &&
        Math.abs(png.data[i + 2]! - blue) <= tolerance
      ) {
        count++;
      }
    }
  }
  return count;
}
