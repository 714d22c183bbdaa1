import { promises as fs } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { Checker, checkDocuments, type CheckDocumentsOptions } from '../core/check-documents.js';
import { codeWords, extractionCandidates, type Candidate } from './extraction.js';
import type { Repository } from '../compare/repository.js';
import { discoverSpecs } from '../io/discover.js';
import { MAX_FILE_BYTES, readDocument } from '../io/read.js';
import { scanRepositoryCode } from '../io/code-scan.js';
import type { CodeIndex } from '../compare/code-index.js';
import { listRepository } from '../io/repository.js';
import type { Diagnostic, Report, SourceDocument } from '../types.js';
import { labelledPrecision, type Labels, type Precision, type RunName } from './labels.js';
import { mutationRecall, type Recall } from './mutation.js';

/** A repository laid out for evaluation: its specs, its runbook and, when present, its other files. */
export interface Layout {
  dir: string;
  specDirs: string[];
  runbook: SourceDocument;
  specs: SourceDocument[];
  /** Files that could not be read, and spec directories that hold nothing. */
  problems: Diagnostic[];
  /** Present when the directory holds files besides the specs and the runbook. */
  repository?: Repository;
  /** What the repository's code names: with the repository. */
  code?: CodeIndex;
}

export class LayoutError extends Error {}

/** The layout file that names a repository's spec directories and runbook. */
export const LAYOUT_FILE = 'CORPUS.yaml';

/**
 * Reads `dir`: `CORPUS.yaml` there names the spec directories (`specs:`, one or a list) and the
 * runbook (`runbook:`); without it, `specs/` and `docs/RUNBOOK.md`. Arguments override both.
 */
export async function readLayout(
  dir: string,
  given: { specs?: string[]; runbook?: string; notCode?: string[] } = {},
): Promise<Layout> {
  const root = path.resolve(dir);
  const stat = await fs.stat(root).catch(() => undefined);
  if (!stat?.isDirectory()) throw new LayoutError(`${dir}: not a directory`);
  const declared = await readLayoutFile(root);
  const specDirs = given.specs ?? declared.specs ?? ['specs'];
  const runbookPath = (given.runbook ?? declared.runbook ?? 'docs/RUNBOOK.md').replace(/^\.\//, '');
  const read = readDocument(path.join(root, runbookPath), runbookPath);
  if (!read.ok) throw new LayoutError(`${dir}: the runbook ${runbookPath} ${read.diagnostic.message}`);
  const problems: Diagnostic[] = [];
  const specs: SourceDocument[] = [];
  const seen = new Set<string>();
  for (const specDir of specDirs) {
    const found = await discoverSpecs(specDir, root);
    if (found.problem) problems.push({ file: specDir, severity: 'error', code: 'no-specs', message: found.problem });
    for (const file of found.files) {
      const shown = path.relative(root, file).split(path.sep).join('/');
      if (seen.has(shown) || shown === runbookPath) continue;
      seen.add(shown);
      const doc = readDocument(file, shown);
      if (doc.ok) specs.push({ path: shown, text: doc.text });
      else problems.push(doc.diagnostic);
    }
  }
  const { repository } = await listRepository(root);
  const own = new Set([runbookPath, LAYOUT_FILE]);
  const others = [...repository.files].some((f) => !own.has(f) && !seen.has(f));
  if (!others) return { dir: root, specDirs, runbook: { path: runbookPath, text: read.text }, specs, problems };
  const { index } = scanRepositoryCode(
    root,
    repository.files,
    new Set([...own, ...seen, ...(given.notCode ?? [])]),
    MAX_FILE_BYTES,
  );
  return {
    dir: root,
    specDirs,
    runbook: { path: runbookPath, text: read.text },
    specs,
    problems,
    repository,
    code: index,
  };
}

async function readLayoutFile(root: string): Promise<{ specs?: string[]; runbook?: string }> {
  const file = path.join(root, LAYOUT_FILE);
  const text = await fs.readFile(file, 'utf8').catch(() => undefined);
  if (text === undefined) return {};
  let data: unknown;
  try {
    data = parse(text, { schema: 'core' });
  } catch (error) {
    throw new LayoutError(`${file}: not valid YAML: ${(error as Error).message.split('\n')[0]}`);
  }
  if (typeof data !== 'object' || data === null) return {};
  const { specs, runbook } = data as Record<string, unknown>;
  const list = typeof specs === 'string' ? [specs] : specs;
  if (list !== undefined && !(Array.isArray(list) && list.every((s) => typeof s === 'string'))) {
    throw new LayoutError(`${file}: "specs" must be a directory or a list of them`);
  }
  if (runbook !== undefined && typeof runbook !== 'string') throw new LayoutError(`${file}: "runbook" must be a path`);
  return { ...(list ? { specs: list as string[] } : {}), ...(runbook ? { runbook } : {}) };
}

export interface RunResult {
  run: RunName;
  report: Report;
  recall: Recall;
  precision?: Precision;
}

/** Every run the layout allows (plain, and with the repository when it has one), or just `only`. */
export function evaluate(layout: Layout, labels?: Labels, only?: RunName): RunResult[] {
  const runs: RunName[] = layout.repository ? ['plain', 'repository'] : ['plain'];
  return runs
    .filter((r) => only === undefined || r === only)
    .map((run) => {
      const options: CheckDocumentsOptions =
        run === 'repository'
          ? { repository: layout.repository!, ...(layout.code ? { codeIndex: layout.code } : {}) }
          : {};
      const report = checkDocuments(layout.specs, layout.runbook, options);
      const recall = mutationRecall(layout.specs, layout.runbook, options);
      return { run, report, recall, ...(labels ? { precision: labelledPrecision(report.findings, labels, run) } : {}) };
    });
}

/** Recall below 100% or a labelled true positive lost. */
export function failed(results: readonly RunResult[]): boolean {
  return results.some((r) => r.recall.misses.length > 0 || (r.precision?.lostTruePositives.length ?? 0) > 0);
}

/** A text file of the repository (read as specs are: regular files only, bounded), or undefined. */
function readText(root: string, file: string): string | undefined {
  const read = readDocument(path.join(root, file), file, 1024 * 1024);
  return read.ok ? read.text : undefined;
}

/** Spellings the checker does not extract, by class, held against the runbook and the code. */
export function extractionRecall(layout: Layout): Candidate[] {
  const skip = new Set([layout.runbook.path, ...layout.specs.map((s) => s.path)]);
  const words = layout.repository ? codeWords(layout.repository, (f) => readText(layout.dir, f), skip) : undefined;
  return extractionCandidates(layout.specs, layout.runbook, new Checker(layout.runbook, {}), layout.repository, words);
}
