import fc from 'fast-check';
import { canonicalEndpoint } from '../src/canonical/endpoint.js';
import { canonicalPath } from '../src/canonical/path.js';
import { editDistance, similarity, similarityBound } from '../src/compare/similarity.js';
import { checkDocuments } from '../src/core/check-documents.js';
import { parseDocument, referencesOf, withReferences } from '../src/extract/document.js';
import { readStructure } from '../src/parse/document.js';
import { KINDS, type Finding, type Report, type SourceDocument } from '../src/types.js';

/**
 * Property-based tests: generated Markdown, built from the fragments real specs and runbooks
 * are made of (and from the ones that break naive parsers), is thrown at the parser, the
 * extractors and the whole check. The properties are the contract every input must keep:
 * no crash, positions inside the file, determinism, and nothing named verbatim in the
 * runbook ever reported.
 */

/**
 * A fixed seed, so the suite passes or fails by the code and not by the draw. New inputs are
 * drawn with `npm run test:explore` (SYNC_CHECK_EXPLORE=1: a random seed, ten times the runs);
 * a counterexample it finds becomes a fixed test in hostile.test.ts.
 */
const EXPLORE = process.env.SYNC_CHECK_EXPLORE === '1';
const RUNS = EXPLORE ? 2000 : 200;
const PARAMS: { numRuns: number; seed?: number } = EXPLORE ? { numRuns: RUNS } : { numRuns: RUNS, seed: 0x5ca1ab1e };
const RUNBOOK_PATH = 'docs/RUNBOOK.md';
const EMPTY_RUNBOOK: SourceDocument = { path: RUNBOOK_PATH, text: '# Runbook\n' };
const BIND = 'Document every change in docs/RUNBOOK.md.';

// ---------------------------------------------------------------------------------------------
// Atoms
// ---------------------------------------------------------------------------------------------

const name = fc.stringMatching(/^[a-z][a-z0-9]{0,5}(?:[_-][a-z0-9]{1,4})?$/);
const placeholder = fc.constantFrom('<id>', '{id}', '{date}', '*', '$RUN_ID', '${RUN_ID}', ':id');

/** `api/logs/x_1.log`, `logs/run_<id>.jsonl`, `x.log`, `../logs/y.log`, `/var/log/z.log`, … */
const plainLogPath = fc
  .tuple(
    fc.constantFrom('', 'api/', 'api/logs/', 'logs/', 'log/', 'web/logs/', 'data/state/'),
    name,
    fc.constantFrom('.log', '.jsonl', '.log', '.txt'),
  )
  .map(([dir, n, ext]) => `${dir}${n}${ext}`);
const logPath = fc.oneof(
  { weight: 4, arbitrary: plainLogPath },
  {
    weight: 1,
    arbitrary: fc
      .tuple(
        fc.constantFrom('', 'api/logs/', 'logs/', './logs/', '../logs/', '/var/log/', '~/app/logs/', '$HOME/logs/'),
        name,
        placeholder,
        fc.constantFrom('.log', '.jsonl'),
      )
      .map(([dir, n, p, ext]) => `${dir}${n}_${p}${ext}`),
  },
  { weight: 1, arbitrary: fc.constantFrom('*.log', 'console.log', 'logger.log', 'logs/', 'api/logs/x_1.log') },
);

/** `./scripts/x.sh`, `scripts/check.py`, `api/scripts/x.sh`, `bin/tool`, `deploy.sh`, … */
const plainScriptPath = fc
  .tuple(
    fc.constantFrom('./scripts/', 'scripts/', 'api/scripts/', 'bin/', './', '', 'tools/bin/'),
    name,
    fc.constantFrom('.sh', '.py', '', '.js', '.ts', '.bash'),
  )
  .map(([dir, n, ext]) => `${dir}${n}${ext}`);
const scriptPath = fc.oneof(
  { weight: 5, arbitrary: plainScriptPath },
  { weight: 1, arbitrary: fc.constantFrom('.venv/bin/python', '/usr/bin/env', 'scripts/', 'x.sh', './scripts/x.sh') },
);

const method = fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS');
const apiPath = fc
  .array(fc.oneof(name, placeholder), { minLength: 1, maxLength: 4 })
  .chain((segs) => fc.constantFrom('/api/', '/v1/', '/api/v2/', '/').map((root) => `${root}${segs.join('/')}`))
  .chain((p) => fc.constantFrom('', '/', '?q=1', '#frag', '.', ',').map((tail) => `${p}${tail}`));
