/** Longest diagnostic message a report carries: messages quote documents, and documents can be huge. */
export const MAX_MESSAGE = 1000;

/** `text` cut to at most `max` characters (never inside a surrogate pair), with "…" when cut. */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max - 1;
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end--;
  return `${text.slice(0, end)}…`;
}
