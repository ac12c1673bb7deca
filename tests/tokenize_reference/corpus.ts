// The text corpus of the tokenizer reference tests: real sentences from ../shared/data (SST-2
// validation, a deterministic sample of GoEmotions dev and e-SNLI dev) plus hard Unicode cases.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface Corpus {
  singles: string[];
  pairs: [string, string][];
}

const lines = (path: string) => readFileSync(path, 'utf8').split('\n');
const everyNth = <T>(items: T[], n: number) => items.filter((_, i) => i % n === 0);

export function buildCorpus(sharedDir: string, hardCasesPath: string): Corpus {
  const data = join(sharedDir, 'data');
  const sst2 = lines(join(data, 'sst2/glue_sst2_validation_872.tsv'))
    .slice(1)
    .filter((l) => l.length > 0)
    .map((l) => l.split('\t')[0]);
  const goemotions = everyNth(
    lines(join(data, 'goemotions/dev.tsv')).filter((l) => l.length > 0).map((l) => l.split('\t')[0]),
    5,
  );
  const premises = lines(join(data, 'esnli/s1.dev'));
  const hypotheses = lines(join(data, 'esnli/s2.dev'));
  const explanations = everyNth(lines(join(data, 'esnli/preproc1_expl_1.dev')).filter((l) => l.length > 0), 20);
  const pairs: [string, string][] = [];
  for (let i = 0; i < Math.min(premises.length, hypotheses.length); i += 20) {
    if (premises[i] && hypotheses[i]) pairs.push([premises[i], hypotheses[i]]);
  }
  const hard: string[] = JSON.parse(readFileSync(hardCasesPath, 'utf8'));
  // Hard cases also as pairs, against each other and against a plain sentence.
  for (let i = 0; i + 1 < hard.length; i += 2) pairs.push([hard[i], hard[i + 1]]);
  for (const h of hard) pairs.push([sst2[0], h]);
  return { singles: [...sst2, ...goemotions, ...explanations, ...hard], pairs };
}
