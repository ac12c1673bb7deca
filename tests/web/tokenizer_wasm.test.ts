// The tokenizers compiled to WebAssembly give exactly the native build's output — ids, template
// flags, segments and offsets — for every tokenizer in ../shared/tokenizers and every shipped
// model, on the same corpus the reference test uses (a deterministic sample of it).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCore, unwrap } from '../../web/src/core';
import type { Encoding } from '../../web/src/engine';
import { buildCorpus } from '../tokenize_reference/corpus';
import { coreModuleUrl, coreWasm, repoRoot } from './support';

const sharedDir = resolve(repoRoot, '../shared');
const dumpTool = join(repoRoot, 'build/native/tests/tokenize_dump');
const workDir = mkdtempSync(join(tmpdir(), 'iglens-tokwasm-'));
const corpus = buildCorpus(sharedDir, join(repoRoot, 'tests/tokenize_reference/hard_cases.json'));
const sample = [...corpus.singles.filter((_, i) => i % 7 === 0), ...corpus.pairs.filter((_, i) => i % 7 === 0)];

const tokenizerFile = /^(tokenizer\.json|tokenizer_config\.json|special_tokens_map\.json|config\.json|[^/]*\.model)$/;

function folders(): [string, string][] {
  const out: [string, string][] = [];
  const shared = join(sharedDir, 'tokenizers');
  for (const name of readdirSync(shared).sort()) out.push([`shared/${name}`, join(shared, name)]);
  for (const name of readdirSync(join(repoRoot, 'models')).sort())
    if (existsSync(join(repoRoot, 'models', name, 'config.json'))) out.push([`models/${name}`, join(repoRoot, 'models', name)]);
  return out;
}

// A folder with several .model files (none here) or none at all is not one tokenizer.
function filesOf(dir: string): Record<string, Uint8Array> | null {
  const names = readdirSync(dir).filter((f) => tokenizerFile.test(f));
  if (!names.includes('tokenizer.json') && names.filter((f) => f.endsWith('.model')).length !== 1) return null;
  return Object.fromEntries(names.map((f) => [f, readFileSync(join(dir, f))]));
}

describe('WASM tokenizers equal the native ones', async () => {
  const core = await loadCore({ moduleUrl: coreModuleUrl, wasmBinary: coreWasm() });
  for (const [label, dir] of folders()) {
    const files = filesOf(dir);
    if (!files) continue;
    it(label, () => {
      const tokenizer = new core.CoreTokenizer();
      try {
        unwrapNull(tokenizer.load(files));
        const inputPath = join(workDir, 'inputs.json');
        writeFileSync(inputPath, JSON.stringify(sample));
        const native = execFileSync(dumpTool, [dir, inputPath], { maxBuffer: 1 << 28, encoding: 'utf8' })
          .trim()
          .split('\n')
          .map((l) => JSON.parse(l));
        sample.forEach((input, k) => {
          const [a, b] = typeof input === 'string' ? [input, null] : input;
          const result = tokenizer.encodeJson(a, b, 0);
          if (native[k].error) {
            expect(typeof result === 'string' ? 'no error' : result.error).toBe(native[k].error);
            return;
          }
          const web = unwrap<Encoding>(result);
          expect(web.tokens.map((t) => t.id), JSON.stringify(input)).toEqual(native[k].ids);
          expect(web.tokens.map((t) => [t.start, t.end])).toEqual(native[k].utf16_offsets);
          expect(web.tokens.map((t) => t.segment)).toEqual(native[k].segments);
          expect(web.truncated).toBe(false);
        });
      } finally {
        tokenizer.delete();
      }
    });
  }
});

function unwrapNull(status: null | { error: string }) {
  if (status) throw new Error(status.error);
}
