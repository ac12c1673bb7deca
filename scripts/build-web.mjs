// Builds build/web: the page, widget and worker (Vite; ONNX Runtime Web's WebGPU and plain wasm
// bundles and their .wasm files are chunks of the worker), then copies in what they load at run time — the WASM core
// (build/wasm) and the shipped models with an index (models/index.json) that the page lists.
import { build } from 'vite';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const out = join(root, 'build/web');

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
await build({ configFile: join(root, 'web/vite.config.ts') });

// The WASM core.
const core = join(root, 'build/wasm');
if (!existsSync(join(core, 'iglens_core.wasm'))) throw new Error('build/wasm is missing: run the WASM build first');
mkdirSync(join(out, 'core'), { recursive: true });
for (const f of ['iglens_core.mjs', 'iglens_core.wasm']) cpSync(join(core, f), join(out, 'core', f));

// The shipped models: every models/<name>/ with config.json and onnx/model.onnx.
const models = [];
const modelsDir = join(root, 'models');
for (const name of readdirSync(modelsDir).sort()) {
  const dir = join(modelsDir, name);
  if (!existsSync(join(dir, 'config.json')) || !existsSync(join(dir, 'onnx/model.onnx'))) continue;
  const files = [];
  const copy = (rel) => {
    cpSync(join(dir, rel), join(out, 'models', name, rel));
    files.push(rel);
  };
  for (const f of readdirSync(dir)) if (/\.(json|model|txt)$/.test(f)) copy(f);
  for (const f of readdirSync(join(dir, 'onnx'))) if (f === 'model.onnx' || /^model\.onnx[._]data$/.test(f)) copy(`onnx/${f}`);
  const config = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8'));
  models.push({ name, files, task: config.problem_type ?? null, labels: Object.values(config.id2label ?? {}) });
}
const defaultModel = models.some((m) => m.name === 'sst2') ? 'sst2' : models[0]?.name ?? null;
mkdirSync(join(out, 'models'), { recursive: true });
writeFileSync(join(out, 'models/index.json'), JSON.stringify({ default: defaultModel, models }, null, 2));
console.log(`web build: ${out} (${models.length} model(s), default ${defaultModel})`);
