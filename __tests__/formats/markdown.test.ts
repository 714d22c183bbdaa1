import type { Tokens } from 'marked';
import { formatMarkdown } from '../../src/format/markdown.js';
import {
  A,
  B,
  CLEAN,
  clone,
  codeSpans,
  decodeHtml,
  EVIL_FILE,
  EVIL_ITEM_LINE,
  EVIL_SCRIPT_ITEM,
  EVIL_SUGGESTION,
  HOSTILE,
  LEAKED_HTML,
  LINK_BASE,
  OPTIONS,
  render,
  REPORT,
  tokensOf,
} from './fixtures.js';

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
