/// <reference types="vite/client" />
// The static page: choose a model (the shipped default loads by itself), type a text, explain,
// read the highlighted result, export it. All rendering goes through web/src/render as virtual
// trees mounted with createElement/createTextNode, so pasted markup only ever shows as text.

import '../styles/render.css';
import '../styles/page.css';
import renderCss from '../styles/render.css?inline';
import { IGLens, type ModelIndex, type Progress } from '../api';
import type { Explanation } from '../types';
import type { Granularity } from '../render/highlight';
import { renderResult, resultSummary, taskTexts, type ResultView } from '../render/result';
import { exportJson, snapshotHtml, tokensCsv, wordsCsv } from '../render/export';
import { everyLabelRows } from '../render/tables';
import type { HeadChoice } from '../render/tasks';
import { byId, download, enableFocusChoice, enableRovingFocus, enableScoreReadout, fileStem, mount, option, setText } from './dom';
import { TARGET_ALL, TARGET_PREDICTED, explainSettings, parseLabelList, parseTarget, taskLayout, taskOptions, type TaskOptions } from './settings';

type BackendChoice = 'auto' | 'webgpu' | 'wasm';
type ModelSource = { kind: 'shipped'; name: string } | { kind: 'folder'; files: File[]; name: string };

const el = {
  form: byId<HTMLFormElement>('explain-form'),
  text: byId<HTMLTextAreaElement>('text'),
  textLabel: byId<HTMLLabelElement>('text-label'),
  pairField: byId('pair-field'),
  pair: byId<HTMLTextAreaElement>('text-pair'),
  pairLabel: byId<HTMLLabelElement>('pair-label'),
  questionField: byId('question-field'),
  question: byId<HTMLInputElement>('question'),
  candidatesField: byId('candidates-field'),
  candidates: byId<HTMLInputElement>('candidates'),
  template: byId<HTMLInputElement>('template'),
  multiLabel: byId<HTMLInputElement>('multi-label'),
  ignoredField: byId('ignored-field'),
  ignoredLabels: byId<HTMLInputElement>('ignored-labels'),
  targetField: byId('target-field'),
  attention: byId<HTMLInputElement>('attention'),
  attentionControls: byId('attention-controls'),
  attentionLayer: byId<HTMLSelectElement>('attention-layer'),
  attentionHead: byId<HTMLSelectElement>('attention-head'),
  model: byId<HTMLSelectElement>('model'),
  folder: byId<HTMLInputElement>('model-folder'),
  target: byId<HTMLSelectElement>('target'),
  method: byId<HTMLSelectElement>('method'),
  baseline: byId<HTMLSelectElement>('baseline'),
  baselineTextField: byId('baseline-text-field'),
  baselineText: byId<HTMLInputElement>('baseline-text'),
  steps: byId<HTMLInputElement>('steps'),
  objective: byId<HTMLSelectElement>('objective'),
  backend: byId<HTMLSelectElement>('backend'),
  taskNote: byId('task-note'),
  explain: byId<HTMLButtonElement>('explain'),
  cancel: byId<HTMLButtonElement>('cancel'),
  progressWrap: byId('progress-wrap'),
  progress: byId<HTMLProgressElement>('progress'),
  progressLabel: byId('progress-label'),
  status: byId('status'),
  error: byId('error'),
  modelInfo: byId('model-info'),
  results: byId('results'),
  resultBody: byId('result-body'),
  summary: byId('summary'),
};

const state = {
  source: null as ModelSource | null,
  lens: null as Promise<IGLens> | null,
  loadedLens: null as IGLens | null,
  running: null as AbortController | null,
  view: null as ResultView | null,
};

// ---- feedback -----------------------------------------------------------------------------

function showError(message: string | null): void {
  el.error.hidden = message === null;
  setText(el.error, message ?? '');
}

function showProgress(p: Progress | null, label = ''): void {
  el.progressWrap.hidden = p === null;
  if (!p) return;
  if (p.total > 0) el.progress.value = Math.min(1, p.done / p.total);
  else el.progress.removeAttribute('value'); // indeterminate
  setText(el.progressLabel, label || `${p.stage}${p.total > 1 ? ` ${p.done}/${p.total}` : ''}`);
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/**
 * Settles as soon as `signal` aborts, without waiting for `work`: the worker may need a moment
 * to notice a cancel, but the page answers the Cancel button at once.
 */
function abortable<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new DOMException('the explanation was cancelled', 'AbortError'));
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

function isAbort(e: unknown): boolean {
  return e instanceof DOMException ? e.name === 'AbortError' : e instanceof Error && e.name === 'AbortError';
}

