/**
 * `gnc train [--preset NAME] [--config FILE] [flags…]` — train a GNN on SBM graphs with the paper's
 * online SGD and track neural collapse layer by layer (REFERENCE.md §2, §3, §7; src/train/).
 * `--graph FILE [--labels FILE | --label-attr NAME]` trains on the user's own labelled graph instead:
 * the same graph every step, fresh random input features per step (src/train/file-graph.ts).
 *
 * Config resolution: defaults → --preset (experiments/NAME.json) → --config FILE → flags. The run
 * goes to <out>/<name>/<hash12>/; running the same command again resumes from the last checkpoint
 * (or reports that the run is complete). Exit codes: 0 done (or stopped by --stop-after), 1 the loss
 * diverged (non-finite; files so far are kept), 2 bad input, 130 interrupted by Ctrl-C (a checkpoint
 * was written; rerun to resume).
 */
import type { Argv } from "yargs";
import type { GncCommand } from "./types.js";
import { GncError } from "../../util/errors.js";

/** Config flags: flag name → config path and yargs type. */
const FLAGS: Record<string, { path: string; type: "string" | "number" | "boolean"; describe: string; choices?: string[] }> = {
  name: { path: "name", type: "string", describe: "run name (folder under --out)" },
  seed: { path: "seed", type: "number", describe: "run seed (graphs, init)" },
  "graph-kind": { path: "graph.kind", type: "string", choices: ["sbm", "regular-sbm", "file"], describe: "graph family (file: --graph)" },
  graph: { path: "graph.path", type: "string", describe: "train on this labelled graph file (implies --graph-kind file; n, classes from the file)" },
  labels: { path: "graph.labels", type: "string", describe: "labels file of --graph (default: GRAPH with .labels)" },
  "label-attr": { path: "graph.labelAttr", type: "string", describe: "node attribute of --graph holding the labels (json, gexf, graphml)" },
  n: { path: "graph.n", type: "number", describe: "nodes per graph N" },
  classes: { path: "graph.classes", type: "number", describe: "classes C" },
  "p-in": { path: "graph.pIn", type: "number", describe: "within-class edge probability p" },
  "p-out": { path: "graph.pOut", type: "number", describe: "between-class edge probability q" },
  prior: { path: "graph.prior", type: "string", describe: "class prior, comma-separated (default uniform)" },
  "pair-sampling": { path: "graph.pairSampling", type: "string", choices: ["single", "or"], describe: "'or' = reference quirk (edge prob 2p − p²)" },
  permute: { path: "graph.permute", type: "boolean", describe: "randomly permute node order" },
  features: { path: "features.strategy", type: "string", describe: "input features: random_normal, random, degree, degree_random, degree_random_normal" },
  "feature-dim": { path: "features.dim", type: "number", describe: "input feature width d_in" },
  layer: { path: "model.layer", type: "string", choices: ["graphconv", "gcn"], describe: "convolution" },
  aggregation: { path: "model.aggregation", type: "string", choices: ["mean", "sum", "sym"], describe: "GraphConv aggregation" },
  depth: { path: "model.depth", type: "number", describe: "hidden layers L" },
  hidden: { path: "model.hidden", type: "number", describe: "hidden width d" },
  "use-w1": { path: "model.useW1", type: "boolean", describe: "GraphConv root weight W1 (--no-use-w1 to drop it)" },
  bias: { path: "model.bias", type: "boolean", describe: "biases in the convolutions" },
  "batch-norm": { path: "model.batchNorm", type: "boolean", describe: "BatchNorm after each ReLU" },
  activation: { path: "model.activation", type: "string", choices: ["relu", "none"], describe: "activation" },
  loss: { path: "train.loss", type: "string", choices: ["mse", "ce", "ls-ce", "focal"], describe: "permutation-invariant loss" },
  "label-smoothing": { path: "train.labelSmoothing", type: "number", describe: "ε of ls-ce" },
  "focal-gamma": { path: "train.focalGamma", type: "number", describe: "γ of focal" },
  "normalize-features": { path: "train.normalizeFeatures", type: "boolean", describe: "unit-norm penultimate rows and classifier columns (Yaras et al. 2022)" },
  temperature: { path: "train.temperature", type: "number", describe: "logit scale τ with --normalize-features" },
  lr: { path: "train.lr", type: "number", describe: "SGD learning rate" },
  momentum: { path: "train.momentum", type: "number", describe: "SGD momentum" },
  "weight-decay": { path: "train.weightDecay", type: "number", describe: "weight decay (all parameters)" },
  epochs: { path: "train.epochs", type: "number", describe: "epochs" },
  "train-graphs": { path: "train.trainGraphs", type: "number", describe: "K_train graphs (steps) per epoch" },
  "test-graphs": { path: "train.testGraphs", type: "number", describe: "K_test test graphs" },
  graphs: { path: "train.graphs", type: "string", choices: ["fixed", "fresh"], describe: "fixed: K_train graphs reused each epoch (reference); fresh: new graph per step" },
  "nc-interval": { path: "train.ncInterval", type: "number", describe: "also track collapse every N steps (0 = per epoch)" },
  "track-graphs": { path: "train.trackGraphs", type: "number", describe: "test graphs whose collapse metrics intermediate evaluations compute (0 = all; loss/overlap and the final evaluation use all)" },
  "checkpoint-interval": { path: "train.checkpointInterval", type: "number", describe: "also checkpoint every N steps (0 = per epoch)" },
  backend: { path: "backend", type: "string", describe: "tfjs backend: auto, wasm, cpu, tensorflow, node-gpu" },
};

