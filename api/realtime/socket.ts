// socket.io for walls and people: authenticated with the same tokens as REST, joined to the room of
// the caller's scope. On connect: missed facts (when the screen says what it saw last), the room's
// mode and a snapshot of its figures; then facts in sequence order and coalesced statistics deltas.
//
// Facts reach screens through the fact log (facts.ts), not from the request that wrote them: each hub
// tails the log in sequence order and emits to its own sockets, so several hubs sharing PostgreSQL
// send every screen the same facts in the same order. Hubs tell each other that something changed
// through @socket.io/postgres-adapter, on a channel of their schema.
import { createHash } from 'node:crypto';
import type { Server as HttpServer } from 'node:http';
import { createAdapter } from '@socket.io/postgres-adapter';
import { Server, type Socket } from 'socket.io';
import type { ClientToServerEvents, ServerToClientEvents } from '../../contract/api.ts';
import { can, coversGrid } from '../auth/permissions.ts';
import type { Principal, Scope } from '../auth/principal.ts';
import { resolveToken, stillValid } from '../auth/sessions.ts';
import type { Db } from '../db/index.ts';
import { currentMode } from '../domain/emergency/mode.ts';
import type { Township } from '../domain/township.ts';
import type { Logger } from '../log.ts';
import type { StatsService } from '../stats/service.ts';
import { STATE_PARTS, type StatePart } from '../stats/state.ts';
import { factRange, factsAfter, pruneFacts, type LoggedFact } from './facts.ts';
import { principalRoom, roomsForGrid, scopeRoom, townshipRoom } from './rooms.ts';
import { StatsPublisher } from './statsPublisher.ts';

interface SocketData { principal: Principal; catchingUp: LoggedFact[] | null }
interface InterHubEvents { changed: (parts: StatePart[]) => void }
export type WallServer = Server<ClientToServerEvents, ServerToClientEvents, InterHubEvents, SocketData>;
type WallSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterHubEvents, SocketData>;

/** How often open sockets are checked against revocation and expiry. */
const REVALIDATE_MS = 60_000;
/** How often the fact log is trimmed to its retention. */
const PRUNE_MS = 10 * 60_000;
/** How often the hub checks whether the clock alone changed figures (an hour began, an event fell overdue). */
const CLOCK_CHECK_MS = 1_000;
/** Facts read from the log per round while tailing or catching a screen up. */
const FACT_PAGE = 1_000;

export interface Realtime {
  io: WallServer;
  /**
   * Rows were written: facts are tailed and figures pushed, on every hub. `parts` names the parts of
   * the live state the write may have changed (all unless given); written buckets are always read back.
   */
  changed(parts?: readonly StatePart[]): void;
  /** Closes the sockets of a sign-in ('session'), of all sign-ins of a person ('user'), of a display token or a key. */
  disconnectPrincipal(kind: 'session' | 'user' | 'display' | 'integration', id: number): void;
  close(): Promise<void>;
}

export interface RealtimeOptions {
  db: Db;
  township: Township;
  stats: StatsService;
  statsPushMs: number;
  log: Logger;
}

