/**
 * The svg format: the trend as a standalone chart. Well-formed XML (parsed with fast-xml-parser),
 * one line per series with a legend entry each, every point's commit as its tooltip, text from
 * commits escaped, and a clear placeholder when the report has no history.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { History, HistoryPoint, Report } from '../../src/types.js';
import { formatSvg } from '../../src/format/svg.js';
import { axisFor, trendSeries } from '../../src/format/history.js';
import { CLEAN, clone, OPTIONS, REPORT } from './fixtures.js';

const EMPTY_KINDS = { log: 0, script: 0, endpoint: 0, env: 0, file: 0, flag: 0, section: 0, waiver: 0 };

function point(n: number, findings: number, kinds: Partial<typeof EMPTY_KINDS>, summary = `change ${n}`): HistoryPoint {
  return {
    commit: `${String(n).padStart(2, '0')}${'a'.repeat(38)}`,
    date: `2026-01-${String(n).padStart(2, '0')}T00:00:00.000Z`,
    summary,
    checked: true,
    findings,
    byKind: { ...EMPTY_KINDS, ...kinds },
    bySeverity: { error: findings, warning: 0, info: 0 },
  };
}

const HISTORY: History = {
  points: [point(1, 3, { log: 2, env: 1 }), point(2, 5, { log: 3, env: 2 }), point(3, 2, { log: 2 })],
  commitsRead: 3,
};

const withHistory = (history: History): Report => ({ ...clone(REPORT), history });
const parse = (svg: string): any => new XMLParser({ ignoreAttributes: false }).parse(svg);

describe('svg format', () => {
  test('is well-formed SVG with a line and a legend entry per series', () => {
    const svg = formatSvg(withHistory(HISTORY), OPTIONS);
    expect(XMLValidator.validate(svg)).toBe(true);
    const doc = parse(svg).svg;
    expect(doc['@_xmlns']).toBe('http://www.w3.org/2000/svg');
    const series = trendSeries(HISTORY.points);
    expect(series.map((s) => s.name)).toEqual(['all findings', 'env', 'log']);
    expect([doc.polyline].flat()).toHaveLength(series.length);
    const texts = [doc.text].flat().map((t: any) => (typeof t === 'object' ? t['#text'] : t));
    for (const s of series) expect(texts).toContain(s.name);
    expect(texts).toContain('2026-01-01');
    expect(texts).toContain('2026-01-03');
  });

  test('each point carries its commit, date, count and subject as a tooltip', () => {
    const doc = parse(formatSvg(withHistory(HISTORY), OPTIONS)).svg;
    const tips = [doc.circle].flat().map((c: any) => c.title);
    expect(tips).toHaveLength(3 * 3);
    expect(tips).toContain('02aaaaa 2026-01-02: 5 all findings (change 2)');
  });

  test('a subject holding <script> and control characters is escaped, and reads back as the subject', () => {
    const subject = '<script>alert(1)</script> & "x" \'y\'\u0007\u0000\u001b[31m\ufffe';
    const svg = formatSvg(withHistory({ points: [point(1, 1, { log: 1 }, subject)], commitsRead: 1 }), OPTIONS);
    expect(svg).not.toContain('<script');
    expect(svg).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/);
    expect(XMLValidator.validate(svg)).toBe(true);
    expect(svg).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;x&quot;');
    // Parsed, the tooltip is the subject less what XML cannot hold: nothing was lost or added.
    const doc = new XMLParser({ ignoreAttributes: false, processEntities: true }).parse(svg).svg;
    const tips = [doc.circle].flat().map((c: any) => c.title);
    expect(tips[0]).toBe(`01aaaaa 2026-01-01: 1 all findings (<script>alert(1)</script> & "x" 'y'[31m)`);
    // No element but the chart's own.
    expect(
      Object.keys(doc)
        .filter((k) => !k.startsWith('@_'))
        .sort(),
    ).toEqual(['circle', 'line', 'polyline', 'rect', 'text']);
  });

  test('a report without history says how to get one', () => {
    const svg = formatSvg(CLEAN, OPTIONS);
    expect(XMLValidator.validate(svg)).toBe(true);
    expect(svg).toContain('run with --history N');
  });

  // The chart's round axis top (a "nice ceiling" of the largest count): axisFor.
  test('axes step by round numbers and show at least five', () => {
    expect(axisFor(0)).toEqual({ top: 5, step: 1 });
    expect(axisFor(1)).toEqual({ top: 5, step: 1 });
    expect(axisFor(23)).toEqual({ top: 25, step: 5 });
    expect(axisFor(100)).toEqual({ top: 100, step: 20 });
    expect(axisFor(1234)).toEqual({ top: 1250, step: 250 });
    expect(axisFor(6)).toEqual({ top: 6, step: 2 });
    expect(axisFor(12)).toEqual({ top: 15, step: 5 });
    for (let max = 0; max <= 5000; max++) {
      const { top, step } = axisFor(max);
      const ok =
        top >= max &&
        top % step === 0 &&
        top / step <= 5 &&
        /^(?:1|2|25|5)0*$/.test(String(step)) &&
        (max < 5 ? top === 5 : top - max < step);
      if (!ok) throw new Error(`axisFor(${max}) = ${JSON.stringify({ top, step })}`);
    }
  });
});
