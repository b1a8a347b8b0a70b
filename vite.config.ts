// Vite config for the two screens (screen/ → dist/screen): the wall (screen/index.html, served at /)
// and the duty console (screen/console/index.html, served at /console). Separate entries, so the
// wall's bundle never carries the console's component library. Vitest has its own config file.
import { fileURLToPath } from 'node:url';
import vue from '@vitejs/plugin-vue';
import { defineConfig, normalizePath, type Plugin, type ProxyOptions } from 'vite';
import { viteStaticCopy } from 'vite-plugin-static-copy';

const hubUrl = process.env.HUB_URL ?? 'http://127.0.0.1:8080';

/** Cesium's runtime files (web workers, textures, widget CSS, draco/basis decoders), served at CESIUM_BASE_URL. */
const cesiumBuild = normalizePath(fileURLToPath(new URL('./node_modules/cesium/Build/Cesium', import.meta.url)));
const CESIUM_BASE_URL = '/cesium/';
/** node_modules/cesium/Build/Cesium: the leading folders stripped so Workers/… lands in /cesium/Workers/…. */
const CESIUM_PATH_DEPTH = 4;
/** Cesium is one ~4 MB chunk; it is cached by the wall and never on a slow link. */
const CHUNK_SIZE_WARNING_KB = 6000;

const screenRoot = fileURLToPath(new URL('./screen', import.meta.url));

const hubProxy: Record<string, ProxyOptions> = {
  '/api': { target: hubUrl },
  '/socket.io': { target: hubUrl, ws: true },
};

/**
 * Knockout (bundled in Cesium's widgets) finds the global object with `(0,eval)("this")`, which the
 * hub's Content-Security-Policy forbids (no 'unsafe-eval'). `globalThis` is the same object, without eval.
 */
function knockoutWithoutEval(): Plugin {
  const EVAL_THIS = '(0,eval)("this")';
  return {
    name: 'knockout-without-eval',
    transform(code, id) {
      if (!id.includes('knockout') || !code.includes(EVAL_THIS)) return null;
      return { code: code.replace(EVAL_THIS, 'globalThis'), map: null };
    },
  };
}

/**
 * The console routes in the browser (/console/events/12 …): the dev server answers those with the
 * console's page, as the hub does (api/http/app.ts).
 */
function consoleHistoryFallback(): Plugin {
  /** /console, /console/ and its pages; not its files (a dot in the path). */
  const consolePage = /^\/console(\/[^.]*)?$/;
  return {
    name: 'console-history-fallback',
    configureServer(server) {
      server.middlewares.use((req, _res, next) => {
        const url = req.url ?? '';
        const queryAt = url.indexOf('?');
        const path = queryAt < 0 ? url : url.slice(0, queryAt);
        if (consolePage.test(path)) req.url = `/console/index.html${queryAt < 0 ? '' : url.slice(queryAt)}`;
        next();
      });
    },
  };
}

export default defineConfig({
  root: screenRoot,
  plugins: [
    vue(),
    consoleHistoryFallback(),
    knockoutWithoutEval(),
    viteStaticCopy({
      targets: ['Workers', 'Assets', 'Widgets', 'ThirdParty'].map((folder) => ({
        src: `${cesiumBuild}/${folder}`,
        dest: 'cesium',
        rename: { stripBase: CESIUM_PATH_DEPTH },
      })),
    }),
  ],
  define: {
    CESIUM_BASE_URL: JSON.stringify(CESIUM_BASE_URL),
    // vue-i18n esm-bundler feature flags (composition API only, no devtools).
    __VUE_I18N_FULL_INSTALL__: 'true',
    __VUE_I18N_LEGACY_API__: 'false',
    __INTLIFY_PROD_DEVTOOLS__: 'false',
  },
  build: {
    outDir: fileURLToPath(new URL('./dist/screen', import.meta.url)),
    emptyOutDir: true,
    chunkSizeWarningLimit: CHUNK_SIZE_WARNING_KB,
    rolldownOptions: {
      input: {
        wall: `${screenRoot}/index.html`,
        console: `${screenRoot}/console/index.html`,
      },
      // Libraries both screens load whole get chunks named after them (otherwise a shared chunk takes
      // the name of whichever module came first). ECharts is left to the splitter, which keeps the
      // wall's charts and the console's geo map with their screens (a group would merge them);
      // Element Plus is the console's alone and splits by page.
      output: {
        codeSplitting: {
          groups: [
            { name: 'vue', test: /node_modules[\\/](vue|@vue|vue-i18n|@intlify)[\\/]/ },
            { name: 'socket', test: /node_modules[\\/](socket\.io-client|socket\.io-parser|engine\.io-client|engine\.io-parser|@socket\.io|debug|ms|xmlhttprequest-ssl)[\\/]/ },
          ],
        },
      },
    },
    // dist/screen/.vite/manifest.json: which chunks each page loads (tests/browser/console.test.ts checks the wall's).
    manifest: true,
  },
  server: { proxy: hubProxy },
  preview: { proxy: hubProxy },
});
