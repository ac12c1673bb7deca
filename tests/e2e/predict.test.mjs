// The thin slice in Chromium: the published module (iglens.js) loads the WASM core in a Web
// Worker and runs the tiny model on ONNX Runtime Web, with a WebGPU adapter (['webgpu','wasm'])
// and without one (['wasm']); both equal the native CLI.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { backends, openPage, serve } from './browser.mjs';

const text = 'a gripping , funny and heartfelt film';
const native = JSON.parse(
  execFileSync('build/native/iglens', ['predict', '--model', 'models/tiny', '--json', text], { encoding: 'utf8' }),
);

let server;
let url;
before(async () => ({ server, url } = await serve()));
after(() => server.close());

for (const backend of backends) {
  describe(`predict in Chromium (${backend.name})`, () => {
    let session;
    before(async () => (session = await openPage(backend, url)));
    after(() => session?.browser.close());

    it('runs the tiny model and agrees with the native CLI', async () => {
      const result = await session.page.evaluate(
        async ({ text, choice }) => {
          const { IGLens } = await import('/iglens.js');
          const lens = await IGLens.load('models/tiny/', { backend: choice });
          const out = await lens.predict(text);
          await lens.dispose();
          return { info: lens.info, out };
        },
        { text, choice: backend.name === 'webgpu' ? 'auto' : 'wasm' },
      );
      assert.equal(result.info.backend, backend.name, `ran on ${result.info.backend}: ${result.info.fallbackReason}`);
      assert.deepEqual(result.out.tokens.map((t) => t.id), native.tokens.map((t) => t.id));
      assert.equal(result.out.prediction.label, native.prediction.label);
      result.out.prediction.probabilities.forEach((p, i) =>
        assert.ok(Math.abs(p - native.prediction.probabilities[i]) < 1e-4, `p[${i}] ${p} vs ${native.prediction.probabilities[i]}`),
      );
      assert.deepEqual(session.errors, []);
    });
  });
}
