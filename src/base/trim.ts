/*
 * Trimming runs of characters from the end of a string. A regular expression like /[.,]+$/
 * is quadratic on a long run that is not at the end ("....x"): it retries from every dot.
 * These loops are linear.
 */

/** How many characters at the end of `text` are in `chars`. */
export function trailingRun(text: string, chars: string): number {
  let i = text.length;
  while (i > 0 && chars.includes(text[i - 1]!)) i--;
  return text.length - i;
}

export function trimEnd(text: string, chars: string): string {
  const run = trailingRun(text, chars);
  return run === 0 ? text : text.slice(0, text.length - run);
}

/** The text before the first of `chars` (a URL's `?query` or `#fragment`). */
export function cutAt(text: string, chars: string): string {
  for (let i = 0; i < text.length; i++) if (chars.includes(text[i]!)) return text.slice(0, i);
  return text;
}
