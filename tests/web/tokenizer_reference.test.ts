// Reference equality of the C++ tokenizers (through tests/tokenize_reference/tokenize_dump)
// with independent implementations on a corpus of real and hard texts:
//   tokenizer.json files  vs  @huggingface/transformers (tokenizers.js)
//   sentencepiece .model  vs  Debian's spm_encode --output_format=id
// Build the tool first: cmake --build build/native --target tokenize_dump
// (IGLENS_TOKENIZE_DUMP=path overrides the tool's location).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { AutoTokenizer, env } from '@huggingface/transformers';
import { describe, expect, it } from 'vitest';
import { buildCorpus } from '../tokenize_reference/corpus';
import { knownDifference } from '../tokenize_reference/known_differences';

const repoRoot = resolve(import.meta.dirname, '../..');
const sharedDir = resolve(repoRoot, '../shared');
const tokenizersDir = join(sharedDir, 'tokenizers');
const dumpTool = process.env.IGLENS_TOKENIZE_DUMP
  ? resolve(repoRoot, process.env.IGLENS_TOKENIZE_DUMP)
  : join(repoRoot, 'build/native/tests/tokenize_dump');
const corpus = buildCorpus(sharedDir, join(repoRoot, 'tests/tokenize_reference/hard_cases.json'));
const workDir = mkdtempSync(join(tmpdir(), 'iglens-tokref-'));

interface Dumped {
  ids?: number[];
  types?: number[];
  template?: boolean[];
  segments?: number[];
  byte_offsets?: [number, number][];
  utf16_offsets?: [number, number][];
  error?: string;
}

// The UTF-16 span (what the browser highlights) must cover the same text as the byte span.
function offsetMismatches(input: string | [string, string], got: Dumped): string[] {
  const texts = typeof input === 'string' ? [input] : input;
  const problems: string[] = [];
  (got.ids ?? []).forEach((_, k) => {
    const text = texts[got.segments![k]];
    const [b0, b1] = got.byte_offsets![k];
    const [u0, u1] = got.utf16_offsets![k];
    const fromBytes = Buffer.from(text, 'utf8').subarray(b0, b1).toString('utf8');
    if (fromBytes !== text.slice(u0, u1)) problems.push(`  ${show(text)} token ${k}: bytes ${b0}-${b1} vs utf16 ${u0}-${u1}`);
  });
  return problems;
}

function runDump(tokenizerPath: string, inputs: (string | [string, string])[]): Dumped[] {
  if (!existsSync(dumpTool)) {
    throw new Error(`${dumpTool} is missing: build it with cmake --build build/native --target tokenize_dump`);
  }
  const inputPath = join(workDir, 'inputs.json');
  writeFileSync(inputPath, JSON.stringify(inputs));
  const out = execFileSync(dumpTool, [tokenizerPath, inputPath], { maxBuffer: 1 << 28, encoding: 'utf8' });
  const results = out.trim().split('\n').map((l) => JSON.parse(l) as Dumped);
  expect(results.length).toBe(inputs.length);
  return results;
}

const same = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((v, i) => v === b[i]);
const show = (s: string) => JSON.stringify(s.length > 80 ? s.slice(0, 80) + '…' : s);

function report(name: string, total: number, mismatches: string[], excused: string[]) {
  const agreed = total - mismatches.length - excused.length;
  const rate = ((100 * agreed) / total).toFixed(2);
  console.log(`${name}: ${agreed}/${total} identical (${rate}%), ${excused.length} known differences`);
  const counts = new Map<string, number>();
  for (const reason of excused) counts.set(reason, (counts.get(reason) ?? 0) + 1);
  for (const [reason, count] of counts) console.log(`  ${count} x ${reason}`);
  if (mismatches.length) console.log(mismatches.slice(0, 20).join('\n'));
}

env.allowRemoteModels = false;

// The shared tokenizer files and the shipped models' own tokenizers (their folders hold the same
// files): [label, folder that holds it, folder name].
const modelsDir = join(repoRoot, 'models');
const shippedWith = (file: string) =>
  readdirSync(modelsDir).filter((m) => existsSync(join(modelsDir, m, file))).sort();
