import { extension, segments } from '../canonical/path.js';
import type { ParsedDocument } from '../parse/document.js';
import type { LocatedReference } from '../types.js';
import { DATA_EXTENSIONS } from './grounding.js';
import { normalizeHeading } from './sections.js';

/**
 * Sentences that name an item without asking the runbook for it. These hold for any spec,
 * with or without a repository at hand.
 */

/**
 * "Add test: `GET /docs` returns 200", "Test that `POST /x` rejects…": a test case names what
 * a test exercises. The list item or line opens with a test, up to two words before it.
 */
const TEST_CASE_LEAD =
  /^[\s>*+-]*(?:\[[ xX]\]\s*)?(?:\d+[.)]\s*)?(?:\*\*)?(?:[A-Za-z]+\s+){0,2}tests?(?:\*\*)?\s*(?::|\bthat\b|—|\s-\s)/i;

export function isTestCase(doc: Pick<ParsedDocument, 'text'>, ref: Pick<LocatedReference, 'offset'>): boolean {
  // Only the 200 characters before the item are looked at: on a long line, nothing is a lead-in.
  const from = Math.max(0, ref.offset - LEAD_WINDOW);
  const window = doc.text.slice(from, ref.offset);
  const newline = window.lastIndexOf('\n');
  if (newline === -1 && from > 0) return false;
  return TEST_CASE_LEAD.test(window.slice(newline + 1));
}

const LEAD_WINDOW = 200;

/** A heading over a list of the files a change creates or modifies ("Files to Create/Modify", "Modified files"). */
export function isFilesHeading(heading: string): boolean {
  const words = ` ${normalizeHeading(heading)} `;
  return (
    / files? /.test(words) &&
    / (?:create|created|modify|modified|change|changed|changes|touch|touched|affected|update|updated|new|implementation) /.test(
      words,
    )
  );
}

/** Front-matter keys that list a spec's implementation files (`source:`, `files:`). */
const SOURCE_KEY = /^(?:sources?|files?|implementation|implemented[_-]?(?:in|by))$/i;

/**
 * Is this mention of a script one of the files the spec's change touches, rather than a
 * command anyone runs? Under a files heading, or in a front-matter source list.
 */
export function isImplementationMention(
  doc: Pick<ParsedDocument, 'frontMatter'>,
  ref: Pick<LocatedReference, 'context' | 'offset' | 'section'>,
): boolean {
  if (ref.context === 'frontmatter') {
    const scalar = doc.frontMatter.scalars.find(
      (s) => ref.offset >= s.offset && ref.offset <= s.offset + s.value.length,
    );
    return scalar !== undefined && scalar.keyPath.some((k) => SOURCE_KEY.test(k));
  }
  return ref.section.some(isFilesHeading);
}

/**
 * Without a repository, the text still tells data from logs: a data file kept with the
 * documentation (`docs/…/x.json`) is a document's companion, not a runtime log.
 */
export function isDocumentedData(canonical: string): boolean {
  return DATA_EXTENSIONS.has(extension(canonical)) && segments(canonical).slice(0, -1).includes('docs');
}
