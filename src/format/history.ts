import type { Finding, History, HistoryPoint, Introduced } from '../types.js';
import { hrefFor, mdCode, mdLink, mdText, nounOf, position, type FormatOptions } from './shared.js';

/** Findings the "Oldest drift" table shows. */
const OLDEST_ROWS = 10;

type Dated = Extract<Introduced, { commit: string }>;

/** A finding's introduction when a commit brought it (not the work tree's own). */
export function datedIntroduction(f: Finding): Dated | undefined {
  return f.introduced && 'commit' in f.introduced ? f.introduced : undefined;
}

/** `3f2a9c1, 2026-01-04, 120 days` (≥ when history did not reach further back). */
export function introducedText(introduced: Introduced): string {
  if ('uncommitted' in introduced) return 'not committed yet';
  const age = `${introduced.atLeast ? '≥ ' : ''}${introduced.ageDays} day${introduced.ageDays === 1 ? '' : 's'}`;
  return `since ${introduced.commit.slice(0, 7)}, ${introduced.date.slice(0, 10)}, ${age}`;
}

/** The oldest findings first; a tie goes to the report's own order. */
export function oldestFindings(findings: readonly Finding[], max = OLDEST_ROWS): Finding[] {
  return findings
    .map((f, i) => ({ f, i, at: datedIntroduction(f) }))
    .filter((x) => x.at !== undefined)
    .sort((a, b) => b.at!.ageDays - a.at!.ageDays || a.i - b.i)
    .slice(0, max)
    .map((x) => x.f);
}

/** The markdown report's "Oldest drift" table: age, the commit that brought it, the finding. */
export function oldestDriftMarkdown(findings: readonly Finding[], options: FormatOptions): string[] {
  const oldest = oldestFindings(findings);
  if (oldest.length === 0) return [];
  const out = ['## Oldest drift', '', '| Age | Since | Finding | Where |', '|---:|:-----|:-----|:-----|'];
  for (const f of oldest) {
    const at = datedIntroduction(f)!;
    const age = `${at.atLeast ? '≥ ' : ''}${at.ageDays} d`;
    const since = `${mdCode(at.commit.slice(0, 7))} ${at.date.slice(0, 10)} ${mdText(at.summary)}`;
    const where = mdLink(`${f.file}${position(f.line)}`, hrefFor(f.file, options, f.line));
    out.push(`| ${age} | ${since} | ${nounOf(f)} ${mdCode(f.item)} | ${where} |`);
  }
  const dated = findings.filter((f) => datedIntroduction(f)).length;
  if (dated > oldest.length) out.push('', `_${oldest.length} oldest of ${dated} findings a commit brought._`);
  if (oldest.some((f) => datedIntroduction(f)!.atLeast))
    out.push('', '_≥: already there at the oldest commit the history reached._');
  return [...out, ''];
}

/** The trend as the markdown report shows it: a Mermaid chart (GitHub renders it) and the points as a table. */
export function trendMarkdown(history: History): string[] {
  const points = history.points;
  if (points.length === 0) return [];
  const { top } = axisFor(Math.max(...points.map((p) => p.findings)));
  const out = [
    '## Trend',
    '',
    `Drift at each of the last ${points.length} commits that touched the specs, the runbooks or the config, oldest first (line: all findings; bars: errors). The table below names the commits.`,
    '',
    '```mermaid',
    'xychart-beta',
    '    title "Drift by commit"',
    // A numbered axis: a commit's name under each of many bars would run together.
    `    x-axis "commit (oldest = 1)" 1 --> ${Math.max(2, points.length)}`,
    `    y-axis "findings" 0 --> ${top}`,
    `    bar [${points.map((p) => p.bySeverity.error).join(', ')}]`,
    `    line [${points.map((p) => p.findings).join(', ')}]`,
    '```',
    '',
    '<details><summary>Counts at each commit</summary>',
    '',
    '| # | Commit | Date | Findings | Errors | Warnings | Change |',
    '|---:|:-----|:-----|---:|---:|---:|:-----|',
  ];
  for (const [i, p] of [...points.entries()].reverse())
    out.push(
      `| ${i + 1} | ${mdCode(p.commit.slice(0, 7))} | ${p.date.slice(0, 10)} | ${p.checked ? p.findings : 'not checked'} | ${p.bySeverity.error} | ${p.bySeverity.warning} | ${mdText(p.summary)} |`,
    );
  out.push('', '</details>', '');
  if (history.shallow) out.push('_The clone is shallow: older commits could not be read._', '');
  return out;
}

/** An axis for values up to `max`: a round step (1, 2, 5 times a power of ten, at least 1) and the top, a multiple of it. */
export function axisFor(max: number): { top: number; step: number } {
  const wanted = Math.max(1, max) / 5;
  const power = 10 ** Math.floor(Math.log10(wanted));
  const step = Math.max(
    1,
    [1, 2, 2.5, 5, 10].map((m) => m * power).find((s) => s >= wanted && Number.isInteger(s)) ?? 10 * power,
  );
  // At least five steps of one: a chart of 0 and 1 findings still reads as counts.
  return { top: Math.max(5, step * Math.ceil(max / step)), step };
}

/** The series the charts draw: all findings, and each kind that has any. */
export function trendSeries(points: readonly HistoryPoint[]): Array<{ name: string; values: number[] }> {
  const series = [{ name: 'all findings', values: points.map((p) => p.findings) }];
  const kinds = new Set<string>();
  for (const p of points) for (const [k, n] of Object.entries(p.byKind)) if (n > 0) kinds.add(k);
  for (const k of [...kinds].sort())
    series.push({ name: k, values: points.map((p) => (p.byKind as Record<string, number>)[k] ?? 0) });
  return series;
}
