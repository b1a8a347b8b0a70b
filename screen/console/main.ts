// Entry of the duty console (/console). Element Plus is imported here and by the console's
// components only, so the wall's bundle never carries it.
import 'element-plus/dist/index.css';
import { createApp } from 'vue';
import { localeFromUrl } from '../shared/i18n/index.ts';
import App from './App.vue';
import { createConsoleI18n } from './i18n/index.ts';
import { createConsoleRouter } from './router.ts';
import './styles/console.css';

const locale = localeFromUrl(window.location.search);
document.documentElement.lang = locale;

createApp(App).use(createConsoleI18n(locale)).use(createConsoleRouter(locale)).mount('#app');
