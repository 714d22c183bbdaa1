/**
 * The fast reader of plain YAML front matter against the `yaml` package: where the fast reader
 * answers, data, scalars (with their offsets) and diagnostics are the ones the package gives;
 * where it does not model the text, it says so and the package reads it.
 */
import { existsSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { readFrontMatter } from '../src/parse/frontmatter.js';
import { readPlainYaml } from '../src/parse/plain-yaml.js';
import { CORPUS, markdownFilesUnder } from './support/markdown-files.js';

const EXPLORE = process.env.SYNC_CHECK_EXPLORE === '1';
const PARAMS = EXPLORE ? { numRuns: 5000 } : { numRuns: 500, seed: 0x5ca1ab1e };

function doc(matter: string): string {
  return `---\n${matter}\n---\n# Body\n`;
}

/** Whether the fast reader answered for this document (and did not leave it to the package). */
function modelled(text: string): boolean {
  const close = text.indexOf('\n---\n', 3);
  return readPlainYaml(text, 4, close) !== undefined;
}

function expectSame(text: string): void {
  expect(readFrontMatter('s.md', text)).toEqual(readFrontMatter('s.md', text, { plain: false }));
}

describe('plain YAML front matter', () => {
  const MODELLED = [
    'title: Worker logging',
    'title: "Quoted: with colon"\nstatus: draft',
    "owner: 'single quoted'\nid: 42\nneg: -7\nplus: +3\nlead: 007",
    'enabled: true\noff: False\nyes: TRUE\nnothing: null\ntilde: ~\nempty:',
    'url: https://example.com/a:b\nhash: a#b\npath: api/logs/x.log',
    'env:\n  - LOG_LEVEL\n  - DATA_DIR\nnext: 1',
    'scripts:\n- ./scripts/a.sh\n- make deploy',
    '# a comment\n\ntitle: x\n  # indented comment\nlist:\n  - a\n\n  - b',
    'date: 2026-01-15\nversion: 1.2.3\nunicode: 日本語のタイトル',
    'trailing: value   \nspaces: a  b',
    'big: 123456789012345678901234567890',
  ];
  it.each(MODELLED.filter((m) => !m.startsWith('big')))('reads %j as the yaml package does', (matter) => {
    const text = doc(matter);
    expect(modelled(text)).toBe(true);
    expectSame(text);
  });

  it('gives each scalar the offset of its first character (the quote of a quoted one)', () => {
    const text = doc('title: "Q"\nenv:\n  - LOG_LEVEL');
    const { scalars } = readFrontMatter('s.md', text);
    expect(scalars.map((s) => [s.keyPath.join('.'), s.value, text.slice(s.offset, s.offset + 3)])).toEqual([
      ['title', 'Q', '"Q"'],
      ['env', 'LOG_LEVEL', 'LOG'],
    ]);
  });

  const LEFT_TO_THE_PACKAGE = [
    'meta:\n  author: x',
    'tags: [a, b]',
    'map: {a: 1}',
    'ratio: 1.5',
    'hex: 0x1f',
    'inf: .inf',
    'anchor: &a x\nref: *a',
    'tagged: !!str 5',
    'block: |\n  text',
    'folded: >\n  text',
    'title: a\ntitle: b',
    'multi: first\n  continued',
    'note: value # comment',
    'esc: "a\\nb"',
    "apos: 'it''s'",
    'nested: a: b',
    'tab:\tx',
    'cr: x\r',
    '__proto__: x',
    'true: x',
    'key:value',
    '- a\n- b',
    'list:\n  - \n  - b',
    'list:\n  - a\n    - b',
    'big: 123456789012345678901234567890',
    '# only a comment',
  ];
  it.each(LEFT_TO_THE_PACKAGE)('leaves %j to the yaml package', (matter) => {
    const text = doc(matter);
    expect(modelled(text)).toBe(false);
    expectSame(text);
  });

  it('agrees with the yaml package on generated front matter', () => {
    const key = fc.constantFrom('title', 'status', 'env', 'owner', 'id', 'true', 'a-b', 'x_y', 'list', 'title');
    const value = fc.oneof(
      fc.constantFrom('draft', 'api/logs/x.log', '42', '-1', '1.5', 'true', 'null', '~', '', '"q"', "'s'", 'a: b'),
      fc.constantFrom('a #c', 'a#c', '[a]', '{a: 1}', '&x', '*x', '!t', '|', '>', '"e\\"x"', 'https://x:1/y', '0o7'),
      fc.string({ maxLength: 12 }),
    );
    const line = fc.oneof(
      fc.tuple(key, value).map(([k, v]) => `${k}: ${v}`),
      fc.tuple(key).map(([k]) => `${k}:`),
      fc.tuple(fc.constantFrom('', ' ', '  ', '   '), value).map(([i, v]) => `${i}- ${v}`),
      fc.constantFrom('', '# c', '  # c', '  nested: x', '\tx: 1', 'k:v'),
    );
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 8 }), (lines) => {
        const matter = lines.join('\n');
        // The closing line is the first "---" line; generated text must not end the front matter early.
        fc.pre(!/(^|\n)---/.test(matter));
        expectSame(doc(matter));
      }),
      PARAMS,
    );
  });

  (existsSync(CORPUS) ? it : it.skip)('agrees with the yaml package on every Markdown file of the corpora', () => {
    let checked = 0;
    for (const file of markdownFilesUnder(CORPUS)) {
      const text = readFileSync(file, 'utf8');
      if (!text.startsWith('---')) continue;
      checked++;
      expect(readFrontMatter(file, text)).toEqual(readFrontMatter(file, text, { plain: false }));
    }
    expect(checked).toBeGreaterThan(0);
  });
});
