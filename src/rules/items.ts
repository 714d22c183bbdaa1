import { displayEndpoint, splitEndpoint } from '../canonical/endpoint.js';
import { basename, matchesWithPlaceholders, PLACEHOLDER, segments } from '../canonical/path.js';
import { describeEvidence, type Evidence, type Grounding, type Verdict } from '../compare/grounding.js';
import { isImplementationMention } from '../compare/obligations.js';
import type { RepositoryIndex } from '../compare/repository.js';
import { isGlob, type RunbookIndex, type RunbookMention } from '../compare/runbook-index.js';
import { findingAt } from './finding.js';
import { runbookLabel, runbookName } from './runbook-label.js';
import type { ParsedDocument } from '../parse/document.js';
import { directiveFor, type Directive } from '../suppress/inline.js';
import type { Finding, LocatedReference, SuppressedFinding } from '../types.js';
import { implementationScript } from './implementation-script.js';
import { operatorRuleFor } from './operator.js';
import { plannedRuleFor } from './planned.js';
import { plannedScript } from './planned-script.js';
import type { RuleDefinition, SpecFamily } from './rule.js';
import { RULES, ruleForKind } from './index.js';

/**
 * The item rules, one family: undocumented-*, planned-*, operator-* and implementation-script.
 * Each item a spec holds the runbook to, and the runbook lacks, becomes one finding of the one
 * rule that fits what the repository shows of it (see docs/rules/<id>.md for each).
 */

export interface FindingContext {
  index: RunbookIndex;
  /** The runbook of a set that the spec names: where its items belong. */
  target: string | undefined;
  /** Items held to the runbook only because the code shows them operator-facing. */
  operator: ReadonlySet<LocatedReference>;
  directives: readonly Directive[];
  repo: RepositoryIndex | undefined;
  grounding: Grounding | undefined;
}

/** One finding per item per spec, at its first mention; a bare name joins the full path it abbreviates. */
export function findingsFor(
  doc: ParsedDocument,
  refs: LocatedReference[],
  ctx: FindingContext,
): { findings: Finding[]; suppressed: SuppressedFinding[] } {
  const { index, directives } = ctx;
  const groups = new Map<string, LocatedReference[]>();
  const fullest = fullestForms(refs);
  const templates = templateForms(refs);
  for (const r of refs) {
    const form = `${r.kind}\0${r.canonical}`;
    const key = `${r.kind}\0${fullest.get(form) ?? templates.get(form) ?? r.canonical}`;
    const list = groups.get(key);
    if (list) list.push(r);
    else groups.set(key, [r]);
  }
  const out: Finding[] = [];
  const suppressed: SuppressedFinding[] = [];
  for (const all of groups.values()) {
    all.sort((a, b) => a.offset - b.offset);
    // Prefer the most specific form as the item: a full path over a bare name, a template over an instance.
    const item = all.reduce((a, b) => (preferred(b, a) ? b : a));
    if (all.some((r) => index.documents(r))) continue;
    const judged = judge(doc, item, all, ctx);
    // Named only outside the spec's bound parts: the code, not the spec, asks for it, at a lower severity.
    const operatorRule =
      all.every((r) => ctx.operator.has(r)) && judged.rule.id.startsWith('undocumented-')
        ? operatorRuleFor(item.kind)
        : undefined;
    if (operatorRule) {
      judged.rule = operatorRule;
      judged.note += '; no part of the spec binds it to the runbook, but the code shows operators need it';
    }
    const { rule } = judged;
    // A mention under an ignore comment does not count; the finding moves to the next one.
    let silencedBy: Directive | undefined;
    const group =
      directives.length === 0
        ? all
        : all.filter((r) => {
            const d = directiveFor(directives, r.line, {
              rule: rule.id,
              kind: r.kind,
              canonical: r.canonical,
              item: r.raw,
            });
            silencedBy ??= d;
            return d === undefined;
          });
    const first = group[0] ?? all[0]!;
    const shown = item.kind === 'endpoint' ? displayEndpoint(item.raw, item.canonical) : item.raw;
    const finding = findingAt(
      doc,
      rule,
      { offset: first.offset, length: first.length ?? first.raw.length },
      shown,
      item.canonical,
      '',
    );
    const advice = adviceFor(item, index, judged.verdict);
    const files = index.files;
    finding.message = `${rule.noun} \`${shown}\` is not in ${runbookName(files)}${judged.note}${advice.text}`;
    if (files.length > 1) {
      // With a set of runbooks, say which one would hold it: where such items are kept, the one the spec
      // names, the busiest.
      finding.runbook = advice.home?.file ?? advice.suggestion?.file ?? ctx.target ?? index.busiest(item.kind);
      if (!advice.home && !advice.suggestion)
        finding.message += `; it belongs in ${runbookLabel(finding.runbook, files)}`;
    }
    finding.otherMentions = group.slice(1).map((r) => ({ raw: r.raw, line: r.line, column: r.column }));
    if (advice.suggestion) finding.suggestion = advice.suggestion;
    if (advice.home) finding.runbookSection = advice.home;
    if (judged.evidence) finding.evidence = judged.evidence;
    if (shown !== item.raw) finding.written = item.raw;
    if (group.length === 0)
      suppressed.push({ ...finding, suppression: { kind: 'inline', justification: silencedBy!.text } });
    else out.push(finding);
  }
  return { findings: out, suppressed };
}

