/**
 * Hostile inputs that grow in the number of items rather than in bytes: many near misses,
 * templates, endpoints, ignore patterns, waivers and directives. Each generator gives a spec,
 * a runbook and options for `n` items. A quadratic matcher shows here as time growing with
 * n²; the benchmark runs each at growing n, the tests at one small n to check the answers.
 */
import type { CheckDocumentsOptions } from '../src/index.js';

export interface ScalingInput {
  spec: string;
  runbook: string;
  options?: CheckDocumentsOptions;
}

/** A distinct lower-case word for each number: a, b, …, z, ba, bb, … */
export function word(i: number): string {
  let s = '';
  let n = i + 1;
  while (n > 0) {
    s += String.fromCharCode(97 + (n % 26));
    n = Math.floor(n / 26);
  }
  return s;
}

const W = (i: number): string => word(i).toUpperCase();
const lines = (n: number, line: (i: number) => string): string =>
  Array.from({ length: n }, (_, i) => line(i)).join('\n');
const spec = (body: string): string => `# Spec\n\nOperators use docs/RUNBOOK.md.\n\n${body}\n`;
const waiver = (item: string, i: number) => ({
  item,
  owner: 'ops',
  reason: 'known',
  expiresAt: '2999-01-01',
  source: { file: '.sync-check.json', line: i + 1, column: 1 },
});

export const SCALING: Record<string, (n: number) => ScalingInput> = {
  'near-miss env names': (n) => ({
    spec: spec(lines(n, (i) => `- Set \`APP_${W(i)}_TIMEOUT_X\`.`)),
    runbook: `# Runbook\n\n## Environment\n\n${lines(n, (i) => `- \`APP_${W(i)}_TIMEOUT_Y\``)}\n`,
  }),
  'near-miss log paths': (n) => ({
    spec: spec(lines(n, (i) => `- Writes \`logs/svc_${word(i)}_a.log\`.`)),
    runbook: `# Runbook\n\n## Logs\n\n${lines(n, (i) => `- \`logs/svc_${word(i)}_b.log\``)}\n`,
  }),
  'near-miss scripts': (n) => ({
    spec: spec(lines(n, (i) => `- Run \`./scripts/run_${word(i)}.sh\`.`)),
    runbook: `# Runbook\n\n## Scripts\n\n${lines(n, (i) => `- \`./scripts/go_${word(i)}.sh\``)}\n`,
  }),
  'endpoints on other methods': (n) => ({
    spec: spec(lines(n, (i) => `- \`GET /api/${word(i)}/xa\``)),
    runbook: `# Runbook\n\n## Endpoints\n\n${lines(n, (i) => `- \`POST /api/${word(i)}/xb\``)}\n`,
  }),
  'endpoints ending in placeholders': (n) => ({
    spec: spec(lines(n, (i) => `- \`GET /api/{a}/${word(i)}/{b}\``)),
    runbook: `# Runbook\n\n## Endpoints\n\n${lines(n, (i) => `- \`GET /api/:x/${word(i)}z/:y\``)}\n`,
  }),
  'log templates': (n) => ({
    spec: spec(lines(n, (i) => `- Writes \`logs/{id}/${word(i)}_{d}.log\`.`)),
    runbook: `# Runbook\n\n## Logs\n\n${lines(n, (i) => `- \`logs/<x>/${word(i)}z_<y>.log\``)}\n`,
  }),
  'template base names': (n) => ({
    spec: spec(lines(n, (i) => `- Writes \`logs/a/${word(i)}.log\`.`)),
    runbook: `# Runbook\n\n## Logs\n\n${lines(n, (i) => `- \`logs/${word(i)}/*.log\``)}\n`,
  }),
  'runbook sections': (n) => ({
    spec: spec(lines(n, (i) => `- Writes \`logs/${word(i)}.log\`.`)),
    runbook: `# Runbook\n\n${lines(n, (i) => `## S${i}\n\n- \`logs/${word(i)}x.log\`\n`)}`,
  }),
  'ignore patterns': (n) => ({
    spec: spec(lines(n, (i) => `- Set \`APP_${W(i)}\`.`)),
    runbook: '# Runbook\n',
    options: { ignore: Array.from({ length: n }, (_, i) => `env:NOPE_${W(i)}_*`) },
  }),
  'ignore patterns with no literal end': (n) => ({
    spec: spec(lines(n, (i) => `- Set \`APP_${W(i)}\`.`)),
    runbook: '# Runbook\n',
    options: { ignore: Array.from({ length: n }, (_, i) => `env:*${W(i)}Q*`) },
  }),
  waivers: (n) => ({
    spec: spec(lines(n, (i) => `- Set \`APP_${W(i)}\`.`)),
    runbook: '# Runbook\n',
    options: { waivers: Array.from({ length: n }, (_, i) => waiver(`NOPE_${W(i)}*`, i)) },
  }),
  'disable ranges': (n) => ({
    spec: spec(
      lines(
        n,
        (i) => `<!-- sync-check-disable env:NOPE_${W(i)} -->\n- Set \`APP_${W(i)}\`.\n<!-- sync-check-enable -->`,
      ),
    ),
    runbook: '# Runbook\n',
  }),
  'disables never enabled': (n) => ({
    spec: spec(lines(n, (i) => `<!-- sync-check-disable env:NOPE_${W(i)} -->\n- Set \`APP_${W(i)}\`.`)),
    runbook: '# Runbook\n',
  }),
  'directives of many selectors': (n) => ({
    spec: spec(
      lines(
        n,
        (i) =>
          `<!-- sync-check-ignore-next-line ${Array.from({ length: 60 }, (_, j) => `env:*Z${j}*`).join(' ')} -->\n- Set \`APP_${W(i)}\`.`,
      ),
    ),
    runbook: '# Runbook\n',
  }),
  'directives over several lines': (n) => ({
    spec: spec(lines(n, (i) => `- Set \`APP_${W(i)}\`. <!-- sync-check-ignore-line\n env:NOPE -->`)),
    runbook: '# Runbook\n',
  }),
};
