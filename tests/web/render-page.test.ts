// The page's form rules (web/src/page/settings.ts): which fields a task shows and how the raw
// field values become explain options.
import { describe, expect, it } from 'vitest';
import {
  TARGET_ALL,
  TARGET_PREDICTED,
  entailmentIndex,
  explainSettings,
  parseLabelList,
  parseSteps,
  parseTarget,
  taskLayout,
  taskOptions,
  type RawTaskFields,
} from '../../web/src/page/settings';

describe('task layout', () => {
  it('shows the second text and zero-shot candidates only for NLI models', () => {
    expect(taskLayout('sequence-classification', ['NEGATIVE', 'POSITIVE'])).toMatchObject({ pair: 'hidden', candidates: false, allLabels: false });
    expect(taskLayout('sequence-classification', ['contradiction', 'neutral', 'Entailment'])).toMatchObject({ pair: 'optional', candidates: true });
    expect(entailmentIndex(['contradiction', 'neutral', 'Entailment'])).toBe(2);
    expect(entailmentIndex(['a', 'b'])).toBe(-1);
  });

  it('offers every label for multi-label models, a question for QA and ignored tags for NER', () => {
    expect(taskLayout('multi-label-classification', ['a', 'b', 'c'])).toMatchObject({ allLabels: true, pair: 'hidden' });
    expect(taskLayout('question-answering', [])).toMatchObject({ question: true, textLabel: 'Context (where the answer is found)', target: false });
    expect(taskLayout('token-classification', ['O', 'B-PER'])).toMatchObject({ ignoredLabels: true, target: true, question: false });
  });
});

describe('task fields', () => {
  const empty: RawTaskFields = { pair: '', question: '', candidates: '', template: '', multiLabel: false, ignoredLabels: '' };
  const nli = taskLayout('sequence-classification', ['entailment', 'neutral', 'contradiction']);

  it('asks QA for a question, and sends it with the context as the text', () => {
    const qa = taskLayout('question-answering', []);
    expect(() => taskOptions(qa, empty)).toThrow(/Type a question/);
    expect(taskOptions(qa, { ...empty, question: 'Where?' })).toEqual({ question: 'Where?' });
  });

  it('turns candidate labels into a zero-shot request, else the hypothesis into a pair', () => {
    expect(taskOptions(nli, { ...empty, candidates: ' sports, cooking ', template: ' It is about {}. ', multiLabel: true, pair: 'ignored' })).toEqual({
      candidateLabels: ['sports', 'cooking'],
      hypothesisTemplate: 'It is about {}.',
      multiLabel: true,
    });
    expect(taskOptions(nli, { ...empty, candidates: ' , ', pair: 'A man sleeps.' })).toEqual({ pair: 'A man sleeps.' });
    expect(taskOptions(nli, empty)).toEqual({});
  });

  it('sends NER the tags not to explain, none meaning every word', () => {
    const ner = taskLayout('token-classification', ['O', 'B-PER']);
    expect(taskOptions(ner, { ...empty, ignoredLabels: 'O, B-MISC' })).toEqual({ ignoredLabels: ['O', 'B-MISC'] });
    expect(taskOptions(ner, empty)).toEqual({ ignoredLabels: [] });
  });

  it('gives plain classifiers no task options, whatever the hidden fields hold', () => {
    expect(taskOptions(taskLayout('sequence-classification', ['NEGATIVE', 'POSITIVE']), { ...empty, pair: 'x', candidates: 'a, b' })).toEqual({});
  });
});

describe('form values', () => {
  it('reads steps as auto or a whole number in range', () => {
    expect(parseSteps('')).toBe('auto');
    expect(parseSteps(' Auto ')).toBe('auto');
    expect(parseSteps('64')).toBe(64);
    for (const bad of ['0', '-3', '2.5', '5000', 'many']) expect(() => parseSteps(bad)).toThrow(/whole number from 1 to 2048/);
  });

  it('reads label lists: trimmed, no empties, no duplicates', () => {
    expect(parseLabelList(' sports, politics ,, sports,cooking ')).toEqual(['sports', 'politics', 'cooking']);
    expect(parseLabelList(' , ')).toEqual([]);
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