export async function createRealtime(httpServer: HttpServer, { db, township, stats, statsPushMs, log }: RealtimeOptions): Promise<Realtime> {
  const io: WallServer = new Server(httpServer, { serveClient: false, maxHttpBufferSize: 64 * 1024 });
  if (db.pgPool) {
    io.adapter(createAdapter(db.pgPool, {
      channelPrefix: await hubChannel(db),
      errorHandler: (error) => log.error({ err: error }, 'postgres adapter error'),
    }));
  }
  const code = township.code;
  const publishers = new Map<string, StatsPublisher>();
  const publisherFor = (scope: Scope) => {
    const room = scopeRoom(scope);
    let publisher = publishers.get(room);
    if (!publisher) {
      publisher = new StatsPublisher(stats, scope, statsPushMs, (delta) => io.local.to(room).emit('stats:delta', delta), log);
      publishers.set(room, publisher);
    }
    return publisher;
  };

  // --- the fact tail: emit what was committed, in sequence order, to this hub's sockets ---------
  let tailed = (await factRange(db, code)).newest;
  let tailing: Promise<void> | null = null;
  let tailAgain = false;
  const emitFact = (fact: LoggedFact) => {
    const rooms = fact.grid ? roomsForGrid(code, { code: fact.grid, villageCode: township.grids.get(fact.grid)?.villageCode ?? '' }) : [townshipRoom(code)];
    // Screens still catching up get the fact in their own queue, after what they missed.
    for (const socket of io.of('/').sockets.values()) {
      if (socket.data.catchingUp && rooms.some((room) => socket.rooms.has(room))) socket.data.catchingUp.push(fact);
    }
    const target = io.local.to(rooms).except('catching-up');
    sendFact(target, fact);
  };
  const tail = (): Promise<void> => {
    if (tailing) {
      tailAgain = true;
      return tailing;
    }
    tailing = (async () => {
      do {
        tailAgain = false;
        for (;;) {
          const facts = await factsAfter(db, code, tailed, FACT_PAGE);
          for (const fact of facts) {
            emitFact(fact);
            tailed = fact.seq;
          }
          if (facts.length < FACT_PAGE) break;
        }
      } while (tailAgain);
    })()
      .catch((error: unknown) => log.error({ err: error }, 'reading the fact log failed'))
      .finally(() => {
        tailing = null;
      });
    return tailing;
  };

  const invalidatePublishers = () => {
    for (const [room, publisher] of publishers) {
      if ((io.of('/').adapter.rooms.get(room)?.size ?? 0) > 0) publisher.invalidate();
      else publisher.markStale();
    }
  };
  const refreshLocal = (parts: readonly StatePart[]) => {
    stats.changed(parts);
    invalidatePublishers();
    void tail();
  };
  // Figures the clock changes without any write reach the walls when it changes them, not at the next write.
  const clock = setInterval(() => {
    if (stats.changedByClock()) invalidatePublishers();
  }, CLOCK_CHECK_MS);
  clock.unref();
  io.on('changed', (parts) => refreshLocal(parts.filter((p) => (STATE_PARTS as readonly string[]).includes(p)))); // from another hub

  // --- connections ------------------------------------------------------------------------------
  io.use(async (socket, next) => {
    const token = typeof socket.handshake.auth?.token === 'string' ? socket.handshake.auth.token : null;
    const principal = token ? await resolveToken(db, token).catch(() => null) : null;
    if (!principal) return next(new Error('unauthorized: connect with auth { token } from a sign-in or a display token'));
    if (!can(principal, 'stats.read') || principal.scope.townshipCode !== code) return next(new Error('forbidden: this token may not watch the wall'));
    socket.data.principal = principal;
    socket.data.catchingUp = null;
    next();
  });

  io.on('connection', (socket: WallSocket) => {
    const { principal } = socket.data;
    const lastSeq = Number(socket.handshake.auth?.lastSeq);
    const publisher = publisherFor(principal.scope);
    socket.data.catchingUp = [];
    void socket.join([scopeRoom(principal.scope), townshipRoom(code), principalRoom(principal.kind, principal.id), 'catching-up']);
    if (principal.kind === 'user') void socket.join([principalRoom('session', principal.sessionId), principalRoom('user', principal.id)]);
    socket.on('stats:get', async (ack) => {
      if (typeof ack !== 'function') return;
      try {
        const { snapshot, version } = await publisher.current();
        ack(snapshot, version);
      } catch (error) {
        log.error({ err: error }, 'snapshot on request failed');
      }
    });
    void catchUp(socket, Number.isSafeInteger(lastSeq) && lastSeq >= 0 ? lastSeq : null, publisher).catch((error: unknown) => {
      log.error({ err: error }, 'catching a screen up failed');
      socket.disconnect(true);
    });
  });

  const inScope = (socket: WallSocket, fact: LoggedFact) => {
    if (!fact.grid) return true;
    const grid = township.grids.get(fact.grid);
    return grid !== undefined && coversGrid(socket.data.principal.scope, grid);
  };

  async function catchUp(socket: WallSocket, lastSeq: number | null, publisher: StatsPublisher): Promise<void> {
    let sent = lastSeq ?? tailed;
    if (lastSeq !== null) {
      const { oldest, newest } = await factRange(db, code);
      // A gap older than the log keeps, or a screen that saw facts this database never numbered (it
      // was restored or rebuilt): either way the screen's lists cannot be patched, only reloaded.
      if (oldest > lastSeq + 1 || lastSeq > newest) {
        // Continue from what this hub has emitted, once it has emitted everything committed so far:
        // a fact committed a moment ago but not yet tailed would otherwise be numbered after the
        // reset's seq and sent again to a screen whose reload already holds it.
        await tail();
        socket.emit('sync:reset', tailed);
        sent = tailed;
      } else {
        for (;;) {
          const facts = await factsAfter(db, code, sent, FACT_PAGE);
          for (const fact of facts) {
            if (inScope(socket, fact)) sendFact(socket, fact);
            sent = fact.seq;
          }
          if (facts.length < FACT_PAGE) break;
        }
      }
    }
    // The replay read the log itself, so it may have sent facts the tail has not emitted yet (on
    // PostgreSQL the tail runs when it hears of the write). Let the tail catch up to them while this
    // screen is still in its catching-up room, or it would emit them to the screen a second time.
    if (tailed < sent) await tail();
    // Facts the tail emitted meanwhile, minus those just replayed; from now on the tail sends directly.
    for (const fact of socket.data.catchingUp ?? []) {
      if (fact.seq > sent) {
        sendFact(socket, fact);
        sent = fact.seq;
      }
    }
    socket.data.catchingUp = null;
    void socket.leave('catching-up');
    socket.emit('sync:ready', Math.max(sent, tailed));
    socket.emit('mode:changed', await currentMode(db, code), null);
    const { snapshot, version } = await publisher.current();
    socket.emit('stats:snapshot', snapshot, version);
  }

  // Tokens can be revoked and sessions expire while a socket stays open: check now and then.
  const revalidate = setInterval(async () => {
    for (const socket of await io.local.fetchSockets()) {
      const valid = await stillValid(db, socket.data.principal).catch(() => true);
      if (!valid) socket.disconnect(true);
    }
  }, REVALIDATE_MS);
  revalidate.unref();
  const prune = setInterval(() => void pruneFacts(db, code).catch((error: unknown) => log.error({ err: error }, 'pruning the fact log failed')), PRUNE_MS);
  prune.unref();

  return {
    io,
    changed(parts = STATE_PARTS) {
      refreshLocal(parts);
      if (db.pgPool) io.serverSideEmit('changed', [...parts]);
    },
    disconnectPrincipal(kind, id) {
      io.in(principalRoom(kind, id)).disconnectSockets(true);
    },
    async close() {
      clearInterval(revalidate);
      clearInterval(prune);
      clearInterval(clock);
      await Promise.all([...publishers.values()].map((p) => p.close()));
      await tailing;
      await new Promise<void>((resolve) => io.close(() => resolve()));
    },
  };
}