const jsonTokenizers: [string, string, string][] = [
  ...['bert-base-uncased', 'bpe-byte-level', 'unigram-pegasus', 'spm-bpe-vit5'].map(
    (n): [string, string, string] => [n, tokenizersDir, n],
  ),
  ...shippedWith('tokenizer.json').map((m): [string, string, string] => [`models/${m}`, modelsDir, m]),
];
const spmModels: [string, string][] = [
  ...['spm-albert-30k/30k-clean.model', 'spm-en-hi-te/spiece.model'].map((m): [string, string] => [m, join(tokenizersDir, m)]),
  ...shippedWith('spiece.model').map((m): [string, string] => [`models/${m}/spiece.model`, join(modelsDir, m, 'spiece.model')]),
];

describe('tokenizer.json files match @huggingface/transformers', () => {
  for (const [label, root, name] of jsonTokenizers) {
    it(label, async () => {
      env.localModelPath = root + '/';
      const reference = await AutoTokenizer.from_pretrained(name);
      const inputs: (string | [string, string])[] = [...corpus.singles, ...corpus.pairs];
      const ours = runDump(join(root, name), inputs);
      const mismatches: string[] = [];
      const offsetProblems: string[] = [];
      const excused: string[] = [];
      inputs.forEach((input, i) => {
        const [a, b] = typeof input === 'string' ? [input, null] : input;
        const expected = reference._tokenizer.encode(a, { text_pair: b, return_token_type_ids: true });
        const got = ours[i];
        offsetProblems.push(...offsetMismatches(input, got));
        const idsMatch = got.ids !== undefined && same(got.ids, expected.ids);
        const typesMatch = b === null || (got.types !== undefined && same(got.types, expected.token_type_ids));
        if (idsMatch && typesMatch) return;
        const known = knownDifference(label, a, b);
        if (known) {
          excused.push(known.reason);
          return;
        }
        mismatches.push(
          `  ${show(a)}${b === null ? '' : ' + ' + show(b)}\n    ours ${JSON.stringify(got.error ?? got.ids)}` +
            `${typesMatch ? '' : ' types ' + JSON.stringify(got.types)}\n    ref  ${JSON.stringify(expected.ids)}` +
            `${typesMatch ? '' : ' types ' + JSON.stringify(expected.token_type_ids)}`,
        );
      });
      report(label, inputs.length, mismatches, excused);
      expect(mismatches).toEqual([]);
      expect(offsetProblems).toEqual([]);
    }, 60_000);
  }
});

describe('sentencepiece .model files match spm_encode', () => {
  for (const [model, modelPath] of spmModels) {
    it(model, () => {
      // spm_encode reads one text per line.
      const texts = corpus.singles.map((t) => t.replace(/\n/g, ' '));
      const textPath = join(workDir, 'spm_inputs.txt');
      writeFileSync(textPath, texts.join('\n') + '\n');
      const spm = execFileSync('spm_encode', ['--model', modelPath, '--output_format=id', '--input', textPath], {
        maxBuffer: 1 << 28,
        encoding: 'utf8',
      })
        .split('\n')
        .slice(0, texts.length)
        .map((l) => (l.trim() === '' ? [] : l.trim().split(' ').map(Number)));
      expect(spm.length).toBe(texts.length);
      const ours = runDump(modelPath, texts);
      const mismatches: string[] = [];
      const excused: string[] = [];
      texts.forEach((text, i) => {
        const got = ours[i];
        const content = (got.ids ?? []).filter((_, k) => !got.template?.[k]);
        if (got.error === undefined && same(content, spm[i])) return;
        const known = knownDifference(model, text, null);
        if (known) {
          excused.push(known.reason);
          return;
        }
        mismatches.push(`  ${show(text)}\n    ours ${JSON.stringify(got.error ?? content)}\n    spm  ${JSON.stringify(spm[i])}`);
      });
      report(model, texts.length, mismatches, excused);
      expect(mismatches).toEqual([]);
    }, 60_000);
  }
});
