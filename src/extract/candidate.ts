import type { Kind } from '../types.js';
import type { SpanView } from './words.js';

/** An item found in one span; `index` is where `raw` starts in the span's text. */
export interface Candidate {
  kind: Kind;
  raw: string;
  canonical: string;
  index: number;
  /** Length in the span's text when it differs from `raw` (a command continued with `\`). */
  length?: number;
  flags?: string[];
  /** make / npm run: the directory the command runs in. */
  cwd?: string;
}

/**
 * `strict` is for specs: only what clearly is an item of the kind.
 * `harvest` is for the runbook: every way the runbook could be mentioning an item,
 * because a spec item counts as documented if the runbook names it in any form.
 */
export type ExtractMode = 'strict' | 'harvest';

export interface ExtractContext {
  mode: ExtractMode;
  /** Directory of the document, relative to the repository root. */
  docDir: string;
  /** Command words (as written, or their file name) that are never project scripts. */
  systemCommands?: ReadonlySet<string>;
}

export type Extractor = (view: SpanView, ctx: ExtractContext) => Candidate[];
