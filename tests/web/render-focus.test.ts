// Which row the main view shows (web/src/render/focus.ts), read from real CLI results: NER
// entities and words, zero-shot candidates and every label of a multi-label result; the entity
// groups underlined on the text; the chooser; and the markup staying text.
import { describe, expect, it } from 'vitest';
import {
  findAll,
  focusChoices,
  focusedView,
  hasClass,
  renderResult,
  resultSummary,
  scoredSpans,
  textContent,
  toHtml,
  type VElement,
} from '../../web/src/render';
import { renderWidgetResult } from '../../web/src/widget/view';
import { buildExplanation, taskExplanation } from './render-fixtures';

const highlighted = (el: VElement) => findAll(el, (e) => e.tag === 'mark' && hasClass(e, 'ig-span'));
const mainText = (el: VElement) => findAll(el, (e) => hasClass(e, 'ig-highlights'))[0];
const chooser = (el: VElement) => findAll(el, (e) => e.tag === 'button' && e.attrs['data-focus-row'] !== undefined);
const close = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));

describe('NER: entities on the text and a chosen row', () => {
  const exp = taskExplanation('ner');
  const view = { text: exp.text, explanation: exp, granularity: 'word' as const };

  it('offers one row per entity group, the first shown by default, its words summed', () => {
    const choices = focusChoices(view);
    expect(choices.map((c) => c.name)).toEqual(exp.entities!.map((e) => `${e.label} \u201c${e.text}\u201d`));
    const { view: shown, chosen } = focusedView(view);
    expect(chosen?.key).toBe('entity:0');
    // "John Smith": the B-PER and I-PER rows added up, word by word.
    const [b, i] = exp.targets;
    shown.explanation.words.forEach((w, k) => expect(close(w.score, b.words[k].score + i.words[k].score)).toBe(true));
  });

  it("gives the summed row the completeness of the sum of its words' outputs", () => {
    const [b, i] = exp.targets;
    const c = focusedView(view).view.explanation.completeness!;
    expect(close(c.f_input, b.completeness!.f_input + i.completeness!.f_input)).toBe(true);
    expect(close(c.sum, b.completeness!.sum + i.completeness!.sum)).toBe(true);
    expect(close(c.abs_error, Math.abs(c.sum - (c.f_input - c.f_baseline)))).toBe(true);
    expect(c.rel_error!).toBeLessThan(0.01);
  });

  it('underlines every entity group on the text, labelled, and the text reads exactly as typed', () => {
    const panel = renderResult({ ...view, focusRow: 'entity:1' });
    const text = mainText(panel);
    const groups = findAll(text, (e) => hasClass(e, 'ig-group'));
    expect(groups.map((g) => [g.attrs['data-group'], textContent(g)])).toEqual(exp.entities!.map((e) => [e.label, e.text]));
    expect(groups.map((g) => hasClass(g, 'is-chosen'))).toEqual([false, true, false]);
    expect(textContent(findAll(text, (e) => hasClass(e, 'ig-text'))[0])).toBe(exp.text);
    // The marks inside show the chosen entity's (Berlin's) own row.
    const berlin = exp.targets.find((t) => t.target.position === exp.words[exp.entities![1].words[0]].tokens[0])!;
    expect(highlighted(text).map((m) => Number(m.attrs['data-score']))).toEqual(scoredSpans(berlin, 'word', exp.text).map((s) => s.score));
  });

  it('names the entities and the shown one in the headline, and marks the pressed button', () => {
    const panel = renderResult({ ...view, focusRow: 'entity:2' });
    const head = textContent(findAll(panel, (e) => hasClass(e, 'ig-prediction-head'))[0]);
    expect(head).toBe('3 entities: PER \u201cJohn Smith\u201d, LOC \u201cBerlin\u201d, LOC \u201cSiemens\u201d \u00b7 showing LOC \u201cSiemens\u201d');
    expect(chooser(panel).map((b) => b.attrs['aria-pressed'])).toEqual(['false', 'false', 'true']);
    expect(resultSummary({ ...view, focusRow: 'entity:2' })).toMatch(/Explaining LOC \u201cSiemens\u201d/);
  });

  it('offers the explained words outside the entities when no label is ignored', () => {
    // An O-tagged word explained too: "lives" at its first token.
    const lives = exp.words.findIndex((w) => w.text === 'lives');
    const position = exp.words[lives].tokens[0];
    const extra = { ...exp.targets[0], target: { label: 'O', index: 0, position } };
    const choices = focusChoices({ ...view, explanation: { ...exp, targets: [...exp.targets, extra] } });
    expect(choices.at(-1)).toMatchObject({ key: `word:${position}`, name: '\u201clives\u201d O' });
  });
});

