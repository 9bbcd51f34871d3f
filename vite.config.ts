// Build of the browser bundle for server-rendered pages: src/client/article.tsx (which imports
// the stylesheet) → dist/client/assets/*, with a manifest the server reads (src/http/assets.ts).
// `npx vite build` works as well as ensureClientBuild().
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  publicDir: 'public',
  appType: 'custom',
  oxc: {
    // `development: false` keeps builds started under NODE_ENV=test (vitest) free of jsxDEV
    // source locations, so every build ships the same bytes.
    jsx: { runtime: 'automatic', importSource: 'preact', development: false },
  },
  build: {
    outDir: 'dist/client',
    emptyOutDir: true,
    manifest: true,
    target: 'es2022',
    sourcemap: false,
    modulePreload: { polyfill: false },
    rolldownOptions: {
      input: { article: 'src/client/article.tsx' },
      output: {
        entryFileNames: 'assets/[name]-[hash].js',
        chunkFileNames: 'assets/[name]-[hash].js',
        assetFileNames: 'assets/[name]-[hash][extname]',
      },
    },
  },
});
