// Turns the JSON documents of one bench/run_all.sh run (bench/results/*.json) into
// bench/RESULTS.md — every figure beside its target (../shared/notes/targets.md) — and SVG plots
// in bench/results/. Parts that were not run (no sst2 or goemotions model yet, no Chromium) are
// listed as missing, never filled in.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { lineChart } from './svg.mjs';

// usage: node bench/report.mjs [RESULTS_DIR [OUT_MD]] (default bench/results, bench/RESULTS.md)
const benchDir = resolve(fileURLToPath(new URL('.', import.meta.url)));
const resultsDir = resolve(process.argv[2] ?? join(benchDir, 'results'));
const outFile = resolve(process.argv[3] ?? join(benchDir, 'RESULTS.md'));
const link = (name) => relative(dirname(outFile), join(resultsDir, name));
const read = (name) => (existsSync(join(resultsDir, name)) ? JSON.parse(readFileSync(join(resultsDir, name), 'utf8')) : null);
const env = read('environment.json');
const native = read('native_speed.json');
const web = read('web_speed.json');
const steps = read('steps.json');
const multi = read('multilabel.json');
const peak = read('peak.json');
const faith = read('faithfulness.json');
const plaus = read('plausibility.json');

const ms = (v) => (v == null ? 'n/a' : v >= 100 ? `${v.toFixed(0)} ms` : `${v.toFixed(1)} ms`);
const x = (v) => (v == null ? 'n/a' : `${v.toFixed(2)}×`);
const pct = (v) => (v == null ? 'n/a' : `${(100 * v).toFixed(1)} %`);
const iqr = (s) => (s ? `${s.q1.toFixed(1)}–${s.q3.toFixed(1)}` : 'n/a');
const verdict = (value, limit) => (value == null ? 'not measured' : value <= limit ? 'met' : 'missed');
const median = (values) => {
  const v = values.filter((a) => a != null && Number.isFinite(a)).sort((a, b) => a - b);
  if (!v.length) return null;
  const m = (v.length - 1) / 2;
  return (v[Math.floor(m)] + v[Math.ceil(m)]) / 2;
};
const loadOf = (part) => env?.loads?.[part] ?? 'n/a';

const lines = [];
const out = (s = '') => lines.push(s);
out('# IG Lens benchmark results');
out();
out('Written by `bench/report.mjs` from the JSON in `bench/results/` (one `bench/run_all.sh` run). Timings are medians over');
out('repeated runs after one warm-up; the spread is the interquartile range (IQR). The machine is shared with other');
out('engineers compiling, so wall times include waiting for a core: the CPU time of the benchmarking process is');
out('reported beside them where it was measured (it does not count the wait, so it is the steadier figure).');
out();
out('## Machine');
out();
if (env) {
  out(`- date (UTC): ${env.started ? `${env.started} → ${env.date} (start → end of the run)` : env.date}`);
  if (env.model_onnx_sha256) out(`- model file: \`onnx/model.onnx\` sha256 ${env.model_onnx_sha256}… (the same at the start and the end of the run)`);
  out(`- CPU: ${env.cpu_model}, ${env.nproc} logical cores (\`nproc\`), ${env.memory}`);
  if (env.page_fault_us != null) out(`- first touch of fresh memory: ${env.page_fault_us} µs per 4 KiB page (well under 1 µs on bare metal); what allocates pays it, Chromium above all, pure compute does not`);
  if (env.note) out(`- note: ${env.note}`);
  out(`- load average (1, 5, 15 min) when each part started: ${Object.entries(env.loads).map(([k, v]) => `${k} ${v}`).join('; ')}`);
  out(`- native: ONNX Runtime ${native?.model?.ort_version ?? '?'} (C++ API, 1 intra-op thread, graph optimizations on); browser: onnxruntime-web ${env.ort_web ?? '?'} wasm backend, 1 thread; ${env.node}; ${env.chromium ?? 'Chromium not found'}`);
  out('- GPU: none on this machine — the WebGPU figure on a real GPU stays unmeasured; the Chromium WebGPU run uses SwiftShader (software) and is a note only.');
}
out();

