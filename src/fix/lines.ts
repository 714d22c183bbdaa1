/** A text's lines, each with its own line ending ('' for a last line without one), and its BOM. */
export interface Lines {
  bom: string;
  lines: Array<{ text: string; end: string }>;
  /** The ending most lines have: what new lines get. */
  eol: string;
}

export function splitLines(text: string): Lines {
  const bom = text.startsWith('\uFEFF') ? '\uFEFF' : '';
  const parts = text.slice(bom.length).match(/[^\n]*\n|[^\n]+$/g) ?? [];
  const lines = parts.map((part) => {
    const end = part.endsWith('\r\n') ? '\r\n' : part.endsWith('\n') ? '\n' : '';
    return { text: part.slice(0, part.length - end.length), end };
  });
  const crlf = lines.filter((l) => l.end === '\r\n').length;
  const lf = lines.filter((l) => l.end === '\n').length;
  return { bom, lines, eol: crlf > lf ? '\r\n' : '\n' };
}

export function joinLines(split: Lines): string {
  return split.bom + split.lines.map((l) => l.text + l.end).join('');
}
