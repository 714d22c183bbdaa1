/**
 * What one spec's check asked of the repository and its code, with the answers: the spec's
 * outcome holds in another state of the repository when every question gets the same answer
 * there. History uses it to check a spec once while the code moves under it.
 */
export class Trace {
  /** Question (path, method and arguments, as JSON) → the question and its answer (as JSON). */
  readonly calls = new Map<string, Call>();
  /** Something was asked whose answer cannot be compared: the outcome can never be reused. */
  opaque = false;
}

interface Call {
  path: readonly string[];
  method: string;
  args: unknown[];
  answer: string;
}

/** The objects a check queries, by name: the repository index and the grounding in the code. */
export type Roots = Readonly<Record<string, object | undefined>>;

/**
 * `target`, answering as it would, with every method call and property read recorded in
 * `trace`. An object reached through it (`grounding.code`) is traced too.
 */
export function traced<T extends object>(target: T, trace: Trace, path: readonly string[]): T {
  return new Proxy(target, {
    get(t, prop) {
      const value: unknown = Reflect.get(t, prop, t);
      if (typeof prop === 'symbol') {
        trace.opaque = true;
        return value;
      }
      if (typeof value === 'function') {
        return (...args: unknown[]) => {
          const answer: unknown = (value as (...a: unknown[]) => unknown).apply(t, args);
          record(trace, path, prop, args, answer);
          return answer;
        };
      }
      if (typeof value === 'object' && value !== null) return traced(value, trace, [...path, prop]);
      record(trace, path, `.${prop}`, [], value);
      return value;
    },
  });
}

function record(trace: Trace, path: readonly string[], method: string, args: unknown[], answer: unknown): void {
  const argsJson = comparable(args);
  const answerJson = comparable(answer);
  if (argsJson === undefined || answerJson === undefined) {
    trace.opaque = true;
    return;
  }
  const key = `${path.join('.')}\0${method}\0${argsJson}`;
  if (!trace.calls.has(key))
    trace.calls.set(key, { path, method, args: JSON.parse(argsJson) as unknown[], answer: answerJson });
}

/** Does every question of `trace` get the same answer from `roots`? */
export function stillHolds(trace: Trace, roots: Roots): boolean {
  if (trace.opaque) return false;
  for (const call of trace.calls.values()) {
    let target: unknown = roots[call.path[0]!];
    for (const step of call.path.slice(1)) target = (target as Record<string, unknown> | undefined)?.[step];
    if (typeof target !== 'object' || target === null) return false;
    const answer = call.method.startsWith('.')
      ? (target as Record<string, unknown>)[call.method.slice(1)]
      : (target as Record<string, (...a: unknown[]) => unknown>)[call.method]?.(...call.args);
    if (comparable(answer) !== call.answer) return false;
  }
  return true;
}

class Opaque extends Error {}

/** A value as JSON, or undefined when JSON would lose what it holds (a Set, a Map, a function). */
function comparable(value: unknown): string | undefined {
  try {
    return (
      JSON.stringify(value, (_key, v: unknown) => {
        if (v instanceof Set || v instanceof Map || typeof v === 'function' || typeof v === 'bigint')
          throw new Opaque();
        return v;
      }) ?? 'undefined'
    );
  } catch {
    return undefined;
  }
}