// ---- headline table
const adaptiveNative = native?.adaptive?.median_of_text_medians_ms ?? null;
const adaptiveNativeCpu = native?.adaptive?.median_of_text_cpu_medians_ms ?? null;
const adaptiveWeb = web?.node_wasm?.adaptive?.median_of_text_medians_ms ?? null;
const adaptiveWebCpu = web?.node_wasm?.adaptive?.median_of_text_cpu_medians_ms ?? null;
const stepRatio = native ? median(native.step_vs_forward.map((r) => r.cpu_ratio)) : null;
const stepRatioLarge = native ? median(native.step_vs_forward.filter((r) => r.rows >= 30).map((r) => r.cpu_ratio)) : null;
const stepRatioWall = native ? median(native.step_vs_forward.filter((r) => r.rows >= 30).map((r) => r.ratio)) : null;
const webRatio = web?.node_wasm ? median(web.node_wasm.grid.map((g) => g.ratio)) : null;
const webCpuRatio = web?.node_wasm ? median(web.node_wasm.grid.map((g) => g.cpu_ratio)) : null;
// Long explanations show the runtimes' compute ratio; short ones are dominated by per-call costs.
const webLong = web?.node_wasm?.grid.filter((g) => g.native_ms >= 100) ?? [];
const webLongRatio = webLong.length ? median(webLong.map((g) => g.ratio)) : null;
const gl = steps?.rules?.gauss_legendre, tr = steps?.rules?.riemann_trapezoid;
const minimalRatio = gl && tr && gl.median_minimal_fixed_steps && tr.median_minimal_fixed_steps ? gl.median_minimal_fixed_steps / tr.median_minimal_fixed_steps : null;
const adaptiveStepsRatio = gl && tr ? gl.adaptive_steps.median / tr.adaptive_steps.median : null;
const chromiumWasm = web?.chromium?.find((c) => c.backend === 'wasm');
const chromiumGpu = web?.chromium?.find((c) => c.backend === 'webgpu-swiftshader');
const firstMs = chromiumWasm ? chromiumWasm.first_explanation_ms.median : null;