/** A full path over a bare name; a template over a concrete instance of it; anything over a glob. */
function preferred(b: LocatedReference, a: LocatedReference): boolean {
  // A glob is never the item: what it matches is.
  if (isGlob(a.raw) !== isGlob(b.raw)) return isGlob(a.raw);
  const ta = a.canonical.includes(PLACEHOLDER);
  const tb = b.canonical.includes(PLACEHOLDER);
  if (ta !== tb && (a.kind === 'endpoint' || basename(a.canonical) !== basename(b.canonical))) return tb;
  return b.canonical.length > a.canonical.length;
}

/** The rule an undocumented item falls under, what the repository says of it, and the note that says so. */
function judge(
  doc: ParsedDocument,
  item: LocatedReference,
  all: readonly LocatedReference[],
  ctx: FindingContext,
): { rule: RuleDefinition; verdict?: Verdict; evidence?: Evidence; note: string } {
  const { repo, grounding } = ctx;
  // A script named only as a file the change touches is an implementation file, unless something runs it.
  const implementation = item.kind === 'script' && all.every((r) => isImplementationMention(doc, r));
  if (item.kind === 'script') {
    const planned = grounding
      ? grounding.verdict(item).status === 'planned'
      : repo !== undefined && !repo.hasScript(item);
    if (planned)
      return { rule: plannedScript, note: ' (planned: it is not in the repository yet; document it when it ships)' };
    const launched = grounding?.launchedBy(item.canonical);
    if (implementation && !launched) {
      return {
        rule: implementationScript,
        note: `; the spec names it only as a file its change creates or modifies${grounding ? ', and nothing in the repository runs it' : ''}: document it if operators run it by hand`,
      };
    }
    return launched
      ? { rule: ruleForKind('script'), evidence: launched, note: `; ${describeEvidence(launched)}` }
      : { rule: ruleForKind('script'), note: '' };
  }
  const verdict = grounding?.verdict(item);
  if (verdict?.status === 'planned') {
    const planned = plannedRuleFor(item.kind);
    // With a close name in the code, the spec more likely misnames the item than plans it.
    if (planned) {
      const other = verdict.otherMethods;
      if (other) {
        const list = other.methods.map((m) => `\`${m}\``).join(', ');
        return {
          rule: planned,
          verdict,
          note: ` (planned: the code serves only ${list} on this path, at \`${other.where.file}:${other.where.line}\`; document it when it ships)`,
        };
      }
      return {
        rule: planned,
        verdict,
        note: verdict.near
          ? ` (${NOT_IN_CODE[item.kind]})`
          : ` (planned: ${NOT_IN_CODE[item.kind]} yet; document it when it ships)`,
      };
    }
  }
  const evidence = verdict?.status === 'shipped' ? verdict.evidence : undefined;
  return evidence
    ? { rule: ruleForKind(item.kind), verdict, evidence, note: `; ${describeEvidence(evidence)}` }
    : { rule: ruleForKind(item.kind), note: '' };
}

