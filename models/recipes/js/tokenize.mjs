// The model folder's own tokenizer: spiece.model through Debian's spm_encode (the reference
// implementation), tokenizer.json through @huggingface/transformers' AutoTokenizer.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';

const SPM = { cls: 2, sep: 3 };

function oneLine(text) {
  return text.replace(/[\r\n]/g, ' ').split(/\s+/).filter(Boolean).join(' ');
}

function spmEncode(modelPath, texts) {
  const dir = mkdtempSync(join(tmpdir(), 'iglens-spm-'));
  try {
    const input = join(dir, 'in.txt');
    writeFileSync(input, texts.map(oneLine).join('\n') + '\n');
    const out = execFileSync('spm_encode', [`--model=${modelPath}`, '--output_format=id', `--input=${input}`],
      { encoding: 'utf8', maxBuffer: 1 << 28 });
    const lines = out.split('\n');
    if (lines[lines.length - 1] === '') lines.pop();
    if (lines.length !== texts.length) throw new Error(`spm_encode gave ${lines.length} lines for ${texts.length} texts`);
    return lines.map((l) => (l.trim() ? l.trim().split(' ').map(Number) : []));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// Mirrors models/recipes/iglens_models/spm.py encode_for_model (ALBERT: [CLS] a [SEP] (b [SEP])).
function spmForModel(modelPath, textsA, textsB, maxLength) {
  const a = spmEncode(modelPath, textsA);
  const b = textsB ? spmEncode(modelPath, textsB) : null;
  return a.map((ia, i) => {
    if (!b) {
      const ids = [SPM.cls, ...ia.slice(0, maxLength - 2), SPM.sep];
      return { ids, typeIds: ids.map(() => 0) };
    }
    let x = ia.slice();
    let y = b[i].slice();
    while (x.length + y.length > maxLength - 3) { if (x.length >= y.length) x.pop(); else y.pop(); }
    const ids = [SPM.cls, ...x, SPM.sep, ...y, SPM.sep];
    const typeIds = [...Array(x.length + 2).fill(0), ...Array(y.length + 1).fill(1)];
    return { ids, typeIds };
  });
}

export async function loadTokenizer(folder) {
  const tokConfig = JSON.parse(readFileSync(join(folder, 'tokenizer_config.json'), 'utf8'));
  const maxLength = tokConfig.model_max_length;
  if (existsSync(join(folder, 'spiece.model'))) {
    const modelPath = join(folder, 'spiece.model');
    return {
      kind: 'spiece.model (spm_encode)',
      encode: (textsA, textsB = null) => spmForModel(modelPath, textsA, textsB, maxLength),
    };
  }
  const { AutoTokenizer, env } = await import('@huggingface/transformers');
  env.allowRemoteModels = false;
  env.localModelPath = dirname(folder) + '/';
  const tok = await AutoTokenizer.from_pretrained(basename(folder));
  const [clsId, sepId] = tok.convert_tokens_to_ids(['[CLS]', '[SEP]']);
  return {
    kind: 'tokenizer.json (@huggingface/transformers)',
    tokenizer: tok,
    // Pre-split words (token classification), mirroring conll_ner.rows_of in recipes.py:
    // [CLS] pieces of each word [SEP]; `firsts[w]` is the position of word w's first piece,
    // null when the word was truncated away or has no pieces.
    encodeWords: (wordLists) => wordLists.map((words) => {
      const ids = [clsId]; const firsts = [];
      for (const w of words) {
        const pieces = tok.encode(w, { add_special_tokens: false });
        if (ids.length + pieces.length > maxLength - 1 || pieces.length === 0) { firsts.push(null); continue; }
        firsts.push(ids.length);
        ids.push(...pieces);
      }
      ids.push(sepId);
      return { ids, typeIds: ids.map(() => 0), firsts };
    }),
    encode: (textsA, textsB = null) => textsA.map((t, i) => {
      const enc = textsB ? tok(t, { text_pair: textsB[i], truncation: true, max_length: maxLength })
        : tok(t, { truncation: true, max_length: maxLength });
      const ids = Array.from(enc.input_ids.data, Number);
      const typeIds = enc.token_type_ids ? Array.from(enc.token_type_ids.data, Number) : ids.map(() => 0);
      return { ids, typeIds };
    }),
  };
}
