import { closeSync, constants, fstatSync, openSync, readFileSync, statSync } from 'node:fs';
import type { Diagnostic } from '../types.js';

/** Files larger than this are skipped with a diagnostic: a spec or runbook is never this big. */
export const MAX_FILE_BYTES = 2 * 1024 * 1024;

export type ReadResult = { ok: true; text: string } | { ok: false; diagnostic: Diagnostic };

/**
 * Reads a document as UTF-8 text; anything else (missing, a directory, binary, too large) is a
 * diagnostic. Synchronous on purpose: thousands of small files read faster one after another
 * than through the thread pool. Opened non-blocking, so a FIFO that appears between the check
 * and the open cannot hang the run.
 */
export function readDocument(absolutePath: string, displayPath: string, maxBytes = MAX_FILE_BYTES): ReadResult {
  const fail = (code: string, message: string): ReadResult => ({
    ok: false,
    diagnostic: { file: displayPath, severity: 'error', code, message },
  });
  let fd: number | undefined;
  try {
    const stat = statSync(absolutePath);
    if (stat.isDirectory()) return fail('not-a-file', 'is a directory, not a file');
    if (!stat.isFile()) return fail('not-a-file', 'is not a regular file');
    if (stat.size > maxBytes)
      return fail('too-large', `is ${stat.size} bytes, over the ${maxBytes}-byte limit; skipped (see --max-file-size)`);
    fd = openSync(absolutePath, constants.O_RDONLY | constants.O_NONBLOCK);
    if (!fstatSync(fd).isFile()) return fail('not-a-file', 'is not a regular file');
    const buffer = readFileSync(fd);
    if (buffer.length > maxBytes) return fail('too-large', `is over the ${maxBytes}-byte limit; skipped`);
    return decode(buffer, fail);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // A name that is not valid UTF-8 reaches us with U+FFFD in it, and that path does not exist.
    if (code === 'ENOENT' && absolutePath.includes('\uFFFD'))
      return fail(
        'unreadable-name',
        'has a file name that is not valid UTF-8, so it cannot be opened by name: rename it',
      );
    if (code === 'ENAMETOOLONG') return fail('unreadable', 'cannot be read: the name is too long for the file system');
    if (code === 'ENOENT') return fail('not-found', 'does not exist (or is a broken symbolic link)');
    if (code === 'EACCES' || code === 'EPERM') return fail('unreadable', 'cannot be read: permission denied');
    if (code === 'ELOOP') return fail('unreadable', 'cannot be read: too many levels of symbolic links');
    if (code === 'EISDIR') return fail('not-a-file', 'is a directory, not a file');
    return fail('unreadable', `cannot be read: ${(error as Error).message}`);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** A document's bytes read from elsewhere (a git object) as `readDocument` would read the file. */
export function decodeDocument(buffer: Buffer, displayPath: string, maxBytes = MAX_FILE_BYTES): ReadResult {
  const fail = (code: string, message: string): ReadResult => ({
    ok: false,
    diagnostic: { file: displayPath, severity: 'error', code, message },
  });
  if (buffer.length > maxBytes) return fail('too-large', `is over the ${maxBytes}-byte limit; skipped`);
  return decode(buffer, fail);
}

function decode(buffer: Buffer, fail: (code: string, message: string) => ReadResult): ReadResult {
  if ((buffer[0] === 0xff && buffer[1] === 0xfe) || (buffer[0] === 0xfe && buffer[1] === 0xff)) {
    return fail('encoding', 'is UTF-16 (byte order mark); only UTF-8 is read; skipped');
  }
  const probe = buffer.subarray(0, 8192);
  if (probe.includes(0)) return fail('binary', 'looks binary (contains NUL bytes); skipped');
  try {
    return { ok: true, text: new TextDecoder('utf-8', { fatal: true }).decode(buffer) };
  } catch {
    const at = firstInvalidUtf8(buffer);
    return fail('encoding', `is not valid UTF-8 (first bad byte at offset ${at}); skipped`);
  }
}

function firstInvalidUtf8(buffer: Buffer): number {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let lo = 0;
  let hi = buffer.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    try {
      decoder.decode(buffer.subarray(0, mid + 1));
      lo = mid + 1;
    } catch {
      hi = mid;
    }
  }
  return lo;
}

/** Config, baseline and cache files larger than this are refused: none is ever near it. */
export const MAX_SETTINGS_BYTES = 16 * 1024 * 1024;

export type SettingsRead = { ok: true; text: string } | { ok: false; missing: boolean; reason: string };

/**
 * A config, baseline or cache file's text: a regular file only (a FIFO, a device, a directory
 * or a dangling link is refused at once, never waited on), at most `maxBytes`, a UTF-8 byte
 * order mark dropped.
 */
export function readSettingsFile(file: string, maxBytes = MAX_SETTINGS_BYTES): SettingsRead {
  let fd: number | undefined;
  try {
    const stat = statSync(file);
    if (stat.isDirectory()) return { ok: false, missing: false, reason: 'is a directory, not a file' };
    if (!stat.isFile())
      return { ok: false, missing: false, reason: 'is not a regular file (a FIFO, a socket or a device)' };
    if (stat.size > maxBytes)
      return { ok: false, missing: false, reason: `is ${stat.size} bytes, over the ${maxBytes}-byte limit` };
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
    if (!fstatSync(fd).isFile()) return { ok: false, missing: false, reason: 'is not a regular file' };
    const buffer = readFileSync(fd);
    if (buffer.length > maxBytes) return { ok: false, missing: false, reason: `is over the ${maxBytes}-byte limit` };
    return { ok: true, text: buffer.toString('utf8').replace(/^\uFEFF/, '') };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { ok: false, missing: true, reason: 'no such file (or a broken symbolic link)' };
    if (code === 'EACCES' || code === 'EPERM') return { ok: false, missing: false, reason: 'permission denied' };
    return { ok: false, missing: false, reason: (error as Error).message };
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
