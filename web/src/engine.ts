// The work behind the API, in one place: the C++ core (tokenizer, prepared graph, IG job) plans
// every run and ONNX Runtime Web executes it. Runs inside the Web Worker in browsers and
// in-process in Node.
import { isCoreError, unwrap, type IGLensCore } from './core';
import type { CoreJob, CoreModel, CoreTensors } from '../../wasm/iglens_core';
import type { ModelFiles } from './model-files';
import { createRunner, type BackendChoice, type NamedTensors, type Ort, type Runner } from './runner';
import type { ExplainOptions, Progress } from './api-types';
import type { BatchExplanation, Explanation, Prediction } from './types';

export interface ModelInfo {
  name: string;
  modelType: string;
  task: string;
  labels: string[];
  maxTokens: number;
  tokenizer: string;
  prepared: { cutNode: string; forwardNodes: number; backwardNodes: number; bytes: number };
  backend: 'webgpu' | 'wasm';
  fallbackReason: string | null;
}

export interface EncodedToken {
  id: number;
  text: string;
  start: number;
  end: number;
  special: boolean;
  word: number;
  segment: number;
  typeId: number;
}
export interface Encoding {
  tokens: EncodedToken[];
  truncated: boolean;
  untruncatedLength: number;
}

export interface PredictResult {
  prediction: Prediction;
  labels: string[];
  tokens: EncodedToken[];
  truncated: boolean;
  backend: string;
  timings_ms: Record<string, number>;
}

/** What the engine needs beyond the public options: cancellation polled between runs. */
export interface EngineExplainOptions extends Omit<ExplainOptions, 'signal'> {
  isCancelled?: () => boolean;
}

const now = () => globalThis.performance.now();

function check<T>(value: T): Exclude<T, { error: string }> {
  if (isCoreError(value)) throw new Error(value.error);
  return value as Exclude<T, { error: string }>;
}

/** The core's option names (apply_user_option); the core parses and checks every value. */
function coreOptions(options: EngineExplainOptions, texts?: string[]): string {
  const out: Record<string, unknown> = {};
  if (options.task) out.task = options.task;
  if (options.method) out.method = options.method;
  if (options.steps !== undefined) out.steps = String(options.steps);
  if (options.objective) out.objective = options.objective;
  if (options.baseline !== undefined) out.baseline = typeof options.baseline === 'string' ? options.baseline : options.baseline.text;
  if (options.target !== undefined) out.targets = (Array.isArray(options.target) ? options.target : [options.target]).map(String);
  if (options.candidateLabels) out.labels = options.candidateLabels;
  if (options.hypothesisTemplate !== undefined) out.hypothesis_template = options.hypothesisTemplate;
  if (options.multiLabel !== undefined) out.multi_label = options.multiLabel;
  if (options.ignoredLabels) out.ignored_labels = options.ignoredLabels;
  if (options.positions) out.positions = options.positions.map(String);
  if (options.question !== undefined) out.question = options.question;
  if (options.maxAnswerTokens !== undefined) out.max_answer_tokens = String(options.maxAnswerTokens);
  if (options.flipSign !== undefined) out.flip_sign = options.flipSign;
  if (options.attention !== undefined) out.attention = options.attention;
  if (texts) out.texts = texts;
  return JSON.stringify(out);
}

export class Engine {
  private constructor(
    private readonly model: CoreModel,
    private readonly core: IGLensCore,
    private readonly runner: Runner,
    readonly info: ModelInfo,
  ) {}

  /** `ort` may still be loading: the gradient graph is prepared meanwhile. */
  static async create(
    core: IGLensCore,
    ort: Ort | Promise<Ort>,
    files: ModelFiles,
    backend: BackendChoice,
  ): Promise<Engine> {
    const model = new core.CoreModel();
    try {
      check(model.load(files.files, files.onnx));
      const prepared = check(model.preparedGraph());
      performance.mark('iglens:graph-prepared');
      const runner = await createRunner(await ort, prepared, backend);
      performance.mark('iglens:session-ready');
      const info: ModelInfo = {
        name: files.name,
        ...JSON.parse(check(model.infoJson())),
        backend: runner.backend,
        fallbackReason: runner.fallbackReason,
      };
      return new Engine(model, core, runner, info);
    } catch (e) {
      model.delete();
      throw e;
    }
  }

  encode(text: string, pair: string | null = null): Encoding {
    return unwrap<Encoding>(this.model.encodeJson(text, pair));
  }

  async predict(text: string, pair: string | null = null): Promise<PredictResult> {
    const t0 = now();
    const encoding = this.encode(text, pair);
    const inputs = check(this.model.predictionInputs(text, pair));
    const t1 = now();
    const outputs = await this.runner.run(inputs as NamedTensors, ['logits']);
    const t2 = now();
    const prediction = unwrap<Prediction>(this.model.predictionJson(outputs as CoreTensors));
    return {
      prediction,
      labels: this.info.labels,
      tokens: encoding.tokens,
      truncated: encoding.truncated,
      backend: this.runner.backend,
      timings_ms: { tokenize: t1 - t0, forward: t2 - t1 },
    };
  }

  explain(text: string, options: EngineExplainOptions = {}): Promise<Explanation> {
    return this.run<Explanation>(text, options);
  }

  /** Every text explained alike, one combined result. */
  async explainBatch(texts: string[], options: EngineExplainOptions = {}): Promise<BatchExplanation> {
    const result = await this.run<BatchExplanation>('', options, texts);
    for (const r of result.results) r.backend = this.runner.backend;
    return result;
  }

  /** The job loop (the CLI's is in cli/explain.cpp): the core plans each run, ORT executes it. */
  private async run<T extends { backend?: string }>(text: string, options: EngineExplainOptions, texts?: string[]): Promise<T> {
    const started = now();
    const job: CoreJob = new this.core.CoreJob();
    try {
      check(job.start(this.model, text, options.pair ?? null, coreOptions(options, texts)));
      let runMs = 0;
      while (!job.done()) {
        if (options.isCancelled?.()) throw new DOMException('the explanation was cancelled', 'AbortError');
        const inputs = check(job.nextInputs());
        // A run's outputs depend on its kind (a probe at the input, or an IG run).
        const outputNames = check(job.outputNames());
        const t = now();
        const outputs = await this.runner.run(inputs as NamedTensors, outputNames);
        runMs += now() - t;
        check(job.accept(outputs as CoreTensors));
        const p = JSON.parse(job.progressJson());
        options.onProgress?.({ stage: 'explaining', done: p.runsDone, total: Math.max(p.runsPlanned, p.runsDone) } satisfies Progress);
      }
      job.addTiming('model_runs', runMs);
      job.addTiming('explain_total', now() - started);
      const result = unwrap<T>(job.resultJson());
      result.backend = this.runner.backend;
      return result;
    } finally {
      job.delete();
    }
  }

  async dispose(): Promise<void> {
    await this.runner.release();
    this.model.delete();
  }
}
