// The event page's actions: steps of the closed loop, supervision, escalation, unlinking a report.
// Each goes to the hub and, when refused, shows the hub's reason; what changed comes back as facts
// (the page refreshes on them), so nothing is patched locally.
import { ElMessage } from 'element-plus';
import { ref } from 'vue';
import { useI18n } from 'vue-i18n';
import type { EventTransitionInput } from '../../../contract/schemas.ts';
import { escalateEvent, superviseEvent, transitionEvent, unlinkReport } from '../api/events.ts';
import { useRefusalText } from './refusal.ts';

export function useEventActions(eventId: () => number) {
  const { t } = useI18n();
  const refusalText = useRefusalText();
  /** The action under way, if any (its button shows as loading; the others wait). */
  const busy = ref<string | null>(null);

  async function attempt(name: string, request: () => Promise<unknown>): Promise<boolean> {
    busy.value = name;
    try {
      await request();
      ElMessage.success(t('event.done', { action: t(`event.action.${name}`) }));
      return true;
    } catch (cause) {
      ElMessage.error({ message: t('event.refused', { action: t(`event.action.${name}`), reason: refusalText(cause) }), duration: 8000, showClose: true });
      return false;
    } finally {
      busy.value = null;
    }
  }

  return {
    busy,
    /** `name` is the button's action (send_back is a step to handling). */
    step: (name: string, step: EventTransitionInput) => attempt(name, () => transitionEvent(eventId(), step)),
    supervise: (text: string) => attempt('supervise', () => superviseEvent(eventId(), text)),
    escalate: (reason: string) => attempt('escalate', () => escalateEvent(eventId(), reason)),
    unlink: (reportId: number) => attempt('unlink', () => unlinkReport(eventId(), reportId)),
  };
}
