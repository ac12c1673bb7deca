// Rendering of explanations (web/src/render): the highlighted text keeps the user's exact
// characters, the colour scale is symmetric, top-k ranks by |score|, the badge thresholds hold,
// and user text can only ever become text — in the live DOM and in HTML.
import { describe, expect, it } from 'vitest';
import {
  COMPLETENESS_OK,
  PALETTE,
  baselineLabel,
  methodLabel,
  completenessBadge,
  renderRunInfo,
  contrastRatio,
  findAll,
  h,
  hasClass,
  renderAnswerTable,
  renderAttentionHeatmap,
  renderEntityTable,
  renderHighlight,
  renderLabelTable,
  labelRowsOf,
  renderResult,
  scaleMax,
  scoreColor,
  scoredSpans,
  textContent,
  textParts,
  toDom,
  toHtml,
  topK,
  truncatedAt,
  viewItems,
  type NodeFactory,
  type VElement,
} from '../../web/src/render';
import { buildExplanation, cliExplanation, simpleExplanation } from './render-fixtures';

const XSS = '<img src=x onerror=alert(1)> </script><script>alert(2)</script> "quoted" & \'single\'';

function marks(el: VElement): VElement[] {
  return findAll(el, (e) => e.tag === 'mark');
}

describe('highlighted text', () => {
  it('keeps every original character between and around tokens (spaces, newlines, emoji, CJK, combining marks)', () => {
    const text = '  Cafe\u0301 \u2014 ok!\n\n東京 is 👍🏽 great\t\tgo ';
    const exp = buildExplanation(text, [
      { piece: 'cafe', covers: 'Cafe', score: 0.2, word: 0 },
      { piece: '\u0301', covers: '\u0301', score: 0.1, word: 0 },
      { piece: 'ok', covers: 'ok', score: -0.3, word: 1 },
      { piece: '!', covers: '!', score: 0.05, word: 2 },
      { piece: '東', covers: '東', score: 0.4, word: 3 },
      { piece: '京', covers: '京', score: 0.1, word: 3 },
      { piece: 'is', covers: 'is', score: 0, word: 4 },
      { piece: '👍', covers: '👍', score: 0.7, word: 5 },
      { piece: '🏽', covers: '🏽', score: -0.1, word: 5 },
      { piece: 'great', covers: 'great', score: 0.9, word: 6 },
      { piece: 'go', covers: 'go', score: -0.2, word: 7 },
    ]);
    for (const granularity of ['word', 'token'] as const) {
      const spans = scoredSpans(exp, granularity, text);
      expect(textParts(text, spans).map((p) => p.text).join('')).toBe(text);
      const view = renderHighlight(text, spans, { granularity, maxAbs: scaleMax(spans.map((s) => s.score)), targetLabel: 'POSITIVE' });
      expect(textContent(view)).toBe(text);
      for (const m of marks(view)) {
        expect(textContent(m)).toBe(text.slice(Number(m.attrs['data-start']), Number(m.attrs['data-end'])));
      }
    }
    const words = scoredSpans(exp, 'word', text);
    expect(words.map((w) => w.text)).toEqual(['Cafe\u0301', 'ok', '!', '東京', 'is', '👍🏽', 'great', 'go']);
    expect(words[0].score).toBeCloseTo(0.3);
    expect(scoredSpans(exp, 'token', text)).toHaveLength(11);
  });

  it('shows a real CLI result over its own text: words from their token lists, specials hidden', () => {
    const exp = cliExplanation('ig');
    for (const granularity of ['word', 'token'] as const) {
      const spans = scoredSpans(exp, granularity, exp.text);
      const view = renderHighlight(exp.text, spans, { granularity, maxAbs: scaleMax(spans.map((s) => s.score)), targetLabel: exp.target.label });
      expect(textContent(view)).toBe(exp.text);
    }
    const words = scoredSpans(exp, 'word', exp.text);
    expect(words.map((w) => w.text)).toEqual(exp.words.map((w) => w.text));
    expect(words.map((w) => w.score)).toEqual(exp.words.map((w) => w.score));
    expect(words.map((w) => w.pieces)).toEqual(exp.words.map((w) => w.tokens.map((i) => exp.tokens[i].text)));
    expect(scoredSpans(exp, 'token', exp.text)).toHaveLength(exp.tokens.filter((t) => !t.special).length);
  });

  it('refuses a word whose token list names a token the explanation does not have', () => {
    const exp = simpleExplanation('good movie', [0.5, 0.1]);
    exp.words[1] = { ...exp.words[1], tokens: [99] };
    expect(() => scoredSpans(exp, 'word', 'good movie')).toThrow(/token 99/);
  });

  it('does not show special tokens in the text view', () => {
    const text = 'good movie';
    const exp = simpleExplanation(text, [0.5, 0.1]);
    const view = renderHighlight(text, scoredSpans(exp, 'token', text), { granularity: 'token', maxAbs: 0.5, targetLabel: 'POSITIVE' });
    expect(textContent(view)).toBe(text);
    expect(toHtml(view)).not.toContain('[CLS]');
    expect(toHtml(view)).not.toContain('[SEP]');
    expect(marks(view)).toHaveLength(2);
  });

  it('merges tokens that share the same characters and attaches zero-width pieces to the next span', () => {
    const text = 'so 😀 fun';
    const exp = buildExplanation(text, [
      { piece: 'so', covers: 'so', score: 0.1, word: 0 },
      { piece: 'Ġ', covers: '', score: 0.05, word: 1, zeroWidth: true },
      { piece: 'ðŁ', covers: '😀', score: 0.3, word: 1 },
      { piece: 'ĺĢ', covers: '😀', score: 0.2, word: 1, sameSpanAsPrevious: true },
      { piece: 'fun', covers: 'fun', score: -0.4, word: 2 },
    ]);
    const spans = scoredSpans(exp, 'token', text);
    expect(spans.map((s) => s.text)).toEqual(['so', '😀', 'fun']);
    expect(spans[1].score).toBeCloseTo(0.55);
    expect(spans[1].pieces).toEqual(['Ġ', 'ðŁ', 'ĺĢ']);
    expect(textParts(text, spans).map((p) => p.text).join('')).toBe(text);
  });

  it('refuses offsets that do not fit the text instead of showing wrong characters', () => {
    const exp = simpleExplanation('a much longer text', [1, 2, 3, 4]);
    expect(() => scoredSpans(exp, 'word', 'short')).toThrow(/different text/);
    expect(() => scoredSpans(exp, 'token', 'short')).toThrow(/outside the text/);
  });

  it('marks text beyond the model length limit as not explained', () => {
    const text = 'kept words and then cut off';
    const exp = buildExplanation(text, [
      { piece: 'kept', covers: 'kept', score: 0.1, word: 0 },
      { piece: 'words', covers: 'words', score: 0.2, word: 1 },
    ]);
    const cut = truncatedAt(text, exp);
    expect(cut).toBe('kept words'.length);
    const view = renderHighlight(text, scoredSpans(exp, 'word', text), { granularity: 'word', maxAbs: 0.2, targetLabel: 'P', truncatedAt: cut });
    expect(textContent(view)).toBe(text);
    const unseen = findAll(view, (e) => hasClass(e, 'ig-unseen'));
    expect(unseen.map(textContent)).toEqual([' and then cut off']);
    expect(truncatedAt('kept words  ', exp)).toBeNull();
  });

  it('gives every span a score description, with roving focus on the page and all tab stops in snapshots', () => {
    const text = 'bad but fine';
    const exp = simpleExplanation(text, [-0.5, 0.01, 0.25]);
    const spans = scoredSpans(exp, 'word', text);
    const roving = marks(renderHighlight(text, spans, { granularity: 'word', maxAbs: 0.5, targetLabel: 'POSITIVE' }));
    expect(roving.map((m) => m.attrs.tabindex)).toEqual(['0', '-1', '-1']);
    expect(roving[0].attrs['aria-label']).toBe('bad: \u22120.5 against POSITIVE');
    expect(roving[2].attrs.title).toBe('fine: +0.25 for POSITIVE');
    const all = marks(renderHighlight(text, spans, { granularity: 'word', maxAbs: 0.5, targetLabel: 'POSITIVE', focus: 'all' }));
    expect(all.map((m) => m.attrs.tabindex)).toEqual(['0', '0', '0']);
  });
});

