#!/usr/bin/env node
/**
 * The `gnc` command: a thin yargs layer over the library (src/index.ts). One file per command in
 * src/cli/commands/. Heavy modules (tfjs) are imported inside handlers so `gnc --help` stays fast.
 *
 * Errors: a GncError (bad input) prints one line on stderr and exits 2; anything else is a bug and
 * prints its stack (exit 1). Commands return their exit code (e.g. `gnc check` returns 1 when the
 * condition fails).
 */
import yargs from "yargs";
import { hideBin } from "yargs/helpers";
import { realpathSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { GncError } from "../util/errors.js";
import { commands } from "./commands/index.js";

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
      throw err ?? new GncError(`gnc: ${msg.split("\n")[0]}`);
    });
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

/** Print an error the way users should see it and return the exit code. */
export function reportError(err: unknown): number {
  if (err instanceof GncError) {
    process.stderr.write(err.message.split("\n")[0] + "\n");
    return err.exitCode;
  }
  const e = err as Error;
  if (e && typeof e.message === "string" && /^gnc[:/]/.test(e.message)) {
    process.stderr.write(e.message.split("\n")[0] + "\n");
    return 2;
  }
  process.stderr.write(`gnc: internal error (please report): ${e?.stack ?? String(err)}\n`);
  return 1;
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
