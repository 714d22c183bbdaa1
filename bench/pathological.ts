/**
 * Pathological Markdown: the inputs that make Markdown parsers (and naive extractors) slow,
 * recurse without bound or allocate without bound. Each generator returns about `size`
 * characters. Shared by the hostile-input tests and the benchmark.
 */
export const MIB = 1 << 20;

function repeat(unit: string, size: number): string {
  return unit.repeat(Math.ceil(size / unit.length)).slice(0, size);
}

export const PATHOLOGICAL: Record<string, (size: number) => string> = {
  'deep block quotes (one line)': (size) => `${'>'.repeat(size - 16)} api/logs/q.log\n`,
  'deep block quotes (many lines)': (size) => repeat(`${'> '.repeat(40)}\`api/logs/q.log\`\n`, size),
  'deep bullet lists': (size) =>
    Array.from({ length: 4000 }, (_, i) => `${' '.repeat(i * 2)}- item \`api/logs/l.log\``)
      .join('\n')
      .slice(0, size),
  'deep ordered lists': (size) => repeat(`${'1. '.repeat(40)}x\n`, size),
  'one very long line': (size) => repeat('word api/logs/long.log ', size),
  'long emphasis run': (size) => `${'*'.repeat(size / 2)}a${'_'.repeat(size / 2 - 1)}`,
  'emphasis words': (size) => repeat('*a _b ', size),
  'bracket run': (size) => `${'['.repeat(size / 2)}${']'.repeat(size / 2)}`,
  'link openers': (size) => repeat('](', size),
  'many code spans': (size) => repeat('`a`', size),
  'backtick runs': (size) =>
    Array.from({ length: 1400 }, (_, i) => `${'`'.repeat(i + 1)}x`)
      .join(' ')
      .slice(0, size),
  'huge table with escaped pipes': (size) =>
    `| a | b |\n|---|---|\n${repeat('| `x\\|y` | api/logs/t.log |\n', size - 20)}`,
  'very wide table': (size) => `|${'a|'.repeat(size / 4)}\n|${'-|'.repeat(size / 4)}\n`,
  'unclosed fence': (size) => `\`\`\`\n${repeat('x `api/logs/f.log`\n', size)}`,
  'many fences': (size) => repeat('```\n', size),
  'unclosed HTML comment': (size) => `<!--${repeat('a -- b ', size)}`,
  'many headings': (size) => repeat('# h\n', size),
  'dense items': (size) => repeat('api/logs/x.log scripts/run.sh GET /api/x LOG_LEVEL=1 ', size),
  'long shell block': (size) =>
    `\`\`\`bash\n${repeat('cd a && ./scripts/x.sh --f | python3 b.py; make t\n', size)}\`\`\`\n`,
  'unbalanced quotes in code': (size) => `\`\`\`bash\n${repeat('"\'', size)}\n\`\`\`\n`,
  // Trailing-run patterns (/[.,]+$/) are quadratic on a run that is not at the end.
  'dot run inside a word': (size) => `x ${'.'.repeat(size - 4)}x`,
  'punctuation run after an endpoint': (size) => `GET /a${'.'.repeat(size - 8)}x`,
  'closing parens in code': (size) => `\`\`\`\n${')'.repeat(size - 10)}a\n\`\`\`\n`,
  'spaces inside a heading': (size) => `# *a*${' '.repeat(size - 10)}x#\n`,
  'deep YAML front matter': (size) => `---\n${repeat('[', Math.min(size, 60_000))}\n---\n# T\n`,
  // Binding: a runbook mention on a line of file-like runs, a list line of many mentions, many operating sections.
  'runbook named beside dotted runs': (size) => repeat(`See docs/RUNBOOK.md ${'a.'.repeat(4000)}\n`, size),
  'runbook named many times on a list line': (size) => `- ${repeat('`docs/RUNBOOK.md`, ', size - 4)}\n`,
  // Each a one-line directive before an item: looked up by line, not scanned per item.
  'many inline directives': (size) =>
    repeat('<!-- sync-check-ignore-next-line env:NOPE_* -->\n- Writes `logs/f.log`.\n\n', size),
  'many operating sections': (size) => repeat('## Operations\n\n## API\n\n- `FOO_BAR=1` in a sentence.\n\n', size),
};
