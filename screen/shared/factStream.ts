// The hub's socket with catch-up, for the wall and the console: every fact carries the township's
// sequence number, and the last one seen is sent on each reconnect (`auth: { token, lastSeq }`), so
// the hub replays exactly what was missed and then says `sync:ready`. When it cannot (the gap is
// older than it keeps, or the database was restored) it says `sync:reset` instead and the screen
// reloads its lists. The socket closes with the caller's scope.
import { io, type Socket } from 'socket.io-client';
import { onScopeDispose, ref, type Ref } from 'vue';
import type { ClientToServerEvents, ServerToClientEvents } from '../../contract/api.ts';

/** 'connecting' only until the first attempt ends; after a failure or loss it stays 'disconnected' while socket.io retries. */
export type ConnectionState = 'connecting' | 'connected' | 'disconnected';

export type HubSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** The numbered facts: each handler gets the payload and its sequence number. */
export type FactName = 'event:new' | 'event:updated' | 'alarm:new' | 'alarm:updated' | 'task:updated' | 'supervision:new' | 'warning:new' | 'warning:updated' | 'incident:updated' | 'hazard:updated' | 'shelter:updated' | 'mode:changed';

type NumberedFact = (payload: unknown, seq: number | null) => void;

export interface FactStreamOptions {
  /** The credential, read at every (re)connect. */
  token: () => string;
  /**
   * After each connect. `first` is true until a fact or sync:ready has been seen: the screen loads
   * its lists then (later reconnects are caught up by the hub).
   */
  onConnect?: (first: boolean) => void;
  /** The hub could not replay what was missed: reload every list. */
  onReset?: () => void;
  /** The hub refused the credential (`unauthorized: …` or `forbidden: …`); retrying will not help. */
  onRefused?: (message: string) => void;
  onConnection?: (state: ConnectionState) => void;
}

export interface FactStream {
  socket: HubSocket;
  connection: Readonly<Ref<ConnectionState>>;
  /** Listens to a fact; the sequence number is recorded before the handler runs. */
  on<F extends FactName>(fact: F, handler: ServerToClientEvents[F]): void;
}

export function useFactStream(options: FactStreamOptions): FactStream {
  const connection = ref<ConnectionState>('connecting');
  /** The last fact's sequence number seen: sent on every reconnect, so the hub replays exactly what was missed. */
  let lastSeq: number | null = null;
  const seen = (seq: number | null) => {
    if (seq !== null) lastSeq = Math.max(lastSeq ?? 0, seq);
  };
  const setConnection = (state: ConnectionState) => {
    connection.value = state;
    options.onConnection?.(state);
  };

  const socket: HubSocket = io({
    path: '/socket.io',
    transports: ['websocket'],
    auth: (send) => send(lastSeq === null ? { token: options.token() } : { token: options.token(), lastSeq }),
  });
  socket.on('connect', () => {
    setConnection('connected');
    options.onConnect?.(lastSeq === null);
  });
  socket.on('connect_error', (cause) => {
    setConnection('disconnected');
    if (cause.message.startsWith('unauthorized') || cause.message.startsWith('forbidden')) options.onRefused?.(cause.message);
  });
  socket.on('disconnect', () => setConnection('disconnected'));
  socket.on('sync:ready', seen);
  socket.on('sync:reset', (seq) => {
    lastSeq = seq;
    options.onReset?.();
  });

  function on<F extends FactName>(fact: F, handler: ServerToClientEvents[F]): void {
    // Every fact's handler takes (payload, seq): seq is recorded first, whatever the payload's type.
    const inner = handler as unknown as NumberedFact;
    const listener: NumberedFact = (payload, seq) => {
      seen(seq);
      inner(payload, seq);
    };
    // socket.io's typed on() cannot resolve a listener for a generic event name; the name is a FactName.
    (socket as unknown as { on(event: FactName, listener: NumberedFact): void }).on(fact, listener);
  }

  onScopeDispose(() => {
    socket.removeAllListeners();
    socket.disconnect();
    setConnection('disconnected');
  });

  return { socket, connection, on };
}
