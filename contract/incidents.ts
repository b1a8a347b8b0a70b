// Incidents (突发事件) and the room's switch to emergency for one (平战转换): a leader opens an incident
// from an event, an alarm or a warning with a response level (Ⅳ…Ⅰ), switches every screen of the
// township to emergency for it and back. Hazard areas and their impact hang off the incident.
import { z } from 'zod';
import type { ForceKind, KeyGroup, PlaceKind } from './domain.ts';
import { lat, lon } from './schemas.ts';
import { RESPONSE_LEVELS, type ResponseLevel } from './warnings.ts';

export const INCIDENT_KINDS = ['flood', 'geo_hazard', 'fire', 'hazmat', 'other'] as const;
export type IncidentKind = (typeof INCIDENT_KINDS)[number];

export const INCIDENT_SOURCES = ['event', 'alarm', 'warning'] as const;
export type IncidentSource = (typeof INCIDENT_SOURCES)[number];

const reason = z.string().trim().min(1, 'give a reason').max(500);

/** POST /incidents. */
export const IncidentInput = z.strictObject({
  title: z.string().trim().min(1).max(200),
  kind: z.enum(INCIDENT_KINDS),
  responseLevel: z.enum(RESPONSE_LEVELS),
  /** What it was opened from; an incident may also be opened on a leader's own judgement. */
  from: z.strictObject({ kind: z.enum(INCIDENT_SOURCES), id: z.number().int().positive() }).optional(),
  reason,
});
export type IncidentInput = z.input<typeof IncidentInput>;

/** POST /incidents/{id}/level: raise or lower the response level. */
export const IncidentLevelInput = z.strictObject({ responseLevel: z.enum(RESPONSE_LEVELS), reason });
/** POST /incidents/{id}/close. */
export const IncidentCloseInput = z.strictObject({ reason });

/** POST /mode: to emergency for an open incident, or back to peacetime. */
export const ModeSwitchInput = z.discriminatedUnion('mode', [
  z.strictObject({ mode: z.literal('emergency'), incidentId: z.number().int().positive(), reason }),
  z.strictObject({ mode: z.literal('peacetime'), reason }),
]);
export type ModeSwitchInput = z.input<typeof ModeSwitchInput>;

/** Largest hazard area accepted, as a multiple of the township's own area: a bigger one is a mistake. */
export const HAZARD_MAX_TOWNSHIP_MULTIPLE = 2;
export const HAZARD_LIMITS = { bufferMinM: 10, bufferMaxM: 20_000, riverWidthMinM: 10, riverWidthMaxM: 5_000, verticesMax: 10_000 } as const;

const position = z.tuple([lon, lat]);
const ring = z.array(position).min(4, 'a ring needs at least 4 positions (the first repeated last)').max(HAZARD_LIMITS.verticesMax);
/** A GeoJSON Polygon or MultiPolygon in WGS84, as drawn in the console. */
export const AreaGeometry = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('Polygon'), coordinates: z.array(ring).min(1).max(100) }),
  z.strictObject({ type: z.literal('MultiPolygon'), coordinates: z.array(z.array(ring).min(1).max(100)).min(1).max(100) }),
]);

/** POST /incidents/{id}/hazard-areas: a new version of the incident's hazard area. */
export const HazardAreaInput = z.discriminatedUnion('method', [
  /** Drawn by hand. */
  z.strictObject({ method: z.literal('polygon'), geometry: AreaGeometry, reason }),
  /** A circle around a point. */
  z.strictObject({ method: z.literal('point_buffer'), lon, lat,
    radiusM: z.number().min(HAZARD_LIMITS.bufferMinM).max(HAZARD_LIMITS.bufferMaxM), reason }),
  /** Both banks of a stretch of the river, given as distances along it from its upstream end. */
  z.strictObject({ method: z.literal('river_buffer'), fromKm: z.number().min(0).max(1_000), toKm: z.number().min(0).max(1_000),
    widthM: z.number().min(HAZARD_LIMITS.riverWidthMinM).max(HAZARD_LIMITS.riverWidthMaxM), reason })
    .refine((r) => r.toKm > r.fromKm, { message: 'toKm must lie downstream of fromKm', path: ['toKm'] }),
  /** The land below a river gauge's water level connected to the river near it (a bathtub fill of the elevation model). */
  z.strictObject({ method: z.literal('water_level'), deviceCode: z.string().min(1).max(64),
    /** Stage in metres on the gauge; its latest reading when left out. */
    levelM: z.number().min(0).max(50).optional(), reason }),
]);
export type HazardAreaInput = z.input<typeof HazardAreaInput>;
export type HazardMethod = HazardAreaInput['method'];

/** GET /incidents/{id}/impact. */
export const ImpactQuery = z.object({ people: z.enum(['true', 'false']).optional() });

