import { checkDocuments, type Finding } from '../src/index.js';

/**
 * Findings point at the item in the file as it is on disk: 1-based line and column (UTF-16
 * code units), front matter included; endLine/endColumn is the position just after the item.
 * Expected positions are computed from the test text by `at`, which knows nothing of Markdown.
 */

const RUNBOOK = { path: 'docs/RUNBOOK.md', text: '# Runbook\n' };
const BIND = 'Document every change in docs/RUNBOOK.md.\n\n';

function findings(text: string): Finding[] {
  return checkDocuments([{ path: 'specs/a.md', text }], RUNBOOK).findings;
}

/** Position of the `nth` occurrence of `needle`, as an editor shows it (a BOM is not a column). */
function at(text: string, needle: string, nth = 0): { line: number; column: number } {
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  let seen = 0;
  for (let i = 0; i < lines.length; i++) {
    for (let c = lines[i]!.indexOf(needle); c !== -1; c = lines[i]!.indexOf(needle, c + 1)) {
      if (seen++ === nth) return { line: i + 1, column: c + 1 };
    }
  }
  throw new Error(`"${needle}" (#${nth}) is not in the text`);
}

/** The single finding for `item`, which must exist. */
function only(text: string, item: string): Finding {
  const f = findings(text).filter((x) => (x.written ?? x.item) === item);
  expect(f).toHaveLength(1);
  return f[0]!;
}

/** The finding for `needle` starts where `needle` does and ends right after it, on the same line. */
function expectSpan(text: string, needle: string, nth = 0, item = needle): void {
  const f = only(text, item);
  const start = at(text, needle, nth);
  expect({ line: f.line, column: f.column, endLine: f.endLine, endColumn: f.endColumn }).toEqual({
    ...start,
    endLine: start.line,
    endColumn: start.column + needle.length,
  });
}

test('the helper counts lines and columns from 1', () => {
  expect(at('ab\ncd x\n', 'x')).toEqual({ line: 2, column: 4 });
  expect(at('x\r\n x', 'x', 1)).toEqual({ line: 2, column: 2 });
  expect(at('\uFEFFx', 'x')).toEqual({ line: 1, column: 1 });
});

