// The console's emergency desk (应急指挥): the open warnings and incidents as the hub pushes them, the
// incident in view with its hazard area and impact, and the steps people take on them. Every step
// goes to the hub; the lists change when its facts come back.
import { ElMessage } from 'element-plus';
import { computed, onScopeDispose, ref, shallowRef, watch } from 'vue';
import { useI18n } from 'vue-i18n';
import type { HazardAreaInput, IncidentInput } from '../../../contract/incidents.ts';
import type { ResponseLevel, Warning } from '../../../contract/warnings.ts';
import { errorText, isAbort } from '../../shared/hubApi.ts';
import { warningOrder } from '../../shared/openWarnings.ts';
import * as api from '../api/emergency.ts';
import { can } from './session.ts';
import { useConsoleHub } from './useConsoleHub.ts';
import { useRefusalText } from './refusal.ts';

export function useEmergencyDesk() {
  const hub = useConsoleHub();
  const { t } = useI18n();
  const refusalText = useRefusalText();
  const busy = ref(false);

  const warnings = computed(() => {
    void hub.warnings.version.value;
    return [...hub.warnings.items.values()].sort(warningOrder);
  });
  const incidents = computed(() => {
    void hub.incidents.version.value;
    return [...hub.incidents.items.values()].sort((a, b) => b.id - a.id);
  });
  const emergencyFor = computed(() => (hub.mode.value?.mode === 'emergency' ? hub.mode.value.incident?.id ?? null : null));
  /** The incident in view: chosen, else the one the room is in emergency for, else the newest open. */
  const chosen = ref<number | null>(null);
  const selected = computed(() => incidents.value.find((i) => i.id === (chosen.value ?? emergencyFor.value)) ?? incidents.value[0] ?? null);

  const impact = shallowRef<api.ImpactAnswer | null>(null);
  let request: AbortController | undefined;
  async function loadImpact() {
    request?.abort();
    const incident = selected.value;
    if (!incident) {
      impact.value = null;
      return;
    }
    const current = (request = new AbortController());
    try {
      const answer = await api.fetchImpact(incident.id, can('people.read'), current.signal);
      if (!current.signal.aborted) impact.value = answer;
    } catch (cause) {
      if (!isAbort(cause)) ElMessage.error(t('common.loadFailed', { error: errorText(cause) }));
    }
  }
  watch(() => [selected.value?.id, selected.value?.hazardVersion, hub.lastHazard.value?.area.version], () => void loadImpact(), { immediate: true });
  onScopeDispose(() => request?.abort());

  async function step(done: string, request: () => Promise<unknown>, refused?: (reason: string) => void): Promise<boolean> {
    busy.value = true;
    try {
      await request();
      ElMessage.success(t(`emergency.done.${done}`));
      return true;
    } catch (cause) {
      const reason = refusalText(cause);
      refused?.(reason);
      ElMessage.error({ message: t('emergency.refused', { reason }), duration: 8000, showClose: true });
      return false;
    } finally {
      busy.value = false;
    }
  }

  /** Why the hub refused the last hazard area sent (shown by the form until the next is sent or the incident changes). */
  const areaRefusal = ref<string | null>(null);
  watch(() => selected.value?.id, () => (areaRefusal.value = null));
  function addArea(id: number, input: HazardAreaInput): Promise<boolean> {
    areaRefusal.value = null;
    return step('area', () => api.addHazardArea(id, input), (reason) => (areaRefusal.value = reason));
  }

  return {
    busy, warnings, incidents, selected, emergencyFor, impact, areaRefusal, mode: hub.mode,
    warningsState: hub.warnings.state, warningsError: hub.warnings.error,
    choose: (id: number) => (chosen.value = id),
    acknowledge: (warning: Warning) => step('acknowledged', () => api.acknowledgeWarning(warning.id)),
    resolve: (warning: Warning, reason: string) => step('resolved', () => api.resolveWarning(warning.id, reason)),
    open: (input: IncidentInput) => step('opened', async () => (chosen.value = (await api.openIncident(input)).id)),
    setLevel: (id: number, level: ResponseLevel, reason: string) => step('level', () => api.setIncidentLevel(id, level, reason)),
    close: (id: number, reason: string) => step('closed', () => api.closeIncident(id, reason)),
    toEmergency: (id: number, reason: string) => step('emergency', () => api.switchMode({ mode: 'emergency', incidentId: id, reason })),
    toPeacetime: (reason: string) => step('peacetime', () => api.switchMode({ mode: 'peacetime', reason })),
    addArea,
  };
}
