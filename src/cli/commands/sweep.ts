/**
 * `gnc sweep --p-in LIST --p-out LIST [every gnc train flag] [--sweep FIELD=LIST]… [--zip]
 * [--seeds K] [--spectral bh,nl] [--study gnn|ufm] [--jobs N] [--shard i/n] [--merge] [--name]
 * [--out]` — a study over a grid of SBM settings (src/sweep/): every setting × seed is a run
 * directory keyed by its config hash, so rerunning resumes; the outputs go to OUT/sweeps/NAME/.
 * LIST: a,b,c | start:stop:count | log:start:stop:count.
 */
import type { Argv } from "yargs";
import { createHash } from "node:crypto";
import type { GncCommand } from "./types.js";
import { GncError } from "../../util/errors.js";
import { addSchemaFlags, fieldSpec, flagsToPartial, schemaFlags, type FlagSpec } from "../../runs/flags.js";
import { runConfigSchema } from "../../runs/schema/gnn.js";
import { canonicalJson } from "../../runs/schema/common.js";

/** The gnn flags a sweep takes as single values (p and q take lists; --name names the sweep). */
const SINGLE_FLAGS: FlagSpec[] = schemaFlags(runConfigSchema, { exclude: ["graph.pIn", "graph.pOut", "name"] });