describe('block contexts', () => {
  test('a paragraph', () => {
    const text = '# Spec\n\nThe worker writes api/logs/p.log daily.\n';
    expectSpan(text, 'api/logs/p.log');
    expect(only(text, 'api/logs/p.log')).toMatchObject({ line: 3, column: 19, endLine: 3, endColumn: 33 });
  });

  test('the second line of a wrapped paragraph', () => {
    const text = '# Spec\n\nFirst line of the paragraph\ncontinues with api/logs/w.log here.\n';
    expectSpan(text, 'api/logs/w.log');
  });

  test('an inline code span', () => {
    const text = '# Spec\n\nThe worker writes `api/logs/c.log` daily.\n';
    expectSpan(text, 'api/logs/c.log');
    expect(only(text, 'api/logs/c.log')).toMatchObject({ line: 3, column: 20, endColumn: 34 });
  });

  test('emphasis, a heading and a tab-separated line', () => {
    const text =
      '# Spec\n\nBold **api/logs/e.log** and _api/logs/f.log_.\n\n## Logs in api/logs/h.log\n\ntab\tsep\t`api/logs/t.log`\n';
    expectSpan(text, 'api/logs/e.log');
    expectSpan(text, 'api/logs/f.log');
    expectSpan(text, 'api/logs/h.log');
    expectSpan(text, 'api/logs/t.log');
  });

  test('nested list items', () => {
    const text =
      '# Spec\n\n- top\n  - nested writes `api/logs/n.log` here\n    - deeper `api/logs/n2.log`\n      and continues with api/logs/n3.log\n';
    expectSpan(text, 'api/logs/n.log');
    expectSpan(text, 'api/logs/n2.log');
    expectSpan(text, 'api/logs/n3.log');
  });

  test('a task-list item and a loose nested list', () => {
    const text = '# Spec\n\n- [ ] Writes `api/logs/task.log` now.\n\n* a\n\n  * b\n\n    Writes `api/logs/deep.log`.\n';
    expectSpan(text, 'api/logs/task.log');
    expectSpan(text, 'api/logs/deep.log');
  });

  test('table cells', () => {
    const text = '# Spec\n\n| A | B |\n|---|---|\n| x | y |\n| z | `api/logs/t.log` |\n| a \\| b | api/logs/u.log |\n';
    expectSpan(text, 'api/logs/t.log');
    expectSpan(text, 'api/logs/u.log');
    expect(only(text, 'api/logs/t.log')).toMatchObject({ line: 6, column: 8 });
  });

  test('a fenced code block line', () => {
    const text = `# Spec\n\n${BIND}\`\`\`bash\ncd /tmp\n  tail -f api/logs/f.log\ncurl -X PATCH http://localhost:8000/api/tasks/{id}\n\`\`\`\n`;
    expectSpan(text, 'api/logs/f.log');
    expectSpan(text, 'PATCH http://localhost:8000/api/tasks/{id}');
  });

  test('a fenced code block inside a list item, and a tilde fence', () => {
    const text =
      '# Spec\n\n1. item\n\n   ```bash\n   tail -f api/logs/li.log\n   ```\n\n~~~\ntail api/logs/tilde.log\n~~~\n';
    expectSpan(text, 'api/logs/li.log');
    expectSpan(text, 'api/logs/tilde.log');
  });

  test('an indented code block', () => {
    const text = '# Spec\n\nIntro.\n\n    indented code api/logs/ic.log\n';
    expectSpan(text, 'api/logs/ic.log');
  });

  test('block quotes, nested and continued', () => {
    const text =
      '# Spec\n\n> Quote: writes `api/logs/q.log`.\n> > nested api/logs/q2.log\n\n> a\n> continues `api/logs/q3.log`\n\n> - quoted list `api/logs/q4.log`\n';
    expectSpan(text, 'api/logs/q.log');
    expectSpan(text, 'api/logs/q2.log');
    expectSpan(text, 'api/logs/q3.log');
    expectSpan(text, 'api/logs/q4.log');
  });

  test('HTML blocks', () => {
    const text = '# Spec\n\n<details>\n\nWrites `api/logs/html.log`\n\n</details>\n';
    expectSpan(text, 'api/logs/html.log');
  });

  test('items of every kind on one line', () => {
    const text = `# Spec\n\n${BIND}Writes \`api/logs/a.log\`; run \`./scripts/x.sh\`; call \`GET /api/x\`; set \`FOO_BAR\` in the environment.\n`;
    expectSpan(text, 'api/logs/a.log');
    expectSpan(text, './scripts/x.sh');
    expectSpan(text, 'GET /api/x');
    expectSpan(text, 'FOO_BAR');
  });

  test('columns count UTF-16 code units', () => {
    const text = '# Spec\n\nEmoji 🚀 before `api/logs/emoji.log`.\n';
    expectSpan(text, 'api/logs/emoji.log');
    expect(only(text, 'api/logs/emoji.log').column).toBe('Emoji 🚀 before `'.length + 1);
  });
});

describe('front matter', () => {
  const FM = '---\ntitle: x\nlogs:\n  - api/logs/fm.log\nenv:\n  FOO_BAR: 1\n---\n';

  test('items in YAML front matter are placed on their own lines', () => {
    const text = `${FM}# Spec\n\n${BIND}Body.\n`;
    expectSpan(text, 'api/logs/fm.log');
    expectSpan(text, 'FOO_BAR');
    expect(only(text, 'api/logs/fm.log')).toMatchObject({ line: 4, column: 5 });
  });

  test('a flow sequence in front matter', () => {
    const text = `---\nenv: [A_B, C_D]\n---\n# Spec\n\n${BIND}Body.\n`;
    expectSpan(text, 'A_B');
    expectSpan(text, 'C_D');
  });

  test('body line numbers include the front matter', () => {
    const text = `${FM}# Spec\n\nBody \`api/logs/b.log\`.\n`;
    expectSpan(text, 'api/logs/b.log');
    expect(only(text, 'api/logs/b.log')).toMatchObject({ line: 10, column: 7 });
  });
});

