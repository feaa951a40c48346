/** The shape of one CLI command module: yargs builder + a handler that returns the exit code. */
import type { Argv } from "yargs";

export interface GncCommand {
  command: string;
  describe: string;
  builder: (y: Argv) => Argv<any>;
  /** Returns the process exit code (0 when omitted). Throw GncError for bad input (exit 2). */
  handler: (args: any) => Promise<number | void>;
}
