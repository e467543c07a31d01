/** A phase's result or why it has none: one failing phase must not sink the whole run. */
export type Outcome<T> = { ok: true; value: T } | { ok: false; error: string };

export async function attempt<T>(work: () => Promise<T>): Promise<Outcome<T>> {
  try {
    return { ok: true, value: await work() };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) };
  }
}

/** The first line of an error, for a table cell. */
export const firstLine = (error: string) => error.split('\n')[0].slice(0, 200);
