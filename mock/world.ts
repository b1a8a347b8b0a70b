// What the simulated sources know of the township: the same files the hub imported. A real IoT
// platform knows its devices and a field app its users; neither asks the wall for them.
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import { readGisData } from '../gis-data/read.ts';
import type { DeviceFileProps, GridProps, PlaceFileProps, VillageProps, WorkerRecord } from '../contract/gis.ts';

export interface World {
  grids: Feature<Polygon | MultiPolygon, GridProps>[];
  villageNames: Map<string, string>;
  placesByGrid: Map<string, PlaceFileProps[]>;
  devices: (DeviceFileProps & { lon: number; lat: number })[];
  workers: WorkerRecord[];
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
  };
}
