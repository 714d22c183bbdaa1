import { readFileSync } from 'node:fs';
import type { RuleDefinition } from './rule.js';

// Two levels up from src/rules/, dist/rules/ and the bundle in dist/cli/ alike: the package root.
const PACKAGE_ROOT = new URL('../../', import.meta.url);
const pages = new Map<string, string | undefined>();

/**
 * A rule's docs page as Markdown, read from the package (it ships docs/rules/), for formats that
 * carry a rule's help with them (SARIF). Absent when the package was installed without it.
 */
export function rulePage(rule: Pick<RuleDefinition, 'id' | 'docs'>): string | undefined {
  if (!pages.has(rule.id)) {
    let page: string | undefined;
    try {
      page = readFileSync(new URL(rule.docs, PACKAGE_ROOT), 'utf8');
    } catch {
      page = undefined;
    }
    pages.set(rule.id, page);
  }
  return pages.get(rule.id);
}
