// The page's form rules (web/src/page/settings.ts): which fields a task shows and how the raw
// field values become explain options.
import { describe, expect, it } from 'vitest';
import {
  TARGET_ALL,
  TARGET_PREDICTED,
  entailmentIndex,
  explainSettings,
  hypothesisFor,
  parseCandidates,
  parseSteps,
  parseTarget,
  taskLayout,
} from '../../web/src/page/settings';

describe('task layout', () => {
  it('shows the second text and zero-shot candidates only for NLI models', () => {
    expect(taskLayout('sequence-classification', ['NEGATIVE', 'POSITIVE'])).toMatchObject({ pair: 'hidden', candidates: false, allLabels: false });
    expect(taskLayout('sequence-classification', ['contradiction', 'neutral', 'Entailment'])).toMatchObject({ pair: 'optional', candidates: true });
    expect(entailmentIndex(['contradiction', 'neutral', 'Entailment'])).toBe(2);
    expect(entailmentIndex(['a', 'b'])).toBe(-1);
  });

  it('offers every label for multi-label models and requires a context for QA', () => {
    expect(taskLayout('multi-label-classification', ['a', 'b', 'c'])).toMatchObject({ allLabels: true, pair: 'hidden' });
    expect(taskLayout('question-answering', [])).toMatchObject({ textLabel: 'Question', pair: 'required' });
  });
});

describe('form values', () => {
  it('reads steps as auto or a whole number in range', () => {
    expect(parseSteps('')).toBe('auto');
    expect(parseSteps(' Auto ')).toBe('auto');
    expect(parseSteps('64')).toBe(64);
    for (const bad of ['0', '-3', '2.5', '5000', 'many']) expect(() => parseSteps(bad)).toThrow(/whole number from 1 to 2048/);
  });

  it('reads candidate labels: trimmed, no empties, no duplicates', () => {
    expect(parseCandidates(' sports, politics ,, sports,cooking ')).toEqual(['sports', 'politics', 'cooking']);
    expect(parseCandidates(' , ')).toEqual([]);
  });

  it('builds hypotheses from the template', () => {
    expect(hypothesisFor('This text is about {}.', 'sports')).toBe('This text is about sports.');
    expect(hypothesisFor('', 'x')).toBe('This example is x.');
    expect(() => hypothesisFor('no slot', 'x')).toThrow(/\{\}/);
  });

  it('turns the settings into API options, with a text baseline as { text }', () => {
    const raw = { target: '', method: 'ig', baseline: 'pad', baselineText: '', steps: 'auto', objective: 'logit' };
    expect(explainSettings(raw)).toEqual({ method: 'ig', baseline: 'pad', steps: 'auto', objective: 'logit' });
    expect(explainSettings({ ...raw, baseline: 'text', baselineText: 'a film' }).baseline).toEqual({ text: 'a film' });
    expect(() => explainSettings({ ...raw, baseline: 'text' })).toThrow(/baseline text/);
    expect(() => explainSettings({ ...raw, method: 'lime' })).toThrow(/Unknown method/);
  });

  it('maps the target field to a label index, or nothing for the predicted class', () => {
    expect(parseTarget(TARGET_PREDICTED, ['a', 'b'])).toBeUndefined();
    expect(parseTarget(TARGET_ALL, ['a', 'b'])).toBeUndefined();
    expect(parseTarget('1', ['a', 'b'])).toBe(1);
    expect(() => parseTarget('2', ['a', 'b'])).toThrow(/Unknown target/);
  });
});
