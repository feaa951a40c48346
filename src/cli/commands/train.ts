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
import { addRunOptions, printConfigIfAsked, stopAfterOption } from "../run-options.js";
import type { GncCommand } from "./types.js";
import { GncError } from "../../util/errors.js";
import { runConfigSchema } from "../../runs/schema/gnn.js";
import { addSchemaFlags, flagsToPartial, schemaFlags, type FlagSpec } from "../../runs/flags.js";
import { interruptOnSignals } from "../signals.js";

/** Every config field's flag, derived from the schema (src/runs/flags.ts). */
export const TRAIN_FLAGS: FlagSpec[] = schemaFlags(runConfigSchema);

/** The partial config given by flags (only flags the user set). */
export function flagsToConfig(args: Record<string, unknown>): Record<string, unknown> {
  return flagsToPartial(args, TRAIN_FLAGS, "gnc train");
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
      .option("max-memory", { type: "string", describe: "refuse a run whose estimated memory is above this (e.g. 4G; default half the physical memory)" });
    b = addRunOptions(b, {
      preset: "start from experiments/NAME.json",
      stopAfter: "stop after this many steps in total (checkpointed; rerun to continue)",
      figures: "draw figures at the end (--no-figures to skip)",
    });
    return addSchemaFlags(b, TRAIN_FLAGS, "Config (every field of the run config):")
      .example("gnc train --preset quick", "1500 steps, collapse across depth (about 20–30 s on 2 cores)")
      .example("gnc train --preset paper --no-use-w1", "the paper's homophilic C = 2 run without W1")
      .example("gnc train --config my.json --epochs 2 --seed 3", "a config file with flag overrides")
      .example("gnc train --graph graphs/karate.gexf --label-attr club --depth 8", "your own labelled graph, random inputs each step");
  },
  handler: async (args: Record<string, any>) => {
    const { resolveConfig } = await import("../../runs/schema/gnn.js");
    const stopAfter = stopAfterOption(args, "gnc train");
    const cfg = resolveConfig({ preset: args.preset, configFile: args.config, flags: flagsToConfig(args), env: process.env });
    if (await printConfigIfAsked(args, cfg)) return 0;
    // Before any work: the output folder, then the memory the run needs.
    const { checkOutputDir } = await import("../../util/fs.js");
    checkOutputDir(args.out, "--out");
    await checkRunMemory(cfg, args["max-memory"]);
    const { trainRun } = await import("../../train/loop.js");
    const { createProgress, createDelayedProgress, formatDuration } = await import("../../util/progress.js");
    // Sampling the test graphs and evaluating them can take minutes on big graphs: say so (after 1 s).
    let phase: { name: string; p: ReturnType<typeof createDelayedProgress> } | null = null;
    const phaseUpdate = (name: string, done: number, total: number) => {
      if (phase?.name !== name) {
        phase?.p.stop();
        phase = { name, p: createDelayedProgress({ total, label: `gnc train: ${name}`, unit: "graph" }) };
      }
      phase.p.update(done);
      if (done >= total) {
        phase.p.stop();
        phase = null;
      }
    };
    const signals = interruptOnSignals("gnc train", "writing a checkpoint at the end of this step");
    let progress: ReturnType<typeof createProgress> | null = null;
    const t0 = Date.now();
    try {
      const res = await trainRun(cfg, {
        outDir: args.out,
        stopAfterSteps: stopAfter,
        force: !!args.force,
        signal: signals.signal,
        onEvent: (e) => {
          if (e.type === "prepare") phaseUpdate("sampling test graphs", e.step, e.totalSteps);
          else if (e.type === "evalGraph" && progress === null) phaseUpdate("evaluating the untrained network", e.step, e.totalSteps);
          else if (e.type === "start") {
            if ((e.fromStep ?? 0) > 0) process.stderr.write(`gnc train: resuming at step ${e.fromStep} of ${e.totalSteps}\n`);
          } else if (e.type === "step") {
            // The bar starts with the first step, after the epoch-0 evaluation's own progress.
            progress ??= createProgress({ total: e.totalSteps, start: e.step - 1, label: "gnc train", unit: "step" });
            progress.update(e.step, { epoch: e.epoch, loss: e.loss ?? NaN, overlap: e.overlap ?? NaN });
          } else if (e.type === "eval" && e.summary) {
            const s = e.summary;
            const say = (l: string) => (progress ? progress.log(l) : process.stderr.write(l + "\n"));
            say(
              `gnc train: epoch ${s.epoch} (step ${s.step}, ${s.graphs} test graphs, collapse on ${s.trackedGraphs}): test loss ${sci(s.testLoss)}, overlap ${s.testOverlap.toFixed(4)}, log10 NC1 layer 1 ${s.log10Nc1First.toFixed(2)} → layer ${cfg.model.depth} ${s.log10Nc1Last.toFixed(2)}`,
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
        out.write(`  log10 NC1 (bn features, mean over test graphs) layer 1: ${s.log10Nc1First.toFixed(2)}, layer ${cfg.model.depth}: ${s.log10Nc1Last.toFixed(2)}\n`);
      }
      const figures = res.status === "done" && args.figures !== false ? await drawFigures(res.runDir) : [];
      if (figures.length > 0) {
        // One line per figure with its formats: the paths are long.
        const byStem = new Map<string, string[]>();
        for (const f of figures) {
          const dot = f.lastIndexOf(".");
          const stem = f.slice(0, dot);
          byStem.set(stem, [...(byStem.get(stem) ?? []), f.slice(dot + 1)]);
        }
        out.write("  figures:\n");
        for (const [stem, exts] of byStem) out.write(`    ${stem}.{${exts.join(",")}}\n`);
      }
      if (res.status === "stopped" || res.status === "interrupted") {
        out.write(`  ${res.message}\n`);
        return res.status === "interrupted" ? signals.exitCode() : 0;
      }
      return 0;
    } finally {
      signals.dispose();
    }
  },
};

/** Draw a finished run's figures (report/); a failure is reported, never fatal. */
async function drawFigures(runDir: string): Promise<string[]> {
  try {
    const { drawRunFigures } = await import("../../report/index.js");
    return await drawRunFigures(runDir);
  } catch (err) {
    process.stderr.write(`gnc train: figures were not drawn (${(err as Error).message.split("\n")[0]}); try gnc plot ${runDir}\n`);
    return [];
  }
}

/** Refuse (exit 2, with the numbers) a run whose estimated memory is above --max-memory (default half the physical memory). */
async function checkRunMemory(cfg: import("../../runs/schema/gnn.js").RunConfig, maxMemory: unknown): Promise<void> {
  const { checkMemory, defaultMemoryBudget, parseByteSize } = await import("../../graphs/estimate.js");
  const { gnnRunMemory } = await import("../../runs/estimate.js");
  let budget = defaultMemoryBudget();
  let name = "--max-memory (default: half the physical memory)";
  if (maxMemory !== undefined) {
    const b = parseByteSize(String(maxMemory));
    if (b === undefined) throw new GncError(`gnc train: --max-memory must be a size like 4G or 512M, got "${String(maxMemory)}"`);
    budget = b;
    name = "--max-memory";
  }
  checkMemory(gnnRunMemory(cfg), budget, name, "train");
}
