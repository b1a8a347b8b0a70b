// The room's daily work as the hub answers it: the event catalogue (事项清单) with its departments,
// an event's whole record, linked dispatch (联勤联动) with its tasks and recommendations, supervision
// (督办) and escalation to the county (对上承接). Types only, shared by api, screen and mock.
import type { EventSummary } from './api.ts';
import type { DepartmentKind, EventCategory, EventLevel, EventSource, EventStatus, ForceKind, TaskStatus } from './domain.ts';

/** How many of one kind of force a run card sends. */
export interface RunCardLine { kind: ForceKind; count: number }

export interface Department {
  code: string;
  name: string;
  kind: DepartmentKind;
  /** The village a village committee (村委/居委) serves; null for township departments. */
  villageCode: string | null;
  contactName: string;
  /** Masked unless the caller may see it (see docs/security.md). */
  phone: string;
  lon: number;
  lat: number;
  /** Codes of the response forces it owns. */
  forces: string[];
}

/** An item of the event catalogue: what kind of matter, who answers for it, how fast, and what to send. */
export interface EventItem {
  code: string;
  category: EventCategory;
  name: string;
  defaultLevel: EventLevel;
  departmentCode: string;
  /** Hours from acceptance to the deadline, per level. */
  deadlineHours: Record<EventLevel, number>;
  /** What to send, per level. */
  runCard: Record<EventLevel, RunCardLine[]>;
  active: boolean;
  updatedAt: string;
  updatedBy: string;
}

export interface Catalogue {
  departments: Department[];
  items: EventItem[];
}

/** A second report of an event already open (same category, close by, shortly after). */
export interface EventReport {
  id: number;
  source: EventSource;
  title: string;
  reporterName: string | null; // masked
  reporterPhone: string | null; // masked
  lon: number;
  lat: number;
  /** How far from the event it was reported, in metres. */
  distanceM: number;
  receivedAt: string;
  receivedBy: string;
}

export interface EventLogEntry {
  at: string;
  actor: string;
  action: string;
  fromStatus: EventStatus | null;
  toStatus: EventStatus | null;
  note: string | null;
}

export type TaskPartyKind = 'department' | 'force' | 'worker';

export interface TaskParty { kind: TaskPartyKind; code: string; name: string }

export interface TaskSummary {
  id: number;
  eventId: number;
  eventNumber: string;
  eventTitle: string;
  /** Where its event came from: 'emergency_command' for the room's evacuation tasks. */
  eventSource: EventSource;
  gridCode: string;
  party: TaskParty;
  status: TaskStatus;
  instructions: string;
  createdAt: string;
  createdBy: string;
  /** When the task entered its present status. */
  statusAt: string;
  dueAt: string;
  /** Why it was refused or cancelled. */
  reason: string | null;
  feedback: string | null;
}

export interface Supervision {
  id: number;
  eventId: number;
  eventNumber: string;
  gridCode: string;
  /** manual: issued by a duty officer or leader; overdue: issued by the hub when the deadline passed. */
  kind: 'manual' | 'overdue';
  text: string;
  by: string;
  at: string;
  /** Who it is addressed to: the parties of the event's open tasks, or the grid when there are none. */
  recipients: TaskParty[];
}

export interface Escalation {
  id: number;
  eventId: number;
  eventNumber: string;
  reason: string;
  by: string;
  at: string;
  /** The event as sent to the county (personal data masked). */
  event: EventSummary;
  deliveredAt: string | null;
  attempts: number;
  lastError: string | null;
}

/** GET /events/{id}: everything the console shows of one event. */
export interface EventDetail {
  event: EventSummary;
  content: string;
  itemCode: string | null;
  log: EventLogEntry[];
  reports: EventReport[];
  tasks: TaskSummary[];
  supervisions: Supervision[];
  escalation: Escalation | null;
  /** True when the reporter is shown whole (unmask=true with a reason, audited). */
  unmasked: boolean;
}

/** A force that could go, with how far and how long. */
export interface ForceCandidate {
  code: string;
  name: string;
  kind: ForceKind;
  departmentCode: string | null;
  members: number;
  lon: number;
  lat: number;
  distanceM: number;
  etaMinutes: number;
}

export interface WorkerCandidate {
  code: string;
  name: string;
  role: 'grid_leader' | 'grid_worker';
  gridCode: string;
  /** The event's own grid, or a neighbouring one. */
  ownGrid: boolean;
  /** From their last patrol position when it is recent, else from their grid's centre. */
  distanceM: number;
  busy: boolean;
}

/** GET /events/{id}/recommendations: the run card filled with the nearest available forces. */
export interface Recommendation {
  eventId: number;
  itemCode: string | null;
  level: EventLevel;
  department: Department | null;
  lines: { kind: ForceKind; count: number; candidates: ForceCandidate[] }[];
  workers: WorkerCandidate[];
}

export interface DispatchResult {
  event: EventSummary;
  tasks: TaskSummary[];
}