describe('score readout', () => {
  it('is on live pages (roving focus) and left out of snapshots, which have no script to fill it', () => {
    const exp = simpleExplanation('a b', [0.1, -0.1]);
    const live = renderResult({ text: 'a b', explanation: exp, granularity: 'word' });
    const snapshot = renderResult({ text: 'a b', explanation: exp, granularity: 'word', focus: 'all' });
    expect(findAll(live, (e) => hasClass(e, 'ig-readout'))).toHaveLength(1);
    expect(findAll(snapshot, (e) => hasClass(e, 'ig-readout'))).toHaveLength(0);
  });
});

describe('word/token toggle data', () => {
  const text = 'unbelievable plot';
  const exp = buildExplanation(text, [
    { piece: 'un', covers: 'un', score: 0.1, word: 0 },
    { piece: '##believ', covers: 'believ', score: 0.2, word: 0 },
    { piece: '##able', covers: 'able', score: 0.3, word: 0 },
    { piece: 'plot', covers: 'plot', score: -0.05, word: 1 },
  ]);

  it('words view lists words with summed scores, token view lists the non-special pieces', () => {
    const words = viewItems(exp, 'word');
    expect(words.map((w) => w.text)).toEqual(['unbelievable', 'plot']);
    expect(words[0].score).toBeCloseTo(0.6);
    const tokens = viewItems(exp, 'token');
    expect(tokens.map((t) => t.text)).toEqual(['un', '##believ', '##able', 'plot']);
  });

  it('the result panel changes unit with the toggle but shows the same text', () => {
    const byWord = renderResult({ text, explanation: exp, granularity: 'word' });
    const byToken = renderResult({ text, explanation: exp, granularity: 'token' });
    const wordText = findAll(byWord, (e) => hasClass(e, 'ig-text'))[0];
    const tokenText = findAll(byToken, (e) => hasClass(e, 'ig-text'))[0];
    expect(marks(wordText)).toHaveLength(2);
    expect(marks(tokenText)).toHaveLength(4);
    expect(textContent(wordText)).toBe(text);
    expect(textContent(tokenText)).toBe(text);
    expect(wordText.attrs['data-granularity']).toBe('word');
    expect(marks(wordText)[0].attrs.title).toContain('un + ##believ + ##able');
  });
});

