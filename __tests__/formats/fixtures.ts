/**
 * Shared fixtures for the output format tests (`__tests__/formats/<format>.test.ts`, one file
 * per format, plus `registry.test.ts`). Not a test file itself: jest picks up `*.test.ts` only.
 *
 * Three reports: REPORT from real documents (a finding of every kind, a "did you mean"
 * suggestion, a runbook section, later mentions, a diagnostic, one finding edited to warning
 * and one to info), CLEAN (no findings, no diagnostics) and HOSTILE (REPORT with items, files,
 * headings and messages edited to hold Markdown, HTML, XML and workflow-command syntax, line
 * breaks, control characters and a lone surrogate). Markdown is checked by rendering it with
 * marked (GFM) through the helpers below; JUnit by parsing it with fast-xml-parser plus a strict
 * XML 1.0 character check (in junit.test.ts).
 */
import { marked, type Token } from 'marked';
import { checkDocuments, type Finding, type Report } from '../../src/index.js';
import type { FormatOptions } from '../../src/format/index.js';

export const RUNBOOK = {
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

export const SPECS = [
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

export const A = 'specs/a-logging.md';
export const B = 'specs/b-queue.md';
export const OPTIONS: FormatOptions = { color: false, toolVersion: '1.2.3' };
export const LINK_BASE = 'https://github.com/o/r/blob/0123abc/';

export const clone = <T>(value: T): T => structuredClone(value);

export function byItem(report: Report, item: string): Finding {
  const f = report.findings.find((x) => x.item === item);
  if (!f) throw new Error(`no finding for ${item}: ${report.findings.map((x) => x.item).join(', ')}`);
  return f;
}

// --- the reports ------------------------------------------------------------------------------

export const REPORT: Report = (() => {
  const r = checkDocuments(SPECS, RUNBOOK);
  // A warning and an info, as config could make them.
  byItem(r, 'QUEUE_TTL_HOURS').severity = 'warning';
  byItem(r, 'POST /api/jobs/{id}/retry').severity = 'info';
  return r;
})();

export const CLEAN: Report = checkDocuments(
  [{ path: 'specs/ok.md', text: '# OK\n\nWrites `api/logs/app.log`.\n' }],
  RUNBOOK,
);

// Items, files and messages an attacker controls.
export const EVIL_ITEM = 'api/logs/a|b`c``d<script>alert(1)</script>&amp; 100%,x:y\nnext\u0007\u0000\uD800.log';
/** EVIL_ITEM on one line: line break to a space, controls and the lone surrogate to U+FFFD. */
export const EVIL_ITEM_LINE = 'api/logs/a|b`c``d<script>alert(1)</script>&amp; 100%,x:y next\uFFFD\uFFFD\uFFFD.log';
export const EVIL_FILE = 'specs/evil @octocat|<b>x</b> `t`,a:b%.md';
export const EVIL_MESSAGE =
  'log path `a|b` is 100% <script>alert(1)</script> & done,\r\n::error::injected: x\u0007\u0000 \uD800 end';
export const EVIL_HEADING = 'Logs <img src=x onerror=alert(1)> | `x` *y*';
export const EVIL_SUGGESTION = '`` <b>bold</b> ``';
export const EVIL_SCRIPT_ITEM = '<script>alert("x")</script>';

export const HOSTILE: Report = (() => {
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

export const decodeHtml = (s: string): string =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)))
    .replace(/&amp;/g, '&');

export function render(md: string): string {
  return marked.parse(md, { gfm: true, async: false });
}

export function codeSpans(html: string): string[] {
  return [...html.matchAll(/<code>([\s\S]*?)<\/code>/g)].map((m) => decodeHtml(m[1]!));
}

export function tokensOf<T extends Token>(md: string, type: string): T[] {
  const out: T[] = [];
  marked.walkTokens(marked.lexer(md, { gfm: true }), (t) => {
    if (t.type === type) out.push(t as T);
  });
  return out;
}

/** Raw HTML elements a renderer would emit from Markdown that leaked markup. */
export const LEAKED_HTML = /<(script|img|b)[\s>]/i;