out('## Figures against the targets');
out();
out(`Model: \`${native?.model?.path ?? web?.model ?? 'n/a'}\`${native ? ` (${native.model.model_type}, ${native.model.num_layers} layers, width ${native.model.hidden_size}, ${native.model.max_position_embeddings} positions)` : ''}.`);
out();
out('| figure | measured (median) | target | verdict |');
out('|---|---|---|---|');
if (native) out(`| time to ≤ 1 % completeness, ${native.adaptive.tokens} tokens, native (adaptive GL; ${native.adaptive.texts.length} texts) | ${ms(adaptiveNative)} wall, ${ms(adaptiveNativeCpu)} CPU | ≤ 40 ms | ${verdict(adaptiveNative, 40)} |`);
if (web?.node_wasm) out(`| the same, browser wasm (Node, onnxruntime-web, 1 thread) | ${ms(adaptiveWeb)} wall, ${ms(adaptiveWebCpu)} CPU | ≤ 100 ms | ${verdict(adaptiveWeb, 100)} |`);
if (native) out(`| one IG run / one forward run of the original model, same rows, native ORT, CPU time (median of the cells with ≥ 30 rows; all cells) | ${x(stepRatioLarge)} CPU (${x(stepRatioWall)} wall); all cells ${x(stepRatio)} CPU | ≤ 2.0× | ${verdict(stepRatioLarge, 2.0)} |`);
// Achieved FLOP/s: the model's counted FLOPs (bench/src/speed.cpp, encoder_flops) over the CPU
// time of the run, for the cells with >= 30 rows, against the MatMul peak of bench/src/peak.cpp.
const flopCells = native?.step_vs_forward.filter((r) => r.rows >= 30 && r.forward_flops) ?? [];
const forwardGflops = flopCells.length ? median(flopCells.map((r) => r.forward_flops / r.forward_run_cpu_ms.median / 1e6)) : null;
const igGflops = flopCells.length ? median(flopCells.map((r) => r.ig_least_flops / r.ig_run_cpu_ms.median / 1e6)) : null;
const peakGflops = peak?.peak_gflops_cpu ?? null;
const ofPeak = (v) => (v == null || !peakGflops ? 'n/a' : `${((100 * v) / peakGflops).toFixed(0)} %`);
if (native && peak) out(`| achieved FLOP/s / matrix-multiply peak (native, 1 thread, CPU time; peak: ONNX Runtime running one MatMul, best of ${peak.shapes.length} shapes, ${peakGflops.toFixed(1)} GFLOP/s) | forward ${forwardGflops?.toFixed(1)} GFLOP/s (${ofPeak(forwardGflops)}); IG run ${igGflops?.toFixed(1)} GFLOP/s of least necessary work (${ofPeak(igGflops)}) | none set: reported (issue 9) | — |`);
if (web?.node_wasm) out(`| browser wasm / native, same explanation (median over the grid) | ${x(webRatio)} wall, ${x(webCpuRatio)} CPU; explanations of ≥ 100 ms native (${webLong.length} cells): ${x(webLongRatio)} wall | ≤ 2× | ${verdict(webRatio, 2)} |`);
// When a median sits at the smallest count of the grid, the grid cannot resolve the ratio.
const smallestCount = gl ? Math.min(...gl.fixed.map((f) => f.steps)) : null;
const atGridFloor = gl && tr && (gl.median_minimal_fixed_steps === smallestCount || tr.median_minimal_fixed_steps === smallestCount);
const stepsVerdict = atGridFloor ? `not resolved: a median is at the grid's smallest count (${smallestCount}); reached at ${smallestCount} steps: GL ${pct(gl.fixed[0].fraction_reached)}, trapezoid ${pct(tr.fixed[0].fraction_reached)}` : verdict(minimalRatio, 0.5);
const stepGrid = gl ? `${smallestCount}…${Math.max(...gl.fixed.map((f) => f.steps))}` : '';
if (steps) out(`| steps needed for ≤ 1 %, GL / trapezoid (median smallest fixed count of ${stepGrid} that reaches it; adaptive medians) | ${x(minimalRatio)} (${gl?.median_minimal_fixed_steps} vs ${tr?.median_minimal_fixed_steps}); adaptive ${x(adaptiveStepsRatio)} (${gl?.adaptive_steps.median} vs ${tr?.adaptive_steps.median}) | ≤ ½ | ${stepsVerdict} |`);
if (chromiumWasm) out(`| first explanation after page load, Chromium, wasm (navigation start → model loaded by the page → one sentence explained and shown; ${chromiumWasm.runs.length} cold loads) | ${ms(firstMs)} (model ready at ${ms(chromiumWasm.model_ready_ms.median)}) | ≤ 3 s | ${verdict(firstMs, 3000)} |`);
if (multi) out(`| all ${multi.model.labels} labels / one label (${multi.tokens} tokens, ${multi.steps} GL steps, one job) | ${x(multi.ratio)} | ≤ 10× | ${verdict(multi.ratio, 10)} |`);
out('| WebGPU on a real GPU, 128 tokens, 50 steps, DistilBERT-size | not measured: no GPU on this machine | ≤ 0.5 s | not measured |');
out();
const missing = [];
if (!native) missing.push('native speed (bench/results/native_speed.json)');
if (!web?.node_wasm) missing.push('browser wasm in Node');
if (!web?.chromium) missing.push('Chromium page load');
if (!steps) missing.push('steps study');
if (!multi) missing.push('multi-label ratio (needs models/goemotions)');
if (!peak) missing.push('matrix-multiply peak');
if (!faith) missing.push('faithfulness');
if (!plaus) missing.push('plausibility');
if (missing.length) out(`Not in this run: ${missing.join('; ')}.`), out();

