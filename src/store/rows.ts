// Helpers the Kysely stores share for reading rows.

/** A JSON column's value, or `fallback` when the column is empty or does not parse. */
export function parseJson<T>(text: string | null | undefined, fallback: T): T {
  if (text === null || text === undefined) return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}
