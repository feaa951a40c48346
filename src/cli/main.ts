#!/usr/bin/env node
/**
 * The `gnc` command: a thin yargs layer over the library (src/index.ts). One file per command in
 * src/cli/commands/. Heavy modules (tfjs) are imported inside handlers so `gnc --help` stays fast.
 *
 * Exit codes (README, "Commands"): 0 ok; 1 the result is negative (training diverged, the condition
 * does not hold) — commands return it; 2 bad input or environment (a GncError, a usage error, an
 * unwritable path, not enough memory): one line on stderr; 3 internal error (a bug): one line, the
 * stack only with GNC_DEBUG=1. Flag faults yargs lets through (a number flag without its value, a
 * flag given twice, a bad choice) are caught for every command by argv.ts before the handler runs.
 */
import yargs from "yargs";
import { hideBin } from "yargs/helpers";
import { realpathSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { GncError, withoutControlChars } from "../util/errors.js";
import { commands } from "./commands/index.js";
import { checkArgv, oneLineUsageError, type DeclaredOptions } from "./argv.js";

/** Run the CLI on argv (without `node gnc`); resolves to the process exit code. */
export async function runCli(argv: string[]): Promise<number> {
  let exitCode = 0;
  const parser = yargs(argv)
    .scriptName("gnc")
    .usage("gnc <command> [options]\n\nNeural collapse in graph neural networks on node classification.")
    .strict()
    .demandCommand(1, "name a command (see gnc --help)")
    .recommendCommands()
    .help()
    .alias("h", "help")
    .version()
    .wrap(Math.min(110, process.stdout.columns || 100))
    .exitProcess(false)
    .fail((msg, err) => {
      // Throwing stops yargs here: a usage error must not fall through to the command's handler.
      throw err ?? new GncError(oneLineUsageError(msg));
    })
    // Before yargs' own validation, with the options of the command being run.
    .middleware(argvCheck(argv) as never, true);
  for (const c of commands) {
    parser.command({
      ...c,
      handler: async (args: any) => {
        exitCode = (await c.handler(args)) ?? 0;
      },
    } as any);
  }
  try {
    await parser.parseAsync();
  } catch (err) {
    return reportError(err);
  }
  return exitCode;
}

/** yargs calls middleware with (args, yargs) — @types/yargs 17 declares only the first. */
function argvCheck(argv: string[]) {
  return (_args: unknown, y: { getOptions(): DeclaredOptions }) => checkArgv(argv, y.getOptions());
}

/** Node's error codes that mean "your environment", not "our bug": exit 2 with the message. */
const ENV_CODES = new Set(["EACCES", "EPERM", "EROFS", "ENOSPC", "EDQUOT", "ENOTDIR", "EISDIR", "EEXIST", "ENOENT", "EMFILE", "ENAMETOOLONG", "ELOOP", "EBUSY"]);
/** V8's words for an allocation that does not fit (a too-large problem, not a bug). */
const OUT_OF_MEMORY = /Array buffer allocation failed|Invalid typed array length|Invalid array length|Invalid string length|allocation size overflow/;

/** Print an error the way users should see it and return the exit code (see the banner). */
export function reportError(err: unknown): number {
  if (err instanceof GncError) {
    process.stderr.write(withoutControlChars(err.message.split("\n")[0]) + "\n");
    return err.exitCode;
  }
  const e = err as NodeJS.ErrnoException;
  const message = withoutControlChars(e && typeof e.message === "string" ? e.message.split("\n")[0] : String(err));
  if (e && typeof e.message === "string" && /^gnc[:/]/.test(e.message)) {
    process.stderr.write(message + "\n");
    return 2;
  }
  if (e && typeof e.code === "string" && ENV_CODES.has(e.code) && typeof e.syscall === "string") {
    process.stderr.write(`gnc: ${message}\n`);
    return 2;
  }
  if (err instanceof RangeError && OUT_OF_MEMORY.test(message)) {
    process.stderr.write(`gnc: not enough memory for this problem size (${message})\n`);
    return 2;
  }
  if (process.env.GNC_DEBUG === "1") {
    process.stderr.write(`gnc: internal error (please report): ${(e && e.stack) ?? String(err)}\n`);
  } else {
    process.stderr.write(`gnc: internal error (please report; GNC_DEBUG=1 shows the stack): ${message}\n`);
  }
  return 3;
}

function isMain(): boolean {
  try {
    return realpathSync(process.argv[1] ?? "") === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isMain()) {
  runCli(hideBin(process.argv)).then(
    (code) => {
      process.exitCode = code;
    },
    (err) => {
      process.exitCode = reportError(err);
    },
  );
}