describe('colour scale', () => {
  it('is neutral at zero and reaches the palette endpoints at ±max', () => {
    expect(scoreColor(0, 2).background).toEqual(PALETTE.neutral);
    expect(scoreColor(2, 2).background).toEqual(PALETTE.positive);
    expect(scoreColor(-2, 2).background).toEqual(PALETTE.negative);
    expect(scoreColor(10, 2).background).toEqual(PALETTE.positive);
    expect(scoreColor(-10, 2).t).toBe(-1);
  });

  it('is symmetric: equal |score| gets equal intensity on both sides', () => {
    for (const s of [0.1, 0.37, 0.5, 0.9, 1.4]) {
      const pos = scoreColor(s, 1.4);
      const neg = scoreColor(-s, 1.4);
      expect(pos.t).toBeCloseTo(-neg.t, 12);
      const distance = (c: readonly number[]) => Math.hypot(...c.map((v, i) => v - PALETTE.neutral[i]));
      const fullPos = distance(PALETTE.positive);
      const fullNeg = distance(PALETTE.negative);
      expect(distance(pos.background) / fullPos).toBeCloseTo(distance(neg.background) / fullNeg, 1);
    }
  });

  it('keeps text readable (WCAG AA 4.5:1) at every point of the scale', () => {
    for (let i = -100; i <= 100; i++) {
      const c = scoreColor(i / 100, 1);
      expect(contrastRatio(c.background, c.foreground)).toBeGreaterThanOrEqual(4.5);
    }
  });

  it('is blue against orange, not red against green', () => {
    const [nr, , nb] = PALETTE.negative;
    const [pr, pg, pb] = PALETTE.positive;
    expect(nb).toBeGreaterThan(nr);
    expect(pr).toBeGreaterThan(pg);
    expect(pg).toBeGreaterThan(pb);
  });

  it('shows everything neutral when all scores are zero (no division by zero)', () => {
    expect(scaleMax([0, -0, 0])).toBe(0);
    expect(scoreColor(0, 0).background).toEqual(PALETTE.neutral);
    expect(scaleMax([1, -3, NaN, 2])).toBe(3);
  });
});

