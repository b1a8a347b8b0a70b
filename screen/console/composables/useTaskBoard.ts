// The dispatch board: every open task of the caller's scope, late ones first, then by due time;
// and recording a party's answer on its behalf (the room phoned them), or cancelling.
import { ElMessage } from 'element-plus';
import { computed, ref } from 'vue';
import { useI18n } from 'vue-i18n';
import type { TaskSummary } from '../../../contract/closedLoop.ts';
import type { TaskTransitionInput } from '../../../contract/schemas.ts';
import { boardOrder, isLate } from '../../shared/taskBoard.ts';
import { useNow } from '../../shared/useNow.ts';
import { transitionTask } from '../api/dispatch.ts';
import type { TaskAnswer } from './permissions.ts';
import { useConsoleHub } from './useConsoleHub.ts';
import { useRefusalText } from './refusal.ts';

export function useTaskBoard() {
  const { tasks } = useConsoleHub();
  const { t } = useI18n();
  const refusalText = useRefusalText();
  const now = useNow();
  const busy = ref<number | null>(null);

  const rows = computed(() => {
    void tasks.version.value;
    return boardOrder(tasks.items.values(), now.value.getTime());
  });
  const late = computed(() => rows.value.filter((task) => isLate(task, now.value.getTime())).length);

  async function answer(task: TaskSummary, to: TaskAnswer, words?: string): Promise<boolean> {
    const step: TaskTransitionInput = to === 'refused' || to === 'cancelled' ? { to, reason: words ?? '' } : to === 'done' && words ? { to, feedback: words } : { to };
    busy.value = task.id;
    try {
      await transitionTask(task.id, step);
      ElMessage.success(t('tasks.answered', { party: task.party.name, status: t(`taskStatus.${to}`) }));
      return true;
    } catch (cause) {
      ElMessage.error({ message: t('tasks.refused', { reason: refusalText(cause) }), duration: 8000, showClose: true });
      return false;
    } finally {
      busy.value = null;
    }
  }

  return { rows, late, now, busy, answer, state: tasks.state, error: tasks.error };
}
