// node models/recipes/check_onnx.mjs <name> [--folder DIR] [--fixture FILE]
// Checks models/<name>/onnx/model.onnx against the torch logits that train.py stored in
// models/recipes/fixtures/<name>.json: (1) the padded batch gives the torch logits (<= 1e-4);
// (2) every row run alone, without padding, gives its padded-batch logits (<= 1e-4), i.e. the
// attention mask really masks; (3) the model's own tokenizer reproduces the fixture's input ids.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadModel, runBatch } from './js/onnx_model.mjs';
import { loadTokenizer } from './js/tokenize.mjs';

const TOLERANCE = 1e-4;
const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const args = process.argv.slice(2);
const option = (flag, fallback) => (args.includes(flag) ? args[args.indexOf(flag) + 1] : fallback);
const name = args[0];
if (!name || name.startsWith('--')) {
  console.error('usage: node models/recipes/check_onnx.mjs <model name> [--folder DIR] [--fixture FILE]');
  process.exit(2);
}
const folder = option('--folder', join(repo, 'models', name));
const fixture = JSON.parse(readFileSync(option('--fixture', join(repo, 'models', 'recipes', 'fixtures', `${name}.json`)), 'utf8'));
const model = await loadModel(folder);

const rows = fixture.input_ids.map((ids, i) => {
  const n = fixture.attention_mask[i].reduce((s, v) => s + v, 0);
  return { ids: ids.slice(0, n), typeIds: fixture.token_type_ids ? fixture.token_type_ids[i].slice(0, n) : null };
});
const flat = (x) => (Array.isArray(x) ? x.flatMap(flat) : [x]);
const maxDiff = (a, b) => {
  const fa = flat(a); const fb = flat(b);
  if (fa.length !== fb.length) return Infinity;
  return fa.reduce((m, v, i) => Math.max(m, Math.abs(v - fb[i])), 0);
};

const failures = [];
const batched = await runBatch(model, rows);
let worstTorch = 0; let worstPadding = 0;
for (let i = 0; i < rows.length; i += 1) {
  const torchRow = fixture.token_level_output ? fixture.logits[i].slice(0, rows[i].ids.length) : fixture.logits[i];
  const d = maxDiff(batched[i], torchRow);
  worstTorch = Math.max(worstTorch, d);
  if (!(d <= TOLERANCE)) failures.push(`row ${i}: ONNX vs torch logits differ by ${d}`);
  const [alone] = await runBatch(model, [rows[i]]);
  const p = maxDiff(alone, batched[i]);
  worstPadding = Math.max(worstPadding, p);
  if (!(p <= TOLERANCE)) failures.push(`row ${i}: unpadded vs padded logits differ by ${p}`);
}
// Fixtures of random-weight test exports (test_export.py) carry ids without texts.
let tokenizerNote = 'no texts in the fixture';
if (fixture.texts) {
  const tokenizer = await loadTokenizer(folder);
  const encoded = fixture.words ? tokenizer.encodeWords(fixture.words) : tokenizer.encode(fixture.texts, fixture.texts_b ?? null);
  encoded.forEach((e, i) => {
    if (JSON.stringify(e.ids) !== JSON.stringify(rows[i].ids)) {
      failures.push(`row ${i}: tokenizer gives ${JSON.stringify(e.ids)}, fixture has ${JSON.stringify(rows[i].ids)}`);
    }
  });
  tokenizerNote = `tokenizer ${tokenizer.kind} reproduces the ids`;
}
if (failures.length) {
  console.error(`check_onnx ${name}: FAILED\n  ${failures.join('\n  ')}`);
  process.exit(1);
}
console.log(`check_onnx ${name}: ok (${rows.length} rows; max |onnx - torch| = ${worstTorch.toExponential(2)}, `
  + `max |unpadded - padded| = ${worstPadding.toExponential(2)}; ${tokenizerNote})`);
