import { AppError } from '../../shared/errors';

type Method = (...args: never[]) => unknown;
type Call = (...args: unknown[]) => unknown;

type MethodNames<T> = { [K in keyof T & string]: T[K] extends Method ? K : never }[keyof T & string];

/** The dotted path of every method of a call table, one namespace deep: 'info' | 'sessions.list' | ... */
export type CallPaths<T> = {
  [K in keyof T & string]: T[K] extends Method ? K : T[K] extends object ? `${K}.${MethodNames<T[K]>}` : never;
}[keyof T & string];

/** A namespace with each call made by path (to this worker or the owner): every answer a promise. */
export type Routed<T> = {
  [K in keyof T]: T[K] extends (...args: infer A) => infer R ? (...args: A) => Promise<Awaited<R>> : never;
};

/** Every method of `target`, however deeply nested, under its dotted path ('sessions.list'). */
export function methodsByPath(target: object, prefix = ''): Map<string, Call> {
  const methods = new Map<string, Call>();
  for (const [key, value] of Object.entries(target)) {
    if (typeof value === 'function') methods.set(`${prefix}${key}`, value as Call);
    else if (typeof value === 'object' && value !== null) {
      for (const [path, method] of methodsByPath(value, `${prefix}${key}.`)) methods.set(path, method);
    }
  }
  return methods;
}

/**
 * The calls the database answers, by path: the one place a path ('sessions.create') is turned into
 * the function that runs it, for this tab's calls and those forwarded from the other tabs alike.
 */
export class CallTable<T extends object> {
  private readonly methods: Map<string, Call>;

  constructor(table: T) {
    this.methods = methodsByPath(table);
  }

  /** Runs the call at `path` in this worker; an unknown path is refused. */
  run(path: string, args: unknown[]): unknown {
    const method = this.methods.get(path);
    if (!method) throw new AppError('InvalidInput', `There is no database call named ${path}.`);
    return method(...args);
  }

  /** The namespace `space` with each of its calls handed to `send` by path instead of run here. */
  routed<S extends keyof T & string>(space: S, send: (path: string, args: unknown[]) => Promise<unknown>): Routed<T[S]> {
    const calls: Record<string, (...args: unknown[]) => Promise<unknown>> = {};
    for (const path of this.methods.keys()) {
      if (path.startsWith(`${space}.`)) calls[path.slice(space.length + 1)] = (...args) => send(path, args);
    }
    return calls as Routed<T[S]>;
  }
}
