/**
 * The indexes that keep matching linear (ignore patterns, waivers, inline directives, runbook
 * lookups, "did you mean") give the answers a plain scan would. Two kinds of test: indexed
 * lookups against a naive oracle on generated input, and the same answer for an item whether
 * the runbook or config holds it alone or after hundreds of lookalikes.
 * (Speed is proved in `npm run bench`, not here.)
 */
import { checkDocuments, type CheckDocumentsOptions } from '../src/core/check-documents.js';
import { LineIndex } from '../src/parse/text.js';
import { compileSelector, type Subject } from '../src/suppress/selector.js';
import { SelectorIndex } from '../src/suppress/selector-index.js';
import { directiveFor, readDirectives } from '../src/suppress/inline.js';
import type { Finding, Waiver } from '../src/types.js';
import { SCALING, word } from '../bench/scaling.js';

/** A small seeded generator: the same cases on every run. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}
const pick = <T>(r: () => number, items: readonly T[]): T => items[Math.floor(r() * items.length)]!;

const SCOPES = ['env', 'log', 'undocumented-env', 'undocumented-log', '*', 'script'];
const LETTERS = ['A', 'B', 'AB', 'BA', '_', 'A_B'];
function randomPattern(r: () => number): string {
  const parts = Array.from({ length: 1 + Math.floor(r() * 4) }, () => pick(r, [...LETTERS, '*', '?', '*', '']));
  return parts.join('');
}
function randomSelector(r: () => number): string {
  const scope = pick(r, SCOPES);
  return r() < 0.2 ? scope : `${scope}:${randomPattern(r)}`;
}
function randomSubject(r: () => number): Subject {
  const kind = pick(r, ['env', 'log', 'script']);
  const name = Array.from({ length: 1 + Math.floor(r() * 4) }, () => pick(r, LETTERS)).join('');
  return { rule: `undocumented-${kind}`, kind, canonical: name, item: r() < 0.3 ? `./${name}` : name };
}

describe('SelectorIndex', () => {
  test('the first matching selector is the one a scan of every selector finds', () => {
    for (let seed = 1; seed <= 40; seed++) {
      const r = random(seed);
      const selectors = Array.from({ length: 1 + Math.floor(r() * 400) }, () => randomSelector(r));
      const index = new SelectorIndex();
      selectors.forEach((s, i) => index.add(i, s));
      const compiled = selectors.map(compileSelector);
      for (let k = 0; k < 100; k++) {
        const subject = randomSubject(r);
        const odd = (i: number): boolean => i % 2 === 1;
        const naive = compiled.findIndex((m) => m(subject));
        const naiveOdd = compiled.findIndex((m, i) => odd(i) && m(subject));
        expect({ seed, subject, found: index.first(subject) ?? -1 }).toEqual({ seed, subject, found: naive });
        expect({ seed, subject, found: index.first(subject, odd) ?? -1 }).toEqual({ seed, subject, found: naiveOdd });
      }
    }
  });

  test('a selector without a pattern, and "everything", match whatever their scope allows', () => {
    const index = new SelectorIndex();
    index.add(0, 'log');
    index.add(1, undefined);
    expect(index.first({ rule: 'undocumented-env', kind: 'env', canonical: 'X', item: 'X' })).toBe(1);
    expect(index.first({ rule: 'undocumented-log', kind: 'log', canonical: 'a.log', item: 'a.log' })).toBe(0);
  });
});

describe('inline directives, many of them', () => {
  /** A document of random directives (one-line, next-line, multi-line, disable/enable) and item lines. */
  function document(r: () => number): string {
    const lines: string[] = [];
    for (let i = 0; i < 300; i++) {
      const sel = r() < 0.2 ? '' : ` ${randomSelector(r)}${r() < 0.3 ? ` ${randomSelector(r)}` : ''}`;
      const roll = r();
      if (roll < 0.2) lines.push(`<!-- sync-check-ignore-next-line${sel} -->`);
      else if (roll < 0.3) lines.push(`text <!-- sync-check-ignore-line${sel} -->`);
      else if (roll < 0.37) lines.push(`text <!-- sync-check-ignore-line${sel}`, ' -->');
      else if (roll < 0.47) lines.push(`<!-- sync-check-disable${sel} -->`);
      else if (roll < 0.52) lines.push('<!-- sync-check-enable -->');
      else if (roll < 0.55) lines.push(`<!-- sync-check-disable${sel} --> <!-- sync-check-enable -->`);
      else lines.push(`item ${i}`);
    }
    return lines.join('\n');
  }

  test('the directive that applies to a line is the one a scan of every directive finds', () => {
    for (let seed = 1; seed <= 30; seed++) {
      const r = random(seed);
      const text = document(r);
      const comments = [...text.matchAll(/<!--[^]*?-->/g)].map((m) => ({ text: m[0], offset: m.index! }));
      const directives = readDirectives(comments, new LineIndex(text));
      expect(directives.length).toBeGreaterThan(8);
      const lineCount = text.split('\n').length;
      for (let k = 0; k < 200; k++) {
        const line = 1 + Math.floor(r() * (lineCount + 2));
        const subject = randomSubject(r);
        const naive = directives.find((d) => line >= d.firstLine && line <= d.lastLine && d.matches(subject));
        expect({ seed, line, subject, found: directiveFor(directives, line, subject)?.text }).toEqual({
          seed,
          line,
          subject,
          found: naive?.text,
        });
      }
    }
  });
});

