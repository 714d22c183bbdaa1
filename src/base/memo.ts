/**
 * A pure function of a string, answered once per distinct argument: headings and names recur in
 * every spec. The table is emptied when it reaches `max` entries, so memory stays bounded.
 */
export function memoByString<T>(fn: (text: string) => T, max = 65_536): (text: string) => T {
  const table = new Map<string, T>();
  return (text) => {
    let out = table.get(text);
    if (out === undefined && !table.has(text)) {
      if (table.size >= max) table.clear();
      table.set(text, (out = fn(text)));
    }
    return out as T;
  };
}
