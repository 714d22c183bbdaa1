/**
 * Output formats: markdown, checklist, sarif, github, junit, gitlab (and the registry).
 *
 * Three reports: REPORT from real documents (a finding of every kind, a "did you mean"
 * suggestion, a runbook section, later mentions, a diagnostic, one finding edited to warning
 * and one to info), CLEAN (no findings, no diagnostics) and HOSTILE (REPORT with items, files,
 * headings and messages edited to hold Markdown, HTML, XML and workflow-command syntax, line
 * breaks, control characters and a lone surrogate). Markdown is checked by rendering it with
 * marked (GFM), JUnit by parsing it with fast-xml-parser plus a strict XML 1.0 character check.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { marked, type Token, type Tokens } from 'marked';
import { checkDocuments, formatReport, FORMATS, RULES, type Finding, type Report } from '../src/index.js';
import { FORMATTERS, type FormatOptions } from '../src/format/index.js';
import { formatChecklist, CHECKLIST_MARKER } from '../src/format/checklist.js';
import { formatGithub } from '../src/format/github.js';
import { formatGitlab, type CodeQualityIssue } from '../src/format/gitlab.js';
import { formatJunit } from '../src/format/junit.js';
import { formatMarkdown } from '../src/format/markdown.js';
import { formatSarif } from '../src/format/sarif.js';

const RUNBOOK = {
  path: 'docs/RUNBOOK.md',
  text: [
    '# Runbook',
    '',
    '## Log Locations',
    '',
    '- `api/logs/app.log`: the API',
    '- `api/logs/alerts.jsonl`: alert events',
    '',
    '## Scripts',
    '',
    '- `scripts/deploy.sh`: deploy',
    '',
    '## Endpoints',
    '',
    '- `GET /api/health`: liveness',
    '- `GET /api/status`: status',
    '',
    '## Environment',
    '',
    'Set `LOG_LEVEL` to change verbosity.',
    '',
  ].join('\n'),
};

const SPECS = [
  {
    path: 'specs/a-logging.md',
    text: [
      '# Spec A',
      '',
      'The worker writes `api/logs/metrics.jsonl` every minute.',
      'Alerts go to `api/logs/alert.jsonl`.',
      '',
      'Later the metrics file `api/logs/metrics.jsonl` is rotated.',
      '',
    ].join('\n'),
  },
  {
    path: 'specs/b-queue.md',
    text: [
      '# Spec B',
      '',
      'Everything here must be in docs/RUNBOOK.md.',
      '',
      '- Run `scripts/backfill.sh` nightly.',
      '- `POST /api/jobs/{id}/retry` retries a job.',
      '- Set `QUEUE_TTL_HOURS` to bound retention.',
      '',
    ].join('\n'),
  },
  { path: 'specs/c-broken.md', text: '---js\nmodule.exports = {}\n---\n# C\n' },
];

const A = 'specs/a-logging.md';
const B = 'specs/b-queue.md';
const OPTIONS: FormatOptions = { color: false, toolVersion: '1.2.3' };
const LINK_BASE = 'https://github.com/o/r/blob/0123abc/';

const clone = <T>(value: T): T => structuredClone(value);

function byItem(report: Report, item: string): Finding {
  const f = report.findings.find((x) => x.item === item);
  if (!f) throw new Error(`no finding for ${item}: ${report.findings.map((x) => x.item).join(', ')}`);
  return f;
}

// --- the reports ------------------------------------------------------------------------------

const REPORT: Report = (() => {
  const r = checkDocuments(SPECS, RUNBOOK);
  // A warning and an info, as config could make them.
  byItem(r, 'QUEUE_TTL_HOURS').severity = 'warning';
  byItem(r, 'POST /api/jobs/{id}/retry').severity = 'info';
  return r;
})();

const CLEAN: Report = checkDocuments([{ path: 'specs/ok.md', text: '# OK\n\nWrites `api/logs/app.log`.\n' }], RUNBOOK);

// Items, files and messages an attacker controls.
const EVIL_ITEM = 'api/logs/a|b`c``d<script>alert(1)</script>&amp; 100%,x:y\nnext\u0007\u0000\uD800.log';
/** EVIL_ITEM on one line: line break to a space, controls and the lone surrogate to U+FFFD. */
const EVIL_ITEM_LINE = 'api/logs/a|b`c``d<script>alert(1)</script>&amp; 100%,x:y next\uFFFD\uFFFD\uFFFD.log';
const EVIL_FILE = 'specs/evil @octocat|<b>x</b> `t`,a:b%.md';
const EVIL_MESSAGE =
  'log path `a|b` is 100% <script>alert(1)</script> & done,\r\n::error::injected: x\u0007\u0000 \uD800 end';
