// The wall's replay (工作复盘) of one incident: its timeline read once with the display token, played
// by the shared model (screen/shared/useReplay.ts), and reported on window.__wall.replay for the
// browser test; and the township, for the map's frame and the title. The replay wall opens no
// socket: a live push cannot change what it shows.
import { onScopeDispose, shallowRef, watchEffect } from 'vue';
import { useI18n } from 'vue-i18n';
import type { TownshipInfo } from '../../../contract/api.ts';
import { errorText, isAbort } from '../../shared/hubApi.ts';
import { useReplay } from '../../shared/useReplay.ts';
import { fetchTimeline, fetchTownship, HubRequestError } from './hubApi.ts';
import type { ReplayLink } from './replayLink.ts';
import { wallHooks } from './wallHooks.ts';

const iso = (ms: number | undefined) => (ms === undefined ? null : new Date(ms).toISOString());

export function useWallReplay(link: ReplayLink) {
  const { t } = useI18n();
  const { incidentId } = link;
  const replay = useReplay({
    load: () => (incidentId === null ? null : async (signal) => {
      try {
        return await fetchTimeline(incidentId, signal);
      } catch (cause) {
        throw cause instanceof HubRequestError && cause.status === 404 ? new Error(t('replay.notFound', { id: incidentId })) : cause;
      }
    }),
    speed: link.speed,
  });

  const township = shallowRef<TownshipInfo | null>(null);
  const townshipError = shallowRef<string | null>(null);
  const townshipRequest = new AbortController();
  fetchTownship(townshipRequest.signal)
    .then((info) => (township.value = info))
    .catch((cause: unknown) => {
      if (!isAbort(cause)) townshipError.value = errorText(cause);
    });

  watchEffect(() => {
    const r = replay.replay.value;
    const moment = replay.moment.value;
    wallHooks.replay = {
      incidentId,
      state: replay.state.value,
      error: replay.error.value,
      from: iso(r?.from),
      to: iso(r?.to),
      at: r ? iso(replay.t.value) : null,
      playing: replay.playing.value,
      speed: replay.speed.value,
      facts: moment?.count ?? 0,
      totalFacts: r?.items.length ?? 0,
      logShown: replay.log.value.length,
      phase: moment?.phase ?? null,
      mode: moment?.mode ?? null,
      hazardVersion: moment?.hazard?.version ?? null,
      alarms: moment?.alarms.length ?? 0,
      warnings: moment?.warnings.length ?? 0,
      tasks: moment?.tasks.length ?? 0,
      sheltered: moment?.sheltered ?? 0,
      workers: moment?.workers.length ?? 0,
      marks: replay.map.value.marks.length,
    };
  });
  onScopeDispose(() => {
    townshipRequest.abort();
    wallHooks.replay = null;
  });

  return { ...replay, township, townshipError };
}
