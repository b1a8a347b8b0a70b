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
  elevation: 'elevation.json', // the header of the schematic heightmap, with the river gauges' datums
  elevationHeights: 'elevation.bin', // its heights (binary, see ElevationHeader)
  households: 'households.json', // households as points with their residents
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
  /** The household (HouseholdRecord.code) the person lives in; their lon/lat are the household's. */
  householdCode?: string;
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

/** How elevation.bin stores a height: a little-endian signed 16-bit integer of decimetres. */
export const ELEVATION_ENCODING = 'int16le-decimetres';

/**
 * elevation.json: the header of the heightmap in elevation.bin. The grid's cells tile the rectangle
 * west…east × south…north in equal steps of longitude and latitude; each cell holds one height, that of
 * its centre. The values run row by row from the north-west cell: row 0 is the northern edge, column 0
 * the western one (index = row × cols + col).
 */
export interface ElevationHeader {
  /** Outer edges of the outer cells, degrees WGS84. */
  west: number;
  south: number;
  east: number;
  north: number;
  cols: number;
  rows: number;
  /** [longitude, latitude] step of one cell in degrees. */
  cellDegrees: [number, number];
  /** [east–west, north–south] size of a cell in metres at the grid's centre (rounded). */
  cellSizeM: [number, number];
  unit: 'm';
  encoding: typeof ELEVATION_ENCODING;
  layout: 'row-major from the north-west cell, one height per cell at its centre';
  /** Heights are above the geoid (EGM96), and made up: schematic (示意). */
  datum: 'EGM96/示意';
  schematic: true;
  seed: number;
  minM: number;
  maxM: number;
  /** Which way the river flows in this grid, and how fast its surface falls (m per km). */
  river: { name: string; downstream: 'east' | 'west'; slopeMPerKm: number; channelDepthM: number };
  /** Every water-level gauge on the river with the datum of its zero. */
  gauges: GaugeDatum[];
  note: string;
}

/** A river water-level gauge and the elevation of its zero: the water surface is datumM + reading. */
export interface GaugeDatum {
  placeCode: string;
  placeKind: 'river_gauge' | 'pumping_station';
  /** The water_level devices that read it (DeviceFileProps.code). */
  deviceCodes: string[];
  lon: number;
  lat: number;
  /** Elevation of the gauge's zero in metres (same datum as the heights). */
  datumM: number;
  /** The lowest bank near the gauge: a reading above bankM − datumM (the devices' warnAbove) starts to overtop it. */
  bankM: number;
  /** The devices' thresholds the datum was set from (metres of stage). */
  warnAbove: number;
  criticalAbove: number;
}

/** One household: where it lives and how many residents it has. */
export interface HouseholdRecord {
  code: string; // H00001 …
  gridCode: string;
  lon: number;
  lat: number;
  residents: number;
}

/** households.json as written: one compact row per household, in the order of HOUSEHOLD_FIELDS. */
export const HOUSEHOLD_FIELDS = ['code', 'gridCode', 'lon', 'lat', 'residents'] as const;
export type HouseholdRow = [code: string, gridCode: string, lon: number, lat: number, residents: number];
export interface HouseholdsFile {
  schematic: true;
  note: string;
  fields: typeof HOUSEHOLD_FIELDS;
  households: HouseholdRow[];
}
