// The images of event marks, drawn on canvases: a dot in the status colour sized by level, on a dark
// disc with the deadline ring around it, and a red halo when overdue. One canvas per style key, drawn
// on first use and shared by every mark with that key (the billboards' texture atlas holds it once,
// under the same key).
import { MARK_COLORS, STATUS_COLORS, TIMING_COLORS } from '../../shared/palette.ts';
import { LEVEL_RADII, RING_STEPS, styleKey, type MarkStyle } from './markStyle.ts';

/** Every mark image is this square (px), centred on the event: marks of all levels line up. */
export const MARK_IMAGE_SIZE = 56;
/** Width of the white outline of the dot. */
const OUTLINE_WIDTH = 1.5;
/** From the dot's edge to the ring's centre line, and the ring's width. */
const RING_OFFSET = 4.5;
const RING_WIDTH = 3;
/** The dark disc extends this far beyond the ring, so the ring reads on any base map. */
const BACKING_MARGIN = 1;
/** The halo: a solid band (what the eye and the pixel test find), then a fade. */
const HALO_BAND = 2.5;
const HALO_FADE = 7;

/** Outer radius of a mark's dark disc. */
function backingRadius(style: Pick<MarkStyle, 'level'>): number {
  return LEVEL_RADII[style.level] + RING_OFFSET + RING_WIDTH / 2 + BACKING_MARGIN;
}

function canvasOf(size: number): { canvas: HTMLCanvasElement; context: CanvasRenderingContext2D } {
  const canvas = document.createElement('canvas');
  canvas.width = size;
  canvas.height = size;
  const context = canvas.getContext('2d');
  if (!context) throw new Error('The browser gave no 2D canvas context: the wall cannot draw its event marks.');
  return { canvas, context };
}

export function drawMark(style: MarkStyle): HTMLCanvasElement {
  const { canvas, context: g } = canvasOf(MARK_IMAGE_SIZE);
  const c = MARK_IMAGE_SIZE / 2;
  const dot = LEVEL_RADII[style.level];
  const ring = dot + RING_OFFSET;
  const backing = backingRadius(style);

  if (style.timing === 'overdue') drawHalo(g, c, backing);

  g.fillStyle = MARK_COLORS.backing;
  g.beginPath();
  g.arc(c, c, backing, 0, 2 * Math.PI);
  g.fill();

  // The ring: the whole track faintly, then the time used from twelve o'clock clockwise.
  g.lineWidth = RING_WIDTH;
  g.strokeStyle = MARK_COLORS.ringTrack;
  g.beginPath();
  g.arc(c, c, ring, 0, 2 * Math.PI);
  g.stroke();
  if (style.ringStep > 0) {
    const start = -Math.PI / 2;
    g.strokeStyle = TIMING_COLORS[style.timing];
    g.lineCap = style.ringStep < RING_STEPS ? 'round' : 'butt';
    g.beginPath();
    g.arc(c, c, ring, start, start + (2 * Math.PI * style.ringStep) / RING_STEPS);
    g.stroke();
  }

  g.fillStyle = STATUS_COLORS[style.status];
  g.strokeStyle = MARK_COLORS.outline;
  g.lineWidth = OUTLINE_WIDTH;
  g.beginPath();
  g.arc(c, c, dot, 0, 2 * Math.PI);
  g.fill();
  g.stroke();
  return canvas;
}

/** An annulus outside the disc: solid red, then fading out. */
function drawHalo(g: CanvasRenderingContext2D, c: number, inner: number) {
  const outer = inner + HALO_BAND + HALO_FADE;
  const gradient = g.createRadialGradient(c, c, inner, c, c, outer);
  gradient.addColorStop(0, MARK_COLORS.halo);
  gradient.addColorStop(HALO_BAND / (outer - inner), MARK_COLORS.halo);
  gradient.addColorStop(1, `${MARK_COLORS.halo}00`);
  g.fillStyle = gradient;
  g.beginPath();
  g.arc(c, c, outer, 0, 2 * Math.PI);
  g.arc(c, c, inner, 0, 2 * Math.PI, true);
  g.fill('evenodd');
}

/** Mark images by style key, each drawn once; kept for the layer's life (the keys are few, see RING_STEPS). */
export class MarkImages {
  readonly #images = new Map<string, HTMLCanvasElement>();

  /** The style's key and its image, drawn now if no mark had this look before. */
  get(style: MarkStyle): { key: string; image: HTMLCanvasElement } {
    const key = styleKey(style);
    let image = this.#images.get(key);
    if (!image) this.#images.set(key, (image = drawMark(style)));
    return { key, image };
  }

  /** Distinct images drawn so far. */
  get size(): number {
    return this.#images.size;
  }
}

/** A mark's image as a data URL, for the legend: the same drawing as on the map, so they cannot drift apart. */
export const markImageUrl = (style: MarkStyle): string => drawMark(style).toDataURL();
