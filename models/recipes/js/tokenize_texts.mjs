// node models/recipes/js/tokenize_texts.mjs <tokenizer folder> <in.json> <out.json>
// Encodes texts with @huggingface/transformers' AutoTokenizer from a local folder, so the
// training data is tokenized by exactly the code that tokenizes for the shipped model.
// in.json: {"texts": [...], "texts_b": [...]?, "max_length": N, "words": [[...]]?}
// With "words" (pre-split words, for token classification) each word is encoded on its own
// (no special tokens) and the result is a list of per-word id lists.
import { readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { AutoTokenizer, env } from '@huggingface/transformers';

const [folderArg, inPath, outPath] = process.argv.slice(2);
const folder = resolve(folderArg);
env.allowRemoteModels = false;
env.localModelPath = dirname(folder) + '/';
const tok = await AutoTokenizer.from_pretrained(basename(folder));
const input = JSON.parse(readFileSync(inPath, 'utf8'));
const out = {};
if (input.words) {
  out.word_ids = input.words.map((ws) => ws.map((w) => tok.encode(w, { add_special_tokens: false })));
} else {
  out.input_ids = [];
  out.token_type_ids = [];
  input.texts.forEach((t, i) => {
    const opts = { truncation: true, max_length: input.max_length };
    if (input.texts_b) opts.text_pair = input.texts_b[i];
    const enc = tok(t, opts);
    out.input_ids.push(Array.from(enc.input_ids.data, Number));
    out.token_type_ids.push(enc.token_type_ids ? Array.from(enc.token_type_ids.data, Number) : null);
  });
}
writeFileSync(outPath, JSON.stringify(out));
