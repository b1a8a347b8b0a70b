// Open alarms (active and acknowledged) in the room's order; acknowledging one, and turning one into
// an event. The hub pushes the alarm's new state to every screen, this one included.
import { ElMessage } from 'element-plus';
import { computed, reactive, ref } from 'vue';
import { useI18n } from 'vue-i18n';
import { acknowledgeAlarm, alarmToEvent, type AlarmRow } from '../api/alarms.ts';
import { alarmOrder } from '../../shared/openAlarms.ts';
import { useConsoleHub } from './useConsoleHub.ts';
import { useRefusalText } from './refusal.ts';

export function useAlarms() {
  const { alarms } = useConsoleHub();
  const { t } = useI18n();
  const refusalText = useRefusalText();
  const busy = ref<number | null>(null);
  /** Alarms this console turned into events: their event's id and number. */
  const events = reactive(new Map<number, { id: number; number: string }>());

  const rows = computed(() => {
    void alarms.version.value;
    return [...alarms.items.values()].sort(alarmOrder);
  });

  async function attempt(alarm: AlarmRow, action: 'acknowledge' | 'toEvent', request: () => Promise<void>) {
    busy.value = alarm.id;
    try {
      await request();
      ElMessage.success(t(`alarms.${action}Done`));
    } catch (cause) {
      ElMessage.error({ message: t('alarms.refused', { reason: refusalText(cause) }), duration: 8000, showClose: true });
    } finally {
      busy.value = null;
    }
  }

  const acknowledge = (alarm: AlarmRow) => attempt(alarm, 'acknowledge', async () => {
    await acknowledgeAlarm(alarm.id);
  });

  const toEvent = (alarm: AlarmRow) => attempt(alarm, 'toEvent', async () => {
    const { event } = await alarmToEvent(alarm.id);
    events.set(alarm.id, { id: event.id, number: event.number });
  });

  return { rows, busy, events, acknowledge, toEvent, state: alarms.state, error: alarms.error };
}
