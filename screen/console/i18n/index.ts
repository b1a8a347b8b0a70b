// The console's messages: the shared domain labels and its own pages.
import { createScreenI18n, type Locale } from '../../shared/i18n/index.ts';
import en from './en.ts';
import zhCN from './zh-CN.ts';

export const createConsoleI18n = (locale: Locale) => createScreenI18n(locale, { 'zh-CN': zhCN, en });