// ---- the same answer with hundreds of lookalikes ------------------------------------------------

const SPEC_HEAD = '# Spec\n\nOperators use docs/RUNBOOK.md.\n\n';
const PADDING = 300;
const pad = (line: (i: number) => string): string => Array.from({ length: PADDING }, (_, i) => line(i)).join('\n');
const upper = (i: number): string => word(i).toUpperCase();

interface Case {
  name: string;
  spec: string;
  /** The runbook line that decides the answer, and the lookalikes put before it. */
  runbook: string;
  padding: string;
  options?: (padded: boolean) => CheckDocumentsOptions;
}

const waiver = (item: string, line: number): Waiver => ({
  item,
  owner: 'ops',
  reason: 'known',
  expiresAt: '2999-01-01',
  source: { file: '.sync-check.json', line, column: 1 },
});

const CASES: Case[] = [
  {
    name: 'endpoint documented by a template',
    spec: '- `GET /api/tasks/{id}`',
    runbook: '- `GET /api/tasks/:task_id`',
    padding: pad((i) => `- \`GET /api/other${word(i)}/:id\``),
  },
  {
    name: 'endpoint documented by a longer path',
    spec: '- `GET /metrics`',
    runbook: '- `GET /api/v1/metrics`',
    padding: pad((i) => `- \`GET /api/v1/m${word(i)}\``),
  },
  {
    name: 'endpoint under a template segment',
    spec: '- `GET /api/v2/status`',
    runbook: '- `GET /api/v{n}/status`',
    padding: pad((i) => `- \`GET /api/v{n}/s${word(i)}\``),
  },
  {
    name: 'endpoint with another method',
    spec: '- `DELETE /api/jobs/{id}`',
    runbook: '- `GET /api/jobs/{id}`',
    padding: pad((i) => `- \`GET /api/j${word(i)}/{id}\``),
  },
  {
    name: 'endpoint glob in the spec',
    spec: '- `GET /api/admin/*`',
    runbook: '- `GET /api/admin/users`',
    padding: pad((i) => `- \`GET /api/a${word(i)}/users\``),
  },
  {
    name: 'log documented by a template',
    spec: '- Writes `logs/task_{id}.log`.',
    runbook: '- `logs/task_<n>.log`',
    padding: pad((i) => `- \`logs/task_${word(i)}_<n>.log\``),
  },
  {
    name: 'log glob in the spec',
    spec: '- Writes `logs/embark-*.log`.',
    runbook: '- `logs/embark-api.log`',
    padding: pad((i) => `- \`logs/embark${word(i)}.txt\``),
  },
  {
    name: 'near-miss env name',
    spec: '- Set `APP_TIMEOUT_MS`.',
    runbook: '- `APP_TIMEOUT_MSS`',
    padding: pad((i) => `- \`OTHER_${upper(i)}_X\``),
  },
  {
    name: 'near-miss log base name',
    spec: '- Writes `logs/agent_runner.log`.',
    runbook: '- `logs/agent_runners.log`',
    padding: pad((i) => `- \`logs/agent_${word(i)}.log\``),
  },
  {
    name: 'near-miss script',
    spec: '- Run `./scripts/run_autonomous.sh`.',
    runbook: '- `./scripts/run_autonomus.sh`',
    padding: pad((i) => `- \`./scripts/run_${word(i)}.sh\``),
  },
  {
    name: 'ignore pattern after many others',
    spec: '- Set `APP_TOKEN` and `APP_OTHER`.',
    runbook: '',
    padding: '',
    options: (padded) => ({
      ignore: [...(padded ? Array.from({ length: PADDING }, (_, i) => `env:APP_${upper(i)}Q*`) : []), 'env:APP_T*'],
    }),
  },
  {
    name: 'waiver after many others',
    spec: '- Set `APP_TOKEN` and `APP_OTHER`.',
    runbook: '',
    padding: '',
    options: (padded) => ({
      waivers: [
        ...(padded
          ? Array.from({ length: PADDING }, (_, i) => ({ ...waiver(`APP_T*`, i + 1), file: `specs/other${i}.md` }))
          : []),
        waiver('APP_T*', PADDING + 1),
      ],
    }),
  },
];

