// What the simulated sources know of the township: the same files the hub imported. A real IoT
// platform knows its devices and a field app its users; neither asks the wall for them.
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import { readGisData } from '../gis-data/read.ts';
import type { DeviceFileProps, EventItemRecord, GridProps, PlaceFileProps, VillageProps, WorkerRecord } from '../contract/gis.ts';
import type { EventCategory } from '../contract/domain.ts';

export interface World {
  grids: Feature<Polygon | MultiPolygon, GridProps>[];
  villageNames: Map<string, string>;
  placesByGrid: Map<string, PlaceFileProps[]>;
  devices: (DeviceFileProps & { lon: number; lat: number })[];
  workers: WorkerRecord[];
  /** The catalogue's items by category: a hotline system files each call under one. */
  itemsByCategory: Map<EventCategory, EventItemRecord[]>;
}

export function loadWorld(gisDir?: string): World {
  const data = readGisData(gisDir);
  const placesByGrid = new Map<string, PlaceFileProps[]>();
  for (const place of data.places.features) {
    const list = placesByGrid.get(place.properties.gridCode) ?? [];
    list.push(place.properties);
    placesByGrid.set(place.properties.gridCode, list);
  }
  return {
    grids: data.grids.features as Feature<Polygon | MultiPolygon, GridProps>[],
    villageNames: new Map(data.villages.features.map((f) => [f.properties.code, (f.properties as VillageProps).name])),
    placesByGrid,
    devices: data.devices.features.map((f) => ({ ...f.properties, lon: f.geometry.coordinates[0]!, lat: f.geometry.coordinates[1]! })),
    workers: data.workers,
    itemsByCategory: groupItems(data.catalogue.items),
  };
}

function groupItems(items: EventItemRecord[]): Map<EventCategory, EventItemRecord[]> {
  const byCategory = new Map<EventCategory, EventItemRecord[]>();
  for (const item of items) byCategory.set(item.category, [...(byCategory.get(item.category) ?? []), item]);
  return byCategory;
}
