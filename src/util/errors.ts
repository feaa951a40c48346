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
