/**
 * The options every single-run command shares (`gnc train`, `gnc spectral`, `gnc ufm`): where the
 * config comes from (--preset, --config), where the run goes (--out, --force), --figures and
 * --print-config; --stop-after where the study can stop at a checkpoint. The config's own fields are
 * added from its schema (runs/flags.ts).
 */
import type { Argv } from "yargs";
import { GncError } from "../util/errors.js";

export interface RunOptionText {
  /** Description of --preset (which presets apply). */
  preset: string;
  /** Description of --figures. */
  figures: string;
  /** Description of --stop-after; absent: the command has no --stop-after. */
  stopAfter?: string;
}

export function addRunOptions<T>(y: Argv<T>, text: RunOptionText): Argv<T> {
  let b = y
    .option("preset", { type: "string", describe: text.preset })
    .option("config", { type: "string", describe: "JSON config file (overrides the preset; flags override it)" })
    .option("out", { type: "string", default: "out", describe: "output folder (run goes to OUT/NAME/HASH12/)" });
  if (text.stopAfter !== undefined) b = b.option("stop-after", { type: "number", describe: text.stopAfter });
  return b
    .option("force", { type: "boolean", describe: "delete an existing run directory and start over" })
    .option("figures", { type: "boolean", default: true, describe: text.figures })
    .option("print-config", { type: "boolean", describe: "print the resolved config and its hash, then exit" }) as Argv<T>;
}

/** --stop-after, checked: a positive integer or absent. */
export function stopAfterOption(args: Record<string, any>, prog: string): number | undefined {
  const v = args["stop-after"];
  if (v !== undefined && !(Number.isInteger(v) && v > 0)) throw new GncError(`${prog}: --stop-after must be a positive integer, got ${v}`);
  return v;
}

/**
 * --print-config: the resolved config on stdout (pure JSON, to pipe into a --config file) and its
 * hash on stderr. Returns whether it printed (the command then exits 0).
 */
export async function printConfigIfAsked(args: Record<string, any>, cfg: object): Promise<boolean> {
  if (!args["print-config"]) return false;
  const { configHash, prettyConfig } = await import("../runs/schema/common.js");
  process.stdout.write(prettyConfig(cfg));
  process.stderr.write(`hash ${configHash(cfg)}\n`);
  return true;
}