const endpoint = fc.tuple(method, apiPath).map(([m, p]) => `${m} ${p}`);
const url = fc
  .tuple(
    fc.constantFrom(
      'http://localhost',
      'http://localhost:8000',
      'https://127.0.0.1:3000',
      'https://example.com',
      'http://$HOST:$PORT',
    ),
    apiPath,
  )
  .map(([host, p]) => `${host}${p}`);

/** UPPER_SNAKE names (some without an underscore), sometimes with `=value`. */
const envName = fc.stringMatching(/^[A-Z][A-Z0-9]{0,5}(?:_[A-Z0-9]{1,5}){0,3}$/);
const envValue = fc.constantFrom('1', 'debug', 'true', 'api/logs/env.log', '"quoted value"', "'x'", '$OTHER_VAR', '');
const envUse = fc
  .tuple(envName, fc.option(envValue, { nil: undefined }))
  .map(([n, v]) => (v === undefined ? n : `${n}=${v}`));
const envCue = fc.constantFrom(
  '',
  'Set ',
  'set ',
  'export ',
  'when ',
  'if ',
  'with ',
  'the environment variable ',
  'env var ',
  'via ',
  'unset ',
);

const words = fc.constantFrom(
  'the',
  'worker',
  'writes',
  'to',
  'and',
  'then',
  'reads',
  'Run',
  'run',
  'calls',
  'from api/',
  'from the repo root',
  'from `web/`',
  'in the environment.',
  'e.g.',
  'i.e.',
  'etc.',
  'see',
  'RUNBOOK',
  'docs/RUNBOOK.md',
  'RUNBOOK.md',
  'console.log(x)',
  'x.log(',
  'foo.bar',
  '*emphasis*',
  '_under_',
  '**bold**',
  '~~strike~~',
  '\\`',
  '\\|',
  '\\\\',
  '|',
  '&&',
  '<b>',
  '</b>',
  '<br>',
  '&amp;',
  '-',
  '*',
  '1.',
  '>',
  '#',
  '[',
  ']',
  '(',
  ')',
  '](',
  '![img](',
  'http://example.com',
  'mailto:a@b.c',
  '—',
  '…',
  '🙂',
  'é',
  '\t',
  '  ',
);

/** Random text: arbitrary code points (lone surrogates included) and grapheme clusters. */
const unicode = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 24 }),
  fc.string({ unit: 'grapheme', maxLength: 12 }),
  fc.string({ maxLength: 12 }),
);

/** Inline code with 1-3 backticks, sometimes unbalanced. */
function codeSpan(inner: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return fc
    .tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 0, max: 3 }), fc.boolean(), inner)
    .map(([open, close, balanced, text]) => '`'.repeat(open) + text + '`'.repeat(balanced ? open : close));
}

const linkTarget = fc.oneof(
  logPath,
  scriptPath,
  apiPath,
  url,
  fc.constantFrom(
    '../docs/RUNBOOK.md',
    'docs/RUNBOOK.md',
    '../docs/RUNBOOK.md#logs',
    '#anchor',
    '<api/logs/a b.log>',
    './x.md?y=1',
    '',
  ),
);
/** `[t](target)`, sometimes unclosed, sometimes with a title, sometimes a reference definition. */
const link = fc
  .tuple(
    fc.oneof(words, logPath, fc.constant('')),
    linkTarget,
    fc.constantFrom('normal', 'unclosed', 'title', 'image', 'def'),
  )
  .map(([t, target, shape]) => {
    switch (shape) {
      case 'unclosed':
        return `[${t}](${target}`;
      case 'title':
        return `[${t}](${target} "title")`;
      case 'image':
        return `![${t}](${target})`;
      case 'def':
        return `\n[${t || 'ref'}]: ${target}\n`;
      default:
        return `[${t}](${target})`;
    }
  });

const commentOrHtml = fc
  .tuple(fc.oneof(logPath, scriptPath, envName, words), fc.constantFrom('comment', 'unclosed', 'div', 'span'))
  .map(([inner, shape]) =>
    shape === 'comment'
      ? `<!-- ${inner} -->`
      : shape === 'unclosed'
        ? `<!-- ${inner}`
        : shape === 'div'
          ? `<div>${inner}</div>`
          : `<span title="x">${inner}</span>`,
  );

