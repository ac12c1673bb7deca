// Inputs on which the C++ tokenizers knowingly differ from the reference implementation
// (@huggingface/transformers 4.3.1 = tokenizers.js 0.2.0), each with the reason. In every case
// the C++ side follows the original Hugging Face tokenizers (Rust/Python) and sentencepiece;
// the reference deviates. The reference test excuses exactly the inputs `applies` accepts.
export interface KnownDifference {
  tokenizers: string[];
  applies: (first: string, second: string | null) => boolean;
  reason: string;
}

// The shipped models' tokenizer.json files: WordPiece with BertNormalizer, like bert-base-uncased.
const SHIPPED_WORDPIECE = ['models/goemotions', 'models/esnli-nli', 'models/conll-ner'];

export const KNOWN_DIFFERENCES: KnownDifference[] = [
  {
    tokenizers: ['bert-base-uncased', 'bpe-byte-level', 'unigram-pegasus', 'spm-bpe-vit5', ...SHIPPED_WORDPIECE],
    applies: (_first, second) => second === '',
    reason:
      'tokenizers.js treats an empty second text as "no pair" (`text_pair || null`) and uses the single ' +
      'template; Hugging Face tokenizers keep the pair template, e.g. [CLS] A [SEP] [SEP].',
  },
  {
    tokenizers: ['bert-base-uncased', ...SHIPPED_WORDPIECE],
    applies: (first, second) => [first, second ?? ''].some((t) => /[\u{20000}-\u{2FA1F}]/u.test(t)),
    reason:
      'BertNormalizer puts spaces around CJK ideographs; tokenizers.js walks UTF-16 code units and so misses ' +
      'the ideographs above U+FFFF (CJK Extension B and later), which BERT and Hugging Face tokenizers split off.',
  },
  {
    tokenizers: ['spm-bpe-vit5'],
    applies: (first, second) => [first, second ?? ''].some((t) => t.includes('\u200d')),
    reason:
      'The Precompiled normalizer is sentencepiece\'s nmt_nfkc character map. tokenizers.js does not read the ' +
      'map and approximates it with NFKC plus a fixed list of characters turned into spaces; that list includes ' +
      'U+200D ZERO WIDTH JOINER, which the real map (sentencepiece builder.cc, used by Hugging Face tokenizers) ' +
      'leaves unchanged. Emoji ZWJ sequences (👨‍👩‍👧, 🏳️‍🌈) therefore tokenize differently.',
  },
];

export function knownDifference(tokenizer: string, first: string, second: string | null): KnownDifference | undefined {
  return KNOWN_DIFFERENCES.find((d) => d.tokenizers.includes(tokenizer) && d.applies(first, second));
}
