/**
 * User-facing errors. A GncError is a mistake in the user's input (a bad file, a bad flag, an
 * impossible configuration): the CLI prints its message as one line and exits with code 2.
 * Messages are prefixed with the module that raised them, and with file and line where known:
 *   gnc/graphs/mtx: graph.mtx: line 7: expected 2 or 3 numbers, got "1 x"
 */
export class GncError extends Error {
  override readonly name = "GncError";
  /** Process exit code the CLI uses for this error (2 = bad input). */
  readonly exitCode: number;
  constructor(message: string, exitCode = 2) {
    super(message);
    this.exitCode = exitCode;
  }
}

/** Build a GncError prefixed by module, optional file and optional 1-based line. */
export function inputError(module: string, what: string, file?: string, line?: number): GncError {
  const where = [file, line !== undefined ? `line ${line}` : undefined].filter(Boolean).join(": ");
  return new GncError(`gnc/${module}: ${where ? where + ": " : ""}${what}`);
}

/** Throw a GncError unless cond holds (validation at public boundaries). */
export function check(cond: unknown, module: string, what: string): asserts cond {
  if (!cond) throw new GncError(`gnc/${module}: ${what}`);
}

/**
 * Text from a user's file as it may appear in a message: printable ASCII kept, every other code
 * unit escaped (\xNN below 256, \uNNNN above), cut to `max` characters with "…". A binary file
 * must not put control bytes (terminal escapes, NULs) on the user's terminal.
 */
export function snippet(text: string, max = 40): string {
  let out = "";
  let shown = 0;
  for (let i = 0; i < text.length; i++) {
    if (shown >= max) return out + "…";
    const c = text.charCodeAt(i);
    if (c >= 0x20 && c < 0x7f) out += text[i];
    else if (c < 0x100) out += "\\x" + c.toString(16).padStart(2, "0");
    else out += "\\u" + c.toString(16).padStart(4, "0");
    shown++;
  }
  return out;
}

/** Replace C0/C1 control characters in a whole message line (the CLI's last safety net). */
export function withoutControlChars(line: string): string {
  return line.replace(/[\x00-\x1f\x7f-\x9f]/g, (c) => "\\x" + c.charCodeAt(0).toString(16).padStart(2, "0"));
}