/** Something that names an item (or almost does), as it appears in a sentence. */
const itemAtom = fc.oneof(
  logPath,
  scriptPath,
  endpoint,
  fc.tuple(envCue, envUse).map(([cue, e]) => `${cue}${e}`),
  fc.tuple(envCue, envUse).map(([cue, e]) => `${cue}\`${e}\``),
);

const inlineAtom: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: words },
  { weight: 5, arbitrary: itemAtom },
  { weight: 3, arbitrary: codeSpan(fc.oneof(itemAtom, words, fc.constant('`'), fc.constant(' '))) },
  { weight: 2, arbitrary: link },
  { weight: 1, arbitrary: commentOrHtml },
  { weight: 1, arbitrary: unicode },
);

/** A paragraph: atoms joined by spaces, sometimes wrapped over several lines. */
const paragraph = fc
  .array(fc.tuple(inlineAtom, fc.constantFrom(' ', ' ', ' ', '\n', '', '. ')), { minLength: 1, maxLength: 10 })
  .map((parts) =>
    parts
      .map(([atom, sep]) => atom + sep)
      .join('')
      .trimEnd(),
  );

const headingTitle = fc.oneof(
  fc.constantFrom(
    'Out of Scope',
    'Out-of-scope',
    'Non-goals',
    'Future work',
    'See also',
    'References',
    'Requirements',
    'Logs',
    'Log Locations',
    'Key Endpoints',
    '3. Out of Scope',
    'Not out of scope here',
  ),
  paragraph.map((p) => p.replace(/\n/g, ' ')),
);
const heading = fc.oneof(
  fc
    .tuple(fc.integer({ min: 1, max: 7 }), headingTitle, fc.constantFrom('', ' #', ' ##'))
    .map(([d, t, close]) => `${'#'.repeat(d)} ${t}${close}`),
  fc.tuple(headingTitle, fc.constantFrom('===', '---')).map(([t, u]) => `${t}\n${u}`),
);

// ---------------------------------------------------------------------------------------------
// Code blocks
// ---------------------------------------------------------------------------------------------

const command = fc.oneof(
  fc
    .tuple(
      fc.constantFrom('api', 'web', '..', '/tmp', '$HOME', 'api/sub'),
      scriptPath,
      fc.constantFrom('', ' --f', ' --json', ' --dry-run=1'),
    )
    .map(([dir, s, flag]) => `cd ${dir} && ${s}${flag}`),
  fc
    .tuple(method, url, fc.constantFrom('', ' -d \'{"a": 1}\'', ' --json x', ' -H "X: y"'))
    .map(([m, u, body]) => `curl -X ${m} ${u}${body}`),
  fc.tuple(url, fc.constantFrom('', " -d 'a=1'")).map(([u, body]) => `curl${body} "${u}"`),
  fc
    .tuple(
      fc.constantFrom('python3', 'node', 'bash', 'uv run python', 'sudo -E env'),
      scriptPath,
      fc.constantFrom('', ' --json', ' <id>', ' "quoted arg"'),
    )
    .map(([interp, s, arg]) => `${interp} ${s}${arg}`),
  fc.tuple(envUse, scriptPath).map(([e, s]) => `${e} ${s}`),
  fc.tuple(fc.constantFrom('export ', 'unset ', ''), envUse).map(([k, e]) => `${k}${e}`),
  fc
    .tuple(fc.constantFrom('tail -f ', 'cat ', 'echo "hi" >> ', 'cmd 2>&1 | tee ', 'ls > '), logPath)
    .map(([c, l]) => `${c}${l}`),
  fc
    .tuple(fc.constantFrom('make ', 'npm run ', 'pnpm run ', 'yarn run ', 'make -C api '), name)
    .map(([c, t]) => `${c}${t}`),
  fc.tuple(scriptPath, fc.constantFrom(' \\', '\\')).map(([s, cont]) => `${s}${cont}\n  --flag`),
  fc.tuple(fc.constantFrom('$ ', '> ', '# from api/', '# ', ''), scriptPath).map(([p, s]) => `${p}${s}`),
  fc.constantFrom(
    "echo 'unbalanced",
    'echo "x',
    'os.environ["DB_URL"]',
    'process.env.API_KEY',
    'getenv("SOME_VAR")',
    'echo ${FOO_BAR:-x}',
    'x=$(cat api/logs/x_1.log)',
    '<id>',
    'GET /api/items/<id>',
  ),
  unicode,
);
const fence = fc
  .tuple(
    fc.constantFrom('```', '~~~', '````', '``'),
    fc.constantFrom('bash', 'sh', '', 'console', 'python', 'text', 'yaml', 'env', 'js'),
    fc.array(command, { minLength: 0, maxLength: 6 }),
    fc.boolean(),
    fc.constantFrom('', ' ', '  '),
  )
  .map(([marker, lang, lines, closed, indent]) =>
    [`${indent}${marker}${lang}`, ...lines, ...(closed ? [`${indent}${marker}`] : [])].join('\n'),
  );
