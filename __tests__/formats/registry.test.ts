import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatReport, FORMATS } from '../../src/index.js';
import { FORMATTERS } from '../../src/format/index.js';
import { A, CLEAN, clone, HOSTILE, LINK_BASE, OPTIONS, REPORT } from './fixtures.js';

const here = path.dirname(fileURLToPath(import.meta.url));

describe('format registry', () => {
  it('lists every format, each with a formatter', () => {
    expect([...FORMATS]).toEqual([
      'text',
      'json',
      'markdown',
      'checklist',
      'sarif',
      'github',
      'junit',
      'gitlab',
      'svg',
    ]);
    for (const name of FORMATS) expect(typeof FORMATTERS[name]).toBe('function');
  });

  it('formatReport defaults toolVersion to 0.0.0 and passes linkBase through', () => {
    const sarif = JSON.parse(formatReport(REPORT, 'sarif', { color: false }));
    expect(sarif.runs[0].tool.driver.version).toBe('0.0.0');
    expect(formatReport(REPORT, 'markdown', { color: false, linkBase: LINK_BASE })).toContain(`(${LINK_BASE}${A}#L3)`);
    expect(formatReport(REPORT, 'sarif', { color: false, toolVersion: '9.9.9' })).toContain('"version": "9.9.9"');
  });

  it('every formatter is pure: same output twice, report untouched', () => {
    for (const report of [REPORT, CLEAN, HOSTILE]) {
      const before = clone(report);
      for (const name of FORMATS) {
        const once = formatReport(report, name, OPTIONS);
        expect(formatReport(report, name, OPTIONS)).toBe(once);
        if (!(name === 'github' && report === CLEAN)) expect(once.endsWith('\n')).toBe(true);
      }
      expect(report).toEqual(before);
    }
  });

  it('the fixture has what the formats must show', () => {
    expect(new Set(REPORT.findings.map((f) => f.kind))).toEqual(new Set(['log', 'script', 'endpoint', 'env']));
    expect(REPORT.findings.some((f) => f.suggestion)).toBe(true);
    expect(REPORT.findings.some((f) => f.runbookSection)).toBe(true);
    expect(REPORT.findings.some((f) => f.otherMentions.length > 0)).toBe(true);
    expect(REPORT.diagnostics.map((d) => d.code)).toEqual(['frontmatter-language']);
    expect(CLEAN.findings).toEqual([]);
    expect(CLEAN.diagnostics).toEqual([]);
  });

  it('every format has its own test file', () => {
    const missing = FORMATS.filter((name) => !existsSync(path.join(here, `${name}.test.ts`)));
    expect(missing).toEqual([]);
  });
});
