// The console's pages, each loaded when first opened. Under /console in the address bar (the hub
// answers every /console/… with the console's page). Signed-out visitors go to sign-in, an account
// with a one-time password to the password page, and a page the role cannot use to the role's home:
// the inbox for those who read events, the catalogue for the administrator.
import { createRouter, createWebHistory, type RouteLocationNormalized } from 'vue-router';
import type { Locale } from '../shared/i18n/index.ts';
import type { ConsoleAction } from './composables/permissions.ts';
import { can, endSession, session } from './composables/session.ts';

declare module 'vue-router' {
  interface RouteMeta {
    /** Open without a session (sign-in). */
    public?: boolean;
    /** The page needs this permission; without it the role's home opens instead. */
    action?: ConsoleAction;
  }
}

export const CONSOLE_BASE = '/console/';

/** The id in the path (an event's, an incident's) as the page's `id`. */
const eventId = (route: RouteLocationNormalized) => ({ id: Number(route.params.id) });

/** Where a signed-in role starts: the inbox, or the catalogue for a role that reads no events (the administrator). */
export const homePage = () => (session.value && !can('events.read') ? 'catalogue' : 'inbox');

export function createConsoleRouter(locale: Locale) {
  const router = createRouter({
    history: createWebHistory(CONSOLE_BASE),
    routes: [
      { path: '/login', name: 'login', component: () => import('./pages/SignInPage.vue'), meta: { public: true } },
      { path: '/password', name: 'password', component: () => import('./pages/PasswordPage.vue') },
      {
        path: '/',
        component: () => import('./components/ConsoleShell.vue'),
        children: [
          { path: '', name: 'inbox', component: () => import('./pages/InboxPage.vue'), meta: { action: 'events.read' } },
          { path: 'intake', name: 'intake', component: () => import('./pages/IntakePage.vue'), meta: { action: 'events.report' } },
          { path: 'events/:id(\\d+)', name: 'event', component: () => import('./pages/EventPage.vue'), props: eventId, meta: { action: 'events.read' } },
          { path: 'events/:id(\\d+)/dispatch', name: 'dispatch', component: () => import('./pages/DispatchPage.vue'), props: eventId, meta: { action: 'events.dispatch' } },
          { path: 'tasks', name: 'tasks', component: () => import('./pages/TasksPage.vue'), meta: { action: 'tasks.read' } },
          { path: 'alarms', name: 'alarms', component: () => import('./pages/AlarmsPage.vue'), meta: { action: 'alarms.read' } },
          { path: 'emergency', name: 'emergency', component: () => import('./pages/EmergencyPage.vue'), meta: { action: 'warnings.read' } },
          { path: 'incidents/:id(\\d+)/replay', name: 'replay', component: () => import('./pages/ReplayPage.vue'), props: eventId, meta: { action: 'incidents.read' } },
          { path: 'catalogue', name: 'catalogue', component: () => import('./pages/CataloguePage.vue'), meta: { action: 'catalogue.read' } },
        ],
      },
      { path: '/:rest(.*)*', redirect: () => ({ name: homePage() }) },
    ],
  });

  router.beforeEach((to) => {
    // An English console stays English from page to page, and in every link it hands out.
    if (locale === 'en' && to.query.lang !== 'en') return { ...to, query: { ...to.query, lang: 'en' } };
    const current = session.value;
    if (!current) return to.meta.public ? true : { name: 'login', query: { ...langOf(to), redirect: to.fullPath } };
    if (current.mustChangePassword) return to.name === 'password' ? true : { name: 'password', query: langOf(to) };
    const home = homePage();
    if (to.name === 'password' || to.name === 'login') return { name: home, query: langOf(to) };
    if (to.meta.action && !can(to.meta.action)) {
      if (to.name !== home) return { name: home, query: langOf(to) };
      // Not even its home: a role without a console (sign-in refuses those; a stale stored session may not).
      endSession('signed_out');
      return { name: 'login', query: langOf(to) };
    }
    return true;
  });

  return router;
}

const langOf = (route: RouteLocationNormalized) => (route.query.lang ? { lang: route.query.lang } : {});