/**
 * The notification channel hubs talk on: one per schema. NOTIFY reaches every session of the
 * database, so hubs of different schemas (other deployments, parallel test files) would otherwise
 * hear each other, and one's "close the sockets of display token 1" would close another's.
 */
async function hubChannel(db: Db): Promise<string> {
  const [row] = await db.query<{ schema: string }>('SELECT current_schema() AS schema');
  const schema = row!.schema;
  // Channel names are identifiers: at most 63 bytes with the adapter's "#/" suffix.
  return `cw:${Buffer.byteLength(schema) <= 48 ? schema : createHash('sha256').update(schema).digest('hex').slice(0, 32)}`;
}

/** A socket or a room selection, seen only as something that emits. */
interface Emitter { emit(event: string, ...args: unknown[]): unknown }

/** Emits one fact: every fact kind is an event of the same name, with its payload and sequence number. */
function sendFact(target: object, fact: LoggedFact): void {
  const emit = (event: string, ...args: unknown[]) => (target as Emitter).emit(event, ...args);
  switch (fact.kind) {
    case 'event:new':
    case 'event:updated':
    case 'alarm:new':
    case 'alarm:updated':
    case 'task:updated':
    case 'supervision:new':
    case 'warning:new':
    case 'warning:updated':
    case 'incident:updated':
    case 'hazard:updated':
    case 'shelter:updated':
    case 'mode:changed':
      emit(fact.kind, fact.payload, fact.seq);
      break;
  }
}
