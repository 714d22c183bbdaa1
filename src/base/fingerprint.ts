import { createHash } from 'node:crypto';

/** Rule, file and canonical item, never the line: the identity survives edits above a finding. */
export function fingerprintOf(rule: string, file: string, canonical: string): string {
  return createHash('sha256').update(`${rule}\0${file}\0${canonical}`).digest('hex').slice(0, 16);
}
