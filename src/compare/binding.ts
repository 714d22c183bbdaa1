import { cutAt } from '../trim.js';
import { basename, stem } from '../canonical/path.js';
import { joinPath } from '../extract/shell.js';
import type { ParsedDocument } from '../parse/document.js';
import { directoryOf } from '../parse/document.js';
import { isReferenceSection } from './sections.js';

export interface Binding {
  bound: boolean;
  /** Why: 'front matter', or the line that names the runbook. */
  reason: string;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * A spec binds itself to the runbook by naming it (`docs/RUNBOOK.md`, `RUNBOOK.md`, or "document
 * in RUNBOOK") outside a See-also section, or by `runbook: true` in front matter.
 */
export function bindingOf(doc: Pick<ParsedDocument, 'path' | 'frontMatter' | 'spans' | 'lines'>, runbookPath: string): Binding {
  const declared = declaredBinding(doc.frontMatter.data, runbookPath);
  if (declared !== undefined) return { bound: declared, reason: 'front matter' };

  const file = basename(runbookPath).toLowerCase();
  const name = stem(runbookPath);
  const stemWord = new RegExp(`(?<![\\w-])${escapeRegExp(name)}(?![\\w-])`);
  const docDir = directoryOf(doc.path);
  for (const span of doc.spans) {
    if (span.context === 'frontmatter') continue;
    const names =
      span.context === 'link'
        ? joinPath(docDir, cutAt(span.text, '#?')) === runbookPath
        : span.text.toLowerCase().includes(file) || stemWord.test(span.text);
    if (names && !isReferenceSection(span.section)) return { bound: true, reason: `names the runbook on line ${doc.lines.position(span.start).line}` };
  }
  return { bound: false, reason: 'does not name the runbook' };
}

function declaredBinding(data: Record<string, unknown>, runbookPath: string): boolean | undefined {
  const nested = data['sync-check'];
  const value = data.runbook ?? (nested && typeof nested === 'object' ? (nested as Record<string, unknown>).runbook : undefined);
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string') {
    const v = value.replace(/^\.\//, '');
    return v === runbookPath || basename(v) === basename(runbookPath);
  }
  return undefined;
}