/** What a reader sees of the findings about the case's own items. */
const seen = (findings: readonly Finding[], padding: string): string[] =>
  findings
    .filter((f) => !padding.includes(f.item) && f.rule !== 'waiver-stale')
    .map((f) => `${f.rule} ${f.item} ${f.suggestion?.item ?? '-'} ${f.message.replace(/:\d+\)/g, ')')}`)
    .sort();

describe('the same answer among hundreds of lookalikes', () => {
  test.each(CASES.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const run = (padded: boolean) => {
      const runbook = `# Runbook\n\n## Items\n\n${padded && c.padding ? `${c.padding}\n` : ''}${c.runbook}\n`;
      const report = checkDocuments(
        [{ path: 'specs/a.md', text: `${SPEC_HEAD}${c.spec}\n` }],
        { path: 'docs/RUNBOOK.md', text: runbook },
        c.options?.(padded) ?? {},
      );
      return { findings: seen(report.findings, c.padding), suppressed: seen(report.suppressed, c.padding) };
    };
    const alone = run(false);
    // The case says something: a finding, a suggestion or a suppression, or documents its item.
    expect(run(true)).toEqual(alone);
  });

  test('the decisive answers are the expected ones', () => {
    const answer = (name: string) => {
      const c = CASES.find((x) => x.name === name)!;
      const runbook = `# Runbook\n\n## Items\n\n${c.padding}\n${c.runbook}\n`;
      return checkDocuments(
        [{ path: 'specs/a.md', text: `${SPEC_HEAD}${c.spec}\n` }],
        { path: 'docs/RUNBOOK.md', text: runbook },
        c.options?.(true) ?? {},
      );
    };
    for (const name of [
      'endpoint documented by a template',
      'endpoint documented by a longer path',
      'endpoint glob in the spec',
      'log documented by a template',
      'log glob in the spec',
    ]) {
      expect({ name, findings: answer(name).findings.map((f) => f.item) }).toEqual({ name, findings: [] });
    }
    expect(answer('endpoint with another method').findings[0]!.message).toContain('GET');
    expect(answer('near-miss env name').findings[0]!.suggestion?.item).toBe('APP_TIMEOUT_MSS');
    expect(answer('near-miss log base name').findings[0]!.suggestion?.item).toBe('logs/agent_runners.log');
    expect(answer('near-miss script').findings[0]!.suggestion?.item).toBe('./scripts/run_autonomus.sh');
    expect(answer('ignore pattern after many others').suppressed.map((f) => f.item)).toEqual(['APP_TOKEN']);
    expect(answer('waiver after many others').suppressed.map((f) => f.item)).toEqual(['APP_TOKEN']);
  });
});

describe('the benchmark inputs, at a size past every index threshold', () => {
  const N = 400;
  const report = (name: string) => {
    const input = SCALING[name]!(N);
    return checkDocuments(
      [{ path: 'specs/a.md', text: input.spec }],
      { path: 'docs/RUNBOOK.md', text: input.runbook },
      input.options ?? {},
    );
  };

  test('every near miss is offered as "did you mean"', () => {
    for (const [name, counterpart] of [
      ['near-miss env names', (f: Finding) => f.item.replace(/_X$/, '_Y')],
      ['near-miss log paths', (f: Finding) => f.item.replace(/_a\.log$/, '_b.log')],
    ] as const) {
      const r = report(name);
      expect(r.findings).toHaveLength(N);
      for (const f of r.findings)
        expect({ item: f.item, suggestion: f.suggestion?.item }).toEqual({ item: f.item, suggestion: counterpart(f) });
    }
  });

  test('an endpoint the runbook has only with another method says so, for each of them', () => {
    const r = report('endpoints on other methods');
    expect(r.findings).toHaveLength(N);
    for (const f of r.findings) expect(f.message).toContain('POST');
  });

  test('ignore patterns, waivers and directives that match nothing suppress nothing', () => {
    for (const name of [
      'ignore patterns',
      'waivers',
      'disable ranges',
      'disables never enabled',
      'directives of many selectors',
      'directives over several lines',
    ]) {
      const r = report(name);
      expect({
        name,
        suppressed: r.suppressed.length,
        findings: r.findings.filter((f) => f.rule === 'undocumented-env').length,
      }).toEqual({ name, suppressed: 0, findings: N });
    }
  });
});
