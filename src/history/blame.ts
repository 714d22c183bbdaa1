import type { Finding, Introduced } from '../types.js';

/** A commit as blame names it. */
export interface Seen {
  commit: string;
  /** Committer time, seconds since the epoch. */
  time: number;
  summary: string;
  /** Fingerprints of the findings there; undefined when nothing could be checked. */
  fingerprints: ReadonlySet<string> | undefined;
}

const DAY = 86_400_000;

/**
 * Each finding's introduction: the oldest commit of its unbroken run ending at the newest commit
 * of `seen` (oldest first). A run that reaches the first commit seen, when older history was not
 * seen (`complete` false), is only known to be at least that old.
 */
export function introductions(
  findings: readonly Finding[],
  seen: readonly Seen[],
  complete: boolean,
  now: Date,
): Map<string, Introduced> {
  const out = new Map<string, Introduced>();
  const newest = seen.length - 1;
  for (const f of findings) {
    if (out.has(f.fingerprint)) continue;
    let first = newest + 1;
    while (first > 0 && seen[first - 1]!.fingerprints?.has(f.fingerprint)) first--;
    if (first > newest) {
      out.set(f.fingerprint, { uncommitted: true });
      continue;
    }
    const at = seen[first]!;
    out.set(f.fingerprint, {
      commit: at.commit,
      date: new Date(at.time * 1000).toISOString(),
      summary: at.summary,
      ageDays: Math.max(0, Math.floor((now.getTime() - at.time * 1000) / DAY)),
      ...(first === 0 && !complete ? { atLeast: true as const } : {}),
    });
  }
  return out;
}
