// Writes the files so that they diff well: one feature or record per line, keys in a fixed order.
import type { Geometry } from 'geojson';

export interface OutFeature<P> {
  properties: P;
  geometry: Geometry;
}

/** A FeatureCollection with one feature per line. Key order follows the objects as built. */
export function featureCollectionText<P>(features: readonly OutFeature<P>[]): string {
  const lines = features.map((f) => JSON.stringify({ type: 'Feature', properties: f.properties, geometry: f.geometry }));
  return `{"type":"FeatureCollection","features":[\n${lines.join(',\n')}\n]}\n`;
}

/** A JSON array with one record per line. */
export function recordsText(records: readonly unknown[]): string {
  return `[\n${records.map((r) => JSON.stringify(r)).join(',\n')}\n]\n`;
}

export function documentText(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/** A JSON object of named arrays, one record per line, the sections in the order given; `head`'s fields first, on the first line. */
export function sectionsText(sections: Readonly<Record<string, readonly unknown[]>>, head: Readonly<Record<string, unknown>> = {}): string {
  const fields = Object.entries(head).map(([name, value]) => `${JSON.stringify(name)}:${JSON.stringify(value)}`);
  const parts = Object.entries(sections).map(([name, records]) => `${JSON.stringify(name)}:[\n${records.map((r) => JSON.stringify(r)).join(',\n')}\n]`);
  return `{${[...fields, ...parts].join(',')}}\n`;
}
