// Vite config for the wall screen (screen/ → dist/screen). Vitest has its own config file.
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

export default defineConfig({
  root: fileURLToPath(new URL('./screen', import.meta.url)),
  plugins: [
    vue(),
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
  },
  server: { proxy: hubProxy },
  preview: { proxy: hubProxy },
});