const EVIL_HEADING = 'Logs <img src=x onerror=alert(1)> | `x` *y*';
const EVIL_SUGGESTION = '`` <b>bold</b> ``';
const EVIL_SCRIPT_ITEM = '<script>alert("x")</script>';

const HOSTILE: Report = (() => {
  const r = clone(REPORT);
  const metrics = byItem(r, 'api/logs/metrics.jsonl');
  Object.assign(metrics, { item: EVIL_ITEM, file: EVIL_FILE, message: EVIL_MESSAGE });
  metrics.runbookSection = { heading: EVIL_HEADING, file: 'docs/RUNBOOK.md', line: 3 };
  byItem(r, 'api/logs/alert.jsonl').suggestion!.item = EVIL_SUGGESTION;
  byItem(r, 'scripts/backfill.sh').item = EVIL_SCRIPT_ITEM;
  r.diagnostics[0]!.message = 'bad\r\n::error::injected <script>x</script> 50%';
  r.diagnostics.push({
    file: 'specs/d,e:f.md',
    severity: 'warning',
    code: 'read-warning',
    message: 'no line, no column',
  });
  return r;
})();

// --- helpers ----------------------------------------------------------------------------------

const decodeHtml = (s: string): string =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)))
    .replace(/&amp;/g, '&');

function render(md: string): string {
  return marked.parse(md, { gfm: true, async: false });
}

function codeSpans(html: string): string[] {
  return [...html.matchAll(/<code>([\s\S]*?)<\/code>/g)].map((m) => decodeHtml(m[1]!));
}

function tokensOf<T extends Token>(md: string, type: string): T[] {
  const out: T[] = [];
  marked.walkTokens(marked.lexer(md, { gfm: true }), (t) => {
    if (t.type === type) out.push(t as T);
  });
  return out;
}

/** Raw HTML elements a renderer would emit from Markdown that leaked markup. */
const LEAKED_HTML = /<(script|img|b)[\s>]/i;

// --- registry ---------------------------------------------------------------------------------

