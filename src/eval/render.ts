import { oneLine as safeText } from '../format/shared.js';
import type { Layout, RunResult } from './evaluate.js';
import { EVAL_KINDS, type Recall } from './mutation.js';
import type { Finding } from '../types.js';
import { EXTRACTION_CLASSES, type Candidate } from './extraction.js';

function percent(n: number, of: number): string {
  return of === 0 ? '   -  ' : `${((100 * n) / of).toFixed(1).padStart(5)}%`;
}

function recallTable(recall: Recall): string[] {
  const lines = ['      kind       pairs  reported  recall'];
  let pairs = 0;
  let reported = 0;
  for (const kind of EVAL_KINDS) {
    const k = recall.byKind[kind];
    pairs += k.pairs;
    reported += k.reported;
    lines.push(
      `      ${kind.padEnd(9)} ${String(k.pairs).padStart(6)}  ${String(k.reported).padStart(8)}  ${percent(k.reported, k.pairs)}`,
    );
  }
  lines.push(
    `      ${'all'.padEnd(9)} ${String(pairs).padStart(6)}  ${String(reported).padStart(8)}  ${percent(reported, pairs)}`,
  );
  return lines;
}

function findingLine(f: Finding): string {
  return `${f.rule}  ${f.file}:${f.line}:${f.column}  ${safeText(f.item)}`;
}

/** The evaluation of one directory, as a maintainer reads it. */
export function renderText(layout: Layout, results: readonly RunResult[]): string {
  const repo = layout.repository ? `; repository: ${layout.repository.files.size} files` : '; no repository';
  const out = [
    `${layout.dir}`,
    `  ${layout.specs.length} specs in ${layout.specDirs.join(', ')}; runbook ${layout.runbook.path}${repo}`,
  ];
  for (const p of layout.problems) out.push(`  problem: ${p.file}: ${safeText(p.message)}`);
  for (const r of results) {
    const s = r.report.summary;
    out.push(
      '',
      `  run "${r.run}": ${s.findings} findings (error ${s.bySeverity.error}, warning ${s.bySeverity.warning}, info ${s.bySeverity.info}); ${s.specsBound} of ${s.specsChecked} specs bound`,
    );
    out.push(
      `    mutation recall (${r.recall.mutations} runbook items deleted, one at a time):`,
      ...recallTable(r.recall),
    );
    if (r.recall.misses.length > 0) out.push('    misses (deleted, yet not reported):');
    for (const m of r.recall.misses) {
      const still = m.still
        ? `still credited to ${layout.runbook.path}:${m.still.line}: ${safeText(m.still.text)}`
        : 'nothing in the runbook is named as the reason';
      out.push(
        `      ${m.spec}:${m.line}:${m.column}  ${m.kind} \`${safeText(m.item)}\` (${m.deleted} lines deleted): ${still}`,
      );
    }
    const p = r.precision;
    if (!p) continue;
    const value = p.precision === undefined ? 'n/a' : p.precision.toFixed(3);
    out.push(
      `    labelled precision: ${value} (tp ${p.tp}, fp ${p.fp}, debatable ${p.debatable}, unlabelled ${p.unlabelled.length})`,
    );
    for (const f of p.falsePositives) out.push(`      fp: ${findingLine(f)}${f.why ? ` — ${safeText(f.why)}` : ''}`);
    for (const f of p.unlabelled) out.push(`      unlabelled: ${findingLine(f)} — ${safeText(f.message)}`);
    for (const l of p.lostTruePositives) out.push(`      LOST tp: ${l.rule}  ${l.file}  ${safeText(l.item)}`);
    for (const m of p.misses)
      out.push(
        `      known miss ${m.reported ? 'now reported' : 'still missed'}: ${m.kind} ${m.file} ${safeText(m.item)}`,
      );
  }
  return out.join('\n');
}

/** One line per run, for a run over several directories. */
export function renderSummary(layout: Layout, results: readonly RunResult[]): string[] {
  return results.map((r) => {
    let pairs = 0;
    let reported = 0;
    for (const k of Object.values(r.recall.byKind)) {
      pairs += k.pairs;
      reported += k.reported;
    }
    const p = r.precision?.precision;
    return `${layout.dir} [${r.run}]: ${r.report.summary.findings} findings; recall ${reported}/${pairs}${p === undefined ? '' : `; precision ${p.toFixed(3)}`}`;
  });
}

/** Extraction recall by class: how many spellings, documented or not, and named by the code or not. */
export function renderExtraction(candidates: readonly Candidate[], hasCode: boolean): string {
  const out = [
    '  extraction recall (spellings the checker does not extract):',
    '      class              spellings  documented  undocumented: code names it / nothing does',
  ];
  for (const cls of EXTRACTION_CLASSES) {
    const of = candidates.filter((c) => c.class === cls);
    const undocumented = of.filter((c) => !c.documented);
    const inCode = hasCode ? String(undocumented.filter((c) => c.inCode).length) : '?';
    const notInCode = hasCode ? String(undocumented.filter((c) => !c.inCode).length) : '?';
    out.push(
      `      ${cls.padEnd(18)} ${String(of.length).padStart(9)}  ${String(of.length - undocumented.length).padStart(10)}  ${inCode.padStart(14)} / ${notInCode}`,
    );
  }
  for (const c of candidates) {
    if (!c.documented)
      out.push(
        `      ${c.class}  ${c.spec}:${c.line}  ${safeText(c.item)}${hasCode ? (c.inCode ? '  (code names it)' : '  (nothing names it)') : ''}`,
      );
  }
  return out.join('\n');
}
