/**
 * History's parts on their own: `git log --raw -z` and `ls-tree -z` parsed (paths and subjects
 * holding separators), renames followed to today's names, introductions from the commits seen,
 * the trace that lets an outcome be reused, and the long-lived `git cat-file --batch` reader.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { introductions, type Seen } from '../src/history/blame.js';
import { applyChanges, identities, parseLog, parseTree, type Commit } from '../src/history/log.js';
import { stillHolds, Trace, traced } from '../src/core/trace.js';
import { BlobReader } from '../src/io/git-objects.js';
import type { Finding } from '../src/types.js';
import { tempDir } from './support/harness.js';

const O1 = '1'.repeat(40);
const O2 = '2'.repeat(40);
const Z = '0'.repeat(40);

describe('parseLog', () => {
  test('reads commits, changes and renames; paths and subjects may hold separators', () => {
    const text = [
      `\x1e${'a'.repeat(40)}\x1f${'b'.repeat(40)}\x1f1700000000\x1ffix: a\x1fb`,
      `\n:100644 100644 ${Z} ${O1} M`,
      'odd\x1epath:x',
      `:000000 100755 ${Z} ${O2} A`,
      ':starts-with-colon\nand newline',
      `:100644 100644 ${O1} ${O1} R100`,
      'old/name.md',
      'new/name.md',
      `\x1e${'b'.repeat(40)}\x1f\x1f1600000000\x1froot`,
      '',
    ].join('\0');
    const commits = parseLog(text);
    expect(commits.map((c) => [c.oid[0], c.parents.length, c.time, c.subject])).toEqual([
      ['a', 1, 1700000000, 'fix: a\x1fb'],
      ['b', 0, 1600000000, 'root'],
    ]);
    expect(commits[0]!.changes).toEqual([
      { status: 'M', mode: '100644', oid: O1, path: 'odd\x1epath:x' },
      { status: 'A', mode: '100755', oid: O2, path: ':starts-with-colon\nand newline' },
      { status: 'R', mode: '100644', oid: O1, from: 'old/name.md', path: 'new/name.md' },
    ]);
  });

  test('parseTree and applyChanges give the tree after a commit', () => {
    const tree = parseTree(`100644 blob ${O1}\tdocs/a.md\x00120000 blob ${O2}\tlink\0`);
    expect([...tree]).toEqual([
      ['docs/a.md', { mode: '100644', oid: O1 }],
      ['link', { mode: '120000', oid: O2 }],
    ]);
    applyChanges(tree, {
      oid: 'x',
      parents: [],
      time: 0,
      subject: '',
      changes: [
        { status: 'R', mode: '100644', oid: O2, from: 'docs/a.md', path: 'docs/b.md' },
        { status: 'D', mode: '000000', oid: Z, path: 'link' },
      ],
    });
    expect([...tree]).toEqual([['docs/b.md', { mode: '100644', oid: O2 }]]);
  });

  test('identities follow two renames to the newest name', () => {
    const rename = (from: string, to: string): Commit => ({
      oid: to,
      parents: [],
      time: 0,
      subject: '',
      changes: [{ status: 'R', mode: '100644', oid: O1, from, path: to }],
    });
    const plain: Commit = { oid: 'p', parents: [], time: 0, subject: '', changes: [] };
    // Newest first: c renamed b to c, then (older) b renamed a to b.
    const maps = identities([rename('b', 'c'), plain, rename('a', 'b'), plain]);
    expect(maps.map((m) => Object.fromEntries(m))).toEqual([{}, { b: 'c' }, { b: 'c' }, { b: 'c', a: 'c' }]);
  });
});

describe('introductions', () => {
  const finding = (fingerprint: string): Finding => ({ fingerprint }) as Finding;
  const seen = (...sets: Array<string[] | undefined>): Seen[] =>
    sets.map((s, i) => ({ commit: `c${i}`, time: 86_400 * i, summary: `s${i}`, fingerprints: s && new Set(s) }));
  const now = new Date(86_400_000 * 10);

  test('the first commit of the unbroken run up to the newest', () => {
    const got = introductions([finding('x')], seen(['x'], [], ['x'], ['x']), true, now);
    expect(got.get('x')).toEqual({
      commit: 'c2',
      date: new Date(86_400_000 * 2).toISOString(),
      summary: 's2',
      ageDays: 8,
    });
  });

  test('a commit that could not be checked breaks the run', () => {
    expect(introductions([finding('x')], seen(['x'], undefined, ['x']), true, now).get('x')).toMatchObject({
      commit: 'c2',
    });
  });

  test('not at the newest commit: not committed yet; back to the first seen of a partial history: at least', () => {
    const got = introductions([finding('new'), finding('old')], seen(['old'], ['old']), false, now);
    expect(got.get('new')).toEqual({ uncommitted: true });
    expect(got.get('old')).toMatchObject({ commit: 'c0', atLeast: true, ageDays: 10 });
    expect(introductions([finding('old')], seen(['old'], ['old']), true, now).get('old')).not.toHaveProperty('atLeast');
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
    readonly nested = { count: (): number => this.files.length };
  }

  test('holds while every question gets the same answer, and not once one changes', () => {
    const trace = new Trace();
    const index = traced(new Index(['a', 'b']), trace, ['repo']);
    expect(index.has('a')).toBe(true);
    expect(index.where('b')).toEqual({ file: 'b' });
    expect(index.nested.count()).toBe(2);
    expect(stillHolds(trace, { repo: new Index(['b', 'a']) })).toBe(true);
    expect(stillHolds(trace, { repo: new Index(['a', 'c']) })).toBe(false);
    expect(stillHolds(trace, { repo: new Index(['a', 'b', 'c']) })).toBe(false);
    expect(stillHolds(trace, {})).toBe(false);
  });

  test('an answer JSON cannot compare makes the trace opaque: it never holds', () => {
    const trace = new Trace();
    traced(new Index(['a']), trace, ['repo']).all();
    expect(trace.opaque).toBe(true);
    expect(stillHolds(trace, { repo: new Index(['a']) })).toBe(false);
  });
});

describe('BlobReader', () => {
  test('reads blobs by id, many at once, a large one whole; a missing one is undefined', async () => {
    const dir = await tempDir();
    execFileSync('git', ['init', '-q'], { cwd: dir });
    const big = randomBytes(3 * 1024 * 1024);
    await fs.writeFile(path.join(dir, 'big.bin'), big);
    await fs.writeFile(path.join(dir, 'small.txt'), 'hello\n');
    const id = (f: string): string =>
      execFileSync('git', ['hash-object', '-w', f], { cwd: dir, encoding: 'utf8' }).trim();
    const reader = new BlobReader(dir);
    try {
      const [a, b, missing] = await Promise.all([
        reader.read(id('small.txt')),
        reader.read(id('big.bin')),
        reader.read('f'.repeat(40)),
      ]);
      expect(a?.toString()).toBe('hello\n');
      expect(b?.equals(big)).toBe(true);
      expect(missing).toBeUndefined();
      await expect(reader.read('HEAD')).rejects.toThrow(/not an object id/);
      await expect(reader.read('--batch-all-objects')).rejects.toThrow(/not an object id/);
    } finally {
      reader.close();
    }
  });
});
