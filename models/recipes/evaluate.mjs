// node models/recipes/evaluate.mjs <name> [--json] [--folder DIR]
// Reproduces the quality figure of models/<name>/README.md from the exported ONNX model
// (onnxruntime-node) and the folder's own tokenizer; no torch involved.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadModel, runAll } from './js/onnx_model.mjs';
import { loadTokenizer } from './js/tokenize.mjs';
import * as datasets from './js/datasets.mjs';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const sharedData = join(repo, '..', 'shared', 'data');

function multilabelF1(probs, gold, threshold) {
  const n = gold[0].length;
  const tp = new Array(n).fill(0); const fp = new Array(n).fill(0); const fn = new Array(n).fill(0);
  probs.forEach((row, i) => row.forEach((p, c) => {
    const pred = p >= threshold;
    if (pred && gold[i][c]) tp[c] += 1; else if (pred) fp[c] += 1; else if (gold[i][c]) fn[c] += 1;
  }));
  const f1 = (t, a, b) => (t === 0 ? 0 : (2 * t) / (2 * t + a + b));
  const sum = (x) => x.reduce((s, v) => s + v, 0);
  return { micro_f1: f1(sum(tp), sum(fp), sum(fn)), macro_f1: sum(tp.map((t, c) => f1(t, fp[c], fn[c]))) / n };
}

function iob1ToBio(tags) {
  return tags.map((t, i) => (t.startsWith('I-') && (i === 0 || tags[i - 1] === 'O' || tags[i - 1].slice(2) !== t.slice(2)) ? `B-${t.slice(2)}` : t));
}

function entitySpans(tags) {
  const spans = new Set(); let start = null; let kind = null;
  [...tags, 'O'].forEach((t, i) => {
    const continues = t.startsWith('I-') && kind === t.slice(2);
    if (start !== null && !continues) { spans.add(`${start}:${i}:${kind}`); start = null; kind = null; }
    if (t.startsWith('B-') || (t.startsWith('I-') && !continues)) { start = i; kind = t.slice(2); }
  });
  return spans;
}

const argmax = (row) => row.reduce((best, v, i) => (v > row[best] ? i : best), 0);

const TASKS = {
  async sst2(model, tokenizer) {
    const rows = datasets.sst2Validation(sharedData);
    const logits = await runAll(model, tokenizer.encode(rows.map((r) => r.text)));
    const correct = rows.filter((r, i) => argmax(logits[i]) === r.label).length;
    return { split: 'SST-2 validation (872)', accuracy: correct / rows.length, correct, total: rows.length };
  },
  async esnli(model, tokenizer) {
    const rows = datasets.esnliSplit(sharedData, 'test');
    const labels = Object.values(model.config.id2label);
    if (JSON.stringify(labels) !== JSON.stringify(datasets.ESNLI_LABELS)) throw new Error(`id2label ${labels} is not ${datasets.ESNLI_LABELS}`);
    const logits = await runAll(model, tokenizer.encode(rows.map((r) => r.premise), rows.map((r) => r.hypothesis)));
    const correct = rows.filter((r, i) => argmax(logits[i]) === r.label).length;
    return { split: 'e-SNLI test (9,824 pairs)', accuracy: correct / rows.length, correct, total: rows.length };
  },
  // Mirrors conll_ner / entity_f1 in models/recipes/iglens_models/recipes.py.
  async conll(model, tokenizer) {
    const sentences = datasets.conllSplit(sharedData, 'eng.testb');
    const id2label = model.config.id2label;
    const encodings = tokenizer.encodeWords(sentences.map((s) => s.tokens));
    const logits = await runAll(model, encodings);
    let tp = 0; let fp = 0; let fn = 0;
    sentences.forEach((s, i) => {
      const pred = encodings[i].firsts.map((f) => (f === null ? 'O' : id2label[argmax(logits[i][f])]));
      const gold = entitySpans(iob1ToBio(s.tags)); const got = entitySpans(pred);
      for (const e of got) { if (gold.has(e)) tp += 1; else fp += 1; }
      for (const e of gold) if (!got.has(e)) fn += 1;
    });
    const precision = tp + fp ? tp / (tp + fp) : 0; const recall = tp + fn ? tp / (tp + fn) : 0;
    return { split: 'CoNLL-2003 eng.testb', entity_f1: precision + recall ? (2 * precision * recall) / (precision + recall) : 0,
      precision, recall, sentences: sentences.length };
  },
  // Mirrors best_threshold / multilabel_f1 in models/recipes/iglens_models/recipes.py.
  async goemotions(model, tokenizer) {
    const nLabels = datasets.goemotionsLabels(sharedData).length;
    const probsOf = async (split) => {
      const rows = datasets.goemotionsSplit(sharedData, split);
      const logits = await runAll(model, tokenizer.encode(rows.map((r) => r.text)));
      const gold = rows.map((r) => Array.from({ length: nLabels }, (_, c) => (r.labels.includes(c) ? 1 : 0)));
      return { probs: logits.map((row) => row.map((v) => 1 / (1 + Math.exp(-v)))), gold };
    };
    const dev = await probsOf('dev');
    const grid = Array.from({ length: 49 }, (_, k) => Math.round(2 * (k + 1)) / 100);
    let threshold = grid[0]; let best = -1;
    for (const t of grid) {
      const f = multilabelF1(dev.probs, dev.gold, t).micro_f1;
      if (f > best || (f === best && Math.abs(t - 0.5) < Math.abs(threshold - 0.5))) { best = f; threshold = t; }
    }
    const test = await probsOf('test');
    return { split: 'GoEmotions test (5,427), threshold chosen on dev (5,426)', threshold,
      ...multilabelF1(test.probs, test.gold, threshold) };
  },
};

const MODEL_TASK = { tiny: 'sst2', sst2: 'sst2', goemotions: 'goemotions', 'esnli-nli': 'esnli', 'conll-ner': 'conll' };

const args = process.argv.slice(2);
const name = args[0];
if (!MODEL_TASK[name]) {
  console.error(`usage: node models/recipes/evaluate.mjs <${Object.keys(MODEL_TASK).join('|')}> [--json] [--folder DIR]`);
  process.exit(2);
}
const folder = args.includes('--folder') ? args[args.indexOf('--folder') + 1] : join(repo, 'models', name);
const flag = args.includes('--json') ? '--json' : null;
const model = await loadModel(folder);
const tokenizer = await loadTokenizer(folder);
const t0 = Date.now();
const metrics = await TASKS[MODEL_TASK[name]](model, tokenizer);
metrics.seconds = (Date.now() - t0) / 1000;
if (flag === '--json') console.log(JSON.stringify(metrics));
else console.log(`${name}: ${JSON.stringify(metrics, null, 1)}`);
