#!/usr/bin/env node
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { evaluate, extractionRecall, failed, LayoutError, readLayout } from './evaluate.js';
import { LabelsError, parseLabels, type Labels, type RunName } from './labels.js';
import { renderExtraction, renderSummary, renderText } from './render.js';

const USAGE = `Usage: npm run eval -- DIR... [--labels FILE] [--run plain|repository] [--specs DIR]... [--runbook FILE] [--json] [--extraction]

Evaluates sync-check on each repository DIR (CORPUS.yaml there names its spec directories and
runbook; default specs/ and docs/RUNBOOK.md): mutation recall per kind, and with --labels the
precision against findings judged by hand. Exit 1 when recall is below 100% or a labelled true
positive is no longer reported; 2 on a usage error or unreadable input. --extraction also lists,
by class, item spellings the checker does not extract, and whether the runbook or the code names them.`;

async function main(argv: string[]): Promise<number> {
  let args;
  try {
    args = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        labels: { type: 'string' },
        run: { type: 'string' },
        specs: { type: 'string', multiple: true },
        runbook: { type: 'string' },
        json: { type: 'boolean' },
        extraction: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  const { values, positionals } = args;
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const usage = (message: string): number => {
    process.stderr.write(`${message}\n\n${USAGE}\n`);
    return 2;
  };
  if (positionals.length === 0) return usage('no directory to evaluate');
  if (values.labels && positionals.length > 1) return usage('--labels goes with one directory');
  if (values.extraction && values.json) return usage('--extraction is a text listing: not with --json');
  if (values.run !== undefined && values.run !== 'plain' && values.run !== 'repository')
    return usage(`--run: expected plain or repository, not "${values.run}"`);
  try {
    let labels: Labels | undefined;
    if (values.labels) {
      const text = await fs.readFile(values.labels, 'utf8').catch((e: Error) => {
        throw new LabelsError(`${values.labels}: cannot read: ${e.message}`);
      });
      labels = parseLabels(text, values.labels);
    }
    let bad = false;
    const summaries: string[] = [];
    const json: unknown[] = [];
    for (const dir of positionals) {
      // The labels are the harness's, not the repository's: never read as its code.
      const labelsInDir = values.labels
        ? path.relative(path.resolve(dir), path.resolve(values.labels)).split(path.sep).join('/')
        : undefined;
      const layout = await readLayout(dir, {
        ...(values.specs ? { specs: values.specs } : {}),
        ...(values.runbook ? { runbook: values.runbook } : {}),
        ...(labelsInDir && !labelsInDir.startsWith('..') ? { notCode: [labelsInDir] } : {}),
      });
      const results = evaluate(layout, labels, values.run as RunName | undefined);
      bad ||= failed(results);
      if (values.json)
        json.push({
          dir: layout.dir,
          specs: layout.specs.length,
          runbook: layout.runbook.path,
          problems: layout.problems,
          runs: results.map(({ report, ...rest }) => ({ ...rest, findings: report.findings, summary: report.summary })),
        });
      else process.stdout.write(`${renderText(layout, results)}\n\n`);
      if (values.extraction && !values.json)
        process.stdout.write(`${renderExtraction(extractionRecall(layout), layout.repository !== undefined)}\n\n`);
      summaries.push(...renderSummary(layout, results));
    }
    if (values.json) process.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
    else process.stdout.write(`${summaries.join('\n')}\n`);
    return bad ? 1 : 0;
  } catch (error) {
    if (error instanceof LayoutError || error instanceof LabelsError) {
      process.stderr.write(`sync-check eval: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: Error) => {
    process.stderr.write(`sync-check eval: internal error: ${error.stack ?? error.message}\n`);
    process.exitCode = 2;
  },
);
