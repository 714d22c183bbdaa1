/**
 * Hostile input: every case is a fresh repository holding one GOOD spec (exactly one finding,
 * `svc/logs/good.log`), one piece of bad input and an ordinary runbook. The CLI runs in-process
 * (`main(['--format', 'json', ...])`) and every case asserts
 *   (a) the exit code: 2 for an error diagnostic, 1 for a warning or silent handling;
 *   (b) the diagnostic (code, file, line when known) or that there is none;
 *   (c) that the good spec's finding is still reported (unless the run cannot be done at all:
 *       no runbook, no spec selected; then that is asserted instead);
 *   (d) no stack trace on stderr.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, promises as fs } from 'node:fs';
import path from 'node:path';
import type { Diagnostic, Finding } from '../src/types.js';
import { MIB, PATHOLOGICAL } from '../bench/pathological.js';
import { STACK_FRAME, run, repo } from './support/harness.js';

/** Position of the first `needle`, as an editor shows it: lines split on any line end, a BOM is not a column. */
function at(text: string, needle: string): { line: number; column: number } {
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  for (let i = 0; i < lines.length; i++) {
    const c = lines[i]!.indexOf(needle);
    if (c !== -1) return { line: i + 1, column: c + 1 };
  }
  throw new Error(`"${needle}" is not in the text`);
}

const RUNBOOK = '# Runbook\n\n## Log Locations\n\n- `svc/logs/worker.log`\n- `svc/logs/api.log`\n';
const GOOD_FILE = 'specs/good.md';
const GOOD_ITEM = 'svc/logs/good.log';
const GOOD_SPEC = `# Good spec\n\nThe service writes \`${GOOD_ITEM}\` every minute.\n`;
const GOOD = { file: GOOD_FILE, item: GOOD_ITEM, ...at(GOOD_SPEC, GOOD_ITEM) };

interface JsonReport {
  findings: Finding[];
  diagnostics: Diagnostic[];
}

interface Expected {
  file: string;
  item: string;
  line: number;
  column: number;
}

interface Case {
  name: string;
  /** Extra files (path relative to the repository → contents) besides the good spec and the runbook. */
  files?: Record<string, string | Buffer>;
  /** Anything files cannot express: symlinks, FIFOs, directories; may replace the good spec or runbook. */
  setup?: (dir: string) => Promise<void>;
  argv?: string[];
  exit: 1 | 2;
  /** The one diagnostic expected, or null: no diagnostic at all. */
  diagnostic: (Partial<Diagnostic> & { code: string; file: string }) | null;
  /** Whether the good spec's finding is reported; false only when the run as a whole cannot be done. */
  good?: boolean;
  /** Findings expected besides the good one (the exact set is asserted). */
  findings?: Expected[];
  /** Further assertions on the repository after the run. */
  after?: (dir: string) => Promise<void> | void;
  /** Further assertions on the report. */
  check?: (report: JsonReport) => void;
}

/** A finding for `item` at its first occurrence in `text`, which is `file` on disk. */
function found(file: string, text: string, item: string, needle = item): Expected {
  return { file, item, ...at(text, needle) };
}

// ---- bad inputs -------------------------------------------------------------------------------

const MARKER = 'PWNED-by-front-matter';
/** JavaScript front matter that writes a marker file into the repository if it is ever evaluated. */
const jsFrontMatter = (lang: string): Case => ({
  name: `---${lang} front matter (never evaluated)`,
  setup: async (dir) => {
    const marker = JSON.stringify(path.join(dir, MARKER));
    await fs.writeFile(
      path.join(dir, 'specs/evil.md'),
      `---${lang}\n{ title: (function () { require('fs').writeFileSync(${marker}, 'x'); return 'pwned'; })() }\n---\n# Evil\n\nplain text\n`,
    );
  },
  exit: 2,
  diagnostic: { code: 'frontmatter-language', file: 'specs/evil.md', line: 1, severity: 'error' },
  after: (dir) => {
    expect(existsSync(path.join(dir, MARKER))).toBe(false);
  },
});

