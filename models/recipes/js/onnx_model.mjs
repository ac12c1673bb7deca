// Runs an exported model folder (models/<name>/onnx/model.onnx) with onnxruntime-node.
import * as ort from 'onnxruntime-node';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export async function loadModel(folder) {
  const config = JSON.parse(readFileSync(join(folder, 'config.json'), 'utf8'));
  const session = await ort.InferenceSession.create(join(folder, 'onnx', 'model.onnx'), {
    intraOpNumThreads: 1, interOpNumThreads: 1, graphOptimizationLevel: 'all',
  });
  return { config, session, usesTokenTypes: session.inputNames.includes('token_type_ids') };
}

function int64Tensor(rows, width, fill) {
  const data = new BigInt64Array(rows.length * width).fill(BigInt(fill));
  rows.forEach((row, i) => row.forEach((v, j) => { data[i * width + j] = BigInt(v); }));
  return new ort.Tensor('int64', data, [rows.length, width]);
}

// encodings: [{ids, typeIds}]; right padding with pad_token_id, like the tokenizers do.
// Returns logits rows as plain arrays ([C] for sequence heads, [T][C] for token heads, unpadded).
export async function runBatch(model, encodings) {
  const width = Math.max(...encodings.map((e) => e.ids.length));
  const pad = model.config.pad_token_id ?? 0;
  const feeds = {
    input_ids: int64Tensor(encodings.map((e) => e.ids), width, pad),
    attention_mask: int64Tensor(encodings.map((e) => e.ids.map(() => 1)), width, 0),
  };
  if (model.usesTokenTypes) {
    feeds.token_type_ids = int64Tensor(encodings.map((e) => e.typeIds ?? e.ids.map(() => 0)), width, 0);
  }
  const { logits } = await model.session.run(feeds);
  const data = Float32Array.from(logits.data);
  if (logits.dims.length === 2) {
    const c = logits.dims[1];
    return encodings.map((_, i) => Array.from(data.subarray(i * c, (i + 1) * c)));
  }
  const [, t, c] = logits.dims;
  return encodings.map((e, i) => e.ids.map((_, j) => Array.from(data.subarray((i * t + j) * c, (i * t + j + 1) * c))));
}

// Sorts by length so batches carry little padding; returns logits in input order.
export async function runAll(model, encodings, batchSize = 64) {
  const order = encodings.map((_, i) => i).sort((a, b) => encodings[a].ids.length - encodings[b].ids.length);
  const out = new Array(encodings.length);
  for (let s = 0; s < order.length; s += batchSize) {
    const idx = order.slice(s, s + batchSize);
    const logits = await runBatch(model, idx.map((i) => encodings[i]));
    idx.forEach((i, j) => { out[i] = logits[j]; });
  }
  return out;
}
