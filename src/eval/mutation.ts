import { Checker, type CheckDocumentsOptions } from '../core/check-documents.js';
import type { Obligations, SpecOutcome } from '../core/outcome.js';
import { isGlob, referenceKey } from '../compare/runbook-index.js';
import { LineIndex, normalizeText } from '../parse/text.js';
import type { Finding, Position, SourceDocument } from '../types.js';
import { deleteLines, mentionsOf, type Target } from './forms.js';

/** What the harness measures recall of: every kind of item, plus flags and required sections. */
export type EvalKind = 'log' | 'script' | 'endpoint' | 'env' | 'flag' | 'section';
export const EVAL_KINDS: readonly EvalKind[] = ['log', 'script', 'endpoint', 'env', 'flag', 'section'];

/** A spec's demand that the runbook answers today: after the mutation it must be reported. */
export interface Pair extends Position {
  spec: string;
  kind: EvalKind;
  /** The item as the spec writes it. */
  item: string;
}

export interface Miss extends Pair {
  /** Runbook lines the mutation deleted. */
  deleted: number;
  /** The runbook text that still answered for the item after the deletion, when the checker says which. */
  still?: { line: number; text: string };
}

export interface Recall {
  byKind: Record<EvalKind, { pairs: number; reported: number }>;
  /** Distinct items deleted from the runbook, one mutated copy each. */
  mutations: number;
  misses: Miss[];
}

interface Probe {
  pair: Pair;
  spec: SourceDocument;
  /** Was it reported in this outcome? */
  reported: (outcome: SpecOutcome) => boolean;
  /** What in the mutated runbook still answered for it. */
  still: (after: Obligations | undefined, mutated: string) => number | undefined;
}

/**
 * Mutation recall: for every item the runbook documents that some in-scope spec names, every
 * runbook line that mentions it in any form is deleted, and the checker must then report it
 * for that spec. The specs are not re-read per mutation: only the specs that named the item
 * are checked again, against the mutated runbook. `checkerFor` builds the checker for a runbook.
 */
export function mutationRecall(
  specs: readonly SourceDocument[],
  runbook: SourceDocument,
  options: CheckDocumentsOptions,
  checkerFor: (runbook: SourceDocument) => Checker = (doc) => new Checker(doc, options),
): Recall {
  const base = checkerFor(runbook);
  const targets = new Map<string, { target: Target; probes: Probe[] }>();
  const add = (key: string, target: Target, probe: Probe): void => {
    const entry = targets.get(key) ?? { target, probes: [] };
    entry.probes.push(probe);
    targets.set(key, entry);
  };
  for (const spec of specs) {
    const ob = base.obligations(spec);
    if (ob) for (const [key, target, probe] of probesOf(spec, ob)) add(key, target, probe);
  }
  const byKind = Object.fromEntries(EVAL_KINDS.map((k) => [k, { pairs: 0, reported: 0 }])) as Recall['byKind'];
  const misses: Miss[] = [];
  const lines = runbook.text.split(/\r\n|\r|\n/);
  for (const { target, probes } of targets.values()) {
    const cut = deleteLines(runbook.text, mentionsOf(target));
    const checker = checkerFor({ path: runbook.path, text: cut.text });
    const outcomes = new Map<string, SpecOutcome | undefined>();
    for (const probe of probes) {
      const { pair, spec } = probe;
      if (!outcomes.has(spec.path)) outcomes.set(spec.path, checker.outcomeOf(spec));
      const outcome = outcomes.get(spec.path);
      byKind[pair.kind].pairs++;
      if (outcome && probe.reported(outcome)) {
        byKind[pair.kind].reported++;
        continue;
      }
      const line = probe.still(checker.obligations(spec), cut.text);
      const original = line === undefined ? undefined : cut.kept[line - 1];
      misses.push({
        ...pair,
        deleted: cut.deleted,
        ...(original ? { still: { line: original, text: lines[original - 1]!.trim() } } : {}),
      });
    }
  }
  return { byKind, mutations: targets.size, misses };
}

function findingsOf(outcome: SpecOutcome): Finding[] {
  return [...outcome.findings, ...outcome.suppressed];
}

function at(f: Position, p: Position): boolean {
  return f.line === p.line && f.column === p.column;
}

function covers(f: Finding, p: Position): boolean {
  return at(f, p) || f.otherMentions.some((m) => at(m, p));
}

function* probesOf(spec: SourceDocument, ob: Obligations): Generator<[string, Target, Probe]> {
  const seen = new Set<string>();
  for (const { ref, documentedBy, byReference } of ob.items) {
    const key = referenceKey(ref);
    // An item the runbook documents through a file it points at (`.env.example`) stays documented
    // when its runbook lines go: deleting them is no drift to report.
    if (!documentedBy || byReference || seen.has(key)) continue;
    seen.add(key);
    const pair: Pair = { spec: spec.path, kind: ref.kind, item: ref.raw, line: ref.line, column: ref.column };
    yield [
      key,
      { kind: ref.kind, canonical: ref.canonical, glob: isGlob(ref.raw) },
      {
        pair,
        spec,
        reported: (o) =>
          findingsOf(o).some((f) => f.kind === ref.kind && (covers(f, ref) || f.canonical === ref.canonical)),
        still: (after) =>
          after?.items.find((i) => i.ref.offset === ref.offset && i.ref.kind === ref.kind)?.documentedBy?.line,
      },
    ];
  }
  for (const use of ob.flags) {
    if (!use.documented) continue;
    const pair: Pair = {
      spec: spec.path,
      kind: 'flag',
      item: `${use.ref.raw} ${use.flag}`,
      line: use.ref.line,
      column: use.ref.column,
    };
    const flag = new RegExp(`(?<![\\w-])${use.flag.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&')}(?![\\w-])`);
    yield [
      `flag\0${use.flag}`,
      { kind: 'flag', flag: use.flag },
      {
        pair,
        spec,
        // The flag goes with its script: a script no longer documented is reported, and its flags with it.
        reported: (o) =>
          findingsOf(o).some(
            (f) =>
              ((f.rule === 'undocumented-flag' || f.rule === 'planned-flag') && f.canonical === use.key) ||
              (f.kind === 'script' && covers(f, use.ref)),
          ),
        still: (_after, mutated) => {
          const i = mutated.split(/\n/).findIndex((l) => flag.test(l));
          return i === -1 ? undefined : i + 1;
        },
      },
    ];
  }
  const lines = ob.sections.length > 0 ? new LineIndex(normalizeText(spec.text)) : undefined;
  for (const demand of ob.sections) {
    if (demand.title === undefined) continue;
    const item = demand.required.anyOf.join(' / ');
    const pair: Pair = { spec: spec.path, kind: 'section', item, ...lines!.position(demand.required.offset) };
    yield [
      `section\0${demand.required.anyOf.join('\0')}`,
      { kind: 'section', anyOf: demand.required.anyOf },
      {
        pair,
        spec,
        reported: (o) => findingsOf(o).some((f) => f.rule === 'missing-section' && f.canonical === item.toLowerCase()),
        still: (after, mutated) => {
          const title = after?.sections.find((d) => d.required.offset === demand.required.offset)?.title;
          if (title === undefined) return undefined;
          const i = mutated.split(/\n/).findIndex((l) => l.includes(title));
          return i === -1 ? undefined : i + 1;
        },
      },
    ];
  }
}
