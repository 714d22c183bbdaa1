/** Sections whose items are explicitly not part of the spec's obligations. */
export const DEFAULT_EXCLUDED_SECTIONS = ['out of scope', 'out-of-scope', 'not in scope', 'non-goals', 'non goals', 'nongoals', 'future work', "won't do", 'wont do', 'excluded'];

/** Sections that point elsewhere: naming the runbook there is a cross-reference, not an obligation. */
export const REFERENCE_SECTIONS = ['see also', 'references', 'related', 'related specs', 'related documents', 'links'];

export function normalizeHeading(heading: string): string {
  return heading
    .toLowerCase()
    .replace(/[’‘]/g, "'")
    .replace(/^[\s§#\d.)(-]+/, '')
    .replace(/[^a-z0-9' -]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** True when any heading in the trail contains one of `titles` as whole words. */
export function underSection(trail: readonly string[], titles: readonly string[]): boolean {
  return trail.some((heading) => {
    const h = ` ${normalizeHeading(heading)} `;
    return titles.some((t) => h.includes(` ${normalizeHeading(t)} `));
  });
}

/** Reference sections match only as the whole heading ("See also"), not as a word in one. */
export function isReferenceSection(trail: readonly string[]): boolean {
  return trail.some((heading) => REFERENCE_SECTIONS.includes(normalizeHeading(heading)));
}
