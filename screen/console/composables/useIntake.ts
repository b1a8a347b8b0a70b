// Taking a phone report in (受理): the form's state, the catalogue item's defaults, the open events
// the report would be linked to at its place (asked again as the place or category changes), and
// saving, checked first with the contract's EventInput schema.
import { computed, onScopeDispose, reactive, ref, shallowRef, watch } from 'vue';
import type { EventAccepted } from '../../../contract/api.ts';
import type { EventCategory, EventLevel } from '../../../contract/domain.ts';
import { EventInput } from '../../../contract/schemas.ts';
import { errorText, isAbort, type LoadState } from '../../shared/hubApi.ts';
import { createEvent, fetchDuplicates, type DuplicateCandidates } from '../api/events.ts';
import { useCatalogue } from './useCatalogue.ts';
import { useSubmit } from './useSubmit.ts';

/** Wait this long after the last change of place or item before asking for duplicates. */
const DUPLICATE_DEBOUNCE_MS = 300;

export interface IntakeForm {
  itemCode: string;
  level: EventLevel | '';
  title: string;
  content: string;
  reporterName: string;
  reporterPhone: string;
  lon: number | null;
  lat: number | null;
}

/** Linked to an open event, or taken in as new; unchosen while there are no candidates (or none chosen yet). */
export type DuplicateChoice = { kind: 'link'; eventId: number } | { kind: 'new' } | null;

const emptyForm = (): IntakeForm => ({ itemCode: '', level: '', title: '', content: '', reporterName: '', reporterPhone: '', lon: null, lat: null });

export function useIntake() {
  const catalogue = useCatalogue();
  const form = reactive<IntakeForm>(emptyForm());
  const choice = shallowRef<DuplicateChoice>(null);
  const duplicates = shallowRef<DuplicateCandidates | null>(null);
  const duplicatesState = ref<LoadState>('idle');
  const duplicatesError = ref<string | null>(null);
  const result = shallowRef<EventAccepted | null>(null);
  const submit = useSubmit();
  /** Saving was tried: from then on a missing choice is pointed out. */
  const attempted = ref(false);

  const item = computed(() => catalogue.item(form.itemCode));
  const department = computed(() => catalogue.department(item.value?.departmentCode));
  const deadlineHours = computed(() => (item.value && form.level ? item.value.deadlineHours[form.level] : null));
  const candidateEvents = computed(() => duplicates.value?.candidates.map((c) => c.event) ?? []);
  /** Candidates exist and the officer has not yet said which way it goes. */
  const choiceMissing = computed(() => (duplicates.value?.candidates.length ?? 0) > 0 && choice.value === null);

  // A new item brings its default level (the officer may change it after).
  watch(item, (next) => (form.level = next?.defaultLevel ?? ''));

  let request: AbortController | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  watch(
    () => [item.value?.category, form.lon, form.lat] as const,
    ([category, lon, lat]) => {
      clearTimeout(timer);
      request?.abort();
      choice.value = null;
      if (!category || lon === null || lat === null) {
        duplicates.value = null;
        duplicatesState.value = 'idle';
        return;
      }
      timer = setTimeout(() => void lookUp(category, lon, lat), DUPLICATE_DEBOUNCE_MS);
    },
  );

  async function lookUp(category: EventCategory, lon: number, lat: number) {
    const current = (request = new AbortController());
    duplicatesState.value = 'loading';
    try {
      duplicates.value = await fetchDuplicates({ category, lon, lat }, current.signal);
      duplicatesState.value = 'done';
      duplicatesError.value = null;
    } catch (cause) {
      if (isAbort(cause)) return;
      duplicatesState.value = 'error';
      duplicatesError.value = errorText(cause);
    }
  }

  /** The request body as the contract has it; empty optional fields left out. */
  function input(): EventInput {
    const optional = (text: string) => (text.trim() === '' ? undefined : text.trim());
    return {
      title: form.title,
      content: form.content,
      itemCode: optional(form.itemCode),
      category: item.value?.category,
      level: form.level || undefined,
      source: 'hotline_12345',
      reporterName: optional(form.reporterName),
      reporterPhone: optional(form.reporterPhone),
      // NaN fails the schema's finite-number check, so a missing place is named by field.
      lon: form.lon ?? Number.NaN,
      lat: form.lat ?? Number.NaN,
      datum: 'WGS84',
      ...(choice.value?.kind === 'link' ? { duplicateOf: choice.value.eventId } : {}),
      ...(choice.value?.kind === 'new' ? { newEvent: true } : {}),
    };
  }

  async function save(): Promise<EventAccepted | undefined> {
    attempted.value = true;
    const body = input();
    // Checked with the hub's own schema; the hub parses the same body again.
    if (!submit.check(EventInput, body) || choiceMissing.value) return undefined;
    const answer = await submit.run(() => createEvent(body));
    if (answer) result.value = answer;
    return answer;
  }

  /** Another call: an empty form, the catalogue kept. */
  function startOver(): void {
    Object.assign(form, emptyForm());
    choice.value = null;
    result.value = null;
    attempted.value = false;
    submit.reset();
  }

  onScopeDispose(() => {
    clearTimeout(timer);
    request?.abort();
  });

  return {
    catalogue, form, item, department, deadlineHours, choice, choiceMissing, attempted, duplicates, candidateEvents, duplicatesState, duplicatesError,
    result, save, startOver, state: submit.state, error: submit.error, fieldErrors: submit.fieldErrors,
  };
}
