// A wall opened as a replay (工作复盘): `?replay=<incidentId>` in the display link, optionally
// `&speed=<1|10|60|300|600>`. Without it the wall is the live wall; with a bad value it says so.
import { DEFAULT_REPLAY_SPEED, type ReplaySpeed } from '../../shared/replay.ts';
import { isReplaySpeed } from '../../shared/useReplayPlayback.ts';

export interface ReplayLink {
  /** Null when the link's `replay` is not an incident id. */
  incidentId: number | null;
  speed: ReplaySpeed;
}

/** The replay the address asks for, or null for the live wall. */
export function replayLinkOf(search: string): ReplayLink | null {
  const params = new URLSearchParams(search);
  const replay = params.get('replay');
  if (replay === null) return null;
  const id = /^\d{1,15}$/.test(replay) ? Number(replay) : NaN;
  const speed = Number(params.get('speed'));
  return { incidentId: Number.isSafeInteger(id) && id > 0 ? id : null, speed: isReplaySpeed(speed) ? speed : DEFAULT_REPLAY_SPEED };
}
