/**
 * Output that cannot be turned against its reader: for generated hostile text in specs, file
 * names, headings and the runbook, no format writes a line that starts a GitHub workflow
 * command (except the github format's own commands), a raw control character, or live HTML.
 */
import fc from 'fast-check';
import { checkDocuments } from '../src/core/check-documents.js';
import { formatReport } from '../src/format/index.js';
import { FORMATS } from '../src/format/names.js';
import { guardOutput } from '../src/format/shared.js';
import { marked } from 'marked';

const HOSTILE = [
  '\n::error file=x::pwn',
  '\r::add-mask::secret',
  '::stop-commands::t',
  '\u2028::error::a',
  '\u0085::warning::b',
  '\u001b]8;;http://evil\u0007x',
  '\u001b[2J',
  '\u0000',
  '\u007f',
  '\u009b31m',
  '<details>',
  '</details><img src=x onerror=alert(1)>',
  '![x](http://evil/a.png)',
  '@someone',
  '@org/team',
  '`',
  '``',
  '|',
  '</summary>',
  '<script>',
  '[link](javascript:alert(1))',
  '%0A::error::c',
  '&lt;',
  '\t',
  'https://evil.example/x',
  'www.evil.example',
  'mailto:a@evil.example',
  'a@evil.example',
  '#123',
  'GH-12',
  '!34',
];
const fragment = fc.oneof(fc.constantFrom(...HOSTILE), fc.stringMatching(/^[a-z_./-]{1,8}$/));
const hostile = fc.array(fragment, { minLength: 1, maxLength: 6 }).map((parts) => parts.join(''));

function reportFor(name: string, heading: string, file: string) {
  const spec = `# ${heading}\n\nOperators follow docs/RUNBOOK.md.\n\n- Writes \`logs/${name}.log\`; set \`${name.replace(/[^A-Z_]/gi, '').toUpperCase() || 'X'}_VAR=1\`.\n- Run \`./scripts/${name}.sh\`; serve \`GET /api/${name}\`.\n`;
  const runbook = `# Runbook\n\n## ${heading}\n\n- \`./scripts/gone-${name}.sh\`\n- \`logs/other-${name}.log\`\n`;
  return checkDocuments([{ path: `specs/${file}.md`, text: spec }], { path: 'docs/RUNBOOK.md', text: runbook });
}

const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

describe('every format, for hostile document text', () => {
  test("no workflow command but the github format's own, no control character, no live HTML in Markdown", () => {
    fc.assert(
      fc.property(hostile, hostile, hostile, (name, heading, file) => {
        const report = reportFor(name, heading, file);
        for (const format of FORMATS) {
          const raw = formatReport(report, format, { color: false, toolVersion: '0.0.0' });
          // The CLI writes every format but github through guardOutput; github escapes its own properties.
          const text = format === 'github' ? raw : guardOutput(raw);
          const lines = text.split('\n');
          for (const line of lines) {
            if (format === 'github')
              expect(line === '' || /^::(?:error|warning|notice) [^\n]*::[^\n]*$/.test(line)).toBe(true);
            else expect(line).not.toMatch(/^\s*::/);
            expect(line).not.toMatch(CONTROL);
          }
          if (format === 'markdown' || format === 'checklist') {
            // Code spans show their text literally; an escaped backtick (\`) opens none.
            const outsideCode = text.replace(/(?<![\\`])(`+)(?!`)[^\n]*?(?<!`)\1(?!`)/g, '');
            expect(outsideCode).not.toMatch(
              /<(?:details|summary|img|script)\b|<\/(?:details|summary)>|!\[[^\]]*\]\(http/,
            );
            expect(outsideCode).not.toMatch(/(?<![\w`])@[a-z]/i);
            // No link but sync-check's own (relative file links): no autolinked URL, address or reference.
            const html = marked.parse(text, { gfm: true, async: false }) as string;
            for (const [, href] of html.matchAll(/<a href="([^"]*)"/g)) expect(href).toMatch(/^(?:specs|docs)\//);
            expect(outsideCode.replace(/\]\([^)\s]*\)/g, ']')).not.toMatch(/(?:^|[^\w&])#\d|\bGH-\d|!\d/);
          }
        }
      }),
      // A fixed seed: the verdict depends on the code, not the draw (SYNC_CHECK_EXPLORE=1 draws anew).
      process.env['SYNC_CHECK_EXPLORE'] ? { numRuns: 1500 } : { numRuns: 150, seed: 0x5ca1ab1e },
    );
  });

  test('a file name that unbalances a link text cannot turn the link destination into an autolink', () => {
    const report = reportFor('x', 'Logs', '[link](javascript:alert(1))_www.evil.example');
    for (const format of ['markdown', 'checklist'] as const) {
      const text = guardOutput(formatReport(report, format, { color: false, toolVersion: '0.0.0' }));
      const html = marked.parse(text, { gfm: true, async: false }) as string;
      for (const [, href] of html.matchAll(/<a href="([^"]*)"/g))
        expect({ format, href }).toEqual({ format, href: expect.stringMatching(/^(?:specs|docs)\//) });
    }
  });

  test('guardOutput: a CR, ESC, U+2028 or a leading :: never survives; newlines and tabs do', () => {
    expect(guardOutput('a\r::error::x\n::warning::y\n  ::notice::z\tq\n')).toBe(
      'a\uFFFD::error::x\n:\u200B:warning::y\n  :\u200B:notice::z\tq\n',
    );
    expect(guardOutput('\u001b]8;;http://e\u0007x\u2028y')).toBe('\uFFFD]8;;http://e\uFFFDx\uFFFDy');
  });
});
