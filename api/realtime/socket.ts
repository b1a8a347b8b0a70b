// socket.io for walls and people: authenticated with the same tokens as REST, joined to the room of
// the caller's scope, sent a snapshot of that scope's figures on connect and pushes after changes.
import type { Server as HttpServer } from 'node:http';
import { Server, type Socket } from 'socket.io';
import type { AlarmSummary, ClientToServerEvents, EventSummary, ServerToClientEvents } from '../../contract/api.ts';
import { can } from '../auth/permissions.ts';
import type { Principal, Scope } from '../auth/principal.ts';
import { resolveToken, stillValid } from '../auth/sessions.ts';
import type { Db } from '../db/index.ts';
import { currentMode } from '../domain/mode.ts';
import type { Township } from '../domain/township.ts';
import type { Logger } from '../log.ts';
import { principalRoom, roomsForGrid, scopeRoom, townshipRoom } from './rooms.ts';
import type { StatsService } from '../stats/service.ts';
import { StatsPublisher } from './statsPublisher.ts';

export type WallServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, { principal: Principal }>;
type WallSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, { principal: Principal }>;

/** How often open sockets are checked against revocation and expiry. */
const REVALIDATE_MS = 60_000;

export interface Realtime {
  io: WallServer;
  /** Rows were written (in these statistics hours, besides the current one): every scope with screens gets a coalesced push. */
  changed(hours?: number[]): void;
  eventNew(event: EventSummary, grid: { code: string; villageCode: string }): void;
  alarmNew(alarm: AlarmSummary, grid: { code: string; villageCode: string }): void;
  /** Closes the sockets a signed-out session or revoked token opened (see principalRoom). */
  disconnectRoom(room: string): void;
  /** Same, by kind: 'session' (a sign-in), 'user' (all sign-ins of a person), 'display', 'integration'. */
  disconnectPrincipal(kind: 'session' | 'user' | 'display' | 'integration', id: number): void;
  publisherFor(scope: Scope): StatsPublisher;
  close(): Promise<void>;
}

export function createRealtime(httpServer: HttpServer, db: Db, township: Township, stats: StatsService, statsPushMs: number, log: Logger): Realtime {
  const io: WallServer = new Server(httpServer, { serveClient: false, maxHttpBufferSize: 64 * 1024 });
  const publishers = new Map<string, StatsPublisher>();

  const publisherFor = (scope: Scope) => {
    const room = scopeRoom(scope);
    let publisher = publishers.get(room);
    if (!publisher) {
      publisher = new StatsPublisher(stats, scope, statsPushMs, (snapshot) => io.to(room).emit('stats:update', snapshot), log);
      publishers.set(room, publisher);
    }
    return publisher;
  };

  io.use(async (socket, next) => {
    const token = typeof socket.handshake.auth?.token === 'string' ? socket.handshake.auth.token : null;
    const principal = token ? await resolveToken(db, token).catch(() => null) : null;
    if (!principal) return next(new Error('unauthorized: connect with auth { token } from a sign-in or a display token'));
    if (!can(principal, 'stats.read') || principal.scope.townshipCode !== township.code) return next(new Error('forbidden: this token may not watch the wall'));
    socket.data.principal = principal;
    next();
  });

  io.on('connection', (socket: WallSocket) => {
    const { principal } = socket.data;
    const publisher = publisherFor(principal.scope);
    void socket.join([scopeRoom(principal.scope), townshipRoom(township.code), principalRoom(principal.kind, principal.id)]);
    if (principal.kind === 'user') void socket.join(principalRoom('session', principal.sessionId));
    void publisher.snapshot().then(
      (snapshot) => socket.emit('stats:snapshot', snapshot),
      (error: unknown) => log.error({ err: error }, 'snapshot for a new screen failed'),
    );
    void currentMode(db, township.code).then(
      (mode) => socket.emit('mode:changed', mode),
      (error: unknown) => log.error({ err: error }, 'mode for a new screen failed'),
    );
    socket.on('stats:get', async (ack) => {
      if (typeof ack !== 'function') return;
      try {
        ack(await publisher.snapshot());
      } catch (error) {
        log.error({ err: error }, 'snapshot on request failed');
      }
    });
  });

  // Tokens can be revoked and sessions expire while a socket stays open: check now and then.
  const revalidate = setInterval(async () => {
    for (const socket of await io.fetchSockets()) {
      const valid = await stillValid(db, socket.data.principal).catch(() => true);
      if (!valid) socket.disconnect(true);
    }
  }, REVALIDATE_MS);
  revalidate.unref();

  const activeRooms = () => io.of('/').adapter.rooms;
  return {
    io,
    publisherFor,
    changed(hours) {
      stats.changed(hours);
      for (const [room, publisher] of publishers) {
        if ((activeRooms().get(room)?.size ?? 0) > 0) publisher.invalidate();
      }
    },
    eventNew(event, grid) {
      io.to(roomsForGrid(township.code, grid)).emit('event:new', event);
    },
    alarmNew(alarm, grid) {
      io.to(roomsForGrid(township.code, grid)).emit('alarm:new', alarm);
    },
    disconnectRoom(room) {
      io.in(room).disconnectSockets(true);
    },
    disconnectPrincipal(kind, id) {
      io.in(principalRoom(kind, id)).disconnectSockets(true);
    },
    async close() {
      clearInterval(revalidate);
      await Promise.all([...publishers.values()].map((p) => p.close()));
      await new Promise<void>((resolve) => io.close(() => resolve()));
    },
  };
}
