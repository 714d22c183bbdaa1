import { formatGithub } from '../../src/format/github.js';
import { CLEAN, HOSTILE, OPTIONS, REPORT } from './fixtures.js';

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