const UNCLOSED = '---\ntitle: never closed\n\nThe writer logs to `svc/logs/unclosed.log`.\n';
const CODE_FENCE = '# Fence\n\n```bash\ntail -f svc/logs/fenced.log\n# the fence is never closed\n';
const HTML_COMMENT = '# Comment\n\n<!--\nOld: `svc/logs/commented.log`\nwas removed\n-->\n\nVisible text.\n';
const TABLE =
  '# Table\n\n| Pattern | Log |\n|---|---|\n| `a\\|b` and a \\| b | `svc/logs/table.log` |\n| `x` | `y\\|z` |\n';
const DUP_HEADINGS =
  '# Dup\n\n## Logs\n\nWrites `svc/logs/dup.log`.\n\n## Logs\n\nAgain `svc/logs/dup.log`.\n\n## Logs\n\nNothing here.\n';
const QUOTES = `# Quotes\n\n${'> '.repeat(200)}writes \`svc/logs/quote.log\`\n`;
const LISTS = `# Lists\n\n${Array.from({ length: 200 }, (_, i) => `${'  '.repeat(i)}- level ${i}`).join('\n')} writes \`svc/logs/list.log\`\n`;
/** A list item holding "> 2) >" and text after it: marked 18's lexer throws on this. */
const LEXER_CRASH = '# Crash\n\n1. writes `svc/logs/crash.log`\n    > 2) >     x\n    and more\n';
const LONG_LINE = `# Long\n\n${'word '.repeat(MIB / 5)}then \`svc/logs/long.log\`\n`;
const BOM_CRLF = '\uFEFF# BOM\r\n\r\nFirst line.\r\nThe job writes `svc/logs/bom.log`.\r\n';
const CR_ONLY = '# Old Mac\r\rFirst line.\rThe job writes `svc/logs/cr.log`.\r';
const FM_THEN_LOG = '---\ntitle: ok\ntags: [a, b]\n---\n# Fine\n\nWrites `svc/logs/after-fm.log`.\n';
const FM_DASH_LINE = '---\ntitle: dashes\nnote: x\n----\nnot: closed\n---\n# Body\n\nWrites `svc/logs/dashes.log`.\n';
const LATE_NUL = `# Late\n\n${'x'.repeat(9000)}\n\u0000\nWrites \`svc/logs/late.log\`.\n`;
const EMOJI =
  '# Emoji\n\n\u{1F680}\u{1F525} e\u0301t\u00e9 \u{1F468}\u200D\u{1F469}\u200D\u{1F467} writes `svc/logs/emoji.log`.\n';
const UTF8_NAME = 'specs/spec with ü.md';
const UTF8_NAME_SPEC = '# Ü\n\nWrites `svc/logs/umlaut.log`.\n';