// ---- models ---------------------------------------------------------------------------------

async function listModels(): Promise<void> {
  let index: ModelIndex;
  performance.mark('iglens:page-start');
  try {
    index = await IGLens.listModels();
  } catch (e) {
    el.model.replaceChildren(option('', 'No shipped models'));
    el.model.disabled = true;
    showError(`Could not read the model list (${messageOf(e)}). You can still load your own model folder.`);
    return;
  }
  el.model.replaceChildren(
    ...index.models.map((m) => option(m.name, m.task ? `${m.name} \u2014 ${m.task.replace(/_/g, ' ')}` : m.name, m.name === index.default)),
  );
  if (!index.models.length) {
    el.model.replaceChildren(option('', 'No shipped models'));
    el.model.disabled = true;
    return;
  }
  const first = index.default ?? index.models[0].name;
  el.model.value = first;
  void loadModel({ kind: 'shipped', name: first });
}

async function loadModel(source: ModelSource): Promise<IGLens | null> {
  state.running?.abort();
  const previous = state.loadedLens;
  state.source = source;
  state.loadedLens = null;
  showError(null);
  el.explain.disabled = true;
  setText(el.status, `Loading model ${source.name}…`);
  showProgress({ stage: 'loading', done: 0, total: 0 }, `Loading ${source.name}`);
  const backend = el.backend.value as BackendChoice;
  const model = source.kind === 'shipped' ? `models/${source.name}/` : source.files;
  const loading = IGLens.load(model, {
    backend,
    onProgress: (p) => showProgress(p, `Loading ${source.name}: ${p.stage}`),
  });
  state.lens = loading;
  try {
    const lens = await loading;
    if (state.lens !== loading) {
      // A newer choice superseded this load while it ran.
      void lens.dispose();
      return null;
    }
    state.loadedLens = lens;
    if (previous && previous !== lens) void previous.dispose();
    applyModel(lens);
    setText(el.status, `Model ${lens.info.name} ready on ${lens.info.backend}.`);
    return lens;
  } catch (e) {
    if (state.lens === loading) {
      showError(`Could not load the model ${source.name}: ${messageOf(e)}`);
      setText(el.status, '');
    }
    return null;
  } finally {
    if (state.lens === loading) {
      showProgress(null);
      el.explain.disabled = false;
    }
  }
}

function applyModel(lens: IGLens): void {
  const { info } = lens;
  const layout = taskLayout(info.task, info.labels);
  setText(el.textLabel, layout.textLabel);
  el.pairField.hidden = layout.pair === 'hidden';
  setText(el.pairLabel, `${layout.pairLabel} (optional)`);
  el.questionField.hidden = !layout.question;
  el.candidatesField.hidden = !layout.candidates;
  el.ignoredField.hidden = !layout.ignoredLabels;
  el.targetField.hidden = !layout.target;
  el.target.disabled = layout.candidates && parseLabelList(el.candidates.value).length > 0;
  el.taskNote.hidden = layout.note === null;
  setText(el.taskNote, layout.note ?? '');

  const previous = el.target.value;
  const options = [
    ...(layout.allLabels ? [option(TARGET_ALL, 'Every label (table)')] : []),
    option(TARGET_PREDICTED, layout.predictedLabel),
    ...info.labels.map((label, i) => option(String(i), label)),
  ];
  el.target.replaceChildren(...options);
  el.target.value = options.some((o) => o.value === previous) ? previous : options[0].value;

  const fallback = info.fallbackReason ? ` WebGPU not used: ${info.fallbackReason}.` : '';
  setText(
    el.modelInfo,
    `${info.name}: ${info.modelType}, ${info.task}, ${info.labels.length} labels, up to ${info.maxTokens} tokens, running on ${info.backend}.${fallback}`,
  );
}

async function currentLens(): Promise<IGLens> {
  if (!state.lens) throw new Error('No model is loaded: choose a model or load a model folder.');
  return state.lens;
}

// ---- explaining -----------------------------------------------------------------------------

function granularity(): Granularity {
  const checked = document.querySelector<HTMLInputElement>('input[name="granularity"]:checked');
  return checked?.value === 'token' ? 'token' : 'word';
}

function render(): void {
  const exportButtons = document.querySelectorAll<HTMLButtonElement>('[data-export]');
  if (!state.view) {
    exportButtons.forEach((b) => (b.disabled = true));
    return;
  }
  state.view = { ...state.view, granularity: granularity() };
  try {
    mount(el.resultBody, renderResult(state.view));
  } catch (e) {
    showError(messageOf(e));
    return;
  }
  exportButtons.forEach((b) => (b.disabled = false));
}

