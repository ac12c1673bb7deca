// Exports (web/src/render/export.ts): HTML escaping, RFC 4180 CSV quoting, the JSON round trip
// and the standalone HTML snapshot, which must show any pasted markup literally.
import { describe, expect, it } from 'vitest';
import {
  csvField,
  escapeHtml,
  exportJson,
  parseExportJson,
  snapshotHtml,
  styleElementText,
  tokensCsv,
  wordsCsv,
} from '../../web/src/render';
import { buildExplanation, cliExplanation, simpleExplanation } from './render-fixtures';

/** A strict RFC 4180 reader, so the tests check what a spreadsheet would really read back. */
function parseCsv(data: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let i = 0;
  let quoted = false;
  while (i < data.length) {
    const c = data[i];
    if (quoted) {
      if (c === '"' && data[i + 1] === '"') {
        field += '"';
        i += 2;
        continue;
      }
      if (c === '"') quoted = false;
      else field += c;
      i++;
      continue;
    }
    if (c === '"' && field === '') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && data[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else if (c === '"' || c === '\n' || c === '\r') throw new Error(`bare ${JSON.stringify(c)} at ${i}`);
    else field += c;
    i++;
  }
  if (quoted) throw new Error('unterminated quote');
  if (field !== '' || row.length) throw new Error('last record not terminated by CRLF');
  return rows;
}

const XSS = '<img src=x onerror=alert(1)>';

describe('escapeHtml', () => {
  it('escapes the five HTML-significant characters and nothing else', () => {
    expect(escapeHtml(`<a href="x" title='y'>&amp;</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;');
    expect(escapeHtml('東京 👍 e\u0301')).toBe('東京 👍 e\u0301');
    expect(escapeHtml(XSS)).toBe('&lt;img src=x onerror=alert(1)&gt;');
  });
});

describe('CSV', () => {
  it('quotes fields with commas, quotes, newlines and edge spaces; leaves plain ones bare', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('cr\rhere')).toBe('"cr\rhere"');
    expect(csvField(' lead')).toBe('" lead"');
    expect(csvField(-0.25)).toBe('-0.25');
    expect(csvField(null)).toBe('');
  });

  it('defuses spreadsheet formulas in text columns but not in numbers', () => {
    expect(csvField('=HYPERLINK("http://x")', true)).toBe(`"'=HYPERLINK(""http://x"")"`);
    expect(csvField('+1', true)).toBe("'+1");
    expect(csvField('@SUM(A1)', true)).toBe("'@SUM(A1)");
    expect(csvField(-3, true)).toBe("'-3");
    expect(csvField(-3)).toBe('-3');
  });

  it('writes one token row per token that reads back to the same pieces, spans and scores', () => {
    const text = 'Hello, "world"\nand, more';
    const exp = buildExplanation(text, [
      { piece: 'Hello,', covers: 'Hello,', score: 0.125, word: 0 },
      { piece: '"world"', covers: '"world"', score: -0.5, word: 1 },
      { piece: 'and,', covers: 'and,', score: 1e-9, word: 2 },
      { piece: 'more', covers: 'more', score: 0, word: 3 },
    ]);
    const rows = parseCsv(tokensCsv(exp));
    expect(rows[0]).toEqual(['index', 'token', 'special', 'segment', 'start', 'end', 'text', 'word', 'score']);
    expect(rows).toHaveLength(exp.tokens.length + 1);
    exp.tokens.forEach((t, i) => {
      const r = rows[i + 1];
      expect(r[1]).toBe(t.text);
      expect(r[2]).toBe(String(t.special));
      expect(Number(r[4])).toBe(t.start);
      expect(Number(r[5])).toBe(t.end);
      expect(r[6]).toBe(t.special ? '' : text.slice(t.start, t.end));
      expect(Number(r[8])).toBe(t.score);
    });
  });

  it('leaves the word column empty for tokens outside words (the core writes word -1)', () => {
    const exp = simpleExplanation('ok', [0.5]);
    for (const t of exp.tokens) if (t.special) t.word = -1;
    const rows = parseCsv(tokensCsv(exp));
    expect(rows.map((r) => r[7])).toEqual(['word', '', '0', '']);
  });

  it('writes word rows with the original characters and the token count', () => {
    const text = 'a,b "c"  d';
    const exp = buildExplanation(text, [
      { piece: 'a', covers: 'a', score: 0.1, word: 0 },
      { piece: ',', covers: ',', score: 0.2, word: 0 },
      { piece: 'b', covers: 'b', score: 0.3, word: 0 },
      { piece: '"c"', covers: '"c"', score: -0.4, word: 1 },
      { piece: 'd', covers: 'd', score: 0.5, word: 2 },
    ]);
    const rows = parseCsv(wordsCsv(exp));
    expect(rows.slice(1).map((r) => [r[1], r[4], Number(r[5])])).toEqual([
      ['a,b', '3', exp.words[0].score],
      ['"c"', '1', -0.4],
      ['d', '1', 0.5],
    ]);
  });
});

describe('JSON export', () => {
  it('round-trips the explanation and its text exactly, null relative error included', () => {
    const text = 'naïve 東京 👍🏽\n"quoted"';
    const exp = buildExplanation(text, [
      { piece: 'naïve', covers: 'naïve', score: 0.3, word: 0 },
      { piece: '東京', covers: '東京', score: -0.1, word: 1 },
      { piece: '👍🏽', covers: '👍🏽', score: 0.7, word: 2 },
      { piece: '"quoted"', covers: '"quoted"', score: 1 / 3, word: 3 },
    ]);
    // F(input) == F(baseline): the core writes the undefined relative error as null.
    exp.completeness = { ...exp.completeness!, rel_error: null, max_path_rel_error: null };
    const json = exportJson({ text, explanation: exp }, 'sst2');
    const back = parseExportJson(json);
    expect(back.text).toBe(text);
    expect(back.model).toBe('sst2');
    expect(back.explanation).toEqual(exp);
    expect(back.explanation.completeness?.rel_error).toBeNull();
  });

  it('round-trips a real CLI result (null completeness included)', () => {
    for (const exp of [cliExplanation('ig'), cliExplanation('gxi')]) {
      const back = parseExportJson(exportJson({ text: exp.text, explanation: exp }, 'tiny'));
      expect(back.explanation).toEqual(exp);
      expect(back.text).toBe(exp.text);
    }
  });

  it('rejects JSON that is not an IG Lens export', () => {
    expect(() => parseExportJson('{"text":"x"}')).toThrow(/not an IG Lens export/);
  });
});

describe('HTML snapshot', () => {
  const text = `${XSS} </script><script>alert(2)</script> & "q" great`;
  const exp = simpleExplanation(text, [0.1, 0.2, -0.3, 0.4, 0.5, 0.6, 0.7]);
  exp.labels = ['NEG', '</title><script>alert(3)</script>'];
  exp.prediction.label = exp.labels[1];
  exp.target = { label: exp.labels[1], index: 1 };
  const html = snapshotHtml(
    { text, explanation: exp, granularity: 'word' },
    { model: 'm"><script>alert(4)</script>', createdAt: '2026-01-01T00:00:00Z', css: '.ig-text{color:red}</style><script>alert(5)</script>' },
  );

  it('contains no markup from user data: no script, no img, no event handler', () => {
    expect(html).not.toMatch(/<script|<img|<\/script>(?!&)/i);
    expect(html).not.toMatch(/\son[a-z]+=/i);
    expect(html).toContain('>&lt;img</mark>');
    expect(html).toContain('>onerror=alert(1)&gt;</mark>');
    expect(html).toContain('&lt;/title&gt;&lt;script&gt;alert(3)&lt;/script&gt;');
    expect(html).toContain('m&quot;&gt;&lt;script&gt;alert(4)&lt;/script&gt;');
  });

  it('is self-contained: inline styles, a CSP that forbids scripts, and no external resource', () => {
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'; img-src data:"`);
    expect(html).toMatch(/<style>[^]*\.ig-text\{color:red\}/);
    expect(html).not.toMatch(/<link|src=["']?http|href=["']?http/i);
    // the stylesheet cannot close its own element
    expect(html.match(/<\/style>/gi)).toHaveLength(1);
    expect(styleElementText('a</STYLE>b')).toBe('a\\3c /STYLE>b');
  });

  it('makes every highlighted word keyboard-focusable (no script in the file to move focus)', () => {
    const tabStops = html.match(/<mark [^>]*tabindex="0"/g) ?? [];
    expect(tabStops).toHaveLength(exp.words.length);
  });
});