describe('format registry', () => {
  it('lists every format, each with a formatter', () => {
    expect([...FORMATS]).toEqual(['text', 'json', 'markdown', 'checklist', 'sarif', 'github', 'junit', 'gitlab']);
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
});

// --- markdown ---------------------------------------------------------------------------------

describe('markdown', () => {
  const md = formatMarkdown(REPORT, OPTIONS);

  it('has a title, a verdict and a table by kind', () => {
    expect(md.startsWith('# ')).toBe(true);
    expect(md).toContain('**❌ Drift: 5 findings in 2 specs** (3 errors, 1 warning, 1 info)');
    const [kindTable, specTable] = tokensOf<Tokens.Table>(md, 'table');
    expect(kindTable!.header.map((c) => c.text)).toEqual(['Kind', 'Findings']);
    expect(kindTable!.rows.map((r) => r.map((c) => c.text))).toEqual([
      ['log', '2'],
      ['script', '1'],
      ['endpoint', '1'],
      ['env', '1'],
      ['**Total**', '**5**'],
    ]);
    expect(specTable!.header.map((c) => c.text)).toEqual(['Spec', 'log', 'script', 'endpoint', 'env', 'Total']);
    expect(specTable!.rows.map((r) => r.map((c) => c.text))).toEqual([
      [`[${A}](${A})`, '2', '0', '0', '0', '2'],
      [`[${B}](${B})`, '0', '1', '1', '1', '3'],
    ]);
  });

  it('groups findings by spec, each linking to its line', () => {
    const a = md.indexOf(`### ${A}`);
    const b = md.indexOf(`### ${B}`);
    expect(a).toBeGreaterThan(md.indexOf('## Findings'));
    expect(b).toBeGreaterThan(a);
    const links = [...md.matchAll(/^- \[([^\]]+)\]\(([^)]+)\)/gm)].map((m) => [m[1], m[2]]);
    expect(links).toEqual([
      [`${A}:3:20`, `${A}#L3`],
      [`${A}:4:15`, `${A}#L4`],
      [`${B}:5:8`, `${B}#L5`],
      [`${B}:6:4`, `${B}#L6`],
      [`${B}:7:8`, `${B}#L7`],
      ['specs/c-broken.md:1:4', 'specs/c-broken.md#L1'],
    ]);
    // Each finding line sits under its own spec's heading.
    expect(md.indexOf(`[${A}:4:15]`)).toBeGreaterThan(a);
    expect(md.indexOf(`[${A}:4:15]`)).toBeLessThan(b);
    expect(md.indexOf(`[${B}:5:8]`)).toBeGreaterThan(b);
  });

  it('shows rule, kind, item and where to add it', () => {
    expect(md).toContain(
      `- [${A}:3:20](${A}#L3) **error** \`undocumented-log\`: log path \`api/logs/metrics.jsonl\` is not in docs/RUNBOOK.md; ` +
        'add it under “Log Locations” ([docs/RUNBOOK.md:3](docs/RUNBOOK.md#L3)). Also mentioned at 6:25.',
    );
    expect(md).toContain('did you mean `api/logs/alerts.jsonl` ([docs/RUNBOOK.md:6](docs/RUNBOOK.md#L6))?');
    expect(md).toContain(`**warning** \`undocumented-env\`: environment variable \`QUEUE_TTL_HOURS\``);
    expect(md).toContain(`**info** \`undocumented-endpoint\`: endpoint \`POST /api/jobs/{id}/retry\``);
  });

  it('lists input problems in their own section', () => {
    const section = md.slice(md.indexOf('## Input problems'));
    expect(md.indexOf('## Input problems')).toBeGreaterThan(md.indexOf('## Findings'));
    expect(section).toContain(
      '[specs/c-broken.md:1:4](specs/c-broken.md#L1) **error** `frontmatter-language`: front matter in "js" is not read',
    );
  });

  it('makes links absolute under linkBase, with or without its trailing slash', () => {
    for (const base of [LINK_BASE, LINK_BASE.slice(0, -1)]) {
      const out = formatMarkdown(REPORT, { ...OPTIONS, linkBase: base });
      expect(out).toContain(`[${A}:3:20](${LINK_BASE}${A}#L3)`);
      expect(out).toContain(`([docs/RUNBOOK.md:6](${LINK_BASE}docs/RUNBOOK.md#L6))`);
      expect(out).toContain(`| [${B}](${LINK_BASE}${B}) |`);
    }
  });

  it('says "No drift" for a clean report, with no findings or problems sections', () => {
    const clean = formatMarkdown(CLEAN, OPTIONS);
    expect(clean).toContain('**✅ No drift.**');
    expect(clean).not.toContain('## Findings');
    expect(clean).not.toContain('## Input problems');
    expect(clean).not.toContain('| Spec |');
  });

  it('an incomplete check with no findings is not called clean', () => {
    const r = clone(CLEAN);
    r.diagnostics.push({ file: 'specs/x.md', severity: 'error', code: 'read-error', message: 'unreadable' });
    const out = formatMarkdown(r, OPTIONS);
    expect(out).toContain('Check incomplete');
    expect(out).not.toContain('No drift.');
  });

  describe('hostile input', () => {
    const evil = formatMarkdown(HOSTILE, OPTIONS);
    const html = render(evil);

    it('renders no HTML from items, files, headings or messages', () => {
      expect(html).not.toMatch(LEAKED_HTML);
      expect(evil).not.toContain('<img');
      // The only raw HTML is our own <sub> footer; outside code spans no `<` or `>` reaches the text.
      expect(tokensOf<Tokens.HTML>(evil, 'html').map((t) => t.raw.trim())).toEqual(['<sub>', '</sub>']);
      const leaves = tokensOf<Tokens.Text>(evil, 'text').filter((t) => !t.tokens);
      expect(leaves.length).toBeGreaterThan(20);
      expect(leaves.filter((t) => /[<>]/.test(t.raw))).toEqual([]);
    });

    it('shows items exactly, in code spans fenced past their backticks', () => {
      const spans = codeSpans(html);
      expect(spans).toContain(EVIL_ITEM_LINE);
      expect(spans).toContain(EVIL_SUGGESTION);
      expect(spans).toContain(EVIL_SCRIPT_ITEM);
      expect(evil).toContain(`\`\`\`${EVIL_ITEM_LINE}\`\`\``);
    });

    it('keeps every finding on its own line and every table row whole', () => {
      const findingLines = evil.split('\n').filter((l) => /^- \[/.test(l));
      expect(findingLines).toHaveLength(HOSTILE.findings.length + HOSTILE.diagnostics.length);
      const [, specTable] = tokensOf<Tokens.Table>(evil, 'table');
      expect(specTable!.rows).toHaveLength(3);
      for (const row of specTable!.rows) expect(row).toHaveLength(6);
      // The hostile file name is one escaped cell whose link points at the encoded path.
      const cell = render(specTable!.rows.map((r) => r[0]!.text).find((t) => t.includes('evil'))!);
      expect(decodeHtml(cell.replace(/<a href="[^"]*">|<\/a>|<\/?p>|\n/g, '').replace(/\u200b/g, ''))).toBe(EVIL_FILE);
      expect(cell).toContain('href="specs/evil%20%40octocat%7C%3Cb%3Ex%3C/b%3E%20%60t%60%2Ca%3Ab%25.md"');
    });

    it('escapes headings and messages as text, and defuses @mentions', () => {
      expect(html).toContain('Logs &lt;img src=x onerror=alert(1)&gt; | `x` *y*');
      expect(html).toContain('bad ::error::injected &lt;script&gt;x&lt;/script&gt; 50%');
      expect(evil).not.toContain('@octocat');
      expect(decodeHtml(html).replace(/\u200b/g, '')).toContain('@octocat');
    });
  });

  it('stays under the job summary limit, saying how many findings it left out', () => {
    const big = clone(REPORT);
    const template = big.findings[0]!;
    big.findings = Array.from({ length: 8000 }, (_, i) => ({
      ...template,
      item: `api/logs/${'x'.repeat(100)}-${i}.log`,
      line: i + 1,
    }));
    const out = formatMarkdown(big, OPTIONS);
    expect(Buffer.byteLength(out)).toBeLessThanOrEqual(1_000_000);
    const shown = out.split('\n').filter((l) => /^- \[/.test(l) && !l.includes('c-broken')).length;
    const omitted = Number(/…and ([\d,]+) more findings \(/.exec(out)?.[1]?.replace(/,/g, ''));
    expect(shown).toBeGreaterThan(100);
    expect(shown + omitted).toBe(8000);
    expect(out).toContain('## Input problems');
  });
});

// --- checklist --------------------------------------------------------------------------------

describe('checklist', () => {
  const out = formatChecklist(REPORT, OPTIONS);
  const lines = out.split('\n');

  it('starts with the hidden marker and a heading', () => {
    expect(lines[0]).toBe(CHECKLIST_MARKER);
    expect(CHECKLIST_MARKER).toBe('<!-- sync-check:checklist -->');
    expect(lines[1]).toMatch(/^## /);
  });

  it('has one task per finding, grouped under a subheading per spec with findings', () => {
    const structure = lines.filter((l) => l.startsWith('### ') || l.startsWith('- [ ] '));
    expect(structure.map((l) => (l.startsWith('### ') ? l : '- [ ]'))).toEqual([
      `### ${A}`,
      '- [ ]',
      '- [ ]',
      `### ${B}`,
      '- [ ]',
      '- [ ]',
      '- [ ]',
      '### Input problems',
    ]);
    expect(lines).not.toContain('### specs/c-broken.md');
    const tasks = tokensOf<Tokens.ListItem>(out, 'list_item').filter((i) => i.task);
    expect(tasks).toHaveLength(REPORT.findings.length);
    expect(tasks.every((t) => t.checked === false)).toBe(true);
  });

  it('says what the runbook is missing and where to add it', () => {
    expect(lines).toContain(
      '- [ ] Add log path `api/logs/metrics.jsonl` (named at specs/a-logging.md:3) to docs/RUNBOOK.md under “Log Locations” (line 3)',
    );
    expect(lines).toContain(
      '- [ ] Add log path `api/logs/alert.jsonl` (named at specs/a-logging.md:4) to docs/RUNBOOK.md, or fix the name: ' +
        'did you mean `api/logs/alerts.jsonl` (docs/RUNBOOK.md:6)?',
    );
    expect(lines).toContain('- [ ] Add script `scripts/backfill.sh` (named at specs/b-queue.md:5) to docs/RUNBOOK.md');
    expect(lines).toContain(
      '- [ ] Add environment variable `QUEUE_TTL_HOURS` (named at specs/b-queue.md:7) to docs/RUNBOOK.md (warning)',
    );
    expect(out).toContain('specs/c-broken.md:1: front matter in "js" is not read');
  });

  it('links spec and runbook lines only under linkBase', () => {
    expect(out).not.toMatch(/\]\(/);
    const linked = formatChecklist(REPORT, { ...OPTIONS, linkBase: LINK_BASE });
    expect(linked).toContain(`(named at [${A}:3](${LINK_BASE}${A}#L3))`);
    expect(linked).toContain(`under “Log Locations” ([line 3](${LINK_BASE}docs/RUNBOOK.md#L3))`);
    expect(linked).toContain(
      `did you mean \`api/logs/alerts.jsonl\` ([docs/RUNBOOK.md:6](${LINK_BASE}docs/RUNBOOK.md#L6))?`,
    );
  });

  it('says there is nothing to add for a clean report, marker first', () => {
    const clean = formatChecklist(CLEAN, OPTIONS);
    expect(clean.split('\n')[0]).toBe(CHECKLIST_MARKER);
    expect(clean).toMatch(/Nothing to add/);
    expect(clean).not.toContain('- [ ]');
  });

  it('escapes hostile input: tasks stay one per finding, no HTML', () => {
    const evil = formatChecklist(HOSTILE, OPTIONS);
    expect(evil.split('\n')[0]).toBe(CHECKLIST_MARKER);
    expect(evil.split('\n').filter((l) => l.startsWith('- [ ] '))).toHaveLength(HOSTILE.findings.length);
    const html = render(evil);
    expect(html).not.toMatch(LEAKED_HTML);
    expect(codeSpans(html)).toEqual(expect.arrayContaining([EVIL_ITEM_LINE, EVIL_SUGGESTION, EVIL_SCRIPT_ITEM]));
    expect(tokensOf<Tokens.ListItem>(evil, 'list_item').filter((i) => i.task)).toHaveLength(HOSTILE.findings.length);
    expect(tokensOf<Tokens.HTML>(evil, 'html').map((t) => t.raw.trim())).toEqual([CHECKLIST_MARKER]);
    // The marker cannot be closed or forged by item text.
    expect(evil.split(CHECKLIST_MARKER)).toHaveLength(2);
    expect(evil.indexOf('-->')).toBe(CHECKLIST_MARKER.length - 3);
  });

  it('fits in a GitHub comment, saying how many items it left out', () => {
    const big = clone(REPORT);
    const template = big.findings[0]!;
    big.findings = Array.from({ length: 3000 }, (_, i) => ({
      ...template,
      item: `api/logs/file-${i}.log`,
      line: i + 1,
    }));
    const text = formatChecklist(big, OPTIONS);
    expect(text.length).toBeLessThanOrEqual(65_536);
    const tasks = text.split('\n').filter((l) => l.startsWith('- [ ] ')).length;
    const omitted = Number(/…and ([\d,]+) more findings \(/.exec(text)?.[1]?.replace(/,/g, ''));
    expect(tasks + omitted).toBe(3000);
    expect(text.split('\n')[0]).toBe(CHECKLIST_MARKER);
  });
});

// --- sarif ------------------------------------------------------------------------------------

function checkSarif(log: any, report: Report): void {
  expect(log.version).toBe('2.1.0');
  expect(log.$schema).toBe('https://json.schemastore.org/sarif-2.1.0.json');
  expect(log.runs).toHaveLength(1);
  const run = log.runs[0];
  expect(run.tool.driver.name).toBe('sync-check');
  const rules: any[] = run.tool.driver.rules;
  expect(rules.map((r) => r.id)).toEqual(RULES.map((r) => r.id));
  for (const rule of rules) {
    expect(typeof rule.name).toBe('string');
    expect(rule.shortDescription.text.length).toBeGreaterThan(0);
    expect(rule.fullDescription.text.length).toBeGreaterThan(0);
    expect(['error', 'warning', 'note']).toContain(rule.defaultConfiguration.level);
  }
  expect(run.originalUriBaseIds['%SRCROOT%']).toBeDefined();
  expect(run.results).toHaveLength(report.findings.length);
  run.results.forEach((res: any, i: number) => {
    const f = report.findings[i]!;
    expect(res.ruleId).toBe(f.rule);
    expect(rules[res.ruleIndex].id).toBe(res.ruleId);
    expect(res.level).toBe({ error: 'error', warning: 'warning', info: 'note' }[f.severity]);
    expect(res.message.text).toBe(f.message);
    expect(res.locations).toHaveLength(1);
    const loc = res.locations[0].physicalLocation;
    expect(loc.artifactLocation.uriBaseId).toBe('%SRCROOT%');
    expect(decodeURIComponent(loc.artifactLocation.uri)).toBe(f.file);
    expect(loc.artifactLocation.uri).toMatch(/^[A-Za-z0-9\-._~%/]+$/);
    expect(loc.region.startLine).toBeGreaterThanOrEqual(1);
    expect(loc.region).toEqual({
      startLine: f.line,
      startColumn: f.column,
      endLine: f.endLine,
      endColumn: f.endColumn,
    });
    expect(res.partialFingerprints).toEqual({ 'syncCheck/v1': f.fingerprint });
    for (const rel of res.relatedLocations ?? []) {
      expect(rel.message.text.length).toBeGreaterThan(0);
      expect(rel.physicalLocation.artifactLocation.uri.length).toBeGreaterThan(0);
      expect(rel.physicalLocation.region.startLine).toBeGreaterThanOrEqual(1);
    }
  });
}

describe('sarif', () => {
  const log = JSON.parse(formatSarif(REPORT, OPTIONS));

  it('has the structure GitHub code scanning requires', () => {
    checkSarif(log, REPORT);
    expect(log.runs[0].tool.driver.version).toBe('1.2.3');
  });

  it('maps severities to levels', () => {
    const levels = Object.fromEntries(log.runs[0].results.map((r: any) => [r.properties.item, r.level]));
    expect(levels).toEqual({
      'api/logs/metrics.jsonl': 'error',
      'api/logs/alert.jsonl': 'error',
      'scripts/backfill.sh': 'error',
      'POST /api/jobs/{id}/retry': 'note',
      QUEUE_TTL_HOURS: 'warning',
    });
  });

  it('relates later mentions and the runbook suggestion or section', () => {
    const result = (item: string): any => log.runs[0].results.find((r: any) => r.properties.item === item);
    const related = (item: string): Array<[string, number, number | undefined]> =>
      (result(item).relatedLocations ?? []).map((l: any) => [
        l.physicalLocation.artifactLocation.uri,
        l.physicalLocation.region.startLine,
        l.physicalLocation.region.startColumn,
      ]);
    expect(related('api/logs/metrics.jsonl')).toEqual([
      ['docs/RUNBOOK.md', 3, undefined],
      [A, 6, 25],
    ]);
    expect(related('api/logs/alert.jsonl')).toEqual([['docs/RUNBOOK.md', 6, 4]]);
    expect(result('api/logs/alert.jsonl').relatedLocations[0].message.text).toContain('api/logs/alerts.jsonl');
    expect(related('scripts/backfill.sh')).toEqual([]);
    const ids = result('api/logs/metrics.jsonl').relatedLocations.map((l: any) => l.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('reports input problems as tool execution notifications', () => {
    const inv = log.runs[0].invocations[0];
    expect(inv.executionSuccessful).toBe(false);
    expect(inv.toolExecutionNotifications).toEqual([
      {
        level: 'error',
        message: { text: REPORT.diagnostics[0]!.message },
        descriptor: { id: 'frontmatter-language' },
        locations: [
          {
            physicalLocation: {
              artifactLocation: { uri: 'specs/c-broken.md', uriBaseId: '%SRCROOT%' },
              region: { startLine: 1, startColumn: 4 },
            },
          },
        ],
      },
    ]);
  });

  it('a clean run: no results, execution successful', () => {
    const clean = JSON.parse(formatSarif(CLEAN, OPTIONS));
    checkSarif(clean, CLEAN);
    expect(clean.runs[0].results).toEqual([]);
    expect(clean.runs[0].invocations[0].executionSuccessful).toBe(true);
    expect(clean.runs[0].invocations[0].toolExecutionNotifications).toBeUndefined();
  });

  it('hostile input stays valid JSON with exact messages and encoded URIs', () => {
    const evil = JSON.parse(formatSarif(HOSTILE, OPTIONS));
    checkSarif(evil, HOSTILE);
    const first = evil.runs[0].results.find((r: any) => r.properties.item === EVIL_ITEM);
    expect(first.message.text).toBe(EVIL_MESSAGE);
    expect(first.locations[0].physicalLocation.artifactLocation.uri).toBe(
      'specs/evil%20%40octocat%7C%3Cb%3Ex%3C/b%3E%20%60t%60%2Ca%3Ab%25.md',
    );
    // A warning diagnostic does not make the run unsuccessful; the error one does.
    expect(evil.runs[0].invocations[0].toolExecutionNotifications.map((n: any) => n.level)).toEqual([
      'error',
      'warning',
    ]);
    expect(
      evil.runs[0].invocations[0].toolExecutionNotifications[1].locations[0].physicalLocation.region,
    ).toBeUndefined();
  });

  it('never emits a region whose end is before its start', () => {
    const r = clone(REPORT);
    Object.assign(r.findings[0]!, { line: 0, column: 0, endLine: 0, endColumn: 0 });
    const region = JSON.parse(formatSarif(r, OPTIONS)).runs[0].results[0].locations[0].physicalLocation.region;
    expect(region).toEqual({ startLine: 1, startColumn: 1 });
  });
});

// --- github -----------------------------------------------------------------------------------

describe('github', () => {
  it('one workflow command per finding and per diagnostic', () => {
    const out = formatGithub(REPORT, OPTIONS);
    const lines = out.split('\n');
    expect(lines.pop()).toBe('');
    expect(lines).toHaveLength(REPORT.findings.length + REPORT.diagnostics.length);
    expect(lines[0]).toBe(
      '::error file=specs/a-logging.md,line=3,col=20,endLine=3,endColumn=42,title=undocumented-log::' +
        'log path `api/logs/metrics.jsonl` is not in RUNBOOK.md; the runbook lists log paths under "Log Locations" (RUNBOOK.md:3)',
    );
    expect(lines.map((l) => /^::(\w+) /.exec(l)![1])).toEqual([
      'error',
      'error',
      'error',
      'notice',
      'warning',
      'error',
    ]);
    expect(lines[5]).toBe(
      `::error file=specs/c-broken.md,line=1,col=4,title=frontmatter-language::${REPORT.diagnostics[0]!.message}`,
    );
  });

  it('escapes data and properties exactly', () => {
    const out = formatGithub(HOSTILE, OPTIONS);
    const lines = out.split('\n');
    expect(lines.pop()).toBe('');
    expect(lines).toHaveLength(HOSTILE.findings.length + HOSTILE.diagnostics.length);
    expect(lines[0]).toBe(
      '::error file=specs/evil @octocat|<b>x</b> `t`%2Ca%3Ab%25.md,line=3,col=20,endLine=3,endColumn=42,title=undocumented-log::' +
        'log path `a|b` is 100%25 <script>alert(1)</script> & done,%0D%0A::error::injected: x\uFFFD\uFFFD \uFFFD end',
    );
    expect(lines).toContain(
      '::error file=specs/c-broken.md,line=1,col=4,title=frontmatter-language::bad%0D%0A::error::injected <script>x</script> 50%25',
    );
    expect(lines).toContain('::warning file=specs/d%2Ce%3Af.md,title=read-warning::no line, no column');
  });

  it('prints nothing for a clean report', () => {
    expect(formatGithub(CLEAN, OPTIONS)).toBe('');
  });
});

// --- junit ------------------------------------------------------------------------------------

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

// --- gitlab -----------------------------------------------------------------------------------

function checkCodeQuality(issues: CodeQualityIssue[], report: Report): void {
  expect(Array.isArray(issues)).toBe(true);
  expect(issues).toHaveLength(report.findings.length + report.diagnostics.length);
  for (const issue of issues) {
    expect(typeof issue.description).toBe('string');
    expect(issue.description.length).toBeGreaterThan(0);
    expect(typeof issue.check_name).toBe('string');
    expect(typeof issue.fingerprint).toBe('string');
    expect(issue.fingerprint.length).toBeGreaterThan(0);
    expect(['info', 'minor', 'major', 'critical', 'blocker']).toContain(issue.severity);
    expect(typeof issue.location.path).toBe('string');
    expect(Number.isInteger(issue.location.lines.begin)).toBe(true);
    expect(issue.location.lines.begin).toBeGreaterThanOrEqual(1);
  }
  expect(new Set(issues.map((i) => i.fingerprint)).size).toBe(issues.length);
}

describe('gitlab', () => {
  it('one Code Quality issue per finding and diagnostic, with required fields', () => {
    const issues: CodeQualityIssue[] = JSON.parse(formatGitlab(REPORT, OPTIONS));
    checkCodeQuality(issues, REPORT);
    expect(
      issues.slice(0, 5).map((i) => [i.check_name, i.severity, i.location.path, i.location.lines.begin, i.fingerprint]),
    ).toEqual(
      REPORT.findings.map((f) => [
        f.rule,
        { error: 'major', warning: 'minor', info: 'info' }[f.severity],
        f.file,
        f.line,
        f.fingerprint,
      ]),
    );
    expect(issues[0]!.description).toBe(REPORT.findings[0]!.message);
    expect(issues[5]!.location).toEqual({ path: 'specs/c-broken.md', lines: { begin: 1 } });
    expect(issues[5]!.severity).toBe('major');
  });

  it('an empty array for a clean report', () => {
    expect(JSON.parse(formatGitlab(CLEAN, OPTIONS))).toEqual([]);
  });

  it('fingerprints stay unique even when findings repeat, and hostile text survives', () => {
    const r = clone(HOSTILE);
    r.findings.push(clone(r.findings[0]!), clone(r.findings[0]!));
    const issues: CodeQualityIssue[] = JSON.parse(formatGitlab(r, OPTIONS));
    checkCodeQuality(issues, r);
    expect(issues[0]!.description).toBe(EVIL_MESSAGE);
    expect(issues[0]!.location.path).toBe(EVIL_FILE);
    expect(issues[0]!.fingerprint).toBe(r.findings[0]!.fingerprint);
  });
});
