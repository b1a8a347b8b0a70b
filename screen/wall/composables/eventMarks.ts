// Open events as marks on the map: one billboard per event in one BillboardCollection, its image shared
// by style key (markImages.ts). A self-contained layer: it adds, restyles, flashes, removes and
// destroys itself. (The pulse of supervised events is drawn over the map by MarkPulses.vue, so that it
// never makes the scene render.)
import { BillboardCollection, Cartesian2, Cartesian3, HeightReference, type Billboard, type Scene } from 'cesium';
import type { EventSummary } from '../../../contract/api.ts';
import { MarkImages } from './markImages.ts';
import { FLAT_SURFACE, type Surface } from './terrainSurface.ts';
import { isPulsing, markStyleOf, type MarkStyle } from './markStyle.ts';

/** Height above the ground (m): above the boundary lines and place points, on the plain and on the hills. */
const EVENT_HEIGHT = 40;
/** A new event's mark shows this much larger for FLASH_MS. */
const FLASH_SCALE = 2.2;
const FLASH_MS = 2000;

interface Mark {
  event: EventSummary;
  position: Cartesian3;
  billboard: Billboard;
  style: MarkStyle;
  key: string;
  flash: ReturnType<typeof setTimeout> | undefined;
}

/** What one mark shows, for the test hooks. */
export interface MarkState {
  id: number;
  style: MarkStyle;
  key: string;
  /** Where the mark is drawn on the canvas (CSS px from the top-left; undefined behind the camera): its clamped position, with the terrain. */
  screenPosition(scene: Scene, result: Cartesian2): Cartesian2 | undefined;
  /** Its image is in the atlas: the mark is on screen at the next frame. */
  ready: boolean;
  /** Supervised or escalated: it pulses. */
  pulsing: boolean;
  /** Shown large for a moment, as a new event. */
  flashing: boolean;
}

/** Where a mark stands on the surface (terrainSurface.ts): a height of its own, or clamped by Cesium. */
function placementOf(event: EventSummary, surface: Surface): { position: Cartesian3; heightReference: HeightReference } {
  const height = surface.heightAt(event.lon, event.lat, EVENT_HEIGHT);
  return {
    position: Cartesian3.fromDegrees(event.lon, event.lat, height ?? EVENT_HEIGHT),
    heightReference: height === null ? HeightReference.RELATIVE_TO_GROUND : HeightReference.NONE,
  };
}

export class EventMarks {
  readonly #scene: Scene;
  readonly #marks = new Map<number, Mark>();
  readonly #images = new MarkImages();
  readonly #billboards: BillboardCollection;
  #surface: Surface;
  #version = 0;

  constructor(scene: Scene, surface: Surface = FLAT_SURFACE) {
    this.#scene = scene;
    this.#surface = surface;
    // Marks, place and force dots and village names are billboards drawn on the near plane (they ignore
    // depth), and a billboard fails the depth test where an earlier one was drawn: the marks go to the
    // bottom of the primitive list, drawn first, so no dot or name ever covers an event.
    this.#billboards = scene.primitives.add(new BillboardCollection({ scene }), 0) as BillboardCollection;
  }

  /** Bumped whenever what is drawn changes. */
  get version(): number {
    return this.#version;
  }

  get size(): number {
    return this.#marks.size;
  }

  /** Distinct mark images drawn so far (one per style key, whatever the number of marks). */
  get images(): number {
    return this.#images.size;
  }

  /**
   * The marks become exactly these events, styled as at `now` (epoch ms). An event not drawn before
   * flashes when `flashNew` is set.
   */
  sync(events: readonly EventSummary[], now: number, flashNew: boolean): void {
    const wanted = new Set(events.map((event) => event.id));
    for (const [id, mark] of this.#marks) if (!wanted.has(id)) this.#remove(id, mark);
    for (const event of events) {
      const mark = this.#marks.get(event.id);
      if (mark) this.#update(mark, event, now);
      else this.#add(event, now, flashNew);
    }
    this.#changed();
  }

  /** Stands every mark on a new surface (the relief arrived or changed). */
  resurface(surface: Surface): void {
    this.#surface = surface;
    for (const mark of this.#marks.values()) this.#place(mark);
    this.#changed();
  }

  /** Restyles the marks for `now` (the ring advancing, a deadline passing); renders only if a mark changed. */
  restyle(now: number): void {
    let changed = false;
    for (const mark of this.#marks.values()) changed = this.#setStyle(mark, markStyleOf(mark.event, now)) || changed;
    if (changed) this.#changed();
  }

  *states(): Generator<MarkState> {
    for (const [id, mark] of this.#marks) {
      const { billboard } = mark;
      yield {
        id, style: mark.style, key: mark.key, ready: billboard.ready, pulsing: isPulsing(mark.event), flashing: mark.flash !== undefined,
        screenPosition: (scene, result) => billboard.computeScreenSpacePosition(scene, result),
      };
    }
  }

  /** Removes and destroys the collection; the viewer may already be gone. */
  destroy(): void {
    for (const mark of this.#marks.values()) clearTimeout(mark.flash);
    this.#marks.clear();
    if (this.#scene.isDestroyed()) return;
    this.#scene.primitives.remove(this.#billboards);
    this.#scene.requestRender();
  }

  #add(event: EventSummary, now: number, flash: boolean) {
    const placement = placementOf(event, this.#surface);
    const billboard = this.#billboards.add({ ...placement, disableDepthTestDistance: Number.POSITIVE_INFINITY });
    const mark: Mark = { event, position: placement.position, billboard, style: markStyleOf(event, now), key: '', flash: undefined };
    this.#marks.set(event.id, mark);
    this.#setStyle(mark, mark.style);
    if (flash) this.#flash(mark);
  }

  #update(mark: Mark, event: EventSummary, now: number) {
    const moved = event.lon !== mark.event.lon || event.lat !== mark.event.lat;
    mark.event = event;
    if (moved) this.#place(mark);
    this.#setStyle(mark, markStyleOf(event, now));
  }

  #place(mark: Mark) {
    const { position, heightReference } = placementOf(mark.event, this.#surface);
    mark.position = position;
    mark.billboard.heightReference = heightReference;
    mark.billboard.position = position;
  }

  /** Points the billboard at the style's shared image; true when its look changed. */
  #setStyle(mark: Mark, style: MarkStyle): boolean {
    const { key, image } = this.#images.get(style);
    if (key === mark.key) return false;
    mark.billboard.setImage(key, image);
    mark.key = key;
    mark.style = style;
    return true;
  }

  #flash(mark: Mark) {
    mark.billboard.scale = FLASH_SCALE;
    mark.flash = setTimeout(() => {
      mark.flash = undefined;
      mark.billboard.scale = 1;
      this.#changed();
    }, FLASH_MS);
  }

  #remove(id: number, mark: Mark) {
    clearTimeout(mark.flash);
    this.#billboards.remove(mark.billboard);
    this.#marks.delete(id);
  }

  #changed() {
    this.#version++;
    this.#scene.requestRender();
  }
}
