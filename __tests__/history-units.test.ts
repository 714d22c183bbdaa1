/**
 * History's parts on their own: `git log --raw -z` and `git ls-tree -r -z` parsed (paths and
 * subjects holding the separators, renames and copies), a commit's changes applied to a tree,
 * renamed paths followed to their newest names, introductions computed from the commits seen,
 * the trace that lets a spec's outcome be reused while the repository answers the same, and the
 * long-lived `git cat-file --batch` reader.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { GitError } from '../src/base/errors.js';
import { stillHolds, Trace, traced } from '../src/core/trace.js';
import { introductions, type Seen } from '../src/history/blame.js';
import { applyChanges, identities, LOG_FORMAT, parseLog, parseTree, type Commit } from '../src/history/log.js';
import { BlobReader } from '../src/io/git-objects.js';
import type { Finding } from '../src/types.js';
import { tempDir } from './support/harness.js';

const OID = (c: string): string => c.repeat(40);
const Z = OID('0');

function git(dir: string, args: string[], env: Record<string, string> = {}): string {
  return execFileSync('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.com', ...args], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

describe('parseLog', () => {
  test('crafted git log --raw -z: separators in paths and subjects, renames, copies, an empty commit', () => {
    const text = [
      // A commit whose subject holds the field separator.
      `\x1e${OID('a')}\x1f${OID('b')}\x1f1700000000\x1ffix: a\x1fb`,
      `\n:100644 100644 ${OID('1')} ${OID('2')} M`,
      'odd\x1epath.md',
      `:000000 100644 ${Z} ${OID('3')} A`,
      ':starts-with-colon.md',
      `:000000 100644 ${Z} ${OID('4')} A`,
      'new\nline.md',
      `:000000 100644 ${Z} ${OID('5')} A`,
      '\x1estarts-with-the-record-separator.md',
      `:100644 100644 ${OID('6')} ${OID('6')} R100`,
      'specs/old.md',
      'specs/new.md',
      `:100644 100644 ${OID('7')} ${OID('7')} C075`,
      'specs/new.md',
      'specs/copy.md',
      `:100644 000000 ${OID('8')} ${Z} D`,
      'gone.md',
      // An empty commit: a header and nothing else.
      `\x1e${OID('b')}\x1f${OID('c')}\x1f1650000000\x1fempty`,
      // A merge, read against its first parent; then the root.
      `\x1e${OID('c')}\x1f${OID('d')} ${OID('e')}\x1f1640000000\x1fMerge x`,
      `\n:100644 100755 ${OID('1')} ${OID('1')} M`,
      'run.sh',
      `\x1e${OID('d')}\x1f\x1f1600000000\x1froot`,
      '',
    ].join('\0');
    const commits = parseLog(text);
    expect(commits.map((c) => [c.oid, c.parents, c.time, c.subject, c.changes.length])).toEqual([
      [OID('a'), [OID('b')], 1700000000, 'fix: a\x1fb', 7],
      [OID('b'), [OID('c')], 1650000000, 'empty', 0],
      [OID('c'), [OID('d'), OID('e')], 1640000000, 'Merge x', 1],
      [OID('d'), [], 1600000000, 'root', 0],
    ]);
    expect(commits[0]!.changes).toEqual([
      { status: 'M', mode: '100644', oid: OID('2'), path: 'odd\x1epath.md' },
      { status: 'A', mode: '100644', oid: OID('3'), path: ':starts-with-colon.md' },
      { status: 'A', mode: '100644', oid: OID('4'), path: 'new\nline.md' },
      { status: 'A', mode: '100644', oid: OID('5'), path: '\x1estarts-with-the-record-separator.md' },
      { status: 'R', mode: '100644', oid: OID('6'), from: 'specs/old.md', path: 'specs/new.md' },
      { status: 'C', mode: '100644', oid: OID('7'), from: 'specs/new.md', path: 'specs/copy.md' },
      { status: 'D', mode: '000000', oid: Z, path: 'gone.md' },
    ]);
    expect(commits[2]!.changes).toEqual([{ status: 'M', mode: '100755', oid: OID('1'), path: 'run.sh' }]);
  });

  test("git's own output for hostile names and subjects parses to the same names", async () => {
    const dir = await tempDir();
    git(dir, ['init', '-q']);
    const names = ['odd\x1ename.md', ':colon.md', 'new\nline.md', '\x1estart.md', 'tab\there.md'];
    for (const name of names) await fs.writeFile(path.join(dir, name), `${name}\n`);
    git(dir, ['add', '-A']);
    const env = { GIT_COMMITTER_DATE: '2026-01-01T00:00:00Z', GIT_AUTHOR_DATE: '2026-01-01T00:00:00Z' };
    git(dir, ['commit', '-q', '--no-verify', '-m', 'sub\x1fject'], env);
    git(dir, ['mv', ':colon.md', 'new\x1ename.md']);
    git(dir, ['commit', '-q', '--no-verify', '-m', 'rename'], env);
    const out = git(dir, ['log', '-M', '--raw', '-z', '--no-abbrev', `--format=${LOG_FORMAT}`]);
    const [renamed, first] = parseLog(out);
    expect(renamed!.subject).toBe('rename');
    expect(renamed!.changes.map((c) => [c.status, c.from, c.path])).toEqual([['R', ':colon.md', 'new\x1ename.md']]);
    expect(first!.subject).toBe('sub\x1fject');
    expect(first!.time).toBe(Date.parse('2026-01-01T00:00:00Z') / 1000);
    expect(first!.changes.map((c) => c.path).sort()).toEqual([...names].sort());
    expect(first!.changes.every((c) => c.status === 'A' && /^[0-9a-f]{40}$/.test(c.oid))).toBe(true);
  });
});

describe('parseTree and applyChanges', () => {
  test('parseTree reads ls-tree -r -z records: modes, ids, and paths holding a tab or a newline', () => {
    const tree = parseTree(
      [
        `100644 blob ${OID('1')}\tdocs/a.md`,
        `100755 blob ${OID('2')}\tscripts/run.sh`,
        `120000 blob ${OID('3')}\tlink`,
        `160000 commit ${OID('4')}\tvendor/sub`,
        `100644 blob ${OID('5')}\ttab\there\nand newline.md`,
        '',
      ].join('\0'),
    );
    expect([...tree]).toEqual([
      ['docs/a.md', { mode: '100644', oid: OID('1') }],
      ['scripts/run.sh', { mode: '100755', oid: OID('2') }],
      ['link', { mode: '120000', oid: OID('3') }],
      ['vendor/sub', { mode: '160000', oid: OID('4') }],
      ['tab\there\nand newline.md', { mode: '100644', oid: OID('5') }],
    ]);
  });

  test('applyChanges: added, modified, type changed, deleted, renamed (source gone) and copied (source kept)', () => {
    const tree = parseTree(
      [`100644 blob ${OID('1')}\ta.md`, `100644 blob ${OID('2')}\tb.md`, `100644 blob ${OID('3')}\tc.md`, ''].join(
        '\0',
      ),
    );
    const commit: Commit = {
      oid: OID('f'),
      parents: [],
      time: 0,
      subject: '',
      changes: [
        { status: 'A', mode: '100644', oid: OID('4'), path: 'new.md' },
        { status: 'M', mode: '100644', oid: OID('5'), path: 'a.md' },
        { status: 'T', mode: '120000', oid: OID('6'), path: 'c.md' },
        { status: 'R', mode: '100644', oid: OID('2'), from: 'b.md', path: 'moved/b.md' },
        { status: 'C', mode: '100644', oid: OID('5'), from: 'a.md', path: 'copy.md' },
        { status: 'D', mode: '000000', oid: Z, path: 'new.md' },
      ],
    };
    applyChanges(tree, commit);
    expect(Object.fromEntries(tree)).toEqual({
      'a.md': { mode: '100644', oid: OID('5') },
      'c.md': { mode: '120000', oid: OID('6') },
      'moved/b.md': { mode: '100644', oid: OID('2') },
      'copy.md': { mode: '100644', oid: OID('5') },
    });
  });
});

describe('identities', () => {
  const rename = (oid: string, from: string, to: string): Commit => ({
    oid,
    parents: [],
    time: 0,
    subject: '',
    changes: [{ status: 'R', mode: '100644', oid: OID('1'), from, path: to }],
  });
  const edit = (oid: string, p: string): Commit => ({
    oid,
    parents: [],
    time: 0,
    subject: '',
    changes: [{ status: 'M', mode: '100644', oid: OID('2'), path: p }],
  });

  test('through two renames (a → b → c), a and b map to c at the commits where the file had those names', () => {
    // Newest first: 5 edits c; 4 renames b → c; 3 edits b; 2 renames a → b; 1 edits a.
    const newestFirst = [edit('5', 'c'), rename('4', 'b', 'c'), edit('3', 'b'), rename('2', 'a', 'b'), edit('1', 'a')];
    const maps = identities(newestFirst).map((m) => Object.fromEntries(m));
    expect(maps).toEqual([
      {},
      // At 4 the file is already named c.
      {},
      { b: 'c' },
      { b: 'c' },
      { a: 'c', b: 'c' },
    ]);
  });

  test('a rename swapped back and forth, and an unrelated file, keep their own names', () => {
    const newestFirst = [rename('3', 'x', 'y'), edit('2', 'other'), rename('1', 'y', 'x')];
    const maps = identities(newestFirst).map((m) => Object.fromEntries(m));
    // At 2 and at 1 the file is named x, which is y today.
    expect(maps).toEqual([{}, { x: 'y' }, { x: 'y' }]);
  });
});

describe('introductions', () => {
  const DAY = 86_400;
  const finding = (fingerprint: string): Finding => ({ fingerprint }) as Finding;
  /** Commits c0 (oldest) …, c<i> at day i, each seeing the fingerprints listed (undefined: not checked). */
  const seen = (...sets: Array<string[] | undefined>): Seen[] =>
    sets.map((s, i) => ({ commit: `c${i}`, time: DAY * i, summary: `s${i}`, fingerprints: s && new Set(s) }));
  /** Day 10, noon. */
  const now = new Date((DAY * 10 + DAY / 2) * 1000);

  test('an unbroken run from the root: its first commit, date, subject and age in whole days', () => {
    const got = introductions([finding('x')], seen([], ['x'], ['x'], ['x']), true, now);
    expect(got.get('x')).toEqual({ commit: 'c1', date: new Date(DAY * 1000).toISOString(), summary: 's1', ageDays: 9 });
  });

  test('a broken run: the commit after the break', () => {
    const got = introductions([finding('x')], seen(['x'], ['x'], [], ['x'], ['x']), true, now);
    expect(got.get('x')).toMatchObject({ commit: 'c3', ageDays: 7 });
  });

  test('a commit that could not be checked breaks the run too', () => {
    const got = introductions([finding('x')], seen(['x'], undefined, ['x']), true, now);
    expect(got.get('x')).toMatchObject({ commit: 'c2' });
  });

  test('not at the newest commit: not committed yet', () => {
    const got = introductions([finding('new')], seen(['new'], ['new'], []), true, now);
    expect(got.get('new')).toEqual({ uncommitted: true });
    expect(introductions([finding('x')], [], true, now).get('x')).toEqual({ uncommitted: true });
  });

  test('a run that reaches the first commit seen: "at least" when older history was not seen, exact when it was', () => {
    const partial = introductions([finding('x')], seen(['x'], ['x']), false, now);
    expect(partial.get('x')).toEqual({
      commit: 'c0',
      date: new Date(0).toISOString(),
      summary: 's0',
      ageDays: 10,
      atLeast: true,
    });
    expect(introductions([finding('x')], seen(['x'], ['x']), true, now).get('x')).not.toHaveProperty('atLeast');
    // A run that starts after the first commit is exact even in a partial history.
    expect(introductions([finding('y')], seen([], ['y']), false, now).get('y')).not.toHaveProperty('atLeast');
  });

  test('one answer per fingerprint; a commit dated after now is 0 days old', () => {
    const got = introductions([finding('x'), finding('x')], seen(['x']), true, new Date(0 - 5_000));
    expect([...got.keys()]).toEqual(['x']);
    expect(got.get('x')).toMatchObject({ ageDays: 0 });
  });
});