// ---- native grid
if (native) {
  out(`## Native explanation time (load ${loadOf('native_speed')})`);
  out();
  out(`Fixed Gauss–Legendre steps, predicted class (a one-row probe run first), ${native.repeats} repeats. Rows = steps + 2 (F(x), F(x′)) + 1 probe.`);
  out('Texts: SST-2 validation sentences joined and cut to the exact token count (specials included).');
  if (native.skipped.length) out(`Skipped: ${native.skipped.map((s) => `${s.tokens} tokens (${s.why})`).join('; ')}.`);
  out();
  out('| tokens | steps | rows | runs | wall ms (median) | IQR | CPU ms | rel. completeness error |');
  out('|---|---|---|---|---|---|---|---|');
  for (const g of native.grid)
    out(`| ${g.tokens} | ${g.steps} | ${g.rows} | ${g.runs} | ${g.total_ms.median.toFixed(1)} | ${iqr(g.total_ms)} | ${g.cpu_ms.median.toFixed(1)} | ${g.completeness.rel_error == null ? 'n/a' : pct(g.completeness.rel_error)} |`);
  out();
  out('### One IG run vs one forward run of the original model (native ORT, same rows)');
  out();
  out('The prepared graph run as the engine issues it (explicit target, so the first run holds every node plus α = 0 and 1) vs the original `onnx/model.onnx` with the same number of rows, interleaved.');
  out();
  out('| tokens | rows | IG run wall ms | forward run wall ms | wall ratio | IG run CPU ms | forward run CPU ms | CPU ratio |');
  out('|---|---|---|---|---|---|---|---|');
  for (const r of native.step_vs_forward)
    out(`| ${r.tokens} | ${r.rows} | ${r.ig_run_ms.median.toFixed(2)} | ${r.forward_run_ms.median.toFixed(2)} | ${r.ratio.toFixed(2)} | ${r.ig_run_cpu_ms.median.toFixed(2)} | ${r.forward_run_cpu_ms.median.toFixed(2)} | ${r.cpu_ratio.toFixed(2)} |`);
  out();
  out(`### Adaptive mode, ${native.adaptive.tokens} tokens (native)`);
  out();
  out('| text | steps used | stop | rel. error | wall ms | IQR | CPU ms |');
  out('|---|---|---|---|---|---|---|');
  native.adaptive.texts.forEach((a, i) => out(`| ${i + 1} | ${a.steps} | ${a.stop_reason} | ${a.completeness.rel_error == null ? 'n/a' : pct(a.completeness.rel_error)} | ${a.total_ms.median.toFixed(1)} | ${iqr(a.total_ms)} | ${a.cpu_ms.median.toFixed(1)} |`));
  out();
  const counts = [...new Set(native.grid.map((g) => g.steps))];
  const svg = lineChart({
    title: `Native explanation time (${native.model.path}, GL)`,
    xLabel: 'tokens',
    yLabel: 'ms per explanation (median)',
    log2x: true,
    series: counts.map((n) => ({ name: `${n} steps`, points: native.grid.filter((g) => g.steps === n).map((g) => [g.tokens, g.total_ms.median]) })),
  });
  writeFileSync(join(resultsDir, 'time_vs_tokens_native.svg'), svg);
  out(`![native time vs tokens](${link('time_vs_tokens_native.svg')})`);
  out();
}