function setPath(obj: Record<string, any>, p: string, v: unknown): void {
  const keys = p.split(".");
  let o = obj;
  for (const k of keys.slice(0, -1)) o = o[k] ??= {};
  o[keys[keys.length - 1]] = v;
}

/** The partial config given by flags (only flags the user set). */
export function flagsToConfig(args: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [flag, spec] of Object.entries(FLAGS)) {
    let v = args[flag];
    if (v === undefined) continue;
    if (flag === "prior") {
      const parts = String(v).split(",").map((s) => s.trim());
      const nums = parts.map(Number);
      if (parts.some((s) => s === "") || nums.some((x) => !Number.isFinite(x))) {
        throw new GncError(`gnc train: --prior must be comma-separated numbers, got "${v}"`);
      }
      v = nums;
    }
    if (spec.type === "number" && typeof v === "number" && Number.isNaN(v)) {
      throw new GncError(`gnc train: --${flag} must be a number`);
    }
    setPath(out, spec.path, v);
  }
  // --graph FILE implies kind "file" unless --graph-kind says otherwise (then validation objects).
  if (args.graph !== undefined && args["graph-kind"] === undefined) setPath(out, "graph.kind", "file");
  return out;
}

function sci(v: number): string {
  return Number.isFinite(v) ? v.toExponential(2) : String(v);
}