describe('zero-shot: the chosen candidate', () => {
  const exp = taskExplanation('zero-shot');
  const premise = exp.text.slice(0, exp.pair_start! - 1);
  const view = { text: premise, explanation: exp, granularity: 'word' as const };
  const ranked = [...exp.candidates!].sort((a, b) => b.score - a.score);

  it('shows the best candidate first and switches premise, hypothesis and headline to another', () => {
    expect(focusChoices(view).map((c) => c.name)).toEqual(ranked.map((c) => c.label));
    for (const candidate of ranked) {
      const panel = renderResult({ ...view, focusRow: `label:${candidate.label}` });
      const texts = findAll(mainText(panel), (e) => hasClass(e, 'ig-text')).map(textContent);
      expect(texts).toEqual([premise, candidate.hypothesis]);
      const own = candidate.explanation;
      expect(highlighted(mainText(panel)).map((m) => Number(m.attrs['data-score']))).toEqual(own.words.map((w) => w.score));
      expect(textContent(findAll(panel, (e) => hasClass(e, 'ig-target'))[0])).toBe(candidate.hypothesis);
      const target = findAll(panel, (e) => hasClass(e, 'ig-prob-row') && hasClass(e, 'is-target')).map(textContent);
      expect(target[0]).toMatch(new RegExp(`^${candidate.label}`));
    }
  });

  it('shows the chooser in the widget too, but not in the script-less snapshot', () => {
    expect(chooser(renderWidgetResult(view, 3)).map((b) => b.attrs['data-focus-row'])).toEqual(ranked.map((c) => `label:${c.label}`));
    expect(chooser(renderResult({ ...view, focus: 'all' }))).toHaveLength(0);
  });
});

describe('every label of a multi-label result', () => {
  it('shows the most probable label first and any other on request', () => {
    const text = 'so happy and a bit scared';
    const base = buildExplanation(text, [
      { piece: 'so', covers: 'so', score: 0.1, word: 0 },
      { piece: 'happy', covers: 'happy', score: 0.9, word: 1 },
    ]);
    const row = (label: string, probability: number, scores: [number, number]) => ({
      label,
      probability,
      explanation: { ...base, target: { label, index: 0 }, tokens: base.tokens.map((t, i) => ({ ...t, score: scores[i] ?? 0 })), words: base.words.map((w, i) => ({ ...w, score: scores[i] ?? 0 })) },
    });
    const perLabel = { caption: 'Every label', rows: [row('joy', 0.8, [0.2, 1.5]), row('fear', 0.3, [0.1, -0.4])] };
    const view = { text, explanation: base, granularity: 'word' as const, perLabel, multiLabel: true };
    const scores = (v: typeof view & { focusRow?: string }) => highlighted(mainText(renderResult(v))).map((m) => Number(m.attrs['data-score']));
    expect(scores(view)).toEqual([0.2, 1.5]);
    expect(scores({ ...view, focusRow: 'label:fear' })).toEqual([0.1, -0.4]);
  });
});

describe('the row choice keeps markup as text', () => {
  it('shows an entity label and a candidate label with markup literally', () => {
    const exp = taskExplanation('ner');
    const payload = '<img src=x onerror=alert(1)>';
    const evil = { ...exp, entities: exp.entities!.map((e) => ({ ...e, label: payload })) };
    const html = toHtml(renderResult({ text: exp.text, explanation: evil, granularity: 'word' }));
    expect(html).not.toMatch(/<img/);
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    const zs = taskExplanation('zero-shot');
    const evilZs = { ...zs, candidates: zs.candidates!.map((c) => ({ ...c, label: `${payload}${c.label}` })) };
    const html2 = toHtml(renderWidgetResult({ text: zs.text.slice(0, zs.pair_start! - 1), explanation: evilZs, granularity: 'word' }, 3));
    expect(html2).not.toMatch(/<img/);
  });
});
