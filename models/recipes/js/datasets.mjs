// Readers for ../shared/data, mirroring models/recipes/iglens_models/data.py.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export function sst2Validation(sharedData) {
  const lines = readFileSync(join(sharedData, 'sst2', 'glue_sst2_validation_872.tsv'), 'utf8').split('\n');
  if (lines[0] !== 'sentence\tlabel') throw new Error('sst2 validation: unexpected header');
  return lines.slice(1).filter((l) => l.length).map((l) => {
    const cut = l.lastIndexOf('\t');
    return { text: l.slice(0, cut).trim(), label: Number(l.slice(cut + 1)) };
  });
}

export function goemotionsLabels(sharedData) {
  return readFileSync(join(sharedData, 'goemotions', 'labels.txt'), 'utf8').split('\n').map((l) => l.trim()).filter(Boolean);
}

export function goemotionsSplit(sharedData, split) {
  return readFileSync(join(sharedData, 'goemotions', `${split}.tsv`), 'utf8').split('\n').filter((l) => l.length).map((l) => {
    const parts = l.split('\t');
    if (parts.length !== 3) throw new Error(`goemotions ${split}: bad line ${JSON.stringify(l)}`);
    return { text: parts[0], labels: parts[1].split(',').map(Number) };
  });
}

export const ESNLI_LABELS = ['entailment', 'neutral', 'contradiction'];

export function esnliSplit(sharedData, split) {
  const lines = (name) => readFileSync(join(sharedData, 'esnli', `${name}.${split}`), 'utf8').split('\n').map((l) => l.trim());
  const s1 = lines('s1'); const s2 = lines('s2'); const labels = lines('labels');
  const rows = [];
  labels.forEach((l, i) => {
    if (l === '') return;
    const label = ESNLI_LABELS.indexOf(l);
    if (label < 0) throw new Error(`esnli ${split}: unknown label ${l}`);
    rows.push({ premise: s1[i], hypothesis: s2[i], label });
  });
  return rows;
}

export function conllSplit(sharedData, name) {
  const sentences = []; let tokens = []; let tags = [];
  for (const raw of readFileSync(join(sharedData, 'conll2003', name), 'utf8').split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('-DOCSTART-')) {
      if (tokens.length) { sentences.push({ tokens, tags }); tokens = []; tags = []; }
      continue;
    }
    const parts = line.split(' ');
    tokens.push(parts[0]); tags.push(parts[parts.length - 1]);
  }
  if (tokens.length) sentences.push({ tokens, tags });
  return sentences;
}
