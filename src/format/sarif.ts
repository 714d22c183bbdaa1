import { RULES, type RuleDefinition } from '../rules/index.js';
import { rulePage } from '../rules/pages.js';
import { KINDS, type Report, type Severity } from '../types.js';
import { messagesOf, partition, type DriftMessage, type ProblemMessage } from './message.js';
import { encodePath, type FormatOptions } from './shared.js';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
/** The partial fingerprint key: bump the version if `Finding.fingerprint` ever changes meaning. */
export const FINGERPRINT_KEY = 'syncCheck/v1';
const SRCROOT = '%SRCROOT%';
/** GitHub code scanning keeps at most 1,000 locations per result. */
const MAX_RELATED = 1000;

type Level = 'error' | 'warning' | 'note';

export function sarifLevel(severity: Severity): Level {
  return severity === 'error' ? 'error' : severity === 'warning' ? 'warning' : 'note';
}

/**
 * SARIF 2.1.0, as GitHub code scanning and other SARIF viewers take it: one run, one rule per
 * sync-check rule, one result per finding with a stable partial fingerprint, later mentions and
 * the runbook's nearest item as related locations, input problems as tool execution notifications.
 */
export function formatSarif(report: Report, options: FormatOptions): string {
  const rules = RULES.map(ruleDescriptor);
  const index = new Map(RULES.map((r, i) => [r.id, i]));
  const { drift, problems } = partition(messagesOf(report));
  const results = drift.map((m) => {
    let ruleIndex = index.get(m.ruleId);
    if (ruleIndex === undefined) {
      // A rule this build does not know (a report from elsewhere): describe it rather than drop the result.
      ruleIndex = rules.length;
      index.set(m.ruleId, ruleIndex);
      rules.push({
        id: m.ruleId,
        name: ruleName(m.ruleId),
        shortDescription: { text: m.ruleId },
        fullDescription: { text: m.ruleId },
        defaultConfiguration: { level: 'error' },
      });
    }
    return result(m, ruleIndex);
  });
  const notifications = problems.map(notification);
  const run = {
    tool: {
      driver: {
        name: 'sync-check',
        version: options.toolVersion,
        semanticVersion: /^\d+\.\d+\.\d+/.test(options.toolVersion) ? options.toolVersion : undefined,
        rules,
      },
    },
    invocations: [
      {
        executionSuccessful: !problems.some((m) => m.severity === 'error'),
        ...(notifications.length > 0 ? { toolExecutionNotifications: notifications } : {}),
      },
    ],
    originalUriBaseIds: {
      [SRCROOT]: { description: { text: 'The repository root: every path sync-check reports is relative to it.' } },
    },
    columnKind: 'utf16CodeUnits',
    results,
    properties: {
      runbook: report.runbook,
      ...(report.runbooks ? { runbooks: report.runbooks } : {}),
      specsChecked: report.summary.specsChecked,
      specsBound: report.summary.specsBound,
    },
  };
  return `${JSON.stringify({ $schema: SARIF_SCHEMA, version: '2.1.0', runs: [run] }, null, 2)}\n`;
}

function ruleName(id: string): string {
  return id.replace(/(^|[-_])(\w)/g, (_, __, c: string) => c.toUpperCase());
}

interface RuleDescriptor {
  id: string;
  name: string;
  shortDescription: { text: string };
  fullDescription: { text: string };
  defaultConfiguration: { level: Level };
  help?: { text: string; markdown?: string };
  properties?: { tags: string[] };
}

function ruleDescriptor(r: RuleDefinition): RuleDescriptor {
  const page = rulePage(r);
  const item = (KINDS as readonly string[]).includes(r.kind);
  const short = item ? `Undocumented ${r.noun}` : (r.description.split(/(?<=\.)\s/)[0] ?? r.description);
  const help = item
    ? `${r.description} Add it to the runbook: the result names the runbook section that lists ${r.noun}s, or the runbook item it may be a typo or rename of. If the spec is wrong, fix the spec instead.`
    : r.description;
  return {
    id: r.id,
    name: ruleName(r.id),
    shortDescription: { text: short },
    fullDescription: { text: r.description },
    defaultConfiguration: { level: sarifLevel(r.defaultSeverity) },
    // Code scanning shows the markdown as the rule's help beside each alert: the whole docs page.
    help: { text: help, ...(page === undefined ? {} : { markdown: page }) },
    properties: { tags: ['documentation', 'drift', r.kind] },
  };
}

function physical(file: string, region?: Record<string, number>) {
  return {
    artifactLocation: { uri: encodePath(file), uriBaseId: SRCROOT },
    ...(region ? { region } : {}),
  };
}

/** A region SARIF consumers accept: 1-based, the end never before the start. */
function region(line: number, column?: number, endLine?: number, endColumn?: number): Record<string, number> {
  const startLine = Math.max(1, Math.trunc(line) || 1);
  const out: Record<string, number> = { startLine };
  if (column === undefined) return out;
  const startColumn = Math.max(1, Math.trunc(column) || 1);
  out.startColumn = startColumn;
  if (endLine === undefined || endColumn === undefined) return out;
  const el = Math.trunc(endLine);
  const ec = Math.trunc(endColumn);
  if (el > startLine || (el === startLine && ec >= startColumn)) {
    out.endLine = el;
    out.endColumn = ec;
  }
  return out;
}

function result(m: DriftMessage, ruleIndex: number) {
  const f = m.finding;
  const related: Array<{ id: number; message: { text: string }; physicalLocation: ReturnType<typeof physical> }> = [];
  const add = (text: string, file: string, r: Record<string, number>): void => {
    if (related.length < MAX_RELATED)
      related.push({ id: related.length + 1, message: { text }, physicalLocation: physical(file, r) });
  };
  if (f.suggestion)
    add(
      `Did you mean \`${f.suggestion.item}\`? (the runbook's closest item)`,
      f.suggestion.file,
      region(f.suggestion.line, f.suggestion.column),
    );
  if (f.runbookSection)
    add(
      `The runbook lists items of this kind under "${f.runbookSection.heading}": add it there.`,
      f.runbookSection.file,
      region(f.runbookSection.line),
    );
  for (const m of f.otherMentions) add(`Also mentioned here as \`${m.raw}\`.`, f.file, region(m.line, m.column));
  return {
    ruleId: m.ruleId,
    ruleIndex,
    level: sarifLevel(m.severity),
    kind: 'fail',
    message: { text: m.message },
    locations: [{ physicalLocation: physical(m.file, region(f.line, f.column, f.endLine, f.endColumn)) }],
    partialFingerprints: { [FINGERPRINT_KEY]: f.fingerprint },
    ...(related.length > 0 ? { relatedLocations: related } : {}),
    properties: {
      kind: f.kind,
      item: f.item,
      canonical: f.canonical,
      ...(f.introduced ? { introduced: f.introduced } : {}),
    },
  };
}

function notification(m: ProblemMessage) {
  return {
    level: sarifLevel(m.severity),
    message: { text: m.message },
    descriptor: { id: m.ruleId },
    locations: [{ physicalLocation: physical(m.file, m.line === undefined ? undefined : region(m.line, m.column)) }],
  };
}
