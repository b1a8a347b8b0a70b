// Entry of the wall screen.
import 'cesium/Build/Cesium/Widgets/widgets.css';
import { createApp } from 'vue';
import App from './App.vue';
import { createWallI18n, localeFromUrl } from './i18n/index.ts';
import './styles/theme.css';

const locale = localeFromUrl(window.location.search);
document.documentElement.lang = locale;

createApp(App).use(createWallI18n(locale)).mount('#app');
