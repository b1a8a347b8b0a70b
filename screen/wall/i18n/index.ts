// The wall's messages: the shared domain labels and its own panels and figures.
import { createScreenI18n, type Locale } from '../../shared/i18n/index.ts';
import en from './en.ts';
import zhCN from './zh-CN.ts';

export { localeFromUrl } from '../../shared/i18n/index.ts';

export const createWallI18n = (locale: Locale) => createScreenI18n(locale, { 'zh-CN': zhCN, en });
