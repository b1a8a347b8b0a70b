// What every route module receives: the hub's parts, passed in so tests build them for real.
import type { Db } from '../db/index.ts';
import type { ForceIndex } from '../domain/dispatch/forceIndex.ts';
import type { RoomPolicy } from '../domain/policy.ts';
import type { Township } from '../domain/township.ts';
import type { Terrain } from '../domain/emergency/terrain.ts';
import type { TownshipImpact } from '../domain/emergency/impact.ts';
import type { Logger } from '../log.ts';
import type { Realtime } from '../realtime/socket.ts';
import type { StatsService } from '../stats/service.ts';
import type { LayerCache } from './layers.ts';

export interface HubLimits {
  /** Sign-in attempts per client address per minute. */
  loginPerMinute: number;
  /** Ingest requests per credential per minute. */
  ingestPerMinute: number;
  /** How far ahead of the hub's clock a record's time may be (the senders' clocks drift). */
  clockSkewMs: number;
}

export interface HubContext {
  db: Db;
  township: Township;
  realtime: Realtime;
  stats: StatsService;
  layers: LayerCache;
  log: Logger;
  limits: HubLimits;
  policy: RoomPolicy;
  startedAt: number;
  version: string;
  /** The township's response forces, indexed for recommendations. */
  forces: ForceIndex;
  /** Re-reads reference data (devices, workers, forces) after an admin change. */
  reloadTownship(): Promise<void>;
  /** An escalation was written: deliver it to the county's webhook (if one is set) without waiting for the next round. */
  escalationsWritten(): void;
  /** Something a warning rule looks at was written (readings, events, a rule): evaluate now rather than at the next round. */
  warningsMayChange(): void;
  /** The township's elevation model and river gauges (read once), or null when it has none. */
  terrain(): Promise<Terrain | null>;
  /** The index over the township's households, key people, places and forces for impact analysis (built once, again after a reload). */
  impact(): Promise<TownshipImpact>;
}
