// The administrator's editor for one kind of catalogue record (an item, a department): which record
// is open (a new one, or an existing one by code), its form, and saving it — checked first with the
// contract's schema (nothing is sent when it fails, the issues show by field), then sent; the hub's
// reason shows by field and as a message when it refuses. After a save the page reloads the
// catalogue (`onSaved`): there is no push for catalogue edits.
import { ElMessage } from 'element-plus';
import { computed, ref, shallowRef, watch, type Ref } from 'vue';
import { useI18n } from 'vue-i18n';
import type { z } from 'zod';
import { markBlanks } from './catalogueForm.ts';
import { fieldErrorsOf, useSubmit } from './useSubmit.ts';

export interface EditorSpec<Rec, Form, Create extends z.ZodType, Update extends z.ZodType> {
  empty(): Form;
  toForm(record: Rec): Form;
  codeOf(record: Rec): string;
  nameOf(record: Rec): string;
  create: { schema: Create; body(form: Form): unknown; send(input: z.output<Create>): Promise<Rec> };
  update: { schema: Update; body(form: Form): unknown; send(code: string, input: z.output<Update>): Promise<Rec> };
  /** Reloads what the page shows. */
  onSaved(saved: Rec): Promise<void>;
}

export function useCatalogueEditor<Rec, Form extends object, Create extends z.ZodType, Update extends z.ZodType>(spec: EditorSpec<Rec, Form, Create, Update>) {
  const { t } = useI18n();
  const submit = useSubmit();
  /** null: closed; { code: null }: a new record; { code }: editing that record. */
  const target = shallowRef<{ code: string | null } | null>(null);
  const form = ref(spec.empty()) as Ref<Form>;

  /** The schema and body of the open record: a new one's, or an edit's. */
  const checked = () => (target.value?.code === null
    ? { schema: spec.create.schema as z.ZodType, body: spec.create.body(form.value) }
    : { schema: spec.update.schema as z.ZodType, body: spec.update.body(form.value) });

  // After the schema refused a save, its marks follow the form as it is corrected. A refusal by the
  // hub keeps its marks until the next save: only the hub can say whether the change answers it.
  watch(form, () => {
    if (target.value === null || submit.state.value !== 'error' || submit.error.value !== null) return;
    const { schema, body } = checked();
    submit.fieldErrors.value = markBlanks(fieldErrorsOf(schema.safeParse(body).error?.issues ?? []), body, t('catalogue.required'));
  }, { deep: true });

  /** Checks the open record with its schema; null (marks by field, nothing sent) when it fails. */
  function check<S extends z.ZodType>(schema: S, body: unknown): z.output<S> | null {
    const input = submit.check(schema, body);
    if (input === null) submit.fieldErrors.value = markBlanks(submit.fieldErrors.value, body, t('catalogue.required'));
    return input;
  }

  function startNew(): void {
    submit.reset();
    form.value = spec.empty();
    target.value = { code: null };
  }

  function startEdit(record: Rec): void {
    submit.reset();
    form.value = spec.toForm(record);
    target.value = { code: spec.codeOf(record) };
  }

  function close(): void {
    target.value = null;
    submit.reset();
  }

  async function save(): Promise<Rec | undefined> {
    const code = target.value?.code;
    if (code === undefined) return undefined;
    let saved: Rec | undefined;
    if (code === null) {
      const input = check(spec.create.schema, spec.create.body(form.value));
      if (!input) return undefined;
      saved = await submit.run(() => spec.create.send(input));
    } else {
      const input = check(spec.update.schema, spec.update.body(form.value));
      if (!input) return undefined;
      saved = await submit.run(() => spec.update.send(code, input));
    }
    if (!saved) return undefined;
    ElMessage.success(t('catalogue.saved', { name: spec.nameOf(saved) }));
    target.value = null;
    await spec.onSaved(saved);
    return saved;
  }

  return {
    target,
    /** The dialog is open (v-model of the dialog: closing it abandons the edit). */
    open: computed({ get: () => target.value !== null, set: (value: boolean) => !value && close() }),
    isNew: computed(() => target.value?.code === null),
    form,
    state: submit.state,
    error: submit.error,
    fieldErrors: submit.fieldErrors,
    startNew,
    startEdit,
    close,
    save,
  };
}