const indentedCode = fc
  .array(command, { minLength: 1, maxLength: 3 })
  .map((lines) => lines.map((l) => `    ${l}`).join('\n'));

// ---------------------------------------------------------------------------------------------
// Tables, nesting, front matter
// ---------------------------------------------------------------------------------------------

const cell = fc.oneof(
  itemAtom,
  words,
  codeSpan(fc.oneof(itemAtom, fc.constant('a \\| b'), fc.constant('a | b'))),
  fc.tuple(logPath, logPath).map(([a, b]) => `${a} \\| ${b}`),
  fc.constant(''),
  unicode.map((s) => s.replace(/\n|\r/g, ' ')),
);
const row = fc.array(cell, { minLength: 1, maxLength: 4 }).map((cells) => `| ${cells.join(' | ')} |`);
const table = fc
  .tuple(fc.integer({ min: 1, max: 4 }), fc.array(row, { minLength: 0, maxLength: 5 }), fc.boolean())
  .map(([cols, rows, leadingPipes]) => {
    const header = `| ${Array.from({ length: cols }, (_, i) => `H${i}`).join(' | ')} |`;
    const sep = `|${Array.from({ length: cols }, () => ' --- ').join('|')}|`;
    const lines = [header, sep, ...rows];
    return (leadingPipes ? lines : lines.map((l) => l.replace(/^\| /, '').replace(/ \|$/, ''))).join('\n');
  });

const leafBlock: fc.Arbitrary<string> = fc.oneof(
  { weight: 5, arbitrary: paragraph },
  { weight: 2, arbitrary: heading },
  { weight: 2, arbitrary: fence },
  { weight: 1, arbitrary: indentedCode },
  { weight: 2, arbitrary: table },
  { weight: 1, arbitrary: commentOrHtml },
  { weight: 1, arbitrary: fc.constantFrom('---', '***', '', '   ', '\t') },
);

/** Block quotes and lists nested to random depth (past the parser's fallback threshold). */
const nested = fc
  .tuple(
    fc.array(fc.constantFrom('> ', '- ', '* ', '+ ', '1. ', '2) ', '  ', '    ', '>'), { minLength: 1, maxLength: 40 }),
    leafBlock,
    fc.boolean(),
  )
  .map(([markers, block, lazy]) => {
    const first = markers.join('');
    const rest = lazy ? '' : markers.map((m) => (/^[>]/.test(m) ? m : ' '.repeat(m.length))).join('');
    return block
      .split('\n')
      .map((line, i) => (i === 0 ? first : rest) + line)
      .join('\n');
  });

const block = fc.oneof(
  { weight: 4, arbitrary: leafBlock },
  { weight: 1, arbitrary: nested },
  { weight: 1, arbitrary: fc.constant(BIND) },
);

