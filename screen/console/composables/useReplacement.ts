// Replacing a refused task from the event page: ask the hub for its recommendation now (who is free
// has changed since the dispatch), propose the next nearest, and on confirmation dispatch them with
// the refused task's instructions. What changed comes back as facts, as for any dispatch.
import { ElMessage, ElMessageBox } from 'element-plus';
import { ref, type ShallowRef } from 'vue';
import { useI18n } from 'vue-i18n';
import type { EventSummary } from '../../../contract/api.ts';
import type { TaskSummary } from '../../../contract/closedLoop.ts';
import { dispatchEvent, fetchRecommendation } from '../api/dispatch.ts';
import { defaultDueMinutes } from './dispatchPlan.ts';
import { useRefusalText } from './refusal.ts';
import { nextNearest } from './replacement.ts';
import type { TownshipMap } from './useTownshipMap.ts';

export function useReplacement(event: () => EventSummary | null, map: ShallowRef<TownshipMap | null>) {
  const { t } = useI18n();
  const refusalText = useRefusalText();
  /** The refused task being replaced, if any. */
  const busy = ref<number | null>(null);

  async function replace(refused: TaskSummary): Promise<void> {
    const current = event();
    if (!current || busy.value !== null) return;
    busy.value = refused.id;
    try {
      const kinds = new Map((map.value?.forces.features ?? []).map((f) => [f.properties.code, f.properties.kind]));
      const next = nextNearest(refused, await fetchRecommendation(current.id), (code) => kinds.get(code));
      if (!next) {
        ElMessage.warning({ message: t('event.replace.nobody', { party: refused.party.name }), duration: 8000, showClose: true });
        return;
      }
      const eta = next.kind === 'force' ? t('event.replace.eta', { m: next.candidate.etaMinutes }) : '';
      const confirmed = await ElMessageBox.confirm(
        t('event.replace.question', { from: refused.party.name, to: next.candidate.name, km: (next.candidate.distanceM / 1000).toFixed(1), eta }),
        t('event.replace.title'),
        { confirmButtonText: t('event.replace.send'), cancelButtonText: t('common.cancel'), type: 'warning' },
      ).then(() => true, () => false);
      if (!confirmed) return;
      await dispatchEvent(current.id, {
        tasks: [{ party: { kind: next.kind, code: next.candidate.code }, instructions: refused.instructions, dueMinutes: defaultDueMinutes(current, Date.now()) }],
        note: t('event.replace.note', { party: refused.party.name, reason: refused.reason ?? '' }),
      });
      ElMessage.success(t('event.replace.sent', { party: next.candidate.name }));
    } catch (cause) {
      ElMessage.error({ message: t('event.replace.failed', { reason: refusalText(cause) }), duration: 8000, showClose: true });
    } finally {
      busy.value = null;
    }
  }

  return { busy, replace };
}
