/**
 * Rule tests the markdownlint way: a fixture says inline what it expects. A line of a spec or
 * runbook that ends with `<!-- expect: RULE -->` (or `<!-- expect: RULE RULE -->`) must get
 * exactly those findings of the rule under test, and no other line may get one. HTML comments
 * are not read by sync-check (only its own `sync-check-*` directives are), so the markers do
 * not change what is checked.
 */
import { checkDocuments, type CheckDocumentsOptions } from '../../src/core/check-documents.js';
import type { Finding, Report, SourceDocument } from '../../src/types.js';
import { repo, runJson } from '../support/harness.js';

const MARKER = /<!--\s*expect:\s*([^>]*?)\s*-->\s*$/;

/** `file:line rule` for every marker in the documents that names `rule`. */
export function expectedOf(docs: readonly SourceDocument[], rule: string): string[] {
  const out: string[] = [];
  for (const doc of docs) {
    doc.text.split('\n').forEach((line, i) => {
      const m = MARKER.exec(line);
      if (!m) return;
      for (const id of m[1]!.split(/\s+/)) if (id === rule) out.push(`${doc.path}:${i + 1} ${id}`);
    });
  }
  return out.sort();
}

/** `file:line rule` for every finding of `rule`. */
export function actualOf(report: Report, rule: string): string[] {
  return report.findings
    .filter((f) => f.rule === rule)
    .map((f) => `${f.file}:${f.line} ${f.rule}`)
    .sort();
}

export interface Fixture {
  specs: SourceDocument[];
  runbook: SourceDocument | SourceDocument[];
  options?: CheckDocumentsOptions;
}

/** Checks the fixture and holds the findings of `rule` to its markers; returns the report for further assertions. */
export function expectMarked(rule: string, fixture: Fixture): Report {
  const report = checkDocuments(fixture.specs, fixture.runbook, fixture.options ?? {});
  const runbooks = Array.isArray(fixture.runbook) ? fixture.runbook : [fixture.runbook];
  expect(actualOf(report, rule)).toEqual(expectedOf([...fixture.specs, ...runbooks], rule));
  return report;
}

/** The findings of one rule. */
export function findingsOf(report: Report, rule: string): Finding[] {
  return report.findings.filter((f) => f.rule === rule);
}

/** A spec bound to docs/RUNBOOK.md, with `body` after a sentence that binds it. */
export function boundSpec(body: string, path = 'specs/a.md'): SourceDocument {
  return { path, text: `# Spec\n\nOperators follow docs/RUNBOOK.md.\n\n${body}\n` };
}

export function runbook(body: string, path = 'docs/RUNBOOK.md'): SourceDocument {
  return { path, text: `# Runbook\n\n${body}\n` };
}

/**
 * Runs the CLI on a repository of `files` (`argv`: with the repository and no config by
 * default) and holds each rule's findings to the `<!-- expect: RULE -->` markers of its
 * Markdown files. Nothing may go to stderr.
 */
export async function expectMarkedRepo(
  rules: string | readonly string[],
  files: Record<string, string>,
  argv: readonly string[] = ['--no-config', '--root', '.'],
): Promise<{ code: number; report: Report; stderr: string }> {
  const result = await runJson([...argv], await repo(files));
  const docs = Object.entries(files)
    .filter(([p]) => p.endsWith('.md'))
    .map(([path, text]) => ({ path, text }));
  expect(result.stderr).toBe('');
  for (const rule of typeof rules === 'string' ? [rules] : rules) {
    expect({ rule, at: actualOf(result.report, rule) }).toEqual({ rule, at: expectedOf(docs, rule) });
  }
  return result;
}

/** The 1-based number of the first line of `text` holding `needle`. */
export function lineOf(text: string, needle: string): number {
  const i = text.split('\n').findIndex((l) => l.includes(needle));
  if (i === -1) throw new Error(`"${needle}" is not in the text`);
  return i + 1;
}
