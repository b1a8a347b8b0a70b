// The evacuation of the incident in view: its plan (every round's people, who brings them, to which
// shelter, how far their tasks have got), loaded when the incident changes and again when the hub
// pushes a task change. Loads never pile up: a push during a load asks for one more after it.
import { ElMessage } from 'element-plus';
import { computed, onScopeDispose, ref, shallowRef, watch } from 'vue';
import { useI18n } from 'vue-i18n';
import type { EvacuationPlan, EvacueeAssignment } from '../../../contract/evacuation.ts';
import { errorText, isAbort } from '../../shared/hubApi.ts';
import * as api from '../api/evacuation.ts';
import { useRefusalText } from './refusal.ts';
import { useConsoleHub } from './useConsoleHub.ts';

/** One bringer's share of the plan: the people they fetch, where to, and their task's state. */
export interface BringerRun { key: string; party: NonNullable<EvacueeAssignment['party']>; round: number; people: EvacueeAssignment[]; shelters: string[]; status: EvacueeAssignment['taskStatus'] }

export function runsOf(plan: EvacuationPlan | null): BringerRun[] {
  const runs = new Map<string, BringerRun>();
  for (const a of plan?.assignments ?? []) {
    if (!a.party) continue;
    const key = `${a.taskId ?? `${a.party.kind}:${a.party.code}`}`;
    const run = runs.get(key) ?? { key, party: a.party, round: a.round, people: [], shelters: [], status: a.taskStatus };
    run.people.push(a);
    const shelter = a.shelter?.name ?? null;
    if (shelter && !run.shelters.includes(shelter)) run.shelters.push(shelter);
    runs.set(key, run);
  }
  return [...runs.values()];
}

export function useEvacuation(incidentId: () => number | null) {
  const hub = useConsoleHub();
  const { t } = useI18n();
  const refusalText = useRefusalText();
  const plan = shallowRef<EvacuationPlan | null>(null);
  const busy = ref(false);
  let request: AbortController | undefined;
  let again = false;

  async function load() {
    const id = incidentId();
    if (id === null) {
      request?.abort();
      plan.value = null;
      return;
    }
    if (request && !request.signal.aborted) {
      again = true; // one more once this one answers
      return;
    }
    const current = (request = new AbortController());
    try {
      const answer = await api.fetchEvacuationPlan(id, current.signal);
      if (!current.signal.aborted && incidentId() === id) plan.value = answer;
    } catch (cause) {
      if (!isAbort(cause)) ElMessage.error(t('common.loadFailed', { error: errorText(cause) }));
    } finally {
      if (request === current) request = undefined;
      if (again) {
        again = false;
        void load();
      }
    }
  }
  watch(incidentId, () => {
    request?.abort();
    request = undefined;
    plan.value = null;
    void load();
  }, { immediate: true });
  watch(() => hub.tasks.version.value, () => void load());
  onScopeDispose(() => request?.abort());

  async function dispatch(reason: string, dueMinutes: number): Promise<boolean> {
    const id = incidentId();
    if (id === null) return false;
    busy.value = true;
    try {
      const round = await api.dispatchEvacuation(id, { reason, dueMinutes });
      ElMessage.success(round.assigned > 0 ? t('evacuation.dispatched', { round: round.round, people: round.assigned, tasks: round.tasks.length }) : t('evacuation.nothingNew'));
      void load();
      return true;
    } catch (cause) {
      ElMessage.error({ message: t('emergency.refused', { reason: refusalText(cause) }), duration: 8000, showClose: true });
      return false;
    } finally {
      busy.value = false;
    }
  }

  return { plan, busy, runs: computed(() => runsOf(plan.value)), dispatch };
}
