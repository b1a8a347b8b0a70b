// The figures as pushed: a snapshot on connect, then deltas applied in version order. A delta for
// another version (a push missed, another hub) makes the wall ask for a fresh snapshot instead.
import type { Socket } from 'socket.io-client';
import { shallowRef } from 'vue';
import type { ClientToServerEvents, ServerToClientEvents, StatsSnapshot } from '../../contract/api.ts';
import { patch } from '../../contract/statsDelta.ts';

export function liveStats(socket: Socket<ServerToClientEvents, ClientToServerEvents>) {
  const stats = shallowRef<StatsSnapshot | null>(null);
  let version = 0;
  const set = (snapshot: StatsSnapshot, v: number) => {
    stats.value = snapshot;
    version = v;
  };
  socket.on('stats:snapshot', set);
  socket.on('stats:delta', (delta) => {
    if (stats.value && delta.base === version) set(patch(stats.value, delta), delta.version);
    else socket.emit('stats:get', set);
  });
  return stats;
}
