// How the console words a refusal: the kind of refusal (from the hub's `error` code) in the screen's
// language, then the hub's own reason, which is English and names exactly what was wrong.
import { useI18n } from 'vue-i18n';
import { errorText, HubError } from '../../shared/hubApi.ts';

export function useRefusalText(): (cause: unknown) => string {
  const { t, te } = useI18n();
  return (cause) => {
    const key = cause instanceof HubError && cause.code ? `refusal.${cause.code}` : null;
    return key && te(key) ? `${t(key)}（${errorText(cause)}）` : errorText(cause);
  };
}