/** The command line as recorded in sweep.json: without the flags that do not change the sweep. */
export function recordedCommand(argv: string[]): string {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (/^--(jobs|shard|only|queue|attempts)(=|$)/.test(a)) {
      if (!a.includes("=")) i++;
      continue;
    }
    if (a === "--merge" || a === "--no-figures") continue;
    out.push(/[\s"'$]/.test(a) ? JSON.stringify(a) : a);
  }
  return "gnc " + out.join(" ");
}

export const sweepCommand: GncCommand = {
  command: "sweep",
  describe: "a study over a grid of SBM settings (p, q, any config field × seeds), in parallel, resumable, with figures and report.html",
  builder: (y: Argv) => {
    const b = y
      .usage("gnc sweep --p-in LIST --p-out LIST [flags…] [--sweep FIELD=LIST]… [--seeds K] [--jobs N]\n\nLIST: a,b,c | start:stop:count | log:start:stop:count")
      .option("p-in", { type: "string", describe: "within-class edge probabilities p (LIST)", group: "Grid:" })
      .option("p-out", { type: "string", describe: "between-class edge probabilities q (LIST)", group: "Grid:" })
      .option("sweep", { type: "string", array: true, describe: "another axis: FIELD=LIST with FIELD a config path (model.depth=8,16,32); repeatable", group: "Grid:" })
      .option("zip", { type: "boolean", describe: "pair the lists element by element instead of their product", group: "Grid:" })
      .option("seeds", { type: "number", default: 1, describe: "runs per setting (seeds seed, seed+1, …); summaries give mean ± sd", group: "Grid:" })
      .option("spectral", { type: "string", describe: "also run spectral baselines on every setting: bh,nl,adj", group: "Grid:" })
      .option("study", { type: "string", default: "gnn", choices: ["gnn", "ufm"], describe: "what each setting runs (ufm: use --preset/--config for its fields)", group: "Grid:" })
      .option("name", { type: "string", describe: "sweep name (default: sweep-<hash of the definition>)", group: "Sweep:" })
      .option("out", { type: "string", default: "out", describe: "output folder (runs: OUT/NAME/HASH12, outputs: OUT/sweeps/NAME)", group: "Sweep:" })
      .option("jobs", { type: "number", describe: "worker processes (default: number of cores)", group: "Sweep:" })
      .option("shard", { type: "string", describe: "run the deterministic share i/n of the runs (SLURM / Kubernetes arrays)", group: "Sweep:" })
      .option("only", { type: "string", array: true, describe: "run only the settings with FIELD=VALUE[,VALUE…] (a swept field, values as in summary.csv); repeatable", group: "Sweep:" })
      .option("queue", { type: "string", describe: "run on many machines through Redis: redis://[:password@]host:port[/db] or rediss:// (TLS); start `gnc worker --queue URL` on each", group: "Sweep:" })
      .option("attempts", { type: "number", describe: "with --queue: attempts per run when it fails on its own (default 3)", group: "Sweep:" })
      .option("merge", { type: "boolean", describe: "only build the outputs from the complete runs, listing the missing ones", group: "Sweep:" })
      .option("figures", { type: "boolean", default: true, describe: "draw figures and report.html (--no-figures to skip)", group: "Sweep:" })
      .option("preset", { type: "string", describe: "base config from experiments/NAME.json", group: "Sweep:" })
      .option("config", { type: "string", describe: "base config file (JSON)", group: "Sweep:" });
    return addSchemaFlags(b, SINGLE_FLAGS, "Config (one value each; --sweep FIELD=LIST to vary one):")
      .example("gnc sweep --p-in 0.025,0.0017 --p-out 0.0017,0.025 --zip --depth 8 --epochs 2", "homophilic vs heterophilic")
      .example("gnc sweep --p-in 0.005:0.05:4 --p-out 0.005:0.05:4 --seeds 3 --preset quick", "a (p, q) grid with the p = q line, 3 seeds")
      .example("gnc sweep --p-in 0.025 --p-out 0.0017 --sweep model.depth=8,16,32 --spectral bh,nl", "depth vs power iterations")
      .example("gnc sweep … --shard 0/4   (× 4 jobs), then gnc sweep … --merge", "a SLURM array sharing one output folder");
  },
  handler: async (args: Record<string, any>) => {
    const prog = "gnc sweep";
    const { study } = await import("../../sweep/studies.js");
    const { parseList } = await import("../../sweep/lists.js");
    const { sweepSpecSchema } = await import("../../sweep/spec.js");
    const { parseShard, parseOnly } = await import("../../sweep/run.js");
    const { executeSweep } = await import("../sweep-run.js");
    const kind = study(args.study);
    const flags = kind.flags();
    if (args["p-in"] === undefined || args["p-out"] === undefined) throw new GncError(`${prog}: give --p-in LIST and --p-out LIST (a single value each is fine)`);
    if (!(Number.isInteger(args.seeds) && args.seeds >= 1)) throw new GncError(`${prog}: --seeds must be a positive integer, got ${args.seeds}`);
    const axes: Record<string, unknown[]> = {
      "graph.pIn": parseList(args["p-in"], fieldSpec(flags, "graph.pIn")!, "--p-in"),
      "graph.pOut": parseList(args["p-out"], fieldSpec(flags, "graph.pOut")!, "--p-out"),
    };
    for (const item of (args.sweep ?? []) as string[]) {
      const eq = String(item).indexOf("=");
      if (eq <= 0) throw new GncError(`${prog}: --sweep: expected FIELD=LIST, got "${item}"`);
      const field = item.slice(0, eq).trim();
      const spec = fieldSpec(flags, field);
      if (!spec) throw new GncError(`${prog}: --sweep: unknown field "${field}" for a ${args.study} sweep (use a config path such as model.depth, train.loss, graph.n)`);
      const path = spec.path.join(".");
      if (axes[path]) throw new GncError(`${prog}: --sweep: ${path} is swept twice`);
      axes[path] = parseList(item.slice(eq + 1), spec, `--sweep ${path}`);
    }
    // Single-valued config flags: the gnn flags; for another study only those it shares (graph, seed).
    let config = flagsToPartial(args, SINGLE_FLAGS, prog);
    if (args.study !== "gnn") {
      const foreign = SINGLE_FLAGS.filter((f) => args[f.flag] !== undefined && !fieldSpec(flags, f.path.join(".")));
      if (foreign.length) throw new GncError(`${prog}: --${foreign[0].flag} is not a field of the ${args.study} study; set its fields with --config or --sweep`);
      config = flagsToPartial(args, flags.filter((f) => f.path.join(".") !== "name" && !axes[f.path.join(".")]), prog);
    }
    const spectral = args.spectral === undefined ? [] : String(args.spectral).split(",").map((s) => s.trim());
    if (spectral.length && args.study !== "gnn") throw new GncError(`${prog}: --spectral adds baselines to GNN sweeps (--study gnn)`);
    const draft = { study: args.study, preset: args.preset, config, axes, zip: !!args.zip, seeds: args.seeds, spectral };
    const name = args.name ?? `sweep-${createHash("sha256").update(canonicalJson({ ...draft, configFile: args.config ?? null })).digest("hex").slice(0, 8)}`;
    const parsed = sweepSpecSchema.safeParse({ name, ...draft });
    if (!parsed.success) {
      const i = parsed.error.issues[0];
      throw new GncError(`${prog}: ${i.path.join(".") === "name" ? "--name" : i.path.join(".")}: ${i.message}`);
    }
    return executeSweep(parsed.data, {
      prog, out: args.out, jobs: args.jobs, shard: args.shard !== undefined ? parseShard(args.shard) : undefined, merge: !!args.merge,
      only: args.only !== undefined ? parseOnly(args.only, prog) : undefined,
      figures: args.figures !== false, configFile: args.config, command: recordedCommand(process.argv.slice(2)), queue: args.queue, attempts: args.attempts,
    });
  },
};
