/**
 * Every rule has its home: a module `src/rules/<id>.ts` exporting its definition, a docs page
 * `docs/rules/<id>.md`, and a test file `__tests__/rules/<id>.test.ts`. Adding a rule without
 * any of the three fails here, and so does a page or test for a rule that no longer exists.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { FAMILIES } from '../../src/rules/families.js';
import { RULES } from '../../src/rules/index.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const ids = RULES.map((r) => r.id);

describe.each(RULES.map((r) => [r.id, r] as const))('%s', (id, rule) => {
  test('has its module, exporting this definition', async () => {
    const file = path.join(root, 'src', 'rules', `${id}.ts`);
    expect(existsSync(file)).toBe(true);
    const module = (await import(file)) as Record<string, unknown>;
    expect(Object.values(module)).toContain(rule);
  });

  test('has its docs page, titled by its id, and links to it', () => {
    expect(rule.docs).toBe(`docs/rules/${id}.md`);
    const page = path.join(root, rule.docs);
    expect(existsSync(page)).toBe(true);
    const text = readFileSync(page, 'utf8');
    expect(text.split('\n')[0]).toBe(`# \`${id}\``);
    for (const heading of ['## What it reports', '## How to fix']) {
      expect({ id, heading, has: text.includes(heading) }).toEqual({ id, heading, has: true });
    }
  });

  test('has its test file', () => {
    expect(existsSync(path.join(root, '__tests__', 'rules', `${id}.test.ts`))).toBe(true);
  });

  test('the README rule table links to its page', () => {
    const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
    expect(readme).toContain(`| [\`${id}\`](docs/rules/${id}.md) |`);
  });
});

test('no docs page or rule test for a rule that is not in the registry', () => {
  const named = (dir: string, ext: string): string[] =>
    readdirSync(path.join(root, dir))
      .filter((f) => f.endsWith(ext))
      .map((f) => f.slice(0, -ext.length));
  const pages = named('docs/rules', '.md');
  const tests = named('__tests__/rules', '.test.ts');
  expect(pages.filter((p) => !ids.includes(p))).toEqual([]);
  expect(tests.filter((t) => t !== 'registry' && !ids.includes(t))).toEqual([]);
});

test('rule ids are unique and each docs page links only to pages that exist', () => {
  expect(new Set(ids).size).toBe(ids.length);
  for (const id of ids) {
    const page = path.join(root, 'docs', 'rules', `${id}.md`);
    if (!existsSync(page)) continue;
    for (const [, target] of readFileSync(page, 'utf8').matchAll(/\]\(([\w-]+\.md)\)/g)) {
      const exists = existsSync(path.join(root, 'docs', 'rules', target!));
      expect({ id, target, exists }).toEqual({ id, target, exists: true });
    }
  }
});

test('the engine runs every rule: each is in exactly one family, of the scope the rule declares', () => {
  for (const rule of RULES) {
    const families = FAMILIES.filter((f) => f.rules.includes(rule));
    expect({ id: rule.id, families: families.length }).toEqual({ id: rule.id, families: 1 });
    expect({ id: rule.id, scope: families[0]!.scope }).toEqual({ id: rule.id, scope: rule.scope });
  }
  expect(FAMILIES.flatMap((f) => f.rules).length).toBe(RULES.length);
});
