"""Sentencepiece via Debian's spm_train / spm_encode command-line tools (there is no
Python sentencepiece package here). The special pieces get fixed ids like ALBERT's
30k-clean.model: [PAD]=0, [UNK]=1, [CLS]=2, [SEP]=3, [MASK]=4."""
import os
import subprocess
import tempfile

SPECIAL_IDS = {"[PAD]": 0, "[UNK]": 1, "[CLS]": 2, "[SEP]": 3, "[MASK]": 4}


def train(texts, model_prefix, vocab_size, seed=1234):
    """Unigram model over `texts`. Case folding (nmt_nfkc_cf) lives inside the model's own
    normalizer, so every sentencepiece implementation lower-cases the same way."""
    os.makedirs(os.path.dirname(model_prefix), exist_ok=True)
    corpus = model_prefix + ".corpus.txt"
    with open(corpus, "w", encoding="utf-8") as f:
        for t in texts:
            f.write(one_line(t) + "\n")
    cmd = ["spm_train", f"--input={corpus}", f"--model_prefix={model_prefix}",
           f"--vocab_size={vocab_size}", "--model_type=unigram",
           "--normalization_rule_name=nmt_nfkc_cf", "--character_coverage=1.0",
           "--pad_id=0", "--pad_piece=[PAD]", "--unk_id=1", "--unk_piece=[UNK]",
           "--bos_id=-1", "--eos_id=-1", "--control_symbols=[CLS],[SEP]",
           "--user_defined_symbols=[MASK]", f"--random_seed={seed}", "--num_threads=1",
           "--input_sentence_size=0", "--shuffle_input_sentence=false"]
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    scrub_training_paths(model_prefix + ".model")
    pieces = read_vocab(model_prefix + ".vocab")
    for piece, expected in SPECIAL_IDS.items():
        if pieces.index(piece) != expected:
            raise RuntimeError(f"spm_train put {piece} at id {pieces.index(piece)}, expected {expected}")
    return model_prefix + ".model"


def scrub_training_paths(model_path):
    """spm_train records its --input and --model_prefix paths in the model's TrainerSpec; keep
    only the file names so no machine path ships. Pieces, scores and normalizer are untouched."""
    from .protobuf_lite import length_delimited, raw_fields
    with open(model_path, "rb") as f:
        model = f.read()
    out = bytearray()
    for num, _, raw, payload in raw_fields(model):
        if num != 2:  # ModelProto.trainer_spec
            out += raw
            continue
        spec = bytearray()
        for inner_num, _, inner_raw, inner_payload in raw_fields(payload):
            if inner_num in (1, 2):  # TrainerSpec.input, TrainerSpec.model_prefix
                spec += length_delimited(inner_num, os.path.basename(inner_payload.decode()).encode())
            else:
                spec += inner_raw
        out += length_delimited(2, bytes(spec))
    with open(model_path, "wb") as f:
        f.write(bytes(out))


def read_vocab(vocab_path):
    with open(vocab_path, encoding="utf-8") as f:
        return [line.split("\t")[0] for line in f]


def one_line(text):
    # spm_encode reads one sentence per line; a newline inside a text would split it.
    return " ".join(text.replace("\r", " ").replace("\n", " ").split())


def encode(model_path, texts):
    """Piece ids of each text, without [CLS]/[SEP] (spm_encode --output_format=id)."""
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False, encoding="utf-8") as f:
        for t in texts:
            f.write(one_line(t) + "\n")
        name = f.name
    try:
        out = subprocess.run(["spm_encode", f"--model={model_path}", "--output_format=id",
                              f"--input={name}"], check=True, capture_output=True, text=True).stdout
    finally:
        os.unlink(name)
    lines = out.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    if len(lines) != len(texts):
        raise RuntimeError(f"spm_encode returned {len(lines)} lines for {len(texts)} texts")
    return [[int(x) for x in line.split()] for line in lines]


def encode_for_model(model_path, texts, max_length, texts_b=None):
    """ALBERT-style inputs: [CLS] a [SEP] (b [SEP]); token type 1 for the b part.
    The first text is truncated first when a pair is too long (longest_first)."""
    a_ids = encode(model_path, texts)
    b_ids = encode(model_path, texts_b) if texts_b is not None else None
    out = []
    for i, a in enumerate(a_ids):
        if b_ids is None:
            a = a[: max_length - 2]
            ids = [SPECIAL_IDS["[CLS]"]] + a + [SPECIAL_IDS["[SEP]"]]
            types = [0] * len(ids)
        else:
            b = b_ids[i]
            while len(a) + len(b) > max_length - 3:
                if len(a) >= len(b):
                    a = a[:-1]
                else:
                    b = b[:-1]
            ids = [SPECIAL_IDS["[CLS]"]] + a + [SPECIAL_IDS["[SEP]"]] + b + [SPECIAL_IDS["[SEP]"]]
            types = [0] * (len(a) + 2) + [1] * (len(b) + 1)
        out.append((ids, types))
    return out
