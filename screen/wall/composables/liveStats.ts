// The figures as pushed, as a Vue ref: contract/followFigures.ts keeps them (snapshot, then deltas
// in version order, a fresh snapshot after a gap).
import type { Socket } from 'socket.io-client';
import { shallowRef } from 'vue';
import type { ClientToServerEvents, ServerToClientEvents, StatsSnapshot } from '../../../contract/api.ts';
import { followFigures } from '../../../contract/followFigures.ts';

export function liveStats(socket: Socket<ServerToClientEvents, ClientToServerEvents>) {
  const stats = shallowRef<StatsSnapshot | null>(null);
  followFigures(socket, { onFigures: (figures) => (stats.value = figures) });
  return stats;
}
