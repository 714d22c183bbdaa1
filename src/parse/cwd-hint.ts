/** A "from api/" or "from repo root" hint in prose sets where the next code block runs. */
const FROM_DIR = /\bfrom\s+(?:the\s+)?`?(\.?[A-Za-z0-9_-][\w.-]*(?:\/[\w.-]+)*)\/`?(?![\w/])/i;
const FROM_ROOT = /\bfrom\s+(?:the\s+)?(?:repo(?:sitory)?|project)\s+root\b/i;

export function cwdHint(prose: string): string | undefined {
  if (FROM_ROOT.test(prose)) return '';
  const m = FROM_DIR.exec(prose);
  return m ? m[1] : undefined;
}
