import type { Report } from '../types.js';
import { messagesOf, partition, type Message } from './message.js';
import { groupByFile, plural, position, runbookLabel, type FormatOptions } from './shared.js';

// Characters XML 1.0 does not allow at all: controls other than tab, LF and CR, lone surrogates,
// U+FFFE and U+FFFF. With the `u` flag a lone surrogate is one code point outside every range.
const ILLEGAL_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

const XML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
  '\t': '&#9;',
  '\n': '&#10;',
  '\r': '&#13;',
};

/** Element content: the five markup characters escaped, CR as a reference (it would become LF). */
export function xmlText(text: string): string {
  return text.replace(ILLEGAL_XML, '').replace(/[&<>"'\r]/g, (c) => XML_ESCAPES[c]!);
}

/** An attribute value: as text, and tab and LF too, which a parser would turn into spaces. */
export function xmlAttr(text: string): string {
  return text.replace(ILLEGAL_XML, '').replace(/[&<>"'\t\n\r]/g, (c) => XML_ESCAPES[c]!);
}

function attrs(values: ReadonlyArray<[string, string | number | undefined]>): string {
  return values
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => ` ${k}="${xmlAttr(String(v))}"`)
    .join('');
}

interface Case {
  xml: string;
  failure: boolean;
  error: boolean;
  skipped: boolean;
}

/**
 * JUnit XML, as CI systems (GitLab, Jenkins, Azure, GitHub test-report actions) read it: one
 * suite per spec with findings and one test case per finding, failed when its severity is
 * `error` and skipped (shown, not failing) otherwise; then a `sync-check` suite with a passing
 * summary case, so a clean run still has a test, and one case per input problem (an `<error>`
 * when the problem is an error).
 */
export function formatJunit(report: Report, _options: FormatOptions): string {
  const suites: string[] = [];
  const totals = { tests: 0, failures: 0, errors: 0, skipped: 0 };
  const suite = (name: string, cases: Case[]): void => {
    const n = {
      tests: cases.length,
      failures: cases.filter((c) => c.failure).length,
      errors: cases.filter((c) => c.error).length,
      skipped: cases.filter((c) => c.skipped).length,
    };
    totals.tests += n.tests;
    totals.failures += n.failures;
    totals.errors += n.errors;
    totals.skipped += n.skipped;
    suites.push(
      `  <testsuite${attrs([
        ['name', name],
        ['tests', n.tests],
        ['failures', n.failures],
        ['errors', n.errors],
        ['skipped', n.skipped],
      ])}>`,
      ...cases.map((c) => c.xml),
      '  </testsuite>',
    );
  };

  const { drift, problems } = partition(messagesOf(report));
  for (const [file, messages] of groupByFile(drift)) suite(file, messages.map(messageCase));

  const s = report.summary;
  const summaryName = `${plural(s.specsChecked, 'spec')} checked against ${runbookLabel(report)} (${s.specsBound} bound)`;
  const summary: Case = {
    xml: `    <testcase${attrs([
      ['classname', 'sync-check'],
      ['name', summaryName],
    ])}/>`,
    failure: false,
    error: false,
    skipped: false,
  };
  suite('sync-check', [summary, ...problems.map(messageCase)]);

  const head = `<testsuites${attrs([
    ['name', 'sync-check'],
    ['tests', totals.tests],
    ['failures', totals.failures],
    ['errors', totals.errors],
    ['skipped', totals.skipped],
  ])}>`;
  return ['<?xml version="1.0" encoding="UTF-8"?>', head, ...suites, '</testsuites>', ''].join('\n');
}

function messageCase(m: Message): Case {
  const where = `${m.file}${position(m.line, m.column)}`;
  const f = m.finding;
  const details = f ? [`${where} ${m.severity} ${m.ruleId}`, m.message] : [`${where} ${m.ruleId}`, m.message];
  if (f && f.otherMentions.length > 0)
    details.push(`also mentioned at ${f.otherMentions.map((o) => `${o.line}:${o.column}`).join(', ')}`);
  const open = `    <testcase${attrs([
    ['classname', m.file],
    ['name', `${m.ruleId}: ${f ? f.item : where}`],
    ['file', m.file],
    ['line', m.line],
  ])}>`;
  // Drift that is an error fails its case; an input problem that is an error is the run's error.
  const failed = m.severity === 'error';
  const element = m.fatal ? 'error' : 'failure';
  const body = failed
    ? `      <${element}${attrs([
        ['message', m.message],
        ['type', m.ruleId],
      ])}>${xmlText(details.join('\n'))}</${element}>`
    : `      <skipped${attrs([['message', `${m.severity}: ${m.message}`]])}/>`;
  return {
    xml: `${open}\n${body}\n    </testcase>`,
    failure: failed && !m.fatal,
    error: failed && m.fatal,
    skipped: !failed,
  };
}
