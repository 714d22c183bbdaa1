import type { ParsedDocument } from '../parse/document.js';
import type { RuleDefinition } from './index.js';
import type { Finding } from '../types.js';
import { fingerprintOf } from '../base/fingerprint.js';

/** A finding at `offset` in `doc`, covering `length` characters: the one shape every rule emits. */
export function findingAt(
  doc: Pick<ParsedDocument, 'path' | 'lines'>,
  rule: RuleDefinition,
  at: { offset: number; length: number },
  item: string,
  canonical: string,
  message: string,
): Finding {
  const start = doc.lines.position(at.offset);
  const end = doc.lines.position(at.offset + at.length);
  return {
    rule: rule.id,
    kind: rule.kind,
    item,
    canonical,
    file: doc.path,
    line: start.line,
    column: start.column,
    endLine: end.line,
    endColumn: end.column,
    severity: rule.defaultSeverity,
    message,
    otherMentions: [],
    fingerprint: fingerprintOf(rule.id, doc.path, canonical),
  };
}
