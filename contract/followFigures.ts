// How a screen keeps a scope's figures: the snapshot on connect, then each delta applied onto the
// version it names; a delta for another version (a push missed, another hub) means asking for a
// fresh snapshot. The wall, the tests and the push benchmark all follow figures through this.
import type { Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents, StatsDelta, StatsSnapshot } from './api.ts';
import { patch } from './statsDelta.ts';

export interface FigureFollower {
  /** Every new state of the figures, with its version. */
  onFigures(figures: StatsSnapshot, version: number): void;
  /** Each delta as it arrives, and whether it applied (false: a snapshot was asked for instead). */
  onDelta?(delta: StatsDelta, applied: boolean): void;
}

export function followFigures(socket: Socket<ServerToClientEvents, ClientToServerEvents>, follower: FigureFollower): void {
  let figures: StatsSnapshot | null = null;
  let version = 0;
  const set = (snapshot: StatsSnapshot, v: number) => {
    figures = snapshot;
    version = v;
    follower.onFigures(snapshot, v);
  };
  socket.on('stats:snapshot', set);
  socket.on('stats:delta', (delta) => {
    const applies = figures !== null && delta.base === version;
    follower.onDelta?.(delta, applies);
    if (applies) set(patch(figures!, delta), delta.version);
    else socket.emit('stats:get', set);
  });
}
