// Which row of attributions the main view shows. One result can hold several rows — NER: one
// per entity group and per explained word outside them; zero-shot: one per candidate label; a
// multi-label model explained for every label: one per label. The headline, the highlighted
// text, the legend, the top-k chart and the badge all show the chosen row (the first entity,
// the best candidate or the most probable label by default), and a group of buttons switches.

import type { Explanation, TargetResult } from '../types';
import { formatProbability } from './format';
import type { ResultView } from './result';
import { candidateRowsOf, entityRowsOf } from './tasks';
import { h, type VElement } from './vnode';

export interface FocusChoice {
  /** Stable within one result: "entity:0", "word:7" (a token position), "label:joy". */
  key: string;
  /** What the button says and the headline names: a label, or an entity's tag and text. */
  name: string;
  /** The row's attributions (a zero-shot candidate's: its whole explanation of the pair). */
  result: TargetResult & Partial<Pick<Explanation, 'pair_start' | 'steps' | 'stop_reason'>>;
  /** The score shown on the button (entity or label probability), when there is one. */
  probability?: number;
  /** Zero-shot: the candidate's hypothesis, the second text of its pair. */
  hypothesis?: string;
}

export function focusChoices(view: Pick<ResultView, 'explanation' | 'perLabel' | 'text'>): FocusChoice[] {
  const exp = view.explanation;
  if (exp.candidates?.length) {
    return candidateRowsOf(exp).map((row) => {
      const candidate = exp.candidates!.find((c) => c.label === row.label)!;
      return {
        key: `label:${row.label}`,
        name: row.label,
        result: { ...candidate.explanation, target: { label: row.label, index: exp.labels.indexOf(row.label) } },
        probability: row.probability,
        hypothesis: candidate.hypothesis,
      };
    });
  }
  if (exp.entities) {
    const choices: FocusChoice[] = [];
    entityRowsOf(exp).forEach((row, i) => {
      if (row.explanation) {
        const name = `${row.entity} \u201c${exp.text.slice(row.start, row.end)}\u201d`;
        choices.push({ key: `entity:${i}`, name, result: row.explanation, probability: row.probability });
      }
    });
    // Explained words that belong to no entity (e.g. when no label is ignored): one row each.
    const inEntities = new Set(exp.entities.flatMap((e) => e.words.map((w) => exp.words[w]?.tokens[0])));
    for (const t of exp.targets) {
      const position = t.target.position;
      if (position === undefined || inEntities.has(position)) continue;
      const word = exp.words[exp.tokens[position]?.word ?? -1];
      choices.push({ key: `word:${position}`, name: `\u201c${word?.text ?? exp.tokens[position]?.text ?? position}\u201d ${t.target.label}`, result: t });
    }
    return choices;
  }
  if (view.perLabel) {
    return view.perLabel.rows.map((row) => ({ key: `label:${row.label}`, name: row.label, result: row.explanation, probability: row.probability }));
  }
  return [];
}

/** The view with the chosen row at the top level of its explanation (unchanged when there is no choice). */
export function focusedView(view: ResultView): { view: ResultView; choices: FocusChoice[]; chosen: FocusChoice | null } {
  const choices = focusChoices(view);
  if (!choices.length) return { view, choices, chosen: null };
  const chosen = choices.find((c) => c.key === view.focusRow) ?? choices[0];
  const r = chosen.result;
  const explanation: Explanation = {
    ...view.explanation,
    target: r.target,
    tokens: r.tokens,
    words: r.words,
    completeness: r.completeness,
    ...(r.pair_start !== undefined ? { pair_start: r.pair_start } : {}),
    ...(r.steps !== undefined ? { steps: r.steps } : {}),
    ...(r.stop_reason !== undefined ? { stop_reason: r.stop_reason } : {}),
  };
  const pair: Partial<ResultView> =
    chosen.hypothesis !== undefined ? { textPair: chosen.hypothesis, segmentNames: ['Premise', `Hypothesis for ${chosen.name}`] } : {};
  return { view: { ...view, ...pair, explanation, focusRow: chosen.key }, choices, chosen };
}

/** The buttons that pick the row (page and widget handle clicks on [data-focus-row]). */
export function renderFocusChooser(view: ResultView, choices: readonly FocusChoice[], chosen: FocusChoice): VElement | null {
  if (choices.length < 2) return null;
  const exp = view.explanation;
  const caption = exp.entities ? 'Show the attributions of' : exp.candidates ? 'Show the candidate' : 'Show the label';
  return h(
    'div',
    { class: 'ig-focus', role: 'group', 'aria-label': caption },
    h('span', { class: 'ig-focus-caption' }, caption),
    choices.map((c) =>
      h(
        'button',
        { type: 'button', class: 'ig-focus-choice', 'data-focus-row': c.key, 'aria-pressed': String(c.key === chosen.key), dir: 'auto' },
        c.name,
        c.probability !== undefined ? h('span', { class: 'ig-prob' }, ` ${formatProbability(c.probability)}`) : null,
      ),
    ),
  );
}