describe('line ends and byte order mark', () => {
  test('CRLF line ends', () => {
    const text = `# Spec\r\n\r\nLine\r\n\r\nWrites \`api/logs/c.log\`.\r\n\r\n\`\`\`bash\r\n  tail api/logs/d.log\r\n\`\`\`\r\n`;
    expectSpan(text, 'api/logs/c.log');
    expectSpan(text, 'api/logs/d.log');
    expect(only(text, 'api/logs/d.log')).toMatchObject({ line: 8, column: 8 });
  });

  test('CRLF with front matter', () => {
    const text = '---\r\nlogs:\r\n  - api/logs/fm.log\r\n---\r\nWrites `api/logs/b.log`.\r\n';
    expectSpan(text, 'api/logs/fm.log');
    expectSpan(text, 'api/logs/b.log');
  });

  test('a UTF-8 BOM does not shift columns on line 1, nor lines after it', () => {
    const text = '\uFEFFWrites `api/logs/bom.log`.\n\nAnd `api/logs/bom2.log`.\n';
    expectSpan(text, 'api/logs/bom.log');
    expectSpan(text, 'api/logs/bom2.log');
    expect(only(text, 'api/logs/bom.log')).toMatchObject({ line: 1, column: 9, endLine: 1, endColumn: 25 });
  });

  test('a UTF-8 BOM before front matter', () => {
    const text = '\uFEFF---\nlogs: [api/logs/fm.log]\n---\n# Spec\n\nWrites `api/logs/b.log`.\n';
    expectSpan(text, 'api/logs/fm.log');
    expectSpan(text, 'api/logs/b.log');
  });
});

describe('end positions and later mentions', () => {
  test('endLine/endColumn cover the item for each kind', () => {
    const text =
      `# Spec\n\n${BIND}\`\`\`bash\nLOG_LEVEL=debug make deploy\nnpm run build:web\n.venv/bin/python scripts/check_pipeline.py --json\n\`\`\`\n\n` +
      'Calls GET /api/tasks/{task_id}/retry.\n';
    expectSpan(text, 'LOG_LEVEL');
    expectSpan(text, 'make deploy');
    expectSpan(text, 'npm run build:web');
    expectSpan(text, 'scripts/check_pipeline.py');
    expectSpan(text, 'GET /api/tasks/{task_id}/retry');
  });

  test('later mentions have exact positions', () => {
    const text =
      '# Spec\n\na `api/logs/t.log` b `api/logs/t.log`\n\n```bash\ntail api/logs/t.log\n```\n\n- see api/logs/t.log\n';
    const f = only(text, 'api/logs/t.log');
    expect({ line: f.line, column: f.column }).toEqual(at(text, 'api/logs/t.log', 0));
    expect(f.otherMentions).toEqual(
      [1, 2, 3].map((n) => ({ raw: 'api/logs/t.log', ...at(text, 'api/logs/t.log', n) })),
    );
  });

  test('identical paragraphs and code blocks are told apart', () => {
    const text =
      '# Spec\n\n`api/logs/a.log`\n\n`api/logs/a.log`\n\n```\ntail api/logs/a.log\n```\n\n```\ntail api/logs/a.log\n```\n';
    const f = only(text, 'api/logs/a.log');
    expect(f.otherMentions).toEqual(
      [1, 2, 3].map((n) => ({ raw: 'api/logs/a.log', ...at(text, 'api/logs/a.log', n) })),
    );
  });

  test('identical list items are told apart', () => {
    const text = '# Spec\n\n- `api/logs/a.log`\n- `api/logs/a.log`\n';
    expect(only(text, 'api/logs/a.log').otherMentions).toEqual([
      { raw: 'api/logs/a.log', ...at(text, 'api/logs/a.log', 1) },
    ]);
  });

  test('identical table cells are told apart', () => {
    const text = '# Spec\n\n| A |\n|---|\n| api/logs/a.log |\n| api/logs/a.log |\n';
    expect(only(text, 'api/logs/a.log').otherMentions).toEqual([
      { raw: 'api/logs/a.log', ...at(text, 'api/logs/a.log', 1) },
    ]);
  });

  test('identical block-quote paragraphs are told apart', () => {
    const text = '# Spec\n\n> `api/logs/a.log`\n>\n> `api/logs/a.log`\n';
    expect(only(text, 'api/logs/a.log').otherMentions).toEqual([
      { raw: 'api/logs/a.log', ...at(text, 'api/logs/a.log', 1) },
    ]);
  });

  test('a list item whose first line repeats an earlier one is placed on its own line', () => {
    const text = '# Spec\n\n- Old:\n  see https://example.com/api/logs/a.log\n- Old:\n  writes `api/logs/a.log`\n';
    expectSpan(text, 'api/logs/a.log', 1);
  });

  test('a make target continued on the next line ends where the target ends', () => {
    const text = '# Spec\n\n' + BIND + '```bash\nmake \\\n  deploy\n```\n';
    const f = only(text, 'make deploy');
    expect({ line: f.line, column: f.column }).toEqual(at(text, 'make \\'));
    const end = at(text, '  deploy');
    expect({ endLine: f.endLine, endColumn: f.endColumn }).toEqual({
      endLine: end.line,
      endColumn: end.column + '  deploy'.length,
    });
  });
});