// ---- web
if (web?.node_wasm) {
  const w = web.node_wasm;
  out(`## Browser wasm in Node vs native (load ${loadOf('web_speed')})`);
  out();
  out(`The published module \`build/web/iglens.js\` in-process in Node, onnxruntime-web ${env?.ort_web ?? ''} wasm, 1 thread, backend reported: ${w.info?.backend}; same texts and steps as the native grid; ${web.repeats} repeats.`);
  out();
  out('| tokens | steps | web wall ms | IQR | web CPU ms | native wall ms | wall ratio | CPU ratio |');
  out('|---|---|---|---|---|---|---|---|');
  for (const g of w.grid) out(`| ${g.tokens} | ${g.steps} | ${g.web.total_ms.median.toFixed(1)} | ${iqr(g.web.total_ms)} | ${g.web.cpu_ms.median.toFixed(1)} | ${g.native_ms.toFixed(1)} | ${g.ratio.toFixed(2)} | ${g.cpu_ratio.toFixed(2)} |`);
  out();
  out(`Adaptive, ${w.adaptive.tokens} tokens: ${w.adaptive.texts.map((a) => `${a.web.total_ms.median.toFixed(0)} ms (${a.web.steps} steps)`).join(', ')}.`);
  out();
  const counts = [...new Set(w.grid.map((g) => g.steps))];
  const svg = lineChart({
    title: 'Browser wasm (Node) / native, wall time',
    xLabel: 'tokens',
    yLabel: 'ratio (median)',
    log2x: true,
    series: counts.map((n) => ({ name: `${n} steps`, points: w.grid.filter((g) => g.steps === n).map((g) => [g.tokens, g.ratio]) })),
  });
  writeFileSync(join(resultsDir, 'web_native_ratio.svg'), svg);
  out(`![browser wasm / native](${link('web_native_ratio.svg')})`);
  out();
}
if (web?.chromium) {
  out(`## First explanation after page load, Chromium (load ${loadOf('web_speed')})`);
  out();
  out(`Debian Chromium, headless, a new browser per load (cold cache), page served by \`scripts/serve.mjs\` on loopback; default model \`${web.chromium[0].default_model}\`; sentence “${web.chromium[0].text}” typed into the form and explained with the page's defaults. Times are \`performance.now()\` in the page, i.e. from navigation start.`);
  out();
  out('| backend | model ready (median) | first explanation shown (median) | IQR | loads (failed) |');
  out('|---|---|---|---|---|');
  for (const c of web.chromium) out(`| ${c.backend}${c.backend.includes('swiftshader') ? ' (software WebGPU: a note, not a GPU figure)' : ''} | ${ms(c.model_ready_ms.median)} | ${ms(c.first_explanation_ms.median)} | ${iqr(c.first_explanation_ms)} | ${c.runs.length} (${c.failures?.length ?? 0}) |`);
  out();
  const wasmRun = web.chromium.find((c) => c.backend === 'wasm')?.runs?.[0];
  if (wasmRun?.marks) {
    const fetch = (f) => `${f.path} ${ms(f.end_ms - f.start_ms)} from ${ms(f.start_ms)}${f.bytes ? ` (${(f.bytes / 1e6).toFixed(2)} MB)` : ''}`;
    out(`Where the time goes (first wasm load; page and worker marks on the page's clock, from navigation start): ${wasmRun.marks.map((m) => `${m.name} at ${ms(m.at_ms)}`).join(', ')}. Largest fetches: ${wasmRun.largest_fetches.map(fetch).join('; ')}. What is not a fetch is compiling ONNX Runtime's wasm and the core, preparing the gradient graph, creating the session and running.`);
    out();
  }
  const errors = web.chromium.flatMap((c) => [...c.runs.flatMap((r) => r.errors), ...(c.failures ?? []).map((f) => `${c.backend}: ${f.error} (page showed ${JSON.stringify(f.shown)})`)]);
  out(errors.length ? `Page errors seen: ${errors.join('; ')}` : 'No page errors.');
  out();
}