describe('top-k', () => {
  it('ranks by |score|, largest first, ties in text order, NaN left out', () => {
    const items = [
      { text: 'a', score: 0.1 },
      { text: 'b', score: -0.9 },
      { text: 'c', score: 0.5 },
      { text: 'd', score: NaN },
      { text: 'e', score: -0.5 },
      { text: 'f', score: 0.9 },
    ];
    expect(topK(items, 4).map((i) => i.text)).toEqual(['b', 'f', 'c', 'e']);
    expect(topK(items, 100).map((i) => i.text)).toEqual(['b', 'f', 'c', 'e', 'a']);
    expect(topK(items, 0)).toEqual([]);
  });

  it('draws positive bars right of the centre and negative bars left of it, scaled to the max', () => {
    const exp = simpleExplanation('x y z', [1, -0.5, 0.25]);
    const view = renderResult({ text: 'x y z', explanation: exp, granularity: 'word', topK: 3 });
    const bars = findAll(view, (e) => hasClass(e, 'ig-bar'));
    expect(bars.map((b) => [b.style.left ?? null, b.style.right ?? null, b.style.width])).toEqual([
      ['50%', null, '50.00%'],
      [null, '50%', '25.00%'],
      ['50%', null, '12.50%'],
    ]);
  });
});

describe('completeness badge', () => {
  const base = { steps: 32, stop_reason: 'target_reached' as const, method: 'integrated_gradients' as const };
  const completeness = (rel: number | null, worstPath: number | null = rel) => ({
    f_input: 1,
    f_baseline: 0,
    sum: 1 - (rel ?? 0),
    abs_error: rel ?? 0,
    rel_error: rel,
    max_path_rel_error: worstPath,
    max_path_abs_error: worstPath ?? 0,
  });
  const withRel = (rel: number | null, worstPath: number | null = rel) => ({ ...base, completeness: completeness(rel, worstPath) });

  it('is ok at or below 1% and a warning above it', () => {
    expect(completenessBadge(withRel(0)).level).toBe('ok');
    expect(completenessBadge(withRel(COMPLETENESS_OK)).level).toBe('ok');
    expect(completenessBadge(withRel(0.0101)).level).toBe('warn');
    expect(completenessBadge(withRel(0.3)).level).toBe('warn');
  });

  it('shows the error as a percentage, the steps and how the adaptive steps stopped', () => {
    expect(completenessBadge(withRel(0.0042)).text).toBe('Completeness error 0.42% \u00b7 32 steps, converged');
    expect(completenessBadge({ ...withRel(0.05), stop_reason: 'step_cap_reached' }).text).toBe('Completeness error 5.00% \u00b7 32 steps, step cap reached');
    expect(completenessBadge({ ...withRel(0.004), stop_reason: 'fixed_steps' }).text).toBe('Completeness error 0.40% \u00b7 32 steps');
    expect(completenessBadge(withRel(0.05)).detail).toMatch(/raise the number of steps/);
  });

  it('warns when the relative error is undefined (the core writes null when F(input) == F(baseline))', () => {
    const badge = completenessBadge({ ...base, completeness: { ...completeness(null), f_baseline: 1, sum: 0.1, abs_error: 0.1 } });
    expect(badge.level).toBe('warn');
    expect(badge.text).toContain('undefined');
    expect(badge.detail).toMatch(/choose another baseline/);
  });

  it('judges the worst single path when several paths are averaged (SmoothGrad, several baselines)', () => {
    const smooth = { ...withRel(0.00005, 0.02), method: 'smoothgrad' as const };
    const badge = completenessBadge(smooth);
    expect(badge.level).toBe('warn');
    expect(badge.text).toBe('Completeness error 2.00% \u00b7 32 steps, converged');
    expect(badge.detail).toContain('worst single path misses by 2.00%');
    expect(completenessBadge({ ...smooth, completeness: completeness(0.00005, 0.005) }).level).toBe('ok');
  });

  it('says there is no check for methods the core gives no completeness (null)', () => {
    const noCheck = completenessBadge({ steps: 1, stop_reason: 'not_applicable', method: 'saliency', completeness: null });
    expect(noCheck.level).toBe('info');
    expect(noCheck.text).toBe('No completeness check \u00b7 Saliency');
  });

  it('reads real CLI results: adaptive IG within 1%, gradient \u00d7 input without a check', () => {
    const ig = cliExplanation('ig');
    const badge = completenessBadge(ig);
    expect(badge.level).toBe('ok');
    expect(badge.text).toBe(`Completeness error ${(ig.completeness!.rel_error! * 100).toFixed(2)}% \u00b7 ${ig.steps} steps, converged`);
    expect(completenessBadge(cliExplanation('gxi'))).toMatchObject({ level: 'info', text: 'No completeness check \u00b7 Gradient \u00d7 Input' });
  });

  it('lists the run\'s settings and timings, with readable timing names', () => {
    const info = renderRunInfo(cliExplanation('ig'));
    const chips = findAll(info, (e) => hasClass(e, 'ig-chip')).map(textContent);
    expect(chips).toContain('method: Integrated Gradients');
    expect(chips).toContain('baseline: pad');
    expect(chips).toContain('steps: 32 (gausslegendre)');
    const timings = textContent(findAll(info, (e) => hasClass(e, 'ig-timings'))[0]);
    expect(timings).toContain('model runs ');
    expect(timings).not.toContain('_');
  });

  it('names baselines and methods', () => {
    expect(baselineLabel({ kind: 'pad', keep_special_tokens: true })).toBe('pad');
    expect(baselineLabel({ kind: 'tokens', keep_special_tokens: true, token_ids: [101, 1037, 2143, 102] })).toBe('tokens (4 ids)');
    expect(
      baselineLabel([
        { kind: 'uniform', keep_special_tokens: true, seed: 1 },
        { kind: 'uniform', keep_special_tokens: true, seed: 2 },
      ]),
    ).toBe('uniform (seed 1) + uniform (seed 2)');
    expect(baselineLabel(null)).toBe('none');
    expect(methodLabel('gradient_x_input')).toBe('Gradient \u00d7 Input');
    expect(methodLabel('integrated_gradients')).toBe('Integrated Gradients');
  });
});

