/**
 * `gnc reproduce NAME [--scale quick|paper] [--jobs N] [--out DIR]` and `gnc reproduce --list`:
 * run one of the paper's figures (experiments/reproduce/NAME.json, a sweep definition) at the
 * quick scale (minutes on 2 cores, the same qualitative picture) or the paper's full budget.
 */
import type { GncCommand } from "./types.js";
import { GncError } from "../../util/errors.js";

export const reproduceCommand: GncCommand = {
  command: "reproduce [name]",
  describe: "run one of the paper's figures as a sweep (experiments/reproduce/NAME.json)",
  builder: (y) =>
    y
      .positional("name", { type: "string", describe: "experiment name (see --list)" })
      .option("list", { type: "boolean", describe: "list the experiments and exit" })
      .option("scale", { type: "string", default: "quick", choices: ["quick", "paper"], describe: "quick: minutes on 2 cores; paper: the full budget" })
      .option("jobs", { type: "number", describe: "worker processes (default: number of cores)" })
      .option("shard", { type: "string", describe: "run the share i/n of the runs" })
      .option("only", { type: "string", array: true, describe: "run only the settings with FIELD=VALUE[,VALUE…] (e.g. --only setting=\"C=2 homophilic\"); repeatable" })
      .option("merge", { type: "boolean", describe: "only build the outputs from the complete runs" })
      .option("figures", { type: "boolean", default: true, describe: "draw figures and report.html" })
      .option("out", { type: "string", default: "out", describe: "output folder" })
      .example("gnc reproduce --list", "the experiments")
      .example("gnc reproduce c2-homophilic", "the paper's C = 2 homophilic figure, quick scale")
      .example("gnc reproduce depth --scale paper --jobs 8", "the full budget on 8 cores"),
  handler: async (args: Record<string, any>) => {
    const { experimentNames, loadExperiment, reproduction } = await import("../../sweep/spec.js");
    if (args.list) {
      for (const n of experimentNames()) {
        const s = loadExperiment(n);
        process.stdout.write(`${n.padEnd(22)} ${s.title ?? ""}\n${" ".repeat(23)}${(s.description ?? "").replace(/\s+/g, " ")}\n`);
      }
      return 0;
    }
    if (!args.name) throw new GncError(`gnc reproduce: name an experiment (known: ${experimentNames().join(", ")}) or pass --list`);
    const { spec, command } = reproduction(args.name, args.scale);
    const { parseShard, parseOnly } = await import("../../sweep/run.js");
    const { executeSweep } = await import("../sweep-run.js");
    return executeSweep(spec, {
      prog: "gnc reproduce", out: args.out, jobs: args.jobs, shard: args.shard !== undefined ? parseShard(args.shard) : undefined,
      only: args.only !== undefined ? parseOnly(args.only, "gnc reproduce") : undefined,
      merge: !!args.merge, figures: args.figures !== false, command,
    });
  },
};
