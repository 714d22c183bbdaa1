import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project's fixtures and, when present, the corpora beside the project (`../shared/corpus`). */
export const FIXTURES = fileURLToPath(new URL('../../specs-fixtures', import.meta.url));
export const CORPUS = fileURLToPath(new URL('../../../shared/corpus', import.meta.url));

/** Every Markdown file below the roots that exist (not in .git or node_modules), links not followed. */
export function markdownFilesUnder(...roots: string[]): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      if (name === '.git' || name === 'node_modules') continue;
      const full = path.join(dir, name);
      const st = statSync(full, { throwIfNoEntry: false });
      if (st?.isDirectory()) walk(full);
      else if (st?.isFile() && name.endsWith('.md')) out.push(full);
    }
  };
  for (const root of roots) if (existsSync(root)) walk(root);
  return out;
}
