/**
 * Reports that go where size is limited (a job summary, a PR comment) and text that came from
 * documents or a workspace cache: what is kept when a report is cut, that every part of it is
 * bounded, and that nothing in it links or renders as the document wants.
 */
import { spawnSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { checkDocuments } from '../src/core/check-documents.js';
import { formatChecklist } from '../src/format/checklist.js';
import { formatMarkdown } from '../src/format/markdown.js';
import type { Diagnostic, Finding, Report, Severity } from '../src/types.js';
import { STACK_FRAME, repo, run, runJson } from './support/harness.js';

const OPTIONS = { color: false, toolVersion: '1.0.0' };
const BASE = checkDocuments([{ path: 'specs/a.md', text: '# A\n\nSee docs/RUNBOOK.md.\n\n- Writes `logs/a.log`.\n' }], {
  path: 'docs/RUNBOOK.md',
  text: '# Runbook\n',
});
const TEMPLATE = BASE.findings[0]!;

function reportWith(findings: Finding[], diagnostics: Diagnostic[] = []): Report {
  return {
    ...BASE,
    findings,
    diagnostics,
    summary: { ...BASE.summary, findings: findings.length, diagnostics: diagnostics.length },
  };
}
const finding = (i: number, severity: Severity, file = 'specs/a.md'): Finding => ({
  ...TEMPLATE,
  item: `logs/${severity}-${'x'.repeat(80)}-${i}.log`,
  severity,
  file,
  line: i + 1,
  fingerprint: `${severity}${i}`,
});
const diagnostic = (i: number, severity: 'error' | 'warning'): Diagnostic => ({
  file: `specs/d${i}.md`,
  line: 1,
  column: 1,
  severity,
  code: 'frontmatter-yaml',
  message: `bad YAML ${i}`,
});

describe('a report cut to fit keeps the most severe findings', () => {
  // Info first in report order, errors last: a cut in report order would keep only info.
  const findings = [
    ...Array.from({ length: 6000 }, (_, i) => finding(i, 'info')),
    ...Array.from({ length: 40 }, (_, i) => finding(6000 + i, 'error')),
  ];

  test.each([
    ['markdown', formatMarkdown, 1_000_000],
    ['checklist', formatChecklist, 65_536],
  ] as const)('%s: every error is shown, and the note counts what was left out by severity', (_name, format, limit) => {
    const out = format(reportWith(findings), OPTIONS);
    expect(Buffer.byteLength(out)).toBeLessThanOrEqual(limit);
    for (let i = 0; i < 40; i++) expect(out).toContain(`error-${'x'.repeat(80)}-${6000 + i}.log`);
    const note = /…and ([\d,]+) more findings \(([\d,]+) info\)/.exec(out);
    expect(note).not.toBeNull();
    const shownInfo = (out.match(/logs\/info-/g) ?? []).length;
    expect(shownInfo + Number(note![2]!.replace(/,/g, ''))).toBe(6000);
    expect(out).toContain('sync-check --format json');
  });

  test('the note links to the full report when one is named, and the link cannot be broken out of', () => {
    const out = formatChecklist(reportWith(findings), { ...OPTIONS, fullReportUrl: 'https://ci.example/runs/1 (x)' });
    expect(out).toContain('[the workflow run](https://ci.example/runs/1%20%28x%29)’s artifacts');
  });

  test('a report that fits is not cut and carries no note', () => {
    const out = formatMarkdown(reportWith(findings.slice(-5)), OPTIONS);
    expect(out).not.toContain('not shown');
  });
});

describe('every part of a report is bounded', () => {
  test('the by-spec table shows at most 200 specs and counts the rest', () => {
    const many = Array.from({ length: 500 }, (_, i) => finding(i, 'error', `specs/s${i}.md`));
    const out = formatMarkdown(reportWith(many), OPTIONS);
    const rows = out.split('\n').filter((l) => /^\| \[specs\/s\d+\.md\]/.test(l));
    expect(rows).toHaveLength(200);
    expect(out).toContain('…and 300 more specs with findings.');
  });

  test('input problems: errors first, at most 100 in the summary and 20 in a comment, the rest counted', () => {
    const diagnostics = [
      ...Array.from({ length: 250 }, (_, i) => diagnostic(i, 'warning')),
      ...Array.from({ length: 5 }, (_, i) => diagnostic(900 + i, 'error')),
    ];
    const md = formatMarkdown(reportWith([], diagnostics), OPTIONS);
    const mdLines = md.split('\n').filter((l) => l.includes('`frontmatter-yaml`'));
    expect(mdLines).toHaveLength(100);
    expect(mdLines.slice(0, 5).every((l) => l.includes('**error**'))).toBe(true);
    expect(md).toContain('…and 155 more input problems');
    const cl = formatChecklist(reportWith([], diagnostics), OPTIONS);
    expect(cl.split('\n').filter((l) => l.includes('`frontmatter-yaml`'))).toHaveLength(20);
    expect(cl).toContain('…and 235 more input problems');
  });

  test('the verdict names at most 10 runbooks', () => {
    const runbooks = Array.from({ length: 30 }, (_, i) => `docs/ops/r${i}.md`);
    const out = formatMarkdown({ ...reportWith([finding(0, 'error')]), runbooks }, OPTIONS);
    expect(out).toContain('docs/ops/r9.md');
    expect(out).not.toContain('docs/ops/r10.md](');
    expect(out).toContain('and 20 more');
  });

  test('a diagnostic quoting a huge part of a document is cut to 1,000 characters', () => {
    const opener = `---${'a '.repeat(50_000)}\n---\n# T\n`;
    const r = checkDocuments([{ path: 'specs/a.md', text: opener }], { path: 'docs/RUNBOOK.md', text: '# R\n' });
    expect(r.diagnostics).toHaveLength(1);
    expect(r.diagnostics[0]!.message.length).toBeLessThanOrEqual(1000);
    expect(r.diagnostics[0]!.code).toBe('frontmatter-language');
  });
});

describe("text that is not sync-check's own", () => {
  test('bare URLs, www addresses and issue references in names are not linked', () => {
    const f = {
      ...TEMPLATE,
      item: 'logs/x.log',
      file: 'specs/see https:/evil.example www.evil.example #12 GH-3 !4.md',
    };
    for (const out of [formatMarkdown(reportWith([f]), OPTIONS), formatChecklist(reportWith([f]), OPTIONS)]) {
      const text = out.replace(/\]\([^)\s]*\)/g, ']');
      expect(text).not.toMatch(/www\.|(?<!&)#\d|GH-\d|!\d/);
      expect(text).toContain('www&#8203;.evil.example #&#8203;12 GH-&#8203;3');
    }
  });

  test('a cached finding whose fields are not what sync-check writes is not trusted: the spec is checked again', async () => {
    const dir = await repo({
      'docs/RUNBOOK.md': '# Runbook\n',
      'specs/a.md': '# A\n\nSee docs/RUNBOOK.md.\n\n- Writes `logs/a.log`.\n',
    });
    const first = await runJson(['--cache'], dir);
    expect(first.report.findings).toHaveLength(1);
    const cacheFile = path.join(dir, '.sync-check-cache');
    const cache = await fs.readFile(cacheFile, 'utf8');
    expect(cache).toContain('"severity":"error"');
    await fs.writeFile(cacheFile, cache.replace('"severity":"error"', '"severity":"<img src=x onerror=alert(1)>"'));
    const again = await run(['--format', 'markdown', '--cache'], dir);
    expect(again.code).toBe(1);
    expect(again.stdout).not.toContain('<img');
    expect(again.stdout).toContain('**error**');
  });
});

describe('the command line', () => {
  test('--full-report-url takes only an http(s) URL', async () => {
    const dir = await repo({ 'docs/RUNBOOK.md': '# Runbook\n', 'specs/a.md': '# A\n' });
    const r = await run(['--full-report-url', 'javascript:alert(1)'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--full-report-url: "javascript:alert(1)" is not an http(s) URL');
  });

  test('a reader that stops early (| head) ends the output quietly, no stack trace', async () => {
    const spec = Array.from({ length: 3000 }, (_, i) => `- Writes \`logs/f${i}.log\`.`).join('\n');
    const dir = await repo({
      'docs/RUNBOOK.md': '# Runbook\n',
      'specs/a.md': `# A\n\nSee docs/RUNBOOK.md.\n\n${spec}\n`,
    });
    const bin = path.resolve('dist/cli/bin.js');
    const r = spawnSync(
      'bash',
      ['-c', `node "${bin}" --format json | head -c 10 >/dev/null; echo "exit \${PIPESTATUS[0]}"`],
      { cwd: dir, encoding: 'utf8' },
    );
    expect(r.stderr).not.toMatch(STACK_FRAME);
    expect(r.stderr).not.toContain('EPIPE');
    expect(r.stdout.trim()).toBe('exit 1');
  });
});
