// Entry of the wall screen: the live wall, or the replay of an incident when the link asks for one
// (?replay=<incidentId>; its view is loaded only then).
import 'cesium/Build/Cesium/Widgets/widgets.css';
import { createApp, type Component } from 'vue';
import App from './App.vue';
import { replayLinkOf } from './composables/replayLink.ts';
import { createWallI18n, localeFromUrl } from './i18n/index.ts';
import './styles/theme.css';

const locale = localeFromUrl(window.location.search);
document.documentElement.lang = locale;

const replay = replayLinkOf(window.location.search);
const root: Promise<[Component, Record<string, unknown>]> = replay
  ? import('./ReplayApp.vue').then(({ default: ReplayApp }) => [ReplayApp, { link: replay }])
  : Promise.resolve([App, {}]);
void root.then(([component, props]) => createApp(component, props).use(createWallI18n(locale)).mount('#app'));