// A document that only records what is created: no parser exists in it, and reading or writing
// innerHTML/outerHTML throws, so a view that tried to inject markup would fail the test.
function recordingDocument() {
  const created: { tag: string; attrs: Record<string, string>; style: Record<string, string> }[] = [];
  const texts: string[] = [];
  class RecNode {
    children: RecNode[] = [];
    appendChild(c: RecNode) {
      this.children.push(c);
      return c;
    }
    set innerHTML(_v: string) {
      throw new Error('innerHTML used');
    }
    get innerHTML(): string {
      throw new Error('innerHTML used');
    }
    set outerHTML(_v: string) {
      throw new Error('outerHTML used');
    }
  }
  class RecElement extends RecNode {
    record: { tag: string; attrs: Record<string, string>; style: Record<string, string> };
    style: { setProperty(k: string, v: string): void };
    constructor(tag: string) {
      super();
      this.record = { tag, attrs: {}, style: {} };
      created.push(this.record);
      const style = this.record.style;
      this.style = { setProperty: (k, v) => (style[k] = v) };
    }
    setAttribute(k: string, v: string) {
      this.record.attrs[k] = v;
    }
  }
  class RecText extends RecNode {
    constructor(public data: string) {
      super();
      texts.push(data);
    }
  }
  const doc = {
    createElement: (tag: string) => new RecElement(tag),
    createElementNS: (_ns: string, tag: string) => new RecElement(tag),
    createTextNode: (data: string) => new RecText(data),
  };
  return { doc: doc as unknown as NodeFactory, created, texts };
}

