// Gathers a model folder's files: from a URL (shipped models, listed in models/index.json beside
// the page) or from a folder the user picked (<input type=file webkitdirectory>). Only the files
// the core needs are read; the ONNX weights are read once and handed on without copies.

export interface ModelFiles {
  name: string;
  /** config.json and tokenizer files, by file name. */
  files: Record<string, Uint8Array>;
  /** onnx/model.onnx */
  onnx: Uint8Array;
}

export interface ModelIndexEntry {
  name: string;
  files: string[];
  task: string | null;
  labels: string[];
}
export interface ModelIndex {
  default: string | null;
  models: ModelIndexEntry[];
}

const tokenizerFile = /^(config\.json|tokenizer\.json|tokenizer_config\.json|special_tokens_map\.json|vocab\.(txt|json)|merges\.txt|[^/]*\.model)$/;

async function fetchBytes(url: string | URL): Promise<Uint8Array> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`could not load ${url}: HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

// One fetch of a page's model list: the page lists it, then loading a shipped model reads its
// file list from it again (a failed fetch is forgotten, so a retry asks again).
const indexes = new Map<string, Promise<ModelIndex>>();

export function fetchModelIndex(baseUrl: string | URL): Promise<ModelIndex> {
  const url = new URL('models/index.json', baseUrl).href;
  let index = indexes.get(url);
  if (!index) {
    index = (async () => {
      const response = await fetch(url);
      if (!response.ok) throw new Error(`could not load the model list: HTTP ${response.status}`);
      return (await response.json()) as ModelIndex;
    })();
    index.catch(() => indexes.delete(url));
    indexes.set(url, index);
  }
  return index;
}

// Tokenizer files an exported folder may hold; HTTP cannot list a folder, so these are asked for
// by name and the ones that exist are used.
const tokenizerCandidates = [
  'tokenizer.json',
  'tokenizer_config.json',
  'special_tokens_map.json',
  'spiece.model',
  'sentencepiece.bpe.model',
  'tokenizer.model',
];

async function fetchOptional(url: URL): Promise<Uint8Array | null> {
  const response = await fetch(url);
  if (response.status === 404) return null;
  if (!response.ok) throw new Error(`could not load ${url}: HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

/** A model folder served over HTTP, e.g. 'models/sst2/' relative to `base`. `knownFiles` (from
 *  models/index.json) avoids asking for files the folder does not have. */
export async function fetchModelFolder(folder: string, base: string | URL, knownFiles?: string[]): Promise<ModelFiles> {
  const folderUrl = new URL(folder.endsWith('/') ? folder : `${folder}/`, base);
  const name = folderUrl.pathname.split('/').filter(Boolean).pop() ?? 'model';
  const candidates = knownFiles ? knownFiles.filter((f) => f !== 'config.json' && tokenizerFile.test(f)) : tokenizerCandidates;
  const [config, onnx, ...tokenizer] = await Promise.all([
    fetchBytes(new URL('config.json', folderUrl)),
    fetchBytes(new URL('onnx/model.onnx', folderUrl)),
    ...candidates.map((f) => fetchOptional(new URL(f, folderUrl))),
  ]);
  const files: Record<string, Uint8Array> = { 'config.json': config };
  candidates.forEach((f, i) => {
    const bytes = tokenizer[i];
    if (bytes) files[f] = bytes;
  });
  return { name, files, onnx };
}

/** Files of a user-picked folder: paths are relative to the picked folder (webkitRelativePath). */
export async function readPickedFolder(picked: ArrayLike<File>): Promise<ModelFiles> {
  const all = Array.from(picked);
  if (all.length === 0) throw new Error('no files were picked: choose an exported model folder');
  const relative = (f: File) => {
    const path = (f as File & { webkitRelativePath?: string }).webkitRelativePath || f.name;
    const parts = path.split('/');
    return parts.length > 1 ? parts.slice(1).join('/') : path;
  };
  const root = ((all[0] as File & { webkitRelativePath?: string }).webkitRelativePath || 'model').split('/')[0];
  const onnxFile = all.find((f) => relative(f) === 'onnx/model.onnx') ?? all.find((f) => relative(f) === 'model.onnx');
  if (!onnxFile) throw new Error('the picked folder has no onnx/model.onnx: export the model to ONNX first');
  if (!all.some((f) => relative(f) === 'config.json')) throw new Error('the picked folder has no config.json');
  const files: Record<string, Uint8Array> = {};
  for (const f of all) {
    const rel = relative(f);
    if (tokenizerFile.test(rel)) files[rel] = new Uint8Array(await f.arrayBuffer());
  }
  return { name: root, files, onnx: new Uint8Array(await onnxFile.arrayBuffer()) };
}