// ---- steps
if (steps) {
  out(`## Steps needed for ≤ 1 % completeness (load ${loadOf('steps')})`);
  out();
  out(`${steps.sentences_used} of ${steps.sentences_available} SST-2 validation sentences${steps.sentences_used < steps.sentences_available ? ' (a deterministic subset spread evenly over the file)' : ''}, model \`${steps.model.path}\`, predicted class, logit objective, the default baseline ([MASK] where the tokenizer has one, else [PAD]). Reached = relative completeness error ≤ 1 % (or |error| ≤ 1e-5 where F(x) − F(x′) ≈ 0).`);
  out();
  const rules = Object.keys(steps.rules);
  out(`| steps | ${rules.map((r) => `${r}: reached | median rel. error`).join(' | ')} |`);
  out(`|---|${rules.map(() => '---|---').join('|')}|`);
  const stepCounts = steps.rules[rules[0]].fixed.map((f) => f.steps);
  for (const n of stepCounts)
    out(`| ${n} | ${rules.map((r) => { const f = steps.rules[r].fixed.find((a) => a.steps === n); return `${pct(f.fraction_reached)} | ${pct(f.median_rel_error)}`; }).join(' | ')} |`);
  out();
  out('| rule | median smallest fixed count reaching 1 % | sentences not reaching it by 128 | adaptive: median steps (IQR) | adaptive: reached | adaptive: median ms |');
  out('|---|---|---|---|---|---|');
  for (const r of rules) {
    const s = steps.rules[r];
    out(`| ${r} | ${s.median_minimal_fixed_steps ?? '> 128'} | ${s.never_reached_in_grid} | ${s.adaptive_steps.median} (${s.adaptive_steps.q1}–${s.adaptive_steps.q3}) | ${pct(s.adaptive_fraction_reached)} | ${s.adaptive_ms.median.toFixed(1)} |`);
  }
  out();
  const svg = lineChart({
    title: 'Sentences within 1 % completeness',
    xLabel: 'fixed steps',
    yLabel: 'fraction reached',
    log2x: true,
    yMax: 1,
    series: rules.map((r) => ({ name: r, points: steps.rules[r].fixed.map((f) => [f.steps, f.fraction_reached]) })),
  });
  writeFileSync(join(resultsDir, 'completeness_vs_steps.svg'), svg);
  const kinked = Object.entries(steps.model.kinked_ops ?? {});
  if (kinked.length)
    out(`Note: the model's graph has ${kinked.map(([op, n]) => `${n} ${op}`).join(', ')} node(s), whose derivative jumps. The IG integrand is then only piecewise smooth, and Gauss–Legendre's fast convergence (which needs a smooth integrand) is lost: its error then falls about as slowly as the trapezoid's and not monotonically.`), out();
  out(`![fraction within 1 % vs steps](${link('completeness_vs_steps.svg')})`);
  out();
}