describe('user text stays text', () => {
  const text = `${XSS} is great`;
  const exp = buildExplanation(text, [
    { piece: '<img', covers: '<img', score: 0.3, word: 0 },
    { piece: 'onerror=alert(1)>', covers: 'onerror=alert(1)>', score: -0.2, word: 1 },
    { piece: '</script>', covers: '</script>', score: 0.4, word: 2 },
    { piece: 'great', covers: 'great', score: 0.6, word: 3 },
  ]);
  exp.labels = ['<b>NEG</b>', 'POS"><script>'];
  exp.target = { label: 'POS"><script>', index: 1 };
  exp.prediction.label = 'POS"><script>';

  it('goes into the DOM only through createTextNode, never as elements', () => {
    const { doc, created, texts } = recordingDocument();
    toDom(renderResult({ text, explanation: exp, granularity: 'word' }), doc);
    const tags = new Set(created.map((c) => c.tag));
    expect(tags.has('img')).toBe(false);
    expect(tags.has('script')).toBe(false);
    expect(tags.has('b')).toBe(false);
    expect(texts.join('')).toContain('<img src=x onerror=alert(1)>');
    expect(texts).toContain('</script>');
    expect(created.every((c) => Object.keys(c.attrs).every((a) => !/^on/i.test(a)))).toBe(true);
    // Colours arrive through the style object, never a style attribute (CSP style-src 'self').
    expect(created.some((c) => 'style' in c.attrs)).toBe(false);
    expect(created.some((c) => c.style['background-color'])).toBe(true);
  });

  it('is escaped in HTML text and attributes', () => {
    const html = toHtml(renderResult({ text, explanation: exp, granularity: 'token' }));
    expect(html).not.toMatch(/<img|<script|<\/script>|<b>/i);
    expect(html).toContain('&lt;script&gt;alert(2)&lt;/script&gt;');
    expect(html).toContain('>&lt;/script&gt;</mark>');
    // The highlighted paragraph, read back as a browser would (tags dropped, entities decoded), is the text.
    const paragraph = /<p class="ig-text"[^>]*>(.*?)<\/p>/s.exec(html)![1];
    const decoded = paragraph
      .replace(/<[^>]*>/g, '')
      .replace(/&(lt|gt|quot|#39|amp);/g, (_m, e: string) => ({ lt: '<', gt: '>', quot: '"', '#39': "'", amp: '&' })[e]!);
    expect(decoded).toBe(text);
    expect(html).toContain('POS&quot;&gt;&lt;script&gt;');
  });

  it('cannot be smuggled in as an event handler or style attribute', () => {
    expect(() => h('span', { onclick: 'alert(1)' })).toThrow(/not allowed/);
    expect(() => h('span', { ONERROR: 'x' })).toThrow(/not allowed/);
    expect(() => h('span', { style: 'color:red' as unknown as Record<string, string> })).toThrow(/map of CSS properties/);
    expect(() => h('img src=x', null)).toThrow(/invalid element name/);
    expect(() => h('span', { 'x onmouseover': '1' })).toThrow(/invalid attribute name/);
  });
});

describe('tables and heatmap', () => {
  it('builds label rows from every target of an explanation, with each label\'s probability', () => {
    const text = 'late refund and rude staff';
    const billing = simpleExplanation(text, [0.2, 0.8, 0, 0, 0.1]);
    const service = simpleExplanation(text, [0, 0, 0, 0.4, 0.3]);
    const exp = {
      ...billing,
      labels: ['billing', 'service'],
      prediction: { label: 'billing', index: 0, probabilities: [0.91, 0.3] },
      targets: [
        { ...billing.targets[0], target: { label: 'billing', index: 0 } },
        { ...service.targets[0], target: { label: 'service', index: 1 } },
      ],
    };
    const rows = labelRowsOf(exp);
    expect(rows.map((r) => [r.label, r.probability])).toEqual([['billing', 0.91], ['service', 0.3]]);
    expect(rows[1].explanation.words.map((w) => w.score)).toEqual([0, 0, 0, 0.4, 0.3]);
    const table = renderLabelTable(text, rows, 'word', 'Labels');
    expect(findAll(table, (e) => hasClass(e, 'ig-text')).map(textContent)).toEqual([text, text]);
  });

  it('puts one row per label with the text highlighted on a shared scale', () => {
    const text = 'late refund and rude staff';
    const a = simpleExplanation(text, [0.2, 0.8, 0, 0, 0.1]);
    const b = simpleExplanation(text, [0, 0, 0, 0.4, 0.3]);
    const table = renderLabelTable(text, [
      { label: 'billing', probability: 0.91, explanation: a },
      { label: 'service', probability: 0.3, explanation: b },
    ], 'word', 'Labels');
    const rows = findAll(table, (e) => e.tag === 'tr' && e !== findAll(table, (x) => x.tag === 'tr')[0]);
    expect(rows).toHaveLength(2);
    expect(textContent(rows[0].children[0])).toBe('billing');
    expect(textContent(rows[0].children[1])).toBe('91.0%');
    expect(textContent(rows[1].children[2])).toBe(text);
    // shared scale: "rude" (0.4) in row 2 is weaker than "refund" (0.8) in row 1, not equally saturated
    const refund = marks(rows[0]).find((m) => textContent(m) === 'refund')!;
    const rude = marks(rows[1]).find((m) => textContent(m) === 'rude')!;
    expect(refund.style['background-color']).not.toBe(rude.style['background-color']);
  });

  it('draws a T×T attention grid and rejects a matrix of the wrong shape', () => {
    const tokens = ['[CLS]', 'hi', '<b>'];
    const m = [
      [0.5, 0.25, 0.25],
      [0.1, 0.8, 0.1],
      [0, 0, 1],
    ];
    const grid = renderAttentionHeatmap(m, tokens);
    expect(findAll(grid, (e) => hasClass(e, 'ig-heatmap-cell'))).toHaveLength(9);
    expect(toHtml(grid)).toContain('&lt;b&gt;');
    expect(renderAttentionHeatmap({ data: new Float64Array(m.flat()), size: 3 }, tokens)).toEqual(grid);
    expect(() => renderAttentionHeatmap([[1, 0], [0, 1]], tokens)).toThrow(/3×3/);
  });

  it('lists entities with their exact text, escaped, and refuses spans outside the text', () => {
    const text = 'Ada <b>Lovelace</b> met Babbage in London.';
    const exp = simpleExplanation(text, [0.5, 0.4, 0, 0.1, 0, 0.2]);
    const start = text.indexOf('<b>');
    const table = renderEntityTable(text, [
      { entity: 'PER', start, end: start + '<b>Lovelace</b>'.length, probability: 0.97, explanation: exp },
      { entity: 'LOC', start: text.indexOf('London'), end: text.indexOf('London') + 6, probability: 0.88 },
    ], 'word');
    const cells = findAll(table, (e) => e.tag === 'q').map(textContent);
    expect(cells).toEqual(['<b>Lovelace</b>', 'London']);
    expect(toHtml(table)).not.toContain('<b>');
    expect(() => renderEntityTable(text, [{ entity: 'X', start: 5, end: 500, probability: 1 }], 'word')).toThrow(/outside the text/);
  });

  it('explains the answer start and end over the context (the second text)', () => {
    const context = 'Paris is the capital of France.';
    const start = buildExplanation(context, [
      { piece: 'Paris', covers: 'Paris', score: 0.9, word: 0 },
      { piece: 'capital', covers: 'capital', score: 0.3, word: 1 },
    ]);
    for (const t of start.tokens) if (!t.special) t.segment = 1;
    const table = renderAnswerTable(context, [
      { role: 'start', position: 0, logit: 4.2, explanation: start },
      { role: 'end', position: 5, logit: 3.1, explanation: start },
    ], 'word');
    const texts = findAll(table, (e) => hasClass(e, 'ig-text'));
    expect(texts.map(textContent)).toEqual([context, context]);
    expect(marks(texts[0]).map(textContent)).toEqual(['Paris', 'capital']);
    expect(findAll(table, (e) => e.tag === 'th' && e.attrs.scope === 'row').map(textContent)).toEqual(['Answer start', 'Answer end']);
  });
});
