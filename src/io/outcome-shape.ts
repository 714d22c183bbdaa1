import { FINDING_KINDS as KINDS_OF_FINDINGS } from '../types.js';

/**
 * Shape checks for what a cache file holds: a cache is written by sync-check but read from the
 * workspace, where anything may have replaced it. A cached finding is shown in every format,
 * so each field is checked for what the formats assume of it, not only the containers.
 */
const FINDING_KINDS: ReadonlySet<string> = new Set(KINDS_OF_FINDINGS);
const SEVERITIES: ReadonlySet<string> = new Set(['error', 'warning', 'info']);

type Rec = Record<string, unknown>;
const isRecord = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): boolean => typeof v === 'string';
const optStr = (v: unknown): boolean => v === undefined || typeof v === 'string';
const count = (v: unknown): boolean => Number.isSafeInteger(v) && (v as number) >= 0;
const optCount = (v: unknown): boolean => v === undefined || count(v);
const at = (v: Rec): boolean => count(v['line']) && count(v['column']);
const list = (v: unknown, each: (x: unknown) => boolean): boolean => Array.isArray(v) && v.every(each);

export function isDiagnostic(v: unknown): boolean {
  return (
    isRecord(v) &&
    str(v['file']) &&
    optCount(v['line']) &&
    optCount(v['column']) &&
    (v['severity'] === 'error' || v['severity'] === 'warning') &&
    str(v['code']) &&
    str(v['message']) &&
    (v['fatal'] === undefined || typeof v['fatal'] === 'boolean') &&
    (v['baselined'] === undefined || typeof v['baselined'] === 'boolean')
  );
}

const isPlace = (v: unknown): boolean => isRecord(v) && str(v['file']) && count(v['line']);

export function isFinding(v: unknown): boolean {
  if (!isRecord(v) || !at(v) || !count(v['endLine']) || !count(v['endColumn'])) return false;
  if (!['rule', 'item', 'canonical', 'file', 'message', 'fingerprint'].every((k) => str(v[k]))) return false;
  if (!FINDING_KINDS.has(v['kind'] as string) || !SEVERITIES.has(v['severity'] as string)) return false;
  if (!optStr(v['written']) || !optStr(v['runbook'])) return false;
  if (
    v['suggestion'] !== undefined &&
    !(isRecord(v['suggestion']) && str(v['suggestion']['item']) && str(v['suggestion']['file']) && at(v['suggestion']))
  )
    return false;
  if (v['evidence'] !== undefined && !(isPlace(v['evidence']) && str((v['evidence'] as Rec)['verb']))) return false;
  if (
    v['runbookSection'] !== undefined &&
    !(isPlace(v['runbookSection']) && str((v['runbookSection'] as Rec)['heading']))
  )
    return false;
  return list(v['otherMentions'], (m) => isRecord(m) && at(m) && str(m['raw']));
}

export function isSuppressed(v: unknown): boolean {
  const s = isRecord(v) ? v['suppression'] : undefined;
  return (
    isFinding(v) &&
    isRecord(s) &&
    ['inline', 'ignore', 'waiver', 'baseline'].includes(s['kind'] as string) &&
    str(s['justification'])
  );
}

export function isMention(v: unknown): boolean {
  return isRecord(v) && (v['kind'] === 'log' || v['kind'] === 'endpoint') && str(v['canonical']);
}

export function isOrphanCandidate(v: unknown): boolean {
  return isMention(v) && isFinding((v as Rec)['finding']);
}

export { list as isListOf, str as isString };