describe('Trace', () => {
  class Index {
    constructor(public files: string[]) {}
    has(name: string): boolean {
      return this.files.includes(name);
    }
    where(name: string): { file: string } | undefined {
      return this.has(name) ? { file: name } : undefined;
    }
    all(): Set<string> {
      return new Set(this.files);
    }
    get size(): number {
      return this.files.length;
    }
  }

  test('the same answers to every question: the outcome holds', () => {
    const trace = new Trace();
    const index = traced(new Index(['a', 'b']), trace, ['repository']);
    expect(index.has('a')).toBe(true);
    expect(index.has('z')).toBe(false);
    expect(index.where('b')).toEqual({ file: 'b' });
    expect(trace.opaque).toBe(false);
    expect(trace.calls.size).toBe(3);
    // Other files, the same answers.
    expect(stillHolds(trace, { repository: new Index(['b', 'a', 'c']) })).toBe(true);
  });

  test('a changed answer: it does not', () => {
    const trace = new Trace();
    const index = traced(new Index(['a', 'b']), trace, ['repository']);
    index.has('a');
    index.where('b');
    expect(stillHolds(trace, { repository: new Index(['b']) })).toBe(false);
    expect(stillHolds(trace, { repository: new Index(['a']) })).toBe(false);
    // The object it asked is gone.
    expect(stillHolds(trace, {})).toBe(false);
  });

  test('a property read is a question too', () => {
    const trace = new Trace();
    expect(traced(new Index(['a']), trace, ['repository']).size).toBe(1);
    expect(stillHolds(trace, { repository: new Index(['b']) })).toBe(true);
    expect(stillHolds(trace, { repository: new Index(['a', 'b']) })).toBe(false);
  });

  test('an answer JSON cannot compare (a Set) makes the trace opaque: it never holds', () => {
    const trace = new Trace();
    const index = traced(new Index(['a']), trace, ['repository']);
    expect(index.all()).toEqual(new Set(['a']));
    expect(trace.opaque).toBe(true);
    expect(stillHolds(trace, { repository: new Index(['a']) })).toBe(false);
  });
});