export const trainCommand: GncCommand = {
  command: "train",
  describe: "train a GNN on SBM graphs (or your own labelled graph) and track neural collapse layer by layer",
  builder: (y: Argv) => {
    let b = y
      .usage("gnc train [--preset quick|paper|paper-hetero|paper-c4] [--config FILE] [flags…]")
      .option("preset", { type: "string", describe: "start from experiments/NAME.json" })
      .option("config", { type: "string", describe: "JSON config file (overrides the preset; flags override it)" })
      .option("out", { type: "string", default: "out", describe: "output folder (run goes to OUT/NAME/HASH12/)" })
      .option("stop-after", { type: "number", describe: "stop after this many steps in total (checkpointed; rerun to continue)" })
      .option("force", { type: "boolean", describe: "delete an existing run directory and start over" })
      .option("figures", { type: "boolean", default: true, describe: "draw figures at the end (--no-figures to skip)" })
      .option("print-config", { type: "boolean", describe: "print the resolved config and its hash, then exit" });
    for (const [flag, spec] of Object.entries(FLAGS)) {
      b = b.option(flag, { type: spec.type, describe: spec.describe, ...(spec.choices ? { choices: spec.choices } : {}) });
    }
    return b
      .example("gnc train --preset quick", "a few-minute run that shows collapse across depth")
      .example("gnc train --preset paper --no-use-w1", "the paper's homophilic C = 2 run without W1")
      .example("gnc train --config my.json --epochs 2 --seed 3", "a config file with flag overrides")
      .example("gnc train --graph graphs/karate.gexf --label-attr club --depth 8", "your own labelled graph, random inputs each step");
  },
  handler: async (args: Record<string, any>) => {
    const { resolveConfig, configHash } = await import("../../train/config.js");
    if (args["stop-after"] !== undefined && !(Number.isInteger(args["stop-after"]) && args["stop-after"] > 0)) {
      throw new GncError(`gnc train: --stop-after must be a positive integer, got ${args["stop-after"]}`);
    }
    const cfg = resolveConfig({ preset: args.preset, configFile: args.config, flags: flagsToConfig(args) });
    if (args["print-config"]) {
      const { prettyConfig } = await import("../../train/run-dir.js");
      process.stdout.write(prettyConfig(cfg));
      process.stdout.write(`hash ${configHash(cfg)}\n`);
      return 0;
    }
    const { trainRun } = await import("../../train/loop.js");
    const { createProgress, formatDuration } = await import("../../util/progress.js");
    const controller = new AbortController();
    const onSigint = () => {
      process.stderr.write("\ngnc train: Ctrl-C — writing a checkpoint at the end of this step (press again to quit at once)\n");
      controller.abort();
    };
    process.once("SIGINT", onSigint);
    let progress: ReturnType<typeof createProgress> | null = null;
    const t0 = Date.now();
    try {
      const res = await trainRun(cfg, {
        outDir: args.out,
        stopAfterSteps: args["stop-after"],
        force: !!args.force,
        figures: args.figures !== false,
        signal: controller.signal,
        onEvent: (e) => {
          if (e.type === "start") {
            if ((e.fromStep ?? 0) > 0) process.stderr.write(`gnc train: resuming at step ${e.fromStep} of ${e.totalSteps}\n`);
            progress = createProgress({ total: e.totalSteps, start: e.step, label: "gnc train", unit: "step" });
          } else if (e.type === "step") {
            progress?.update(e.step, { epoch: e.epoch, loss: e.loss ?? NaN, overlap: e.overlap ?? NaN });
          } else if (e.type === "eval" && e.summary) {
            const s = e.summary;
            progress?.log(
              `gnc train: epoch ${s.epoch} (step ${s.step}, ${s.graphs} test graphs, collapse on ${s.trackedGraphs}): test loss ${sci(s.testLoss)}, overlap ${s.testOverlap.toFixed(4)}, NC1 layer 1 ${sci(s.nc1First)} → layer ${cfg.model.depth} ${sci(s.nc1Last)}`,
            );
          }
        },
      });
      (progress as ReturnType<typeof createProgress> | null)?.stop();
      const out = process.stdout;
      if (res.status === "already-done") {
        out.write(`gnc train: ${res.runDir} is already complete (delete it or pass --force to retrain; gnc plot ${res.runDir} redraws figures)\n`);
        return 0;
      }
      if (res.status === "diverged") {
        process.stderr.write((res.message ?? "gnc train: the loss diverged") + "\n");
        return 1;
      }
      const t = res.timings;
      out.write(`gnc train: ${res.status === "done" ? "done" : res.status} — ${res.runDir}\n`);
      out.write(
        `  backend ${res.backend}, steps ${res.step}/${res.totalSteps}, wall ${formatDuration((Date.now() - t0) / 1000)} ` +
          `(train ${t.train ?? 0} s, graphs ${t.graphs ?? 0} s, eval ${t.eval ?? 0} s, tracking ${t.tracking ?? 0} s)\n`,
      );
      if (res.last) {
        const s = res.last;
        out.write(`  test overlap ${s.testOverlap.toFixed(4)}, test loss ${sci(s.testLoss)} (epoch ${s.epoch})\n`);
        out.write(`  NC1 (bn features) layer 1: ${sci(s.nc1First)}, layer ${cfg.model.depth}: ${sci(s.nc1Last)}\n`);
      }
      if (res.figures.length > 0) {
        // One line per figure with its formats: the paths are long.
        const byStem = new Map<string, string[]>();
        for (const f of res.figures) {
          const dot = f.lastIndexOf(".");
          const stem = f.slice(0, dot);
          byStem.set(stem, [...(byStem.get(stem) ?? []), f.slice(dot + 1)]);
        }
        out.write("  figures:\n");
        for (const [stem, exts] of byStem) out.write(`    ${stem}.{${exts.join(",")}}\n`);
      }
      if (res.status === "stopped" || res.status === "interrupted") {
        out.write(`  ${res.message}\n`);
        return res.status === "interrupted" ? 130 : 0;
      }
      return 0;
    } finally {
      process.removeListener("SIGINT", onSigint);
    }
  },
};
