/**
 * JSON output of the commands (`--json`): one object per line. JSON has no Infinity or NaN, and
 * null would lose their meaning (an infinite NC1 is not a missing one), so non-finite numbers are
 * written as the strings "Infinity", "-Infinity" and "NaN".
 */
function nonFiniteAsString(_key: string, v: unknown): unknown {
  return typeof v === "number" && !Number.isFinite(v) ? String(v) : v;
}

/** The object as one line of JSON, newline-terminated. */
export function jsonLine(obj: unknown): string {
  return JSON.stringify(obj, nonFiniteAsString) + "\n";
}