async function explain(): Promise<void> {
  showError(null);
  const text = el.text.value;
  if (!text.trim()) {
    showError('Type or paste a text to explain.');
    el.text.focus();
    return;
  }
  state.running?.abort();
  const controller = new AbortController();
  state.running = controller;
  el.cancel.hidden = false;
  el.explain.disabled = true;
  el.results.setAttribute('aria-busy', 'true');
  const started = performance.now();
  try {
    performance.mark('iglens:explain-start');
    const lens = await currentLens();
    const labels = lens.info.labels;
    const settings = explainSettings({
      target: el.target.value,
      method: el.method.value,
      baseline: el.baseline.value,
      baselineText: el.baselineText.value,
      steps: el.steps.value,
      objective: el.objective.value,
    });
    const layout = taskLayout(lens.info.task, labels);
    const task = taskOptions(layout, {
      pair: el.pair.value,
      question: el.question.value,
      candidates: el.candidates.value,
      template: el.template.value,
      multiLabel: el.multiLabel.checked,
      ignoredLabels: el.ignoredLabels.value,
    });
    const common = { ...settings, ...task, attention: el.attention.checked || undefined, signal: controller.signal };

    let view: ResultView;
    if (layout.target && el.target.value === TARGET_ALL) {
      view = await explainEveryLabel(lens, text, common);
    } else {
      setText(el.status, task.candidateLabels ? `Explaining ${task.candidateLabels.length} candidate labels…` : 'Explaining…');
      showProgress({ stage: 'explaining', done: 0, total: 0 });
      const explanation = await abortable(
        lens.explain(text, {
          ...common,
          target: task.candidateLabels || !layout.target ? undefined : parseTarget(el.target.value, labels),
          onProgress: (p) => showProgress(p),
        }),
        controller.signal,
      );
      view = taskView(lens, text, explanation, task);
    }
    // A result that arrives after Cancel (or after a newer run started) is dropped, not shown.
    controller.signal.throwIfAborted();
    state.view = view;
    performance.mark('iglens:explain-result');
    render();
    setText(el.status, `Done in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
    setText(el.summary, resultSummary(view));
  } catch (e) {
    if (isAbort(e) || controller.signal.aborted) setText(el.status, 'Cancelled.');
    else {
      showError(messageOf(e));
      setText(el.status, '');
    }
  } finally {
    if (state.running === controller) {
      state.running = null;
      // The Cancel button disappears: keep keyboard focus on the form rather than losing it.
      const hadFocus = document.activeElement === el.cancel;
      el.cancel.hidden = true;
      el.explain.disabled = false;
      el.results.removeAttribute('aria-busy');
      if (hadFocus) el.explain.focus();
      showProgress(null);
    }
  }
}

function taskView(lens: IGLens, text: string, explanation: Explanation, task: TaskOptions): ResultView {
  return { ...baseView(lens, text, explanation), ...taskTexts(text, task) };
}

function baseView(lens: IGLens, text: string, explanation: Explanation): ResultView {
  return {
    text,
    explanation,
    granularity: granularity(),
    // The model loaded on WebGPU, but a run failed there: the runner went on on WebAssembly.
    fallbackReason:
      lens.info.backend === 'webgpu' && explanation.backend === 'wasm'
        ? 'a WebGPU run failed, so this and later explanations run on WebAssembly'
        : lens.info.fallbackReason,
    multiLabel: lens.info.task === 'multi-label-classification',
    attention: attentionChoice(explanation),
  };
}

// ---- attention heatmap controls ---------------------------------------------------------------

/** Fills the layer and head lists for a result with attention weights (hidden otherwise); the
 *  last layer and the mean of its heads are chosen first, an earlier choice kept when it fits. */
function attentionChoice(explanation: Explanation): ResultView['attention'] {
  const att = explanation.attention;
  el.attentionControls.hidden = !att;
  if (!att) return undefined;
  const layer = el.attentionLayer.value === '' ? att.layers - 1 : Math.min(Number(el.attentionLayer.value), att.layers - 1);
  const head: HeadChoice = el.attentionHead.value === '' || el.attentionHead.value === 'mean' || Number(el.attentionHead.value) >= att.heads ? 'mean' : Number(el.attentionHead.value);
  el.attentionLayer.replaceChildren(...Array.from({ length: att.layers }, (_, i) => option(String(i), String(i + 1), i === layer)));
  el.attentionHead.replaceChildren(
    option('mean', 'Mean of heads', head === 'mean'),
    ...Array.from({ length: att.heads }, (_, i) => option(String(i), String(i + 1), i === head)),
  );
  el.attentionLayer.value = String(layer);
  el.attentionHead.value = String(head);
  return { layer, head };
}

function chooseAttention(): void {
  if (!state.view) return;
  const head = el.attentionHead.value === 'mean' ? 'mean' : Number(el.attentionHead.value);
  state.view = { ...state.view, attention: { layer: Number(el.attentionLayer.value), head } };
  render();
}

type Common = ReturnType<typeof explainSettings> & { signal: AbortSignal };

/** Multi-label: every label in one job — all labels share the same model runs — most probable first. */
async function explainEveryLabel(lens: IGLens, text: string, common: Common): Promise<ResultView> {
  setText(el.status, `Explaining all ${lens.info.labels.length} labels…`);
  const explanation = await abortable(
    lens.explain(text, { ...common, target: 'all', onProgress: (p) => showProgress(p) }),
    common.signal,
  );
  return { ...baseView(lens, text, explanation), perLabel: everyLabelRows(explanation) };
}

// ---- exports --------------------------------------------------------------------------------

function exportCurrent(kind: string): void {
  const view = state.view;
  if (!view) return;
  const model = state.source?.name ?? null;
  const stem = `iglens-${fileStem(model ?? 'model')}-${fileStem(view.explanation.target.label)}`;
  if (kind === 'json') download(`${stem}.json`, 'application/json', exportJson(view, model));
  // The byte-order mark makes spreadsheet programs read the CSV as UTF-8 (emoji, CJK, accents).
  else if (kind === 'csv-tokens') download(`${stem}-tokens.csv`, 'text/csv;charset=utf-8', '\ufeff' + tokensCsv(view.explanation));
  else if (kind === 'csv-words') download(`${stem}-words.csv`, 'text/csv;charset=utf-8', '\ufeff' + wordsCsv(view.explanation));
  else if (kind === 'html') {
    download(`${stem}.html`, 'text/html', snapshotHtml(view, { model, createdAt: new Date().toISOString(), css: renderCss }));
  }
}

// ---- wiring ---------------------------------------------------------------------------------

el.form.addEventListener('submit', (e) => {
  e.preventDefault();
  void explain();
});
for (const area of [el.text, el.pair]) {
  area.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      void explain();
    }
  });
}
el.cancel.addEventListener('click', () => state.running?.abort());
el.model.addEventListener('change', () => {
  if (!el.model.value) return;
  el.model.querySelector('option[data-folder]')?.remove();
  void loadModel({ kind: 'shipped', name: el.model.value });
});
el.folder.addEventListener('change', () => {
  const files = Array.from(el.folder.files ?? []);
  if (!files.length) return;
  const name = (files[0] as File & { webkitRelativePath?: string }).webkitRelativePath?.split('/')[0] || 'your model';
  // The model list shows the folder while it is the one in use; choosing a shipped model again replaces it.
  el.model.querySelector('option[data-folder]')?.remove();
  const entry = option('', `${name} (your folder)`, true);
  entry.dataset.folder = '';
  el.model.prepend(entry);
  el.model.value = '';
  void loadModel({ kind: 'folder', files, name });
});
el.backend.addEventListener('change', () => {
  if (state.source) void loadModel(state.source);
});
// Candidate labels make the run zero-shot: each candidate's entailment is explained, so the
// class list does not apply.
el.candidates.addEventListener('input', () => {
  el.target.disabled = parseLabelList(el.candidates.value).length > 0;
});
el.attentionLayer.addEventListener('change', chooseAttention);
el.attentionHead.addEventListener('change', chooseAttention);
el.baseline.addEventListener('change', () => {
  el.baselineTextField.hidden = el.baseline.value !== 'text';
});
document.querySelectorAll<HTMLInputElement>('input[name="granularity"]').forEach((radio) => radio.addEventListener('change', render));
document.querySelectorAll<HTMLButtonElement>('[data-export]').forEach((button) =>
  button.addEventListener('click', () => exportCurrent(button.dataset.export ?? '')),
);
document.querySelectorAll<HTMLButtonElement>('[data-example]').forEach((button) =>
  button.addEventListener('click', () => {
    el.text.value = button.dataset.example ?? '';
    el.text.focus();
  }),
);
enableRovingFocus(el.resultBody);
enableScoreReadout(el.resultBody);
enableFocusChoice(el.resultBody, (key) => {
  if (!state.view) return;
  state.view = { ...state.view, focusRow: key };
  render();
  setText(el.summary, resultSummary(state.view));
});

void listModels();
