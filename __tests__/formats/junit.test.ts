import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { formatJunit } from '../../src/format/junit.js';
import { A, B, CLEAN, EVIL_FILE, HOSTILE, OPTIONS, REPORT } from './fixtures.js';

const XML_CHAR = /^[\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]*$/u;

function parseJunit(xml: string): any {
  expect(XMLValidator.validate(xml)).toBe(true);
  // What fast-xml-parser does not check: every character legal in XML 1.0, every `&` a
  // reference, no markup characters inside attribute values.
  expect(xml).toMatch(XML_CHAR);
  expect(xml).not.toMatch(/&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/);
  for (const m of xml.matchAll(/\s[\w:-]+="([^"]*)"/g)) expect(m[1]).not.toMatch(/[<>]/);
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '',
    htmlEntities: true,
    parseAttributeValue: false,
    trimValues: false,
    isArray: (name) => ['testsuite', 'testcase'].includes(name),
  });
  return parser.parse(xml);
}

function checkCounts(doc: any): { tests: number; failures: number; errors: number; skipped: number } {
  const total = { tests: 0, failures: 0, errors: 0, skipped: 0 };
  for (const suite of doc.testsuites.testsuite) {
    const cases: any[] = suite.testcase;
    const n = {
      tests: cases.length,
      failures: cases.filter((c) => c.failure !== undefined).length,
      errors: cases.filter((c) => c.error !== undefined).length,
      skipped: cases.filter((c) => c.skipped !== undefined).length,
    };
    expect([suite.tests, suite.failures, suite.errors, suite.skipped].map(Number)).toEqual([
      n.tests,
      n.failures,
      n.errors,
      n.skipped,
    ]);
    for (const k of Object.keys(total) as Array<keyof typeof total>) total[k] += n[k];
  }
  const t = doc.testsuites;
  expect([t.tests, t.failures, t.errors, t.skipped].map(Number)).toEqual([
    total.tests,
    total.failures,
    total.errors,
    total.skipped,
  ]);
  return total;
}

describe('junit', () => {
  it('one suite per spec with findings, one case per finding, correct counts', () => {
    const doc = parseJunit(formatJunit(REPORT, OPTIONS));
    const suites: any[] = doc.testsuites.testsuite;
    expect(suites.map((s) => s.name)).toEqual([A, B, 'sync-check']);
    // 3 error findings fail; the warning and the info are shown as skipped; the diagnostic errs.
    expect(checkCounts(doc)).toEqual({ tests: 7, failures: 3, errors: 1, skipped: 2 });
    const first = suites[0].testcase[0];
    expect(first.classname).toBe(A);
    expect(first.name).toBe('undocumented-log: api/logs/metrics.jsonl');
    expect(first.failure.type).toBe('undocumented-log');
    expect(first.failure.message).toBe(REPORT.findings[0]!.message);
    expect(first.failure['#text']).toContain(`${A}:3:20`);
    expect(first.failure['#text']).toContain('also mentioned at 6:25');
    const diag = suites[2].testcase.find((c: any) => c.error);
    expect(diag.error.type).toBe('frontmatter-language');
    expect(diag.classname).toBe('specs/c-broken.md');
  });

  it('a clean run still has one passing test case', () => {
    const doc = parseJunit(formatJunit(CLEAN, OPTIONS));
    expect(checkCounts(doc)).toEqual({ tests: 1, failures: 0, errors: 0, skipped: 0 });
    expect(doc.testsuites.testsuite[0].testcase[0].name).toContain('1 spec checked against docs/RUNBOOK.md');
  });

  it('escapes markup and strips characters XML 1.0 forbids', () => {
    const xml = formatJunit(HOSTILE, OPTIONS);
    const doc = parseJunit(xml);
    expect(checkCounts(doc)).toEqual({ tests: 8, failures: 3, errors: 1, skipped: 3 });
    const evil = doc.testsuites.testsuite.flatMap((s: any) => s.testcase).find((c: any) => c.classname === EVIL_FILE);
    expect(evil.name).toBe('undocumented-log: api/logs/a|b`c``d<script>alert(1)</script>&amp; 100%,x:y\nnext.log');
    expect(evil.failure.message).toBe(
      'log path `a|b` is 100% <script>alert(1)</script> & done,\r\n::error::injected: x  end',
    );
    expect(evil.failure['#text']).toContain('<script>alert(1)</script> & done,\r\n::error::injected');
    expect(xml).not.toContain('<script');
  });
});
