// vue-i18n in composition mode: Simplified Chinese unless the URL says ?lang=en.
import { createI18n } from 'vue-i18n';
import en from './en.ts';
import zhCN from './zh-CN.ts';

export type Locale = 'zh-CN' | 'en';

export function localeFromUrl(search: string): Locale {
  return new URLSearchParams(search).get('lang') === 'en' ? 'en' : 'zh-CN';
}

export function createWallI18n(locale: Locale) {
  return createI18n<[typeof zhCN], Locale, false>({
    legacy: false,
    locale,
    fallbackLocale: 'zh-CN',
    messages: { 'zh-CN': zhCN, en },
  });
}