/** What the code scan found no trace of: worded for what it reads (literals, outside tests and vendored trees). */
const NOT_IN_CODE: Record<string, string> = {
  log: 'no code in the repository names this file',
  env: 'no code in the repository reads it from the environment',
  endpoint: 'no code in the repository names this route',
};

/** What to do: the runbook's near miss, the code's real name, or where the runbook keeps such items. */
function adviceFor(
  item: LocatedReference,
  index: RunbookIndex,
  verdict: Verdict | undefined,
): {
  text: string;
  suggestion?: Finding['suggestion'];
  home?: Finding['runbookSection'];
} {
  let text = '';
  const at = (m: RunbookMention): string => `${runbookLabel(m.file, index.files)}:${m.line}`;
  // A short runbook mention that could be another file is not credited: say why it did not count.
  const ambiguous = index.ambiguity(item);
  if (ambiguous) {
    text += `; the runbook's \`${ambiguous.short.raw}\` (${at(ambiguous.short)}) does not count, as it could be \`${ambiguous.other.raw}\` (${at(ambiguous.other)})`;
  }
  if (verdict?.status === 'planned' && verdict.near) {
    const { name, where } = verdict.near;
    const inRunbook = index.documents({ ...item, raw: name, canonical: name });
    text += `; did you mean \`${name}\`? The code writes it (\`${where.file}:${where.line}\`)${inRunbook ? ` and ${at(inRunbook)} documents it` : ''}`;
    return inRunbook
      ? {
          text,
          suggestion: { item: inRunbook.raw, file: inRunbook.file, line: inRunbook.line, column: inRunbook.column },
        }
      : { text };
  }
  const methods = index.otherMethods(item);
  if (methods.length > 0) {
    const list = [...new Set(methods.map((m) => splitEndpoint(m.canonical).method!))].map((m) => `\`${m}\``).join(', ');
    return { text: `${text}; the runbook documents only ${list} on this path (${at(methods[0]!)})` };
  }
  const nearest = index.nearest(item);
  if (nearest) {
    return {
      text: `${text}; did you mean \`${nearest.raw}\` (${at(nearest)})?`,
      suggestion: { item: nearest.raw, file: nearest.file, line: nearest.line, column: nearest.column },
    };
  }
  const home = index.homeSection(item.kind);
  if (!home) return { text };
  return {
    text: `${text}; the runbook lists ${RULE_NOUNS[item.kind]}s under "${home.heading}" (${runbookLabel(home.file, index.files)}:${home.line})`,
    home,
  };
}

const RULE_NOUNS: Record<string, string> = {
  log: 'log path',
  script: 'script',
  endpoint: 'endpoint',
  env: 'environment variable',
};

/**
 * Within one spec, a concrete item and the template it is an instance of are one item: the
 * instance (`GET /api/jobs/42/status`, `0B41_ALL_20260215.jsonl`) maps to the template
 * (`GET /api/jobs/{id}/status`, `0B41_ALL_<date>.jsonl`). So does a glob (`/tmp/app-*.log`) to
 * the first item it matches: it names no file of its own.
 */
function templateForms(refs: readonly LocatedReference[]): Map<string, string> {
  const out = shorthandEndpoints(refs);
  const templates = refs.filter(
    (r) => (r.kind === 'endpoint' || r.kind === 'log') && r.canonical.includes(PLACEHOLDER),
  );
  if (templates.length === 0 || templates.length > 256) return out;
  const concrete = refs.filter(
    (r) => (r.kind === 'endpoint' || r.kind === 'log') && !r.canonical.includes(PLACEHOLDER),
  );
  for (const t of templates) {
    if (!isGlob(t.raw)) continue;
    const match = concrete.find((r) => r.kind === t.kind && instanceOf(t, r));
    if (match) out.set(`${t.kind}\0${t.canonical}`, match.canonical);
  }
  for (const r of concrete) {
    const template = templates.find((t) => t.kind === r.kind && !isGlob(t.raw) && instanceOf(t, r));
    if (template) out.set(`${r.kind}\0${r.canonical}`, template.canonical);
  }
  return out;
}