export interface HazardArea {
  incidentId: number;
  version: number;
  method: HazardMethod;
  params: Record<string, unknown>;
  /** Clipped to the township. */
  geometry: { type: 'Polygon' | 'MultiPolygon'; coordinates: unknown };
  areaM2: number;
  reason: string;
  createdBy: string;
  createdAt: string;
}

/** Who and what the current hazard area holds: counts only (names are the console's, masked by role). */
export interface ImpactFigures {
  incidentId: number;
  /** The hazard area version counted. */
  version: number;
  residents: number;
  households: number;
  /** Key people inside by group (a person of two groups counts in both), and how many people that is. */
  vulnerable: Record<KeyGroup, number>;
  vulnerablePeople: number;
  placesByKind: Partial<Record<PlaceKind, number>>;
  /** Shelters near the area, nearest first: those inside cannot take evacuees. */
  shelters: { code: string; name: string; capacity: number; occupancy: number; free: number; distanceM: number; inside: boolean }[];
  /** Response forces near the area, nearest first. */
  forces: { code: string; name: string; kind: ForceKind; distanceM: number; inside: boolean }[];
  /** How far around the area shelters and forces are looked for. */
  nearbyM: number;
}

/** The `hazard:updated` fact: a new version of an incident's hazard area, with what it holds. */
export interface HazardUpdate { area: HazardArea; impact: ImpactFigures }

/** POST /incidents/{id}/shelters/{code}/arrivals: people who reached a shelter (a field app posts them). */
export const ArrivalInput = z.strictObject({
  people: z.number().int().min(1).max(10_000),
  /** The sender's id of this arrival: sent again, it is the same arrival. */
  externalId: z.string().trim().min(1).max(128).optional(),
  note: z.string().trim().max(500).optional(),
});
export type ArrivalInput = z.input<typeof ArrivalInput>;

/** GET /incidents/{id}/shelters?lon=&lat=&people=: the shelters, and the nearest with room from a point. */
export const ShelterQuery = z.object({
  lon: z.coerce.number().min(-180).max(180).optional(),
  lat: z.coerce.number().min(-90).max(90).optional(),
  people: z.coerce.number().int().min(1).max(10_000).default(1),
});

/** A shelter during an incident: its capacity, who has arrived, and the room left. */
export interface ShelterState {
  code: string;
  name: string;
  capacity: number;
  occupancy: number;
  /** Capacity less occupancy, never below 0. */
  free: number;
  lon: number;
  lat: number;
  /** Inside the current hazard area: it should take no one. */
  inHazardArea: boolean;
}

/** The `shelter:updated` fact. */
export interface ShelterUpdate { incidentId: number; shelter: ShelterState }

/** One fact of an incident's replay (工作复盘), in time order. Personal data never: people as codes. */
export type TimelineItem =
  | { at: string; kind: 'reading'; deviceCode: string; value: number; overThreshold: boolean }
  | { at: string; kind: 'alarm'; alarmId: number; deviceCode: string; step: 'raised' | 'acknowledged' | 'cleared'; severity: string; value: number; lon: number; lat: number }
  | { at: string; kind: 'warning'; warningId: number; step: 'raised' | 'acknowledged' | 'resolved'; level: string; title: string; lon: number | null; lat: number | null }
  | { at: string; kind: 'incident'; step: 'opened' | 'level' | 'closed'; responseLevel: string | null; reason: string | null; by: string }
  | { at: string; kind: 'mode'; mode: 'peacetime' | 'emergency'; reason: string; by: string }
  | { at: string; kind: 'hazard'; version: number; method: HazardMethod; areaM2: number; geometry: HazardArea['geometry'] }
  /** A dispatch task's state; lon/lat are its event's place. */
  | { at: string; kind: 'task'; taskId: number; eventId: number; status: string; party: string; lon: number; lat: number }
  /** People reaching a shelter; lon/lat and capacity are the shelter's. */
  | { at: string; kind: 'arrival'; shelterCode: string; people: number; lon: number; lat: number; capacity: number | null }
  | { at: string; kind: 'patrol'; workerCode: string; lon: number; lat: number };

/** GET /incidents/{id}/timeline: everything that happened around an incident, oldest first. */
export interface IncidentTimeline {
  incident: IncidentSummary;
  from: string;
  to: string;
  items: TimelineItem[];
  /** Kinds whose items were cut at the limit (readings and patrol points are many). */
  truncated: TimelineItem['kind'][];
}

export interface IncidentSummary {
  id: number;
  number: string;
  title: string;
  kind: IncidentKind;
  responseLevel: ResponseLevel;
  status: 'open' | 'closed';
  from: { kind: IncidentSource; id: number } | null;
  openedBy: string;
  openedAt: string;
  closedBy: string | null;
  closedAt: string | null;
  /** The current hazard area's version (0 before one is drawn). */
  hazardVersion: number;
}

export interface ModeSwitch {
  id: number;
  mode: 'peacetime' | 'emergency';
  incidentId: number | null;
  reason: string;
  switchedBy: string;
  at: string;
}
