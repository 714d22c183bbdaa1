import { memoByString } from '../base/memo.js';

/** Sections whose items are explicitly not part of the spec's obligations. */
export const DEFAULT_EXCLUDED_SECTIONS = [
  'out of scope',
  'out-of-scope',
  'not in scope',
  'non-goals',
  'non goals',
  'nongoals',
  'future work',
  "won't do",
  'wont do',
  'excluded',
  // What tests exercise is the tests' business: acceptance tests, test plans, test cases.
  'tests',
  'testing',
  'test plan',
  'test plans',
  'test cases',
  'test case',
  'test strategy',
  'test suite',
  // What developers run on their own machines is the developers' guide, not the operators' runbook.
  'local development',
  'local dev',
  'local setup',
  'development setup',
  'developer setup',
  'local environment',
];

/** Sections that point elsewhere: naming the runbook there is a cross-reference, not an obligation. */
export const REFERENCE_SECTIONS = ['see also', 'references', 'related', 'related specs', 'related documents', 'links'];

export const normalizeHeading = memoByString(normalize);

function normalize(heading: string): string {
  return heading
    .toLowerCase()
    .replace(/[’‘]/g, "'")
    .replace(/^[\s§#\d.)(-]+/, '')
    .replace(/[^a-z0-9' -]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Trails are shared by every span under one heading, so answers are memoised per trail. */
const underCache = new WeakMap<readonly string[], WeakMap<readonly string[], boolean>>();
const referenceCache = new WeakMap<readonly string[], boolean>();
const wantedCache = new WeakMap<readonly string[], string[]>();

/** True when any heading in the trail contains one of `titles` as whole words. */
export function underSection(trail: readonly string[], titles: readonly string[]): boolean {
  let byTitles = underCache.get(trail);
  if (!byTitles) underCache.set(trail, (byTitles = new WeakMap()));
  const cached = byTitles.get(titles);
  if (cached !== undefined) return cached;
  let wanted = wantedCache.get(titles);
  if (!wanted) wantedCache.set(titles, (wanted = titles.map((t) => ` ${normalizeHeading(t)} `)));
  const answer = trail.some((heading) => {
    const h = ` ${normalizeHeading(heading)} `;
    return wanted!.some((t) => h.includes(t));
  });
  byTitles.set(titles, answer);
  return answer;
}

/** Reference sections match only as the whole heading ("See also"), not as a word in one. */
export function isReferenceSection(trail: readonly string[]): boolean {
  const cached = referenceCache.get(trail);
  if (cached !== undefined) return cached;
  // "Related Documentation", "Related specs", "📚 Related": anything headed Related… points elsewhere.
  const answer = trail.some((heading) => {
    const h = normalizeHeading(heading);
    return REFERENCE_SECTIONS.includes(h) || h.startsWith('related ') || h === 'further reading';
  });
  referenceCache.set(trail, answer);
  return answer;
}
