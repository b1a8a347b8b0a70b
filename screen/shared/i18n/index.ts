// vue-i18n in composition mode for both screens: Simplified Chinese unless the URL says ?lang=en.
// Each screen brings its messages (the shared domain labels spread into them).
import { createI18n } from 'vue-i18n';

export type Locale = 'zh-CN' | 'en';

export function localeFromUrl(search: string): Locale {
  return new URLSearchParams(search).get('lang') === 'en' ? 'en' : 'zh-CN';
}

export function createScreenI18n<Messages extends Record<string, unknown>>(locale: Locale, messages: { 'zh-CN': Messages; en: Messages }) {
  return createI18n<[Messages], Locale, false>({
    legacy: false,
    locale,
    fallbackLocale: 'zh-CN',
    messages,
  });
}