const fmt = (s, digits = 3) => (s?.mean == null ? 'n/a' : `${s.mean.toFixed(digits)} ± ${s.se.toFixed(digits)}`);
const ci = (s, digits = 3) => (s?.ci95 ? `[${s.ci95[0].toFixed(digits)}, ${s.ci95[1].toFixed(digits)}]` : '');
if (faith) {
  out(`## Faithfulness on SST-2 validation (load ${loadOf('faithfulness')})`);
  out();
  out(`${faith.sentences_used} of ${faith.sentences_available} sentences, model \`${faith.model.path}\`, its predicted class explained with the logit objective and the product's default steps (adaptive Gauss–Legendre to ≤ 1 % completeness). Protocol of DIG/SIG (\`../shared/notes/field.md\` §5.1) on tokens: the top 20 % (k = max(1, ⌊0.2 n⌋) of the n non-special tokens, ranked by signed score) are **deleted** (comprehensiveness, ↑), **kept alone** (sufficiency, ↓), or **replaced by [PAD]** (log-odds = log p′ − log p, ↓); p is the softmax probability of the predicted class from the plain forward pass of \`onnx/model.onnx\`. Special tokens are never removed. AOPC: ferret's defaults — fractions 10 %, 20 %, …, 100 %, only positively scored tokens, tokens deleted, repeated or empty rationales skipped — averaged per sentence. Values are means ± standard error over sentences; the bracket is a 95 % percentile bootstrap interval (${faith.bootstrap_resamples} resamples, seed ${faith.seed}). IG baselines keep the special tokens ([CLS], [SEP]) and replace every other token (PAD, MASK, UNK, a seeded random token) or its embedding (zero, the mean embedding); SmoothGrad is the engine's NoiseTunnel over IG with its defaults (10 samples, σ = 0.01 in embedding units, the default baseline: [MASK] where the tokenizer has one, else [PAD]). The random floor draws scores uniformly from [−1, 1] (seeded per sentence). Run time ${(faith.wall_s / 60).toFixed(1)} min.`);
  out();
  out('| method | comprehensiveness ↑ | sufficiency ↓ | log-odds ↓ | AOPC comp. ↑ | AOPC suff. ↓ | sentences with AOPC | ≤ 1 % complete | explain ms (median) |');
  out('|---|---|---|---|---|---|---|---|---|');
  for (const m of faith.methods)
    out(`| ${m.label} | ${fmt(m.comprehensiveness)} ${ci(m.comprehensiveness)} | ${fmt(m.sufficiency)} ${ci(m.sufficiency)} | ${fmt(m.log_odds)} ${ci(m.log_odds)} | ${fmt(m.aopc_comprehensiveness)} | ${fmt(m.aopc_sufficiency)} | ${m.aopc_comprehensiveness.n} | ${m.fraction_complete == null ? '—' : pct(m.fraction_complete)} | ${m.explain_ms ? m.explain_ms.median.toFixed(1) : '—'} |`);
  out();
  if (faith.methods[0]?.deletion_curve) {
    const svg = lineChart({
      title: `Deletion curve: SST-2 validation (${faith.model.path})`,
      xLabel: 'fraction of tokens deleted, highest scores first',
      yLabel: 'mean drop of p(predicted class)',
      yMin: Math.min(0, ...faith.methods.flatMap((m) => m.deletion_curve.filter((c) => c.n > 0).map((c) => c.comprehensiveness))),
      series: faith.methods.map((m) => ({ name: m.method, dashed: m.method === 'random', points: m.deletion_curve.filter((c) => c.n > 0).map((c) => [c.fraction, c.comprehensiveness]) })),
    });
    writeFileSync(join(resultsDir, 'deletion_curve.svg'), svg);
    out(`![deletion curve](${link('deletion_curve.svg')})`);
    out();
    out('Deletion curve: the top ⌊f·n⌋ tokens by score deleted whatever their sign, mean over the sentences where that count is ≥ 1; a faithful ranking drops the probability fastest.');
    out();
  }
  out('Published reference (field.md §5.2, GLUE SST-2 test, DistilBERT, Captum IG with a zero word-embedding baseline): log-odds −0.816, comprehensiveness 0.231, sufficiency 0.274. Those are other models and data: compare the ranking of methods and the distance from the random floor, not the absolute values. Gradient × Input and Saliency report no completeness (single-point methods).');
  out();
}
if (plaus) {
  out(`## Plausibility: human rationales of movie reviews (load ${loadOf('plausibility')})`);
  out();
  out(`${plaus.reviews_used} reviews (half positive, half negative) drawn with seed ${plaus.seed} from \`../shared/data/movie-rationales/withRats_*\` (Zaidan et al. 2007, the data of ERASER "movies"); ${plaus.words_per_review.median} words per review (median), ${(100 * plaus.rationale_fraction.mean).toFixed(1)} % of words inside a rationale of the review's label (mean). Model \`${plaus.model.path}\` explains the review's gold label (logit objective, default steps). The engine truncates texts longer than the model's ${plaus.model.max_position_embeddings} positions and has no long-text mode, so each review is cut at word boundaries into consecutive windows that fill the model's positions (median ${plaus.windows_per_review.median} per review), each window is explained as its own text, and the windows' word scores are concatenated. Words are the reviews' whitespace tokens, scored as the sum of their sub-tokens, ranked by signed score toward the gold label. **Token F1**: the top k words with k = the number of rationale words (so precision = recall = F1). **AUPRC**: average precision of the word scores (sklearn's definition). Means ± standard error over reviews, 95 % bootstrap interval in brackets. Run time ${(plaus.wall_s / 60).toFixed(1)} min.`);
  out();
  out('| method | token F1 ↑ | AUPRC ↑ | explain s per review (median) |');
  out('|---|---|---|---|');
  for (const m of plaus.methods)
    out(`| ${m.label} | ${fmt(m.token_f1)} ${ci(m.token_f1)} | ${fmt(m.auprc)} ${ci(m.auprc)} | ${m.explain_ms_per_review ? (m.explain_ms_per_review.median / 1000).toFixed(1) : '—'} |`);
  out();
}
if (peak) {
  out(`## FLOP/s against the matrix-multiply peak (load ${loadOf('peak')})`);
  out();
  out(`Peak: ${peak.method}, ${peak.repeats} repeats per shape, GFLOP/s = 2·m·k·n / median CPU time.`);
  out();
  out('| m × k × n | wall ms (median) | CPU ms | GFLOP/s (CPU time) |');
  out('|---|---|---|---|');
  for (const r of peak.shapes) out(`| ${r.m} × ${r.k} × ${r.n} | ${r.wall_ms.median.toFixed(2)} | ${r.cpu_ms.median.toFixed(2)} | ${r.gflops_cpu.toFixed(1)} |`);
  out();
  if (flopCells.length) {
    out('Model FLOPs are counted from config.json (multiply-adds × 2 of the Q/K/V/output projections, the feed-forward block and the two attention products; embeddings, norms, softmax and the classifier left out). The IG run is credited only with the least work an IG step needs (forward plus the input gradient of every product, no weight gradients), so its figure says how much of the machine the prepared graph turns into necessary work.');
    out();
    out('| tokens | rows | forward GFLOP/s | % of peak | IG run GFLOP/s (least work) | % of peak |');
    out('|---|---|---|---|---|---|');
    for (const r of flopCells) {
      const f = r.forward_flops / r.forward_run_cpu_ms.median / 1e6, g = r.ig_least_flops / r.ig_run_cpu_ms.median / 1e6;
      out(`| ${r.tokens} | ${r.rows} | ${f.toFixed(1)} | ${ofPeak(f)} | ${g.toFixed(1)} | ${ofPeak(g)} |`);
    }
    out();
  }
}
if (multi) {
  out(`## Multi-label cost (load ${loadOf('multilabel')})`);
  out();
  out(`Model \`${multi.model.path}\` (${multi.model.labels} labels); a ${multi.tokens}-token text, ${multi.steps} Gauss–Legendre steps; label 0 alone vs every label as a target of one job.`);
  out();
  out('| job | targets | rows | runs | wall ms (median) | IQR | CPU ms |');
  out('|---|---|---|---|---|---|---|');
  for (const [name, j] of [['one label', multi.one_label], ['all labels', multi.all_labels]])
    out(`| ${name} | ${j.targets} | ${j.rows} | ${j.runs} | ${j.total_ms.median.toFixed(1)} | ${iqr(j.total_ms)} | ${j.cpu_ms.median.toFixed(1)} |`);
  out();
}

out('## How to reproduce');
out();
out('`bench/run_all.sh` (options: `--model NAME`, `--quick`, `--steps-limit N`, `--faithfulness-limit N`, `--reviews N`, `--skip-web`, `--skip-chromium`; see the script). It builds `iglens_bench` in `build/bench` (or `$BENCH_BUILD_DIR`), runs every part, and writes this file.');
writeFileSync(outFile, lines.join('\n') + '\n');
console.error(`report: wrote ${relative(process.cwd(), outFile)}`);