describe('BlobReader', () => {
  let dir: string;
  const hash = (file: string): string => git(dir, ['hash-object', '-w', file]).trim();
  beforeAll(async () => {
    dir = await tempDir();
    git(dir, ['init', '-q']);
  });

  test('a blob larger than 1 MB comes back byte for byte, between two small ones', async () => {
    const big = randomBytes(3 * 1024 * 1024 + 17);
    await fs.writeFile(path.join(dir, 'big.bin'), big);
    await fs.writeFile(path.join(dir, 'a.txt'), 'first\n');
    await fs.writeFile(path.join(dir, 'b.txt'), 'last\n');
    const [bigId, aId, bId] = [hash('big.bin'), hash('a.txt'), hash('b.txt')];
    const reader = new BlobReader(dir);
    try {
      const [a, got, b] = await Promise.all([reader.read(aId), reader.read(bigId), reader.read(bId)]);
      expect(a?.toString()).toBe('first\n');
      expect(got?.length).toBe(big.length);
      expect(got?.equals(big)).toBe(true);
      expect(b?.toString()).toBe('last\n');
      // And again, once the stream is idle.
      expect((await reader.read(bigId))?.equals(big)).toBe(true);
    } finally {
      reader.close();
    }
  });

  test('a missing object is undefined, and the reader goes on', async () => {
    await fs.writeFile(path.join(dir, 'c.txt'), 'still here\n');
    const id = hash('c.txt');
    const reader = new BlobReader(dir);
    try {
      const [missing, present] = await Promise.all([reader.read(OID('f')), reader.read(id)]);
      expect(missing).toBeUndefined();
      expect(present?.toString()).toBe('still here\n');
    } finally {
      reader.close();
    }
  });

  test('a malformed object id rejects with GitError and is never sent to git', async () => {
    const reader = new BlobReader(dir);
    try {
      for (const bad of ['HEAD', 'abc', `${OID('a')}\n${OID('b')}`, '--batch-all-objects', OID('A')])
        await expect(reader.read(bad)).rejects.toThrow(GitError);
      await expect(reader.read('HEAD')).rejects.toThrow('"HEAD" is not an object id');
    } finally {
      reader.close();
    }
  });
});
