// node models/recipes/check_all.mjs
// For every shipped model folder (models/<name>/config.json): check_onnx.mjs (torch vs ONNX
// logits, padding invariance, tokenizer ids) and evaluate.mjs, whose headline metric must equal
// the value in the model card's model-index front matter. Exit status 1 on any failure.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const modelsDir = join(here, '..');
const names = readdirSync(modelsDir).filter((n) => existsSync(join(modelsDir, n, 'config.json'))).sort();
let failed = 0;
for (const name of names) {
  try {
    console.log(execFileSync('node', [join(here, 'check_onnx.mjs'), name], { encoding: 'utf8' }).trim());
    const card = readFileSync(join(modelsDir, name, 'README.md'), 'utf8');
    const m = card.match(/metrics:\n {4}- \{type: (\w+), value: ([0-9.]+)\}/);
    if (!m) throw new Error(`models/${name}/README.md has no model-index metric`);
    const metrics = JSON.parse(execFileSync('node', [join(here, 'evaluate.mjs'), name, '--json'], { encoding: 'utf8' }));
    const got = metrics[m[1]];
    if (!(Math.abs(got - Number(m[2])) < 5e-5)) throw new Error(`ONNX ${m[1]} ${got} but the card says ${m[2]}`);
    console.log(`evaluate ${name}: ${m[1]} ${got.toFixed(4)} matches the card`);
  } catch (e) {
    failed += 1;
    console.error(`FAIL ${name}: ${e.stderr || e.message}`);
  }
}
console.log(`${names.length - failed}/${names.length} model folders ok`);
process.exit(failed ? 1 : 0);
