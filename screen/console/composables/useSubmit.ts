// One action of a form or a button, with its state and the hub's reason when it refuses: the
// message, and per field (the hub's `issues`, or the zod schema's when the form is checked first).
import { ref } from 'vue';
import type { z } from 'zod';
import { HubError, type LoadState } from '../../shared/hubApi.ts';
import { useRefusalText } from './refusal.ts';

export type FieldErrors = Record<string, string>;

/** Issues by field, keyed by their dotted path ('tasks.0.dueMinutes'); the first issue of a field wins. */
export function fieldErrorsOf(issues: readonly { path: string | readonly PropertyKey[]; message: string }[]): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of issues) {
    const path = typeof issue.path === 'string' ? issue.path : issue.path.map(String).join('.');
    errors[path] ??= issue.message;
  }
  return errors;
}

export function useSubmit() {
  const refusalText = useRefusalText();
  const state = ref<LoadState>('idle');
  const error = ref<string | null>(null);
  const fieldErrors = ref<FieldErrors>({});

  /** Checks `value` against the contract's schema; on failure the issues show by field and nothing is sent. */
  function check<S extends z.ZodType>(schema: S, value: unknown): z.output<S> | null {
    const result = schema.safeParse(value);
    if (result.success) return result.data;
    state.value = 'error';
    error.value = null;
    fieldErrors.value = fieldErrorsOf(result.error.issues);
    return null;
  }

  /** Runs the request; resolves with its answer, or undefined when it failed (see `error`). */
  async function run<T>(request: () => Promise<T>): Promise<T | undefined> {
    state.value = 'loading';
    error.value = null;
    fieldErrors.value = {};
    try {
      const answer = await request();
      state.value = 'done';
      return answer;
    } catch (cause) {
      state.value = 'error';
      error.value = refusalText(cause);
      if (cause instanceof HubError) fieldErrors.value = fieldErrorsOf(cause.issues);
      return undefined;
    }
  }

  function reset(): void {
    state.value = 'idle';
    error.value = null;
    fieldErrors.value = {};
  }

  return { state, error, fieldErrors, check, run, reset };
}
