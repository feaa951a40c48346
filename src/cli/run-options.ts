/**
 * The options every single-run command shares (`gnc train`, `gnc spectral`, `gnc ufm`): where the
 * config comes from (--preset, --config), where the run goes (--out, --force), --figures and
 * --print-config; --stop-after where the study can stop at a checkpoint. The config's own fields are
 * added from its schema (runs/flags.ts).
 */
import type { Argv } from "yargs";

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
