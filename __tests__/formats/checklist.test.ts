import type { Tokens } from 'marked';
import { formatChecklist, CHECKLIST_MARKER } from '../../src/format/checklist.js';
import {
  A,
  B,
  CLEAN,
  clone,
  codeSpans,
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

describe('checklist', () => {
  const out = formatChecklist(REPORT, OPTIONS);
  const lines = out.split('\n');

  it('starts with the hidden marker and a heading', () => {
    expect(lines[0]).toBe(CHECKLIST_MARKER);
    expect(CHECKLIST_MARKER).toBe('<!-- sync-check:checklist -->');
    expect(lines[1]).toMatch(/^## /);
  });

  it('has one task per finding, grouped under a subheading per spec with findings', () => {
    const structure = lines.filter((l) => l.startsWith('### ') || l.startsWith('- [ ] '));
    expect(structure.map((l) => (l.startsWith('### ') ? l : '- [ ]'))).toEqual([
      `### ${A}`,
      '- [ ]',
      '- [ ]',
      `### ${B}`,
      '- [ ]',
      '- [ ]',
      '- [ ]',
      '### Input problems',
    ]);
    expect(lines).not.toContain('### specs/c-broken.md');
    const tasks = tokensOf<Tokens.ListItem>(out, 'list_item').filter((i) => i.task);
    expect(tasks).toHaveLength(REPORT.findings.length);
    expect(tasks.every((t) => t.checked === false)).toBe(true);
  });

  it('says what the runbook is missing and where to add it', () => {
    expect(lines).toContain(
      '- [ ] Add log path `api/logs/metrics.jsonl` (named at specs/a-logging.md:3) to docs/RUNBOOK.md under “Log Locations” (line 3)',
    );
    expect(lines).toContain(
      '- [ ] Add log path `api/logs/alert.jsonl` (named at specs/a-logging.md:4) to docs/RUNBOOK.md, or fix the name: ' +
        'did you mean `api/logs/alerts.jsonl` (docs/RUNBOOK.md:6)?',
    );
    expect(lines).toContain('- [ ] Add script `scripts/backfill.sh` (named at specs/b-queue.md:5) to docs/RUNBOOK.md');
    expect(lines).toContain(
      '- [ ] Add environment variable `QUEUE_TTL_HOURS` (named at specs/b-queue.md:7) to docs/RUNBOOK.md (warning)',
    );
    expect(out).toContain('specs/c-broken.md:1: front matter in "js" is not read');
  });

  it('links spec and runbook lines only under linkBase', () => {
    expect(out).not.toMatch(/\]\(/);
    const linked = formatChecklist(REPORT, { ...OPTIONS, linkBase: LINK_BASE });
    expect(linked).toContain(`(named at [${A}:3](${LINK_BASE}${A}#L3))`);
    expect(linked).toContain(`under “Log Locations” ([line 3](${LINK_BASE}docs/RUNBOOK.md#L3))`);
    expect(linked).toContain(
      `did you mean \`api/logs/alerts.jsonl\` ([docs/RUNBOOK.md:6](${LINK_BASE}docs/RUNBOOK.md#L6))?`,
    );
  });

  it('says there is nothing to add for a clean report, marker first', () => {
    const clean = formatChecklist(CLEAN, OPTIONS);
    expect(clean.split('\n')[0]).toBe(CHECKLIST_MARKER);
    expect(clean).toMatch(/Nothing to add/);
    expect(clean).not.toContain('- [ ]');
  });

  it('escapes hostile input: tasks stay one per finding, no HTML', () => {
    const evil = formatChecklist(HOSTILE, OPTIONS);
    expect(evil.split('\n')[0]).toBe(CHECKLIST_MARKER);
    expect(evil.split('\n').filter((l) => l.startsWith('- [ ] '))).toHaveLength(HOSTILE.findings.length);
    const html = render(evil);
    expect(html).not.toMatch(LEAKED_HTML);
    expect(codeSpans(html)).toEqual(expect.arrayContaining([EVIL_ITEM_LINE, EVIL_SUGGESTION, EVIL_SCRIPT_ITEM]));
    expect(tokensOf<Tokens.ListItem>(evil, 'list_item').filter((i) => i.task)).toHaveLength(HOSTILE.findings.length);
    expect(tokensOf<Tokens.HTML>(evil, 'html').map((t) => t.raw.trim())).toEqual([CHECKLIST_MARKER]);
    // The marker cannot be closed or forged by item text.
    expect(evil.split(CHECKLIST_MARKER)).toHaveLength(2);
    expect(evil.indexOf('-->')).toBe(CHECKLIST_MARKER.length - 3);
  });

  it('fits in a GitHub comment, saying how many items it left out', () => {
    const big = clone(REPORT);
    const template = big.findings[0]!;
    big.findings = Array.from({ length: 3000 }, (_, i) => ({
      ...template,
      item: `api/logs/file-${i}.log`,
      line: i + 1,
    }));
    const text = formatChecklist(big, OPTIONS);
    expect(text.length).toBeLessThanOrEqual(65_536);
    const tasks = text.split('\n').filter((l) => l.startsWith('- [ ] ')).length;
    const omitted = Number(/…and ([\d,]+) more findings \(/.exec(text)?.[1]?.replace(/,/g, ''));
    expect(tasks + omitted).toBe(3000);
    expect(text.split('\n')[0]).toBe(CHECKLIST_MARKER);
  });
});