const yamlScalar = fc.oneof(
  logPath,
  scriptPath,
  envName,
  words,
  endpoint,
  fc.constantFrom('true', 'false', '1', 'null', 'docs/RUNBOOK.md', './docs/RUNBOOK.md', 'other.md'),
  logPath.map((l) => JSON.stringify(l)),
);
const yamlValue = fc.oneof(
  yamlScalar.map((s) => ` ${s}`),
  fc
    .array(yamlScalar, { minLength: 0, maxLength: 3 })
    .map((items) => (items.length === 0 ? ' []' : items.map((s) => `\n  - ${s}`).join(''))),
  fc
    .array(fc.tuple(envName, yamlScalar), { minLength: 1, maxLength: 3 })
    .map((pairs) => pairs.map(([k, v]) => `\n  ${k}: ${v}`).join('')),
  fc
    .array(yamlScalar, { minLength: 1, maxLength: 3 })
    .map((items) => ` [${items.map((s) => JSON.stringify(s)).join(', ')}]`),
);
const yamlKey = fc.constantFrom(
  'title',
  'runbook',
  'logs',
  'env',
  'environment',
  'vars',
  'scripts',
  'sync-check',
  'owner',
  'tags',
);
const frontMatter = fc.oneof(
  {
    weight: 4,
    arbitrary: fc
      .array(fc.tuple(yamlKey, yamlValue), { minLength: 0, maxLength: 5 })
      .map((pairs) => `---\n${pairs.map(([k, v]) => `${k}:${v}`).join('\n')}\n---\n`),
  },
  { weight: 1, arbitrary: fc.constant('---\nsync-check:\n  runbook: true\n---\n') },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      '---\nfoo: [unclosed\n---\n',
      '---\na: b: c\n---\n',
      '---\n\tbad: tab\n---\n',
      '---\nkey: "unterminated\n---\n',
      '---\n- a\n- b\n---\n',
      '---\n&a x: *b\n---\n',
      '---\nx: 1\nx: 2\n---\n',
      '---\n' + 'a: ' + '['.repeat(70) + '\n---\n',
      '---\n---\n',
      '--- \nrunbook: true\n--- \n',
    ),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '---js\nmodule.exports = { runbook: true }\n---\n',
      '---javascript\nthrow 1\n---\n',
      '---coffee\nx: 1\n---\n',
      '---json\n{"runbook": true, "env": ["FOO_BAR"]}\n---\n',
      '---json\n{bad json\n---\n',
    ),
  },
  { weight: 1, arbitrary: fc.tuple(yamlKey, yamlValue).map(([k, v]) => `---\n${k}:${v}\n`) },
);

// ---------------------------------------------------------------------------------------------
// Whole documents
// ---------------------------------------------------------------------------------------------

const lineEnding = fc.oneof(
  fc.constantFrom(['\n'], ['\r\n'], ['\r']),
  fc.array(fc.constantFrom('\n', '\r\n', '\r'), { minLength: 2, maxLength: 4 }),
);

/**
 * Re-ends every line, cycling through `endings` (one ending: uniform; several: mixed). A CR
 * right before another line end becomes CRLF, so that it never joins the next LF into one
 * line end: the lines, and so the Markdown structure, stay the same whatever the endings.
 */
function withLineEndings(text: string, endings: readonly string[]): string {
  let i = 0;
  return text.replace(/\r\n|\r|\n/g, (match, offset: number) => {
    const ending = endings[i++ % endings.length]!;
    const next = text[offset + match.length];
    return ending === '\r' && (next === '\n' || next === '\r') ? '\r\n' : ending;
  });
}

function body(maxBlocks: number): fc.Arbitrary<string> {
  return fc
    .array(fc.tuple(block, fc.constantFrom('\n\n', '\n', '\n\n\n')), { minLength: 0, maxLength: maxBlocks })
    .map((parts) => parts.map(([b, sep]) => b + sep).join(''));
}

function finish(text: string, endings: readonly string[], bom: boolean): string {
  return (bom ? '\uFEFF' : '') + withLineEndings(text, endings);
}

/** A spec (or runbook): optional front matter, blocks, any line endings, optional BOM. */
const documentText = fc
  .tuple(fc.option(frontMatter, { nil: undefined }), body(12), lineEnding, fc.boolean(), fc.boolean())
  .map(([fm, b, endings, bom, trailingNewline]) =>
    finish((fm ?? '') + (trailingNewline ? b : b.trimEnd()), endings, bom),
  );

const specPath = fc.constantFrom(
  'specs/a.md',
  'specs/b.md',
  'specs/sub/c.md',
  'specs/d-e.md',
  'other/f.md',
  'docs/g.md',
);

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

/** Lines as an editor shows them: BOM dropped, CRLF / CR / LF all end a line. */
function editorLines(text: string): string[] {
  return (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text).split(/\r\n|\r|\n/);
}

function insideFile(lines: readonly string[], line: number, column: number): boolean {
  return (
    Number.isInteger(line) &&
    Number.isInteger(column) &&
    line >= 1 &&
    line <= lines.length &&
    column >= 1 &&
    column <= lines[line - 1]!.length + 1
  );
}

function notBefore(a: { line: number; column: number }, b: { line: number; column: number }): boolean {
  return a.line > b.line || (a.line === b.line && a.column >= b.column);
}

/** 1-based line/column of `offset` in `text`, by counting, independent of the code under test. */
function countedPosition(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let column = 1;
  for (let i = 0; i < offset; i++) {
    if (text[i] === '\n') {
      line++;
      column = 1;
    } else column++;
  }
  return { line, column };
}

