// The dispatch page: the hub's recommendation for the event, a plan pre-filled from it that the
// officer may change, and sending it. "Take the recommendation" sends the recommended plan at once.
import { ref, shallowRef, watch, type Ref } from 'vue';
import { useI18n } from 'vue-i18n';
import type { DispatchResult, Recommendation } from '../../../contract/closedLoop.ts';
import { DispatchInput } from '../../../contract/schemas.ts';
import { isAbort, type LoadState } from '../../shared/hubApi.ts';
import { dispatchEvent, fetchRecommendation } from '../api/dispatch.ts';
import { defaultDueMinutes, dispatchInput, recommendedPlan, toggleParty, type PlannedParty } from './dispatchPlan.ts';
import { useEventDetail } from './useEventDetail.ts';
import { useSubmit } from './useSubmit.ts';
import { useRefusalText } from './refusal.ts';

export function useDispatch(eventId: Ref<number>) {
  const { t } = useI18n();
  const refusalText = useRefusalText();
  const { detail, state: eventState, error: eventError } = useEventDetail(eventId);
  const recommendation = shallowRef<Recommendation | null>(null);
  const state = ref<LoadState>('idle');
  const error = ref<string | null>(null);
  const plan = ref<PlannedParty[]>([]);
  const note = ref('');
  const sent = shallowRef<DispatchResult | null>(null);
  const submit = useSubmit();

  const defaults = () => ({
    instructions: detail.value ? t('dispatch.defaultInstructions', { title: detail.value.event.title }) : '',
    dueMinutes: detail.value ? defaultDueMinutes(detail.value.event, Date.now()) : 60,
  });

  watch(eventId, (id, _previous, onCleanup) => {
    const request = new AbortController();
    onCleanup(() => request.abort());
    state.value = 'loading';
    recommendation.value = null;
    fetchRecommendation(id, request.signal)
      .then((answer) => {
        recommendation.value = answer;
        state.value = 'done';
        error.value = null;
      })
      .catch((cause: unknown) => {
        if (isAbort(cause)) return;
        state.value = 'error';
        error.value = refusalText(cause);
      });
  }, { immediate: true });

  // The editor starts from the recommendation once both it and the event are in.
  watch([recommendation, () => detail.value !== null], ([answer, haveEvent]) => {
    if (answer && haveEvent && plan.value.length === 0) plan.value = recommendedPlan(answer, defaults());
  });

  function resetToRecommendation(): void {
    if (recommendation.value) plan.value = recommendedPlan(recommendation.value, defaults());
  }
  const toggle = (party: Omit<PlannedParty, 'instructions' | 'dueMinutes'>) => (plan.value = toggleParty(plan.value, party, defaults()));

  async function send(parties: readonly PlannedParty[]): Promise<DispatchResult | undefined> {
    const body = dispatchInput(parties, note.value);
    if (!submit.check(DispatchInput, body)) return undefined;
    const answer = await submit.run(() => dispatchEvent(eventId.value, body));
    if (answer) sent.value = answer;
    return answer;
  }

  return {
    detail, eventState, eventError, recommendation, state, error, plan, note, sent, resetToRecommendation, toggle,
    /** One click: the recommendation as it stands, whatever the editor holds. */
    takeRecommendation: () => (recommendation.value ? send(recommendedPlan(recommendation.value, defaults())) : Promise.resolve(undefined)),
    sendPlan: () => send(plan.value),
    sending: submit.state, sendError: submit.error, fieldErrors: submit.fieldErrors,
  };
}