/**
 * `POST /channels/publish` in a spec that also names `POST /api/v1/channels/publish` is the
 * same endpoint written short: it maps to the full form (two shared segments at least). A
 * path without a method beside the same path with one method maps to that one.
 */
function shorthandEndpoints(refs: readonly LocatedReference[]): Map<string, string> {
  const out = new Map<string, string>();
  const endpoints = [
    ...new Map(
      refs.filter((r) => r.kind === 'endpoint').map((r) => [r.canonical, splitEndpoint(r.canonical)]),
    ).entries(),
  ];
  if (endpoints.length > 256) return out;
  // `/api/x` beside `GET /api/x` (or a URL with a host, which reads the same) is a mention of it.
  const withMethod = new Map<string, string[]>();
  for (const [canonical, e] of endpoints)
    if (e.method) withMethod.set(e.path, [...(withMethod.get(e.path) ?? []), canonical]);
  for (const [canonical, e] of endpoints) {
    // With several methods on the path, which one a bare mention means is not said: it stays apart.
    const full = e.method ? undefined : withMethod.get(e.path);
    if (full?.length === 1) out.set(`endpoint\0${canonical}`, full[0]!);
  }
  for (const [canonical, short] of endpoints) {
    if (out.has(`endpoint\0${canonical}`)) continue;
    const segs = segments(short.path);
    if (segs.length < 2) continue;
    let fullest: string | undefined;
    let fullestLength = segs.length;
    for (const [other, long] of endpoints) {
      const theirs = segments(long.path);
      if (theirs.length <= fullestLength || (short.method && long.method && short.method !== long.method)) continue;
      if (segs.every((s, i) => s === theirs[theirs.length - segs.length + i])) {
        fullest = other;
        fullestLength = theirs.length;
      }
    }
    if (fullest) out.set(`endpoint\0${canonical}`, fullest);
  }
  return out;
}

function instanceOf(template: LocatedReference, ref: LocatedReference): boolean {
  if (ref.kind === 'log') return matchesWithPlaceholders(template.canonical, ref.canonical);
  const a = splitEndpoint(ref.canonical);
  const b = splitEndpoint(template.canonical);
  return (!a.method || !b.method || a.method === b.method) && matchesWithPlaceholders(b.path, a.path);
}

/**
 * Within one spec, `agent_runner.log`, `logs/agent_runner.log` and `api/logs/agent_runner.log`
 * are one item: each shorter form maps to the longest path it is a suffix of.
 */
function fullestForms(refs: readonly LocatedReference[]): Map<string, string> {
  const byBase = new Map<string, string[]>();
  for (const r of refs) {
    if (r.kind !== 'log' && r.kind !== 'script') continue;
    const key = `${r.kind}\0${basename(r.canonical)}`;
    const list = byBase.get(key) ?? [];
    if (!list.includes(r.canonical)) list.push(r.canonical);
    byBase.set(key, list);
  }
  const out = new Map<string, string>();
  for (const [key, forms] of byBase) {
    // Hundreds of different paths to one file name is not an abbreviation pattern: leave them apart.
    if (forms.length > 64) continue;
    const kind = key.slice(0, key.indexOf('\0'));
    for (const form of forms) {
      const longer = forms.filter((f) => f.endsWith(`/${form}`));
      // Only an unambiguous abbreviation is merged: one longest form that all others extend.
      const longest = longer.sort((a, b) => b.length - a.length)[0];
      if (longest && longer.every((f) => longest.endsWith(`/${f}`) || longest === f))
        out.set(`${kind}\0${form}`, longest);
    }
  }
  return out;
}

/** The item rules as the engine runs them on each spec. */
export const itemRules: SpecFamily = {
  scope: 'spec',
  rules: RULES.filter((r) =>
    /^(?:undocumented|planned|operator)-(?:log|script|endpoint|env)$|^implementation-script$/.test(r.id),
  ),
  ownDirectives: true,
  check: (ctx) => findingsFor(ctx.doc, [...ctx.wanted], ctx),
};