function expectNoInternalError(report: Report): void {
  expect(report.diagnostics.filter((d) => d.code === 'internal-error')).toEqual([]);
}

function findingsAt(report: Report): Array<Pick<Finding, 'kind' | 'item' | 'line' | 'column'>> {
  return report.findings.map(({ kind, item, line, column }) => ({ kind, item, line, column }));
}

// ---------------------------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------------------------

describe('generated Markdown', () => {
  test('1. checkDocuments never throws and never reports an internal error (spec side)', () => {
    fc.assert(
      fc.property(documentText, (text) => {
        const report = checkDocuments([{ path: 'specs/a.md', text }], EMPTY_RUNBOOK);
        expectNoInternalError(report);
        expect(report.summary.findings).toBe(report.findings.length);
      }),
      PARAMS,
    );
  });

  test('1. checkDocuments never throws and never reports an internal error (runbook side)', () => {
    fc.assert(
      fc.property(documentText, documentText, (spec, runbook) => {
        const report = checkDocuments([{ path: 'specs/a.md', text: spec }], { path: RUNBOOK_PATH, text: runbook });
        expectNoInternalError(report);
      }),
      PARAMS,
    );
  });

  test('2. every finding, and every other mention of it, points inside the spec', () => {
    fc.assert(
      fc.property(documentText, documentText, (text, runbookText) => {
        const spec = { path: 'specs/a.md', text };
        const runbook = { path: RUNBOOK_PATH, text: runbookText };
        const report = checkDocuments([spec], runbook);
        const lines = editorLines(text);
        const runbookLines = editorLines(runbookText);
        for (const f of report.findings) {
          expect(f.file).toBe(spec.path);
          const where = { item: f.item, line: f.line, column: f.column, endLine: f.endLine, endColumn: f.endColumn };
          expect({ ...where, startInside: insideFile(lines, f.line, f.column) }).toEqual({
            ...where,
            startInside: true,
          });
          expect({ ...where, endInside: insideFile(lines, f.endLine, f.endColumn) }).toEqual({
            ...where,
            endInside: true,
          });
          expect({ ...where, endNotBeforeStart: notBefore({ line: f.endLine, column: f.endColumn }, f) }).toEqual({
            ...where,
            endNotBeforeStart: true,
          });
          for (const m of f.otherMentions) {
            expect({ ...m, inside: insideFile(lines, m.line, m.column) }).toEqual({ ...m, inside: true });
          }
          if (f.suggestion) {
            const s = f.suggestion;
            expect({ ...s, inside: insideFile(runbookLines, s.line, s.column) }).toEqual({ ...s, inside: true });
          }
        }
      }),
      PARAMS,
    );
  });

  test('3. determinism: the same input gives the same report, and the order of the specs does not matter', () => {
    const specs = fc.uniqueArray(fc.record({ path: specPath, text: documentText }), {
      selector: (d) => d.path,
      minLength: 1,
      maxLength: 4,
    });
    const input = specs.chain((list) =>
      fc.tuple(
        fc.constant(list),
        fc.shuffledSubarray(list, { minLength: list.length, maxLength: list.length }),
        documentText,
      ),
    );
    fc.assert(
      fc.property(input, ([list, shuffled, runbookText]) => {
        const runbook = { path: RUNBOOK_PATH, text: runbookText };
        const first = checkDocuments(list, runbook);
        const again = checkDocuments(
          list.map((d) => ({ ...d })),
          { ...runbook },
        );
        expect(again).toEqual(first);
        const reordered = checkDocuments(shuffled, runbook);
        expect(reordered.findings).toEqual(first.findings);
        expect(reordered).toEqual(first);
      }),
      PARAMS,
    );
  });

  test('4. every reference parseDocument(strict) returns has an offset in the text and the line/column of that offset', () => {
    fc.assert(
      fc.property(documentText, specPath, (text, path) => {
        const doc = parseDocument({ path, text }, 'strict', KINDS);
        for (const r of doc.references) {
          const where = { kind: r.kind, raw: r.raw, offset: r.offset };
          expect({
            ...where,
            inRange: Number.isInteger(r.offset) && r.offset >= 0 && r.offset <= doc.text.length,
          }).toEqual({ ...where, inRange: true });
          expect({ ...where, line: r.line, column: r.column }).toEqual({
            ...where,
            ...countedPosition(doc.text, r.offset),
          });
        }
      }),
      PARAMS,
    );
  });

  test('4b. extracting only some kinds (an unbound spec) gives exactly those items of the full extraction', () => {
    const SUBSETS = [['log'], ['log', 'endpoint'], ['script', 'env'], ['endpoint']] as const;
    let searched = 0;
    fc.assert(
      fc.property(documentText, specPath, fc.constantFrom(...SUBSETS), (text, path, only) => {
        const full = parseDocument({ path, text }, 'strict', KINDS);
        const narrowed = withReferences(readStructure({ path, text }), 'strict', KINDS, [], only);
        // How often the quick way gives up (an item that is not verbatim where its span says).
        const { search, ...doc } = readStructure({ path, text });
        if (referencesOf(doc, 'strict', only, [], search, true) === undefined) searched++;
        expect(narrowed.references).toEqual(
          full.references.filter((r) => (only as readonly string[]).includes(r.kind)),
        );
        expect({ ...narrowed, references: [] }).toEqual({ ...full, references: [] });
      }),
      PARAMS,
    );
    // The fallback to the full extraction was taken too, not only the quick way.
    expect(searched).toBeGreaterThan(RUNS / 20);
  });

  test('4c. where other kinds move the search cursor, the narrowed extraction still places items as the full one', () => {
    // The code block lost its "> " prefixes, so its items are searched for from a cursor the
    // endpoint and the script move: searched from the block's start, the log would land inside the URL.
    const text =
      '# T\n\n> ```sh\n> echo 1\n> curl https://h/api/logs/x.log\n> scripts/go.sh && tail api/logs/x.log\n> ```\n';
    const full = parseDocument({ path: 'specs/a.md', text }, 'strict', KINDS).references.filter(
      (r) => r.kind === 'log',
    );
    expect(full.map((r) => [r.raw, r.line, r.column])).toEqual([['api/logs/x.log', 6, 25]]);
    expect(
      withReferences(readStructure({ path: 'specs/a.md', text }), 'strict', KINDS, [], ['log']).references,
    ).toEqual(full);
  });

  describe('5. an item the runbook also names verbatim is never reported', () => {
    // Relative link targets resolve against the document's own directory: for the same text to
    // name the same files, the runbook sits next to the spec in the next two properties.
    const SIBLING_RUNBOOK = 'specs/RUNBOOK.md';

    test('the runbook is the spec, word for word', () => {
      fc.assert(
        fc.property(documentText, (text) => {
          const report = checkDocuments([{ path: 'specs/a.md', text }], { path: SIBLING_RUNBOOK, text });
          expect(findingsAt(report)).toEqual([]);
        }),
        PARAMS,
      );
    });

    test('any fragment, copied to the top of the runbook: nothing named in it is reported', () => {
      const input = fc.tuple(block, body(8), body(8), lineEnding, lineEnding, fc.boolean());
      fc.assert(
        fc.property(input, ([fragment, specRest, runbookRest, specEol, runbookEol, bom]) => {
          // A heading first, in both, so that the fragment is never read as front matter.
          const specText = finish(`# Notes\n\n${fragment}\n\n${BIND}\n\n${specRest}`, specEol, bom);
          const runbookText = finish(`# Notes\n\n${fragment}\n\n${runbookRest}`, runbookEol, false);
          const spec = { path: 'specs/a.md', text: specText };
          // Lines up to the fragment's end, counted after line endings are applied (mixed
          // endings can join a CR and the next LF into one CRLF).
          const fragmentLines = editorLines(finish(`# Notes\n\n${fragment}`, specEol, bom)).length;
          // What the spec names inside the fragment, as written there.
          const named = new Set(
            parseDocument(spec, 'strict', KINDS)
              .references.filter((r) => r.line <= fragmentLines)
              .map((r) => `${r.kind}\0${r.raw}`),
          );
          const report = checkDocuments([spec], { path: SIBLING_RUNBOOK, text: runbookText });
          const reported = report.findings.filter((f) => f.line <= fragmentLines && named.has(`${f.kind}\0${f.item}`));
          expect(
            reported.map(({ kind, item, canonical, line, column }) => ({ kind, item, canonical, line, column })),
          ).toEqual([]);
        }),
        PARAMS,
      );
    });

    /** One item, written the same way in both documents, each in its own context. */
    const namedItem = fc.oneof(
      plainLogPath.map((raw) => ({ kind: 'log' as const, raw, canonical: canonicalPath(raw, '') })),
      plainScriptPath
        .filter((s) => /\.(?:sh|bash)$/.test(s))
        .map((raw) => ({ kind: 'script' as const, raw, canonical: canonicalPath(raw, '') })),
      fc.tuple(method, fc.array(name, { minLength: 1, maxLength: 3 })).map(([m, segs]) => {
        const raw = `${m} /api/${segs.join('/')}`;
        return { kind: 'endpoint' as const, raw, canonical: canonicalEndpoint(m, `/api/${segs.join('/')}`) };
      }),
      fc
        .stringMatching(/^[A-Z][A-Z0-9]{1,5}(?:_[A-Z0-9]{1,5}){1,2}$/)
        .map((raw) => ({ kind: 'env' as const, raw, canonical: raw })),
    );
    const specContext = fc.constantFrom(
      (x: string) => `The service uses ${x} here.`,
      (x: string) => `Uses \`${x}\`.`,
      (x: string) => `Set \`${x}\` in the environment.`,
      (x: string) => `- ${x}`,
      (x: string) => `> Note: ${x}`,
      (x: string) => `| Item | Note |\n| --- | --- |\n| \`${x}\` | x |`,
      (x: string) => `## Section\n\nSee ${x} and set it in the environment.`,
      (x: string) => `Calls **${x}** or *${x}*, with ${x} set in the environment.`,
    );
    const runbookContext = fc.constantFrom(
      (x: string) => `${x}`,
      (x: string) => `- \`${x}\``,
      (x: string) => `| What | Where |\n| --- | --- |\n| thing | \`${x}\` |`,
      (x: string) => `Check ${x} first.`,
      (x: string) => `* **${x}**`,
      (x: string) => `## Reference\n\n> \`${x}\``,
    );

    test('a log path, script, endpoint or env var written the same way in spec and runbook', () => {
      const input = fc.tuple(namedItem, specContext, runbookContext, body(6), body(6), body(6), lineEnding, lineEnding);
      fc.assert(
        fc.property(input, ([item, inSpec, inRunbook, before, after, runbookRest, specEol, runbookEol]) => {
          const specText = finish(`${BIND}\n\n${before}\n\n${inSpec(item.raw)}\n\n${after}`, specEol, false);
          const runbookText = finish(`# Runbook\n\n${inRunbook(item.raw)}\n\n${runbookRest}`, runbookEol, true);
          const report = checkDocuments([{ path: 'specs/a.md', text: specText }], {
            path: RUNBOOK_PATH,
            text: runbookText,
          });
          const reported = report.findings.filter(
            (f) => f.kind === item.kind && f.item === item.raw && f.canonical === item.canonical,
          );
          expect(reported).toEqual([]);
        }),
        PARAMS,
      );
    });
  });
});

