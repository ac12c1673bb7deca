// Builds the static page (index.html), the widget example (widget.html) and the worker into
// build/web. The WASM core, ONNX Runtime Web's own .wasm/.mjs and the shipped models are copied
// beside them by scripts/build-web.mjs; they are loaded at run time, never bundled.
import { defineConfig } from 'vite';
import { resolve } from 'node:path';

const webRoot = import.meta.dirname;

export default defineConfig({
  root: webRoot,
  base: './',
  logLevel: 'warn',
  build: {
    outDir: resolve(webRoot, '../build/web'),
    emptyOutDir: false,
    target: 'es2022',
    sourcemap: true,
    rollupOptions: {
      input: {
        index: resolve(webRoot, 'index.html'),
        iglens: resolve(webRoot, 'src/index.ts'),
      },
      // The published module keeps a stable name (build/web/iglens.js); the rest is hashed.
      preserveEntrySignatures: 'strict',
      output: {
        entryFileNames: (chunk) => (chunk.name === 'iglens' ? 'iglens.js' : 'assets/[name]-[hash].js'),
      },
    },
  },
  worker: { format: 'es' },
});
