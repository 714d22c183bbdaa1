/**
 * The line scanner against marked's lexer: where the scanner answers, its tokens carry what
 * marked's would (type, raw text, and the fields the walker reads); where it does not, marked
 * reads that part; either way a document's structure (spans, headings, comments, offsets) is
 * the one marked alone gives. Fixed cases, generated documents (seeded) and, when present,
 * every Markdown file of the corpora.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { Lexer, type Token } from 'marked';
import { blockTokens, scanBlocks } from '../src/parse/block-scan.js';
import { readFrontMatter } from '../src/parse/frontmatter.js';
import { readMarkdown } from '../src/parse/markdown.js';
import { normalizeText } from '../src/parse/text.js';
import { CORPUS, FIXTURES, markdownFilesUnder } from './support/markdown-files.js';

const EXPLORE = process.env.SYNC_CHECK_EXPLORE === '1';
const PARAMS = EXPLORE ? { numRuns: 20000 } : { numRuns: 1500, seed: 0x5ca1ab1e };

const lex = (text: string): Token[] => new Lexer({ gfm: true }).blockTokens(text);

/** What markdown.ts's walker reads of a token. */
function project(tokens: readonly Token[]): unknown[] {
  return tokens.map((t) => {
    const any = t as any;
    const out: Record<string, unknown> = { type: t.type, raw: t.raw };
    if (['paragraph', 'text', 'heading', 'code'].includes(t.type)) out.text = any.text;
    if (t.type === 'heading') out.depth = any.depth;
    if (t.type === 'code') out.lang = any.lang ?? '';
    if (t.type === 'table') {
      out.header = any.header.map((c: any) => c.text);
      out.rows = any.rows.map((r: any[]) => r.map((c) => c.text));
    }
    if (t.type === 'list') out.items = any.items.map((item: any) => project(item.tokens));
    return out;
  });
}

function expectSameStructure(text: string): void {
  expect(readMarkdown(text, 0)).toEqual(readMarkdown(text, 0, undefined, { scan: false }));
}