const CASES: Case[] = [
  jsFrontMatter('js'),
  jsFrontMatter('javascript'),
  {
    name: '---coffee front matter',
    files: { 'specs/evil.md': '---coffee\ntitle: require("fs").writeFileSync("x", "y")\n---\n# Evil\n' },
    exit: 2,
    diagnostic: { code: 'frontmatter-language', file: 'specs/evil.md', line: 1, severity: 'error' },
  },
  {
    name: '---toml front matter (unknown language)',
    files: { 'specs/evil.md': '---toml\ntitle = "x"\n---\n# Toml\n' },
    exit: 2,
    diagnostic: { code: 'frontmatter-language', file: 'specs/evil.md', line: 1, severity: 'error' },
  },
  {
    name: 'YAML with a !!js/function tag: a warning, read as text, never run',
    setup: async (dir) => {
      const marker = JSON.stringify(path.join(dir, MARKER));
      await fs.writeFile(
        path.join(dir, 'specs/evil.md'),
        `---\ntitle: !!js/function |\n  function () { require('fs').writeFileSync(${marker}, 'x'); }\n---\n# Evil\n`,
      );
    },
    exit: 1,
    diagnostic: { code: 'frontmatter-warning', file: 'specs/evil.md', line: 2, severity: 'warning' },
    after: (dir) => {
      expect(existsSync(path.join(dir, MARKER))).toBe(false);
    },
  },
  {
    name: 'invalid YAML',
    // yaml places the error ("Nested mappings are not allowed in compact mappings") on line 4.
    files: { 'specs/bad.md': '---\ntitle: ok\nowner: ops\nbad: x: y\n---\n# Bad\n' },
    exit: 2,
    diagnostic: { code: 'frontmatter-invalid', file: 'specs/bad.md', line: 4, severity: 'error' },
  },
  {
    name: 'YAML alias bomb (billion laughs)',
    files: {
      'specs/bomb.md': [
        '---',
        'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
        'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]',
        'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]',
        'd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]',
        'e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]',
        'f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]',
        'g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]',
        'h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]',
        'i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]',
        '---',
        '# Bomb',
        '',
      ].join('\n'),
    },
    exit: 2,
    diagnostic: { code: 'frontmatter-invalid', file: 'specs/bomb.md', severity: 'error' },
  },
  {
    name: 'front matter over 64 KiB',
    files: { 'specs/big-fm.md': `---\n${'k: value value value value\n'.repeat(3000)}---\n# Big\n` },
    exit: 2,
    diagnostic: { code: 'frontmatter-too-large', file: 'specs/big-fm.md', line: 1, severity: 'error' },
  },
  {
    name: 'front matter nesting [ 100 deep',
    files: { 'specs/deep-fm.md': `---\nx: ${'['.repeat(100)}1${']'.repeat(100)}\n---\n# Deep\n` },
    exit: 2,
    diagnostic: { code: 'frontmatter-too-deep', file: 'specs/deep-fm.md', line: 1, severity: 'error' },
  },
  {
    name: 'unclosed front matter (warning; the file is still read as Markdown)',
    files: { 'specs/unclosed.md': UNCLOSED },
    exit: 1,
    diagnostic: { code: 'frontmatter-unclosed', file: 'specs/unclosed.md', line: 1, severity: 'warning' },
    findings: [found('specs/unclosed.md', UNCLOSED, 'svc/logs/unclosed.log')],
  },
  {
    name: 'front matter that is a list, not a mapping',
    files: { 'specs/list-fm.md': '---\n- a\n- b\n---\n# List\n' },
    exit: 1,
    diagnostic: { code: 'frontmatter-shape', file: 'specs/list-fm.md', line: 2, severity: 'warning' },
  },
  {
    name: 'front matter that is a scalar, not a mapping',
    files: { 'specs/scalar-fm.md': '---\njust a string\n---\n# Scalar\n' },
    exit: 1,
    diagnostic: { code: 'frontmatter-shape', file: 'specs/scalar-fm.md', line: 2, severity: 'warning' },
  },
  {
    name: 'invalid JSON front matter',
    files: { 'specs/bad-json.md': '---json\n{ "title": "x", }\n---\n# Json\n' },
    exit: 2,
    diagnostic: { code: 'frontmatter-invalid', file: 'specs/bad-json.md', severity: 'error' },
  },
  {
    name: 'valid front matter followed by a body: positions count the front matter',
    files: { 'specs/fm.md': FM_THEN_LOG },
    exit: 1,
    diagnostic: null,
    findings: [found('specs/fm.md', FM_THEN_LOG, 'svc/logs/after-fm.log')],
  },
  {
    name: 'front matter holding a "----" line before its closing "---": refused, never half-read',
    files: { 'specs/dashes.md': FM_DASH_LINE },
    exit: 2,
    diagnostic: { code: 'frontmatter-invalid', file: 'specs/dashes.md', line: 4, severity: 'error' },
    findings: [found('specs/dashes.md', FM_DASH_LINE, 'svc/logs/dashes.log')],
  },
  {
    name: 'binary file with NUL bytes',
    files: { 'specs/binary.md': Buffer.from([0x23, 0x20, 0x42, 0x0a, 0x00, 0x01, 0x02, 0xff, 0x00, 0x0a]) },
    exit: 2,
    diagnostic: { code: 'binary', file: 'specs/binary.md', severity: 'error' },
  },
  {
    name: 'invalid UTF-8 (Latin-1 byte)',
    files: {
      'specs/latin1.md': Buffer.concat([
        Buffer.from('# Caf'),
        Buffer.from([0xe9]),
        Buffer.from('\n\nWrites `svc/logs/latin.log`.\n'),
      ]),
    },
    exit: 2,
    diagnostic: { code: 'encoding', file: 'specs/latin1.md', severity: 'error' },
  },
  {
    name: 'invalid UTF-8 (encoded surrogate)',
    files: {
      'specs/surrogate.md': Buffer.concat([
        Buffer.from('# S\n\nx '),
        Buffer.from([0xed, 0xa0, 0x80]),
        Buffer.from('\n'),
      ]),
    },
    exit: 2,
    diagnostic: { code: 'encoding', file: 'specs/surrogate.md', severity: 'error' },
  },
  {
    name: 'UTF-16 LE with BOM: named as UTF-16',
    files: {
      'specs/utf16.md': Buffer.concat([
        Buffer.from([0xff, 0xfe]),
        Buffer.from('# U\n\nWrites `svc/logs/utf16.log`.\n', 'utf16le'),
      ]),
    },
    exit: 2,
    diagnostic: { code: 'encoding', file: 'specs/utf16.md', severity: 'error' },
  },
  {
    name: 'UTF-8 BOM and CRLF line ends: the finding has the right line and column',
    files: { 'specs/bom.md': BOM_CRLF },
    exit: 1,
    diagnostic: null,
    findings: [found('specs/bom.md', BOM_CRLF, 'svc/logs/bom.log')],
  },
  {
    name: 'CR-only line ends: the finding has the right line and column',
    files: { 'specs/cr.md': CR_ONLY },
    exit: 1,
    diagnostic: null,
    findings: [found('specs/cr.md', CR_ONLY, 'svc/logs/cr.log')],
  },
  {
    name: 'file over --max-file-size',
    files: { 'specs/huge.md': `# Huge\n\n${'Writes `svc/logs/huge.log`.\n'.repeat(200)}` },
    argv: ['--max-file-size', '1024'],
    exit: 2,
    diagnostic: { code: 'too-large', file: 'specs/huge.md', severity: 'error' },
  },
  {
    name: 'empty file',
    files: { 'specs/empty.md': '' },
    exit: 1,
    diagnostic: null,
  },
  {
    name: 'whitespace-only file',
    files: { 'specs/blank.md': ' \n\t\n   \r\n\n  ' },
    exit: 1,
    diagnostic: null,
  },
  {
    name: 'Markdown file that is only "---"',
    files: { 'specs/dashes-only.md': '---' },
    exit: 1,
    diagnostic: null,
  },
  {
    name: 'Markdown file that is only "---" and a newline',
    files: { 'specs/dashes-nl.md': '---\n' },
    exit: 1,
    diagnostic: { code: 'frontmatter-unclosed', file: 'specs/dashes-nl.md', line: 1, severity: 'warning' },
  },
  {
    name: 'directory named x.md inside specs/',
    setup: async (dir) => {
      await fs.mkdir(path.join(dir, 'specs/x.md'));
      await fs.writeFile(path.join(dir, 'specs/x.md/inner.txt'), 'not markdown\n');
    },
    exit: 1,
    diagnostic: null,
  },
  {
    name: 'empty subdirectory inside specs/',
    setup: async (dir) => {
      await fs.mkdir(path.join(dir, 'specs/empty'));
    },
    exit: 1,
    diagnostic: null,
  },
  {
    name: 'broken symlink broken.md',
    setup: async (dir) => {
      await fs.symlink(path.join(dir, 'specs/no-such-target.md'), path.join(dir, 'specs/broken.md'));
    },
    exit: 2,
    diagnostic: { code: 'not-found', file: 'specs/broken.md', severity: 'error' },
  },
  {
    name: 'symlink loop (a directory symlinked to its parent) terminates, the good spec reported once',
    setup: async (dir) => {
      await fs.symlink('.', path.join(dir, 'specs/loop'));
    },
    exit: 1,
    diagnostic: null,
  },
  {
    name: 'self-referencing symlink self.md',
    setup: async (dir) => {
      await fs.symlink('self.md', path.join(dir, 'specs/self.md'));
    },
    exit: 2,
    diagnostic: { code: 'unreadable', file: 'specs/self.md', severity: 'error' },
  },
  {
    name: 'FIFO named fifo.md does not hang',
    setup: async (dir) => {
      execFileSync('mkfifo', [path.join(dir, 'specs/fifo.md')]);
    },
    exit: 2,
    diagnostic: { code: 'not-a-file', file: 'specs/fifo.md', severity: 'error' },
  },
  {
    name: 'file name with spaces and non-ASCII',
    files: { [UTF8_NAME]: UTF8_NAME_SPEC },
    exit: 1,
    diagnostic: null,
    findings: [found(UTF8_NAME, UTF8_NAME_SPEC, 'svc/logs/umlaut.log')],
  },
  {
    name: 'runbook path is a directory (fatal)',
    setup: async (dir) => {
      await fs.rm(path.join(dir, 'docs/RUNBOOK.md'));
      await fs.mkdir(path.join(dir, 'docs/RUNBOOK.md'));
    },
    exit: 2,
    diagnostic: { code: 'not-a-file', file: 'docs/RUNBOOK.md', severity: 'error', fatal: true },
    good: false,
  },
  {
    name: 'missing runbook (fatal)',
    setup: async (dir) => {
      await fs.rm(path.join(dir, 'docs/RUNBOOK.md'));
    },
    exit: 2,
    diagnostic: { code: 'no-runbook', file: 'docs/RUNBOOK.md', severity: 'error', fatal: true },
    good: false,
  },
  {
    name: 'empty specs directory (fatal)',
    setup: async (dir) => {
      await fs.mkdir(path.join(dir, 'empty-specs'));
    },
    argv: ['--specs', 'empty-specs'],
    exit: 2,
    diagnostic: { code: 'no-specs', file: 'empty-specs', severity: 'error', fatal: true },
    good: false,
  },
  {
    name: 'glob that matches nothing (fatal)',
    argv: ['--specs', 'specs/nothing-*.md'],
    exit: 2,
    diagnostic: { code: 'no-specs', file: 'specs/nothing-*.md', severity: 'error', fatal: true },
    good: false,
  },
  {
    name: 'unclosed code fence: the rest of the file is code, its log path still found',
    files: { 'specs/fence.md': CODE_FENCE },
    exit: 1,
    diagnostic: null,
    findings: [found('specs/fence.md', CODE_FENCE, 'svc/logs/fenced.log')],
  },
  {
    name: 'HTML comment spanning lines with a log path (comments are not shown: not reported)',
    files: { 'specs/comment.md': HTML_COMMENT },
    exit: 1,
    diagnostic: null,
  },
  {
    name: 'table with escaped pipes and code spans',
    files: { 'specs/table.md': TABLE },
    exit: 1,
    diagnostic: null,
    findings: [found('specs/table.md', TABLE, 'svc/logs/table.log')],
  },
  {
    name: 'duplicated headings: one finding at the first mention',
    files: { 'specs/dup.md': DUP_HEADINGS },
    exit: 1,
    diagnostic: null,
    findings: [found('specs/dup.md', DUP_HEADINGS, 'svc/logs/dup.log')],
    check: (report) => {
      const dup = report.findings.find((f) => f.file === 'specs/dup.md');
      expect(dup?.otherMentions).toEqual([{ raw: 'svc/logs/dup.log', line: 9, column: 8 }]);
    },
  },
  {
    name: 'block quotes nested 200 deep',
    files: { 'specs/quotes.md': QUOTES },
    exit: 1,
    diagnostic: null,
    findings: [found('specs/quotes.md', QUOTES, 'svc/logs/quote.log')],
  },
  {
    name: 'lists nested 200 deep',
    files: { 'specs/lists.md': LISTS },
    exit: 1,
    diagnostic: null,
    findings: [found('specs/lists.md', LISTS, 'svc/logs/list.log')],
  },
  {
    name: 'Markdown that makes the lexer throw is read as plain lines',
    files: { 'specs/crash.md': LEXER_CRASH },
    exit: 1,
    diagnostic: null,
    findings: [found('specs/crash.md', LEXER_CRASH, 'svc/logs/crash.log')],
  },
  {
    name: 'a 1 MB line',
    files: { 'specs/long.md': LONG_LINE },
    exit: 1,
    diagnostic: null,
    findings: [found('specs/long.md', LONG_LINE, 'svc/logs/long.log')],
  },
  {
    name: 'a 1 MB run of *',
    files: { 'specs/stars.md': `# Stars\n\n${'*'.repeat(MIB)}\n` },
    exit: 1,
    diagnostic: null,
  },
  {
    name: 'a run of [ (256 KiB)',
    files: { 'specs/brackets.md': `# Brackets\n\n${'['.repeat(256 * 1024)}\n` },
    exit: 1,
    diagnostic: null,
  },
  {
    name: 'a run of `[`](` link openers',
    files: { 'specs/links.md': `# Links\n\n${'[a]('.repeat(64 * 1024)}\n` },
    exit: 1,
    diagnostic: null,
  },
  {
    // Only the first 8 KiB are probed for NUL bytes (as git does): later NULs are text.
    name: 'NUL byte after the first 8 KiB (read as text)',
    files: { 'specs/late-nul.md': LATE_NUL },
    exit: 1,
    diagnostic: null,
    findings: [found('specs/late-nul.md', LATE_NUL, 'svc/logs/late.log')],
  },
  {
    name: 'astral and combining characters before the item: column in UTF-16 code units',
    files: { 'specs/emoji.md': EMOJI },
    exit: 1,
    diagnostic: null,
    findings: [found('specs/emoji.md', EMOJI, 'svc/logs/emoji.log')],
  },
  {
    name: 'symlink zero.md to /dev/zero (outside the repository: not followed, said once)',
    setup: async (dir) => {
      await fs.symlink('/dev/zero', path.join(dir, 'specs/zero.md'));
    },
    exit: 1,
    diagnostic: { code: 'walk-limited', file: 'specs', severity: 'warning' },
  },
  {
    name: 'binary runbook (fatal)',
    setup: async (dir) => {
      await fs.writeFile(path.join(dir, 'docs/RUNBOOK.md'), Buffer.from([0x23, 0x0a, 0x00, 0x00, 0xff]));
    },
    exit: 2,
    diagnostic: { code: 'binary', file: 'docs/RUNBOOK.md', severity: 'error', fatal: true },
    good: false,
  },
];

