import type { ParsedDocument } from '../parse/document.js';
import { normalizeHeading } from './sections.js';
import { RunbookNames } from './binding.js';

/** A runbook section a spec asks for; `anyOf` holds alternatives ("at least one of (A / B)"). */
export interface RequiredSection {
  anyOf: string[];
  offset: number;
  length: number;
}

const FRONT_MATTER_KEYS = ['runbook-sections', 'runbookSections', 'runbook_sections'];
/** "add PostgreSQL troubleshooting section", "document a Rollback section". */
const ADD_SECTION =
  /\b(?:add|adds|adding|include|includes|create|document|new)\s+(?:an?\s+|the\s+)?(?:new\s+)?["“'`]?([A-Za-z0-9][\w ./&+-]{1,60}?)["”'`]?\s+section\b/gi;
/** "section headings (or equivalent) for: Log Locations, API Restart, …". */
const HEADINGS_FOR = /\bsection\s+headings?\b[^:\n]{0,60}:\s*([^\n]+)/i;

/**
 * The runbook sections a spec requires: a front-matter list, prose that tells the runbook to
 * add a section, or an acceptance test that lists the headings it must have.
 */
export function requiredSections(
  doc: ParsedDocument,
  runbooks: RunbookNames | string | readonly string[],
): RequiredSection[] {
  const names =
    runbooks instanceof RunbookNames
      ? runbooks
      : new RunbookNames(typeof runbooks === 'string' ? [runbooks] : runbooks);
  const out: RequiredSection[] = [];
  for (const key of FRONT_MATTER_KEYS) {
    const list = doc.frontMatter.data[key];
    if (!Array.isArray(list)) continue;
    for (const scalar of doc.frontMatter.scalars) {
      if (scalar.keyPath[0] === key && list.includes(scalar.value))
        out.push({ anyOf: [scalar.value], offset: scalar.offset, length: scalar.value.length });
    }
  }
  const seen = new Set<number>();
  for (const span of doc.spans) {
    if (!span.host) continue;
    // The pieces of one paragraph share its text: read each paragraph once.
    const hostStart = span.start - span.host.index;
    if (seen.has(hostStart)) continue;
    seen.add(hostStart);
    const host = span.host.text;
    // Only a paragraph that names a runbook of the set, as binding reads names, asks it for a section.
    if (!names.namedIn(host)) continue;
    ADD_SECTION.lastIndex = 0;
    for (let m = ADD_SECTION.exec(host); m; m = ADD_SECTION.exec(host)) {
      const title = m[1]!.trim();
      out.push({ anyOf: [title], offset: hostStart + m.index + m[0].indexOf(m[1]!), length: title.length });
    }
    const listed = HEADINGS_FOR.exec(host);
    if (listed) {
      const listStart = hostStart + listed.index + listed[0].indexOf(listed[1]!);
      for (const group of splitHeadingList(listed[1]!))
        out.push({ anyOf: group, offset: listStart, length: listed[1]!.length });
    }
  }
  return out;
}

/** "A, B, and at least one of (C / D / E)" → [[A], [B], [C, D, E]]. */
export function splitHeadingList(text: string): string[][] {
  const groups: string[][] = [];
  const body = text.replace(/[.;]\s*(?:exact|the)\b.*$/i, '').replace(/\.\s*$/, '');
  const alternatives = /(?:at least one of|one of|either)\s*\(([^)]*)\)/gi;
  for (const m of body.matchAll(alternatives))
    groups.push(
      m[1]!
        .split(/\s*(?:\/|\bor\b|,)\s*/)
        .map((s) => s.trim())
        .filter(Boolean),
    );
  const rest = body.replace(alternatives, '');
  for (const part of rest.split(/\s*,\s*|\s+and\s+/)) {
    const title = part
      .replace(/^(?:and|or)\s+/i, '')
      .replace(/[()]/g, '')
      .trim();
    if (title.length > 1 && title.length <= 60 && /[A-Za-z]/.test(title)) groups.push([title]);
  }
  return groups;
}

const STOP = new Set(['a', 'an', 'the', 'and', 'or', 'of', 'for', 'to', 'in', 'on', 'section', 'sections']);

function words(text: string): string[] {
  return normalizeHeading(text)
    .split(/[\s-]+/)
    .filter((w) => w && !STOP.has(w))
    .map((w) => (w.length > 3 && w.endsWith('s') ? w.slice(0, -1) : w));
}

/**
 * A heading satisfies a required title when it holds every word of it (case, punctuation and
 * plurals aside), so "PostgreSQL troubleshooting" matches "Troubleshooting PostgreSQL" and
 * "PostgreSQL: Troubleshooting" but not "PostgreSQL migration".
 */
export function headingMatches(required: string, heading: string): boolean {
  const need = words(required);
  if (need.length === 0) return false;
  const have = new Set(words(heading));
  return need.every((w) => have.has(w));
}
