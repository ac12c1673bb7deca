// Builds the static page (index.html), the widget example (widget.html), the published module
// (iglens.js), the widget script (ig-lens.js) and the worker into
// build/web. The worker's chunks hold both ONNX Runtime Web bundles (WebGPU and plain wasm, each
// with its .wasm under assets/); it loads the one it needs at run time (web/src/ort-bundle.ts).
// The WASM core and the shipped models are copied beside them by scripts/build-web.mjs.
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
        widget: resolve(webRoot, 'widget.html'),
        iglens: resolve(webRoot, 'src/index.ts'),
        'ig-lens': resolve(webRoot, 'src/widget/ig-lens.ts'),
      },
      // The published module (iglens.js) and the widget's one script tag (ig-lens.js) keep stable
      // names for third-party pages; everything else is content-hashed under assets/.
      preserveEntrySignatures: 'strict',
      output: {
        entryFileNames: (chunk) =>
          chunk.name === 'iglens' || chunk.name === 'ig-lens' ? `${chunk.name}.js` : 'assets/[name]-[hash].js',
      },
    },
  },
  worker: { format: 'es' },
});
