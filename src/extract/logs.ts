import { canonicalPath, extension, stem, PLACEHOLDER } from '../canonical/path.js';
import type { Candidate, Extractor } from './candidate.js';

const LOG_EXTENSIONS = new Set(['.log', '.jsonl']);
/** A `logs/` (or `log/`) directory somewhere before the file name. */
const UNDER_LOG_DIR = /(?:^|\/)logs?\//;
/** `console.log`, `logger.log`: method calls that merely end in ".log". */
const CODE_OBJECTS = new Set([
  'console',
  'logger',
  'logging',
  'log',
  'self',
  'this',
  'window',
  'process',
  'util',
  'std',
  'math',
  'winston',
  'pino',
  'bunyan',
  'app',
  'cls',
  'obj',
]);
const PATH_CHARS = /^[\w.\-/{}<>*$~@+%]+$/;

/** Cheap first test: every log path ends in .log/.jsonl or has a logs/ directory. */
const MAYBE_LOG = /\.(?:log|jsonl)$|(?:^|\/)logs?\//i;

export function isLogPath(text: string): boolean {
  if (!MAYBE_LOG.test(text)) return false;
  if (text.length > 512 || !PATH_CHARS.test(text) || text.includes('://') || text.endsWith('/')) return false;
  const slash = text.lastIndexOf('/');
  const last = text.slice(slash + 1);
  if (last === '') return false;
  const ext = extension(last);
  const underLogDir = ext !== '' && UNDER_LOG_DIR.test(text);
  if (!LOG_EXTENSIONS.has(ext) && !underLogDir) return false;
  const name = stem(last);
  if (slash === -1 && CODE_OBJECTS.has(name.toLowerCase())) return false;
  // "*.log" names a kind of file, not a file.
  if (name.replace(/\{[^}]*\}|<[^>]*>|\*+|\$\{?\w+\}?/g, PLACEHOLDER) === PLACEHOLDER) return false;
  return /[A-Za-z]/.test(name);
}

export const extractLogs: Extractor = (view) => {
  const out: Candidate[] = [];
  for (const word of view.words) {
    if (!isLogPath(word.text)) continue;
    // `x.log(...)` is a call, not a file.
    if (view.span.text[word.index + word.text.length] === '(') continue;
    out.push({ kind: 'log', raw: word.text, canonical: canonicalPath(word.text, word.cwd), index: word.index });
  }
  return out;
};