describe('edit distance', () => {
  /** The textbook full table, no shortcuts: what editDistance's shortcuts must agree with. */
  function reference(a: string, b: string, cap = 200): number {
    const s = a.slice(0, cap);
    const t = b.slice(0, cap);
    const d = Array.from({ length: s.length + 1 }, (_, i) =>
      Array.from({ length: t.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
    );
    for (let i = 1; i <= s.length; i++) {
      for (let j = 1; j <= t.length; j++)
        d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + (s[i - 1] === t[j - 1] ? 0 : 1));
    }
    return d[s.length]![t.length]!;
  }
  const text = fc.oneof(
    fc.string({ unit: fc.constantFrom('a', 'b', '/', '_', '.', 'l', 'o', 'g'), maxLength: 40 }),
    fc.string({ maxLength: 260 }),
  );

  test('editDistance equals the full table; similarityBound is never below similarity', () => {
    fc.assert(
      fc.property(text, text, (a, b) => {
        expect(editDistance(a, b)).toBe(reference(a, b));
        expect(similarityBound(a, b)).toBeGreaterThanOrEqual(similarity(a, b));
      }),
      { ...PARAMS, numRuns: RUNS * 5 },
    );
  });

  test('a long string after a short one: the reused rows grow and still give the right answer', () => {
    expect(editDistance('ab', 'ba')).toBe(2);
    const long = 'x'.repeat(190) + 'abc';
    expect(editDistance(long, 'x'.repeat(190) + 'acb')).toBe(reference(long, 'x'.repeat(190) + 'acb'));
    expect(editDistance('kitten', 'sitting')).toBe(3);
  });
});
