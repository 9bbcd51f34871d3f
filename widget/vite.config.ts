// Builds of the embed (issue 7), each a single self-contained file:
//   embed.js  the one script a host page includes: creates the iframe, sizes it, relays theme
//   count.js  comment counts for article lists (data-parley-count)
//   frame     the script and stylesheet inside the iframe
// src/http/embed/build.ts runs these (hashing the frame's files, precompressing all) from
// ensureClientBuild(); `npx vite build -c widget/vite.config.ts` builds the frame script alone.
import { fileURLToPath } from 'node:url';
import { defineConfig, type InlineConfig } from 'vite';

export const WIDGET_ROOT = fileURLToPath(new URL('.', import.meta.url));
export const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url));

export type WidgetEntry = 'embed' | 'count' | 'frame';

export const WIDGET_ENTRIES: Record<WidgetEntry, string> = {
  embed: `${WIDGET_ROOT}embed.ts`,
  count: `${WIDGET_ROOT}count.ts`,
  frame: `${WIDGET_ROOT}frame/main.ts`,
};

/** One IIFE file, minified for the browsers the embed supports (ES2020). */
export function widgetScriptConfig(entry: WidgetEntry, outDir: string): InlineConfig {
  return {
    configFile: false,
    root: PROJECT_ROOT,
    logLevel: 'warn',
    publicDir: false,
    build: {
      outDir,
      emptyOutDir: true,
      target: 'es2020',
      minify: true,
      sourcemap: false,
      copyPublicDir: false,
      modulePreload: false,
      lib: { entry: WIDGET_ENTRIES[entry], formats: ['iife'], name: `parley_${entry}`, fileName: () => `${entry}.js` },
    },
  };
}

/** The frame's stylesheet, from a composed source file (see src/http/embed/build.ts). */
export function widgetStyleConfig(cssFile: string, outDir: string): InlineConfig {
  return {
    configFile: false,
    root: PROJECT_ROOT,
    logLevel: 'warn',
    publicDir: false,
    build: {
      outDir,
      emptyOutDir: true,
      target: 'es2020',
      cssMinify: true,
      sourcemap: false,
      copyPublicDir: false,
      rolldownOptions: { input: { frame: cssFile }, output: { assetFileNames: '[name][extname]' } },
    },
  };
}

export default defineConfig(widgetScriptConfig('frame', `${PROJECT_ROOT}dist/embed/vite`));