describe('block scanner', () => {
  const MODELLED = [
    '# Title\n\nA paragraph\nover two lines.\n',
    '\n\n# Late title\nText right under it.\n\n\n## Two #\n### Closing ###\n#### Kept#\n',
    '```bash\n./scripts/run.sh --dry-run\n```\n\n~~~\nplain\n~~~\n',
    '````md\n```\nnested\n```\n````\n```\n```\n```\n\n```\n',
    'Before a fence\n```js\nconst x = 1;\n\n```\nafter',
    '| Path | Purpose |\n|------|:-------:|\n| `api/logs/a.log` | runs \\| pipes |\n| only one |\n',
    'a | b\n--|--\nrow | x | extra\n\n# Next',
    '- one\n- two  \n- three\n* star\n+ plus\n1. first\n2) second\n3) third\n',
    'x\n:--\n',
    '- [ ] todo `a.log`\n- [x] done\n- [X]  upper\n',
    'Intro:\n- a\n- b\n\n---\n\n***\n___\nText\n***\n',
    '# H\n- item\n# H2\n```\ncode\n```\n- x\n---\n',
    'No trailing newline',
    '',
    '\n',
    '#tag is text\n####### seven\n[link](x.md) here\n[a] [b]\n',
    '- a\n  - nested\n    - deeper\n  * other kind\n- b\n1. one\n   1. nested one\n   2. two\n',
    '- [ ] task\n  - [x] nested task\n- last\n',
  ];
  it.each(MODELLED)('reads %j as marked does', (text) => {
    const mine = scanBlocks(text);
    expect(mine).toBeDefined();
    expect(project(mine!)).toEqual(project(lex(text)));
    expectSameStructure(text);
  });

  const LEFT_TO_MARKED = [
    'Para\n---\n',
    'Para\n===\n',
    '  indented\n',
    '    code\n',
    '> quote\n',
    '<div>\nx\n</div>\n',
    '[ref]: https://example.com\n',
    '[multi\nline]: /x\n',
    '- a\nlazy\n',
    '- a\n\n- loose\n',
    '- a\n 1 space\n',
    '- a\n   - too deep for a, not for its text\n',
    '1. a\n   2. cannot follow text\n',
    '- a\n  text under it\n',
    '- a\n  - b\n\n  - loose child\n',
    '- a\n\n  continued\n',
    '```\nnever closed\n',
    '```x`y\n```\n',
    'tab\there\n',
    'cr\r\n',
    'Para\n2. two\n',
    'a\nb | c\n|---|---|\n',
    '| a | b |\n|---|\n',
    '- \n',
    '-      five spaces\n',
    '* * *\n',
    '- trailing  ',
  ];
  it.each(LEFT_TO_MARKED)('leaves %j to marked', (text) => {
    expect(scanBlocks(text)).toBeUndefined();
    expectSameStructure(text);
  });

  it('cuts a document at headings, and reads each part by the scanner or by marked', () => {
    const text = '# A\n\n- a\n  lazy text\n\n# B\n\nPlain `api/logs/b.log`.\n\n# C\n> quote\n';
    const stats = { scanned: 0, lexed: 0 };
    const tokens = blockTokens(text, lex, stats);
    expect(stats).toEqual({ scanned: 1, lexed: 2 });
    expect(project(tokens!)).toEqual(project(lex(text)));
    expectSameStructure(text);
  });

  it('makes no cut where a heading line may sit inside a block', () => {
    for (const text of [
      '<div>\n\n# inside html\n\n</div>\n# after\n',
      '- a\n  ```\n# x\n  ```\n',
      '[label\n# x]: /url\n',
      '```\n# in code\n```\n# out\n',
    ]) {
      expect(project(blockTokens(text, lex)!)).toEqual(project(lex(text)));
      expectSameStructure(text);
    }
  });

  it('agrees with marked on generated documents', () => {
    const word = fc.constantFrom(
      'api/logs/a.log',
      '`./run.sh`',
      'text',
      '**b**',
      '[l](x.md)',
      '#tag',
      'A_B',
      '|',
      '\\|',
    );
    const phrase = fc.array(word, { minLength: 1, maxLength: 4 }).map((ws) => ws.join(' '));
    const line = fc.oneof(
      { weight: 4, arbitrary: phrase },
      fc.constantFrom('', '', '# H', '## H ##', '### #', '```', '```sh', '~~~', '````', '---', '***', '___', '==='),
      fc
        .constantFrom('- ', '* ', '+ ', '1. ', '2) ', '- [ ] ', '- [x] ', '  - ', '> ', '    ')
        .chain((m) => phrase.map((p) => m + p)),
      fc.constantFrom('| a | b |', '|---|---|', 'a | b', '--|--', ':--', '| x |', '|:-:|', '<!-- c -->', '[r]: /u'),
      fc.constantFrom(' ', '\t', 'x\ty', '- ', '-', '1.', ' # H', '   ```', 'trail  '),
    );
    fc.assert(
      fc.property(fc.array(line, { maxLength: 14 }), fc.boolean(), (lines, newline) => {
        const text = lines.join('\n') + (newline ? '\n' : '');
        const mine = scanBlocks(text);
        if (mine) expect(project(mine)).toEqual(project(lex(text)));
        expect(project(blockTokens(text, lex) ?? [])).toEqual(project(lex(text)));
        expectSameStructure(text);
      }),
      PARAMS,
    );
  });

  it('agrees with marked on generated documents made of what it models', () => {
    let scanned = 0;
    const word = fc.constantFrom(
      'api/logs/a.log',
      '`x`',
      'text',
      '**b**',
      '[l](x.md)',
      '#tag',
      '|',
      '\\|',
      '[ ]',
      '-',
      '1.',
    );
    const phrase = fc.array(word, { minLength: 1, maxLength: 3 }).map((ws) => ws.join(' '));
    const line = fc.oneof(
      { weight: 4, arbitrary: phrase },
      fc.constantFrom('', '', '', '# H', '## H ##', '```', '```sh', '~~~', '````', '---', '***', '___'),
      fc
        .constantFrom('- ', '* ', '1. ', '2) ', '- [ ] ', '- [x] ', '-  ', '3.   ')
        .chain((m) => phrase.map((p) => m + p)),
      fc.constantFrom('| a | b |', '|---|---|', 'a | b', '--|--', ':--', '| x |', '|:-:|', 'x | y | z'),
    );
    fc.assert(
      fc.property(fc.array(line, { maxLength: 12 }), fc.boolean(), (lines, newline) => {
        const text = lines.join('\n') + (newline ? '\n' : '');
        const mine = scanBlocks(text);
        if (mine) {
          scanned++;
          expect(project(mine)).toEqual(project(lex(text)));
        }
        expectSameStructure(text);
      }),
      PARAMS,
    );
    // The generator is meant to reach the scanner, not only marked.
    expect(scanned).toBeGreaterThan(PARAMS.numRuns / 10);
  });

  it('agrees with marked on every Markdown file of the fixtures and corpora at hand', () => {
    const files = markdownFilesUnder(FIXTURES, CORPUS);
    for (const file of files) {
      // As the pipeline reads it: line endings and a BOM normalised first.
      const text = normalizeText(readFileSync(file, 'utf8'));
      const { bodyOffset } = readFrontMatter(file, text);
      expect(readMarkdown(text, bodyOffset)).toEqual(readMarkdown(text, bodyOffset, undefined, { scan: false }));
    }
    expect(files.length).toBeGreaterThan(0);
  });
});
