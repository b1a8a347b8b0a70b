// The shape of the files in gis-data/huzhen/ that the generator writes and the hub's loader reads.
// All coordinates are WGS84 [lon, lat]. Generated shapes are schematic (示意) and say so.
import type { DepartmentKind, DeviceType, EventCategory, EventLevel, ForceKind, KeyGroup, PlaceKind } from './domain.ts';

export const GIS_FILES = {
  manifest: 'manifest.json',
  county: 'county.geojson', // the real county outline (attribution in the manifest)
  township: 'township.geojson',
  villages: 'villages.geojson',
  grids: 'grids.geojson',
  river: 'river.geojson',
  places: 'places.geojson',
  devices: 'devices.geojson',
  forces: 'forces.geojson',
  workers: 'workers.json',
  keyPeople: 'key-people.json',
  catalogue: 'catalogue.json', // departments and the event catalogue (事项清单)
} as const;

export interface GisManifest {
  seed: number;
  generator: string; // e.g. "gis-data/scripts/generate.ts v1"
  township: { code: string; name: string; countyCode: string; countyName: string };
  counts: { villages: number; grids: number; places: number; devices: number; forces: number; departments: number; items: number; workers: number; keyPeople: number; residents: number; households: number };
  attribution: string[]; // shown on the wall with the map
  schematic: true;
}

export interface TownshipProps { code: string; name: string; countyCode: string; countyName: string; schematic: true }
export interface VillageProps { code: string; name: string; fullName: string; kind: '村' | '社区'; townshipCode: string; schematic: true }
export interface GridProps {
  code: string; // village code + 2 digits, e.g. 33082510100103
  name: string; // e.g. 新光村第3网格
  villageCode: string;
  population: number;
  households: number;
  schematic: true;
}
export interface RiverProps { name: string; schematic: true }
export interface PlaceFileProps { code: string; name: string; kind: PlaceKind; villageCode: string; gridCode: string; capacity?: number }
export interface DeviceFileProps {
  code: string;
  name: string;
  type: DeviceType;
  gridCode: string;
  placeCode?: string;
  unit: string; // e.g. "m", "ppm", "%LEL"; "" for on/off sensors (1 = triggered)
  /** Normal operating range the simulator draws from. */
  normalMin: number;
  normalMax: number;
  /** A reading above warnAbove raises a warning alarm; above criticalAbove a critical one. */
  warnAbove: number;
  criticalAbove: number;
}
export interface ForceFileProps {
  code: string;
  name: string;
  kind: ForceKind;
  members: number;
  phone: string;
  gridCode: string;
  departmentCode: string; // the department that owns it (DepartmentRecord.code)
}
export interface WorkerRecord { code: string; name: string; gridCode: string; role: 'grid_leader' | 'grid_worker'; phone: string }
export interface KeyPersonRecord {
  code: string;
  name: string;
  idNumber: string; // 18-digit resident ID with a valid check digit, region 330825 (fictitious people)
  phone: string;
  address: string;
  groups: KeyGroup[];
  gridCode: string;
  lon: number;
  lat: number;
}

/** A department that answers for catalogue items and owns forces: a township office or a village committee. */
export interface DepartmentRecord {
  code: string; // DEP-POLICE …, DEP-V-<village code> for a village committee
  name: string;
  kind: DepartmentKind;
  villageCode: string | null; // the village a committee serves; null for township departments
  contactName: string;
  phone: string;
  lon: number;
  lat: number;
}

/** An item of the event catalogue (事项清单): who answers for it, how fast, and what to send, per level. */
export interface EventItemRecord {
  code: string; // snake_case, e.g. fire_residential
  category: EventCategory;
  name: string;
  defaultLevel: EventLevel;
  departmentCode: string; // a township department
  deadlineHours: Record<EventLevel, number>;
  runCard: Record<EventLevel, { kind: ForceKind; count: number }[]>;
}

export interface CatalogueFile {
  departments: DepartmentRecord[];
  items: EventItemRecord[];
}
