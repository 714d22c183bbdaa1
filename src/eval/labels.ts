import { parse } from 'yaml';
import type { Finding } from '../types.js';

/** A run the harness makes: the specs and runbook alone, or with the repository's files. */
export type RunName = 'plain' | 'repository';
export type Verdict = 'tp' | 'fp' | 'debatable';

/** One finding judged by hand, keyed by rule, spec file and item (as the JSON report writes them). */
export interface Label {
  rule: string;
  file: string;
  item: string;
  verdict: Verdict;
  /** The runs it was judged in; a labelled tp missing from one of these is a regression. */
  runs?: RunName[];
  why?: string;
}

/** Real drift the checker did not report when the labels were written. */
export interface KnownMiss {
  kind: string;
  file: string;
  item: string;
  why?: string;
}

export interface Labels {
  findings: Label[];
  misses: KnownMiss[];
}

export class LabelsError extends Error {}

const VERDICTS = new Set(['tp', 'fp', 'debatable']);
const RUNS = new Set(['plain', 'repository']);

/** Reads a labels file (YAML or JSON: `findings:` and optional `misses:`), checking its shape. */
export function parseLabels(text: string, file: string): Labels {
  let data: unknown;
  try {
    data = parse(text, { schema: 'core' });
  } catch (error) {
    throw new LabelsError(`${file}: not valid YAML or JSON: ${(error as Error).message.split('\n')[0]}`);
  }
  if (!isObject(data) || !Array.isArray(data.findings)) throw new LabelsError(`${file}: expected a "findings:" list`);
  const findings = data.findings.map((entry, i) => {
    const where = `${file}: findings[${i}]`;
    if (!isObject(entry)) throw new LabelsError(`${where}: expected a mapping`);
    for (const key of ['rule', 'file', 'item'] as const) {
      if (typeof entry[key] !== 'string') throw new LabelsError(`${where}: "${key}" must be a string`);
    }
    if (typeof entry.verdict !== 'string' || !VERDICTS.has(entry.verdict))
      throw new LabelsError(`${where}: "verdict" must be tp, fp or debatable`);
    const runs = entry.runs;
    if (runs !== undefined && (!Array.isArray(runs) || !runs.every((r) => typeof r === 'string' && RUNS.has(r)))) {
      throw new LabelsError(`${where}: "runs" must be a list of plain / repository`);
    }
    return entry as unknown as Label;
  });
  const misses = data.misses === undefined || data.misses === null ? [] : data.misses;
  if (!Array.isArray(misses)) throw new LabelsError(`${file}: "misses" must be a list`);
  misses.forEach((m, i) => {
    if (!isObject(m) || typeof m.kind !== 'string' || typeof m.file !== 'string' || typeof m.item !== 'string') {
      throw new LabelsError(`${file}: misses[${i}]: expected kind, file and item`);
    }
  });
  return { findings, misses: misses as KnownMiss[] };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function labelKey(f: Pick<Finding, 'rule' | 'file' | 'item'>): string {
  return `${f.rule}\0${f.file}\0${f.item}`;
}

export interface Precision {
  tp: number;
  fp: number;
  debatable: number;
  /** tp / (tp + fp); undefined when nothing labelled tp or fp was reported. */
  precision: number | undefined;
  falsePositives: Array<Finding & { why?: string }>;
  unlabelled: Finding[];
  /** Labelled tp for this run that the run no longer reports. */
  lostTruePositives: Label[];
  /** Known misses, and whether this run now reports them. */
  misses: Array<KnownMiss & { reported: boolean }>;
}

/** Findings of one run held against the labels. */
export function labelledPrecision(findings: readonly Finding[], labels: Labels, run: RunName): Precision {
  const byKey = new Map(labels.findings.map((l) => [labelKey(l), l]));
  // The labels the findings answer, as themselves or as the planned or operator form of the judged item.
  const reported = new Set(findings.map(labelKey));
  const out: Precision = {
    tp: 0,
    fp: 0,
    debatable: 0,
    precision: undefined,
    falsePositives: [],
    unlabelled: [],
    lostTruePositives: [],
    misses: [],
  };
  // A known miss, once reported, is the real drift it was labelled as.
  const isMiss = (f: Finding): boolean => labels.misses.some((m) => missMatches(m, f));
  for (const f of findings) {
    const label = byKey.get(labelKey(f)) ?? plannedLabel(f, byKey);
    if (label) reported.add(labelKey(label));
    if (!label && isMiss(f)) out.tp++;
    else if (!label) out.unlabelled.push(f);
    else if (label.verdict === 'tp') out.tp++;
    else if (label.verdict === 'fp') {
      out.fp++;
      out.falsePositives.push({ ...f, ...(label.why ? { why: label.why } : {}) });
    } else out.debatable++;
  }
  out.precision = out.tp + out.fp === 0 ? undefined : out.tp / (out.tp + out.fp);
  for (const l of labels.findings) {
    if (l.verdict === 'tp' && (l.runs ?? [run]).includes(run) && !reported.has(labelKey(l)))
      out.lostTruePositives.push(l);
  }
  for (const m of labels.misses) {
    out.misses.push({ ...m, reported: findings.some((f) => missMatches(m, f)) });
  }
  return out;
}

/**
 * A `planned-<kind>` finding is the judged `undocumented-<kind>` finding reported as planned
 * work: a label that calls the item debatable because it is planned, or real, counts it right;
 * one that calls it wrong still does.
 */
function plannedLabel(f: Finding, byKey: ReadonlyMap<string, Label>): Label | undefined {
  // An `operator-<kind>` finding is the same item found through the code rather than the spec's binding: its
  // label stands.
  if (f.rule.startsWith('operator-'))
    return byKey.get(labelKey({ ...f, rule: `undocumented-${f.rule.slice('operator-'.length)}` }));
  if (!f.rule.startsWith('planned-')) return undefined;
  const label = byKey.get(labelKey({ ...f, rule: `undocumented-${f.rule.slice('planned-'.length)}` }));
  return label && label.verdict === 'debatable' ? { ...label, verdict: 'tp' } : label;
}

function missMatches(m: KnownMiss, f: Finding): boolean {
  return f.file === m.file && f.kind === m.kind && (f.item === m.item || f.canonical === m.item);
}
