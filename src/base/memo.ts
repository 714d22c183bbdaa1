/**
 * A pure function of a string, answered once per distinct argument: headings and names recur in
 * every spec. The table is emptied when it reaches `max` entries, so memory stays bounded.
 */
export function memoByString<T>(fn: (text: string) => T, max = 16_384): (text: string) => T {
  const table = new Map<string, T>();
  return (text) => {
    let out = table.get(text);
    if (out === undefined && !table.has(text)) {
      if (table.size >= max) table.clear();
      table.set(detached(text), (out = fn(text)));
    }
    return out as T;
  };
}

/**
 * The same characters, not sharing memory with the string `text` was cut from: a heading sliced
 * from a spec would otherwise keep the whole spec alive for as long as the table holds it (V8
 * slices share their parent). Concatenating makes a new string that slicing then copies from.
 */
function detached(text: string): string {
  return (' ' + text).slice(1);
}