// ---- the table -------------------------------------------------------------------------------

function hasMkfifo(): boolean {
  try {
    execFileSync('mkfifo', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const needsMkfifo = (c: Case): boolean => c.name.startsWith('FIFO');
const runnable = hasMkfifo() ? CASES : CASES.filter((c) => !needsMkfifo(c));
const skipped = hasMkfifo() ? [] : CASES.filter(needsMkfifo);

test('the table covers at least 30 distinct kinds of bad input', () => {
  expect(new Set(CASES.map((c) => c.name)).size).toBe(CASES.length);
  expect(CASES.length).toBeGreaterThanOrEqual(30);
});

describe('hostile input', () => {
  test.each(runnable.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const dir = await repo({ 'docs/RUNBOOK.md': RUNBOOK, [GOOD_FILE]: GOOD_SPEC, ...(c.files ?? {}) });
    await c.setup?.(dir);
    const r = await run(['--format', 'json', ...(c.argv ?? [])], dir);

    // (d) no stack trace anywhere, and the report is one JSON object.
    expect(r.stderr).not.toMatch(STACK_FRAME);
    expect(r.stderr).not.toContain('    at ');
    expect(r.stdout).not.toMatch(STACK_FRAME);
    const report = JSON.parse(r.stdout) as JsonReport;

    // (b) the diagnostic, or none.
    if (c.diagnostic === null) {
      expect(report.diagnostics).toEqual([]);
    } else {
      expect(report.diagnostics).toEqual([expect.objectContaining(c.diagnostic)]);
      expect(report.diagnostics[0]!.message).toEqual(expect.any(String));
    }

    // (c) the good finding (and exactly the findings expected besides it).
    const expected = [...(c.good === false ? [] : [GOOD]), ...(c.findings ?? [])];
    const actual = report.findings.map((f) => ({ file: f.file, item: f.item, line: f.line, column: f.column }));
    const byPlace = (a: Expected, b: Expected): number =>
      a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column;
    expect(actual.sort(byPlace)).toEqual(expected.sort(byPlace));

    // (a) the exit code.
    expect(r.code).toBe(c.exit);

    c.check?.(report);
    await c.after?.(dir);
  });

  if (skipped.length > 0) test.skip.each(skipped.map((c) => [c.name]))('%s (mkfifo unavailable)', () => undefined);
});

// ---- pathological Markdown -------------------------------------------------------------------

test('every pathological generator at 256 KiB in one specs/ directory: completes, good finding kept, positions inside their files', async () => {
  const size = 256 * 1024;
  const files: Record<string, string> = { 'docs/RUNBOOK.md': RUNBOOK, [GOOD_FILE]: GOOD_SPEC };
  for (const [name, generate] of Object.entries(PATHOLOGICAL)) {
    files[`specs/patho-${name.replace(/[^a-z0-9]+/gi, '-')}.md`] = generate(size);
  }
  expect(Object.keys(files)).toHaveLength(Object.keys(PATHOLOGICAL).length + 2);
  const dir = await repo(files);
  const r = await run(['--format', 'json'], dir);

  expect(r.stderr).not.toMatch(STACK_FRAME);
  expect(r.stderr).not.toContain('    at ');
  const report = JSON.parse(r.stdout) as JsonReport;
  const errors = report.diagnostics.filter((d) => d.severity === 'error');
  expect(r.code).toBe(errors.length > 0 ? 2 : 1);
  for (const d of report.diagnostics) expect(Object.keys(files)).toContain(d.file);

  expect(report.findings).toContainEqual(expect.objectContaining(GOOD));
  for (const f of report.findings) {
    const text = files[f.file];
    expect(text).toBeDefined();
    const lines = text!.split(/\r\n|\r|\n/);
    const where = `${f.file}:${f.line}:${f.column} (${f.item})`;
    expect({ where, lineInside: f.line >= 1 && f.line <= lines.length }).toEqual({ where, lineInside: true });
    const lineText = lines[f.line - 1] ?? '';
    expect({ where, columnInside: f.column >= 1 && f.column <= lineText.length }).toEqual({
      where,
      columnInside: true,
    });
    // And the item, as written, is what stands there.
    expect({ where, there: lineText.slice(f.column - 1, f.column - 1 + f.item.length) }).toEqual({
      where,
      there: f.item,
    });
  }
});
