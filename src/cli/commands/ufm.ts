/**
 * `gnc ufm [--preset NAME] [--config FILE] [--graph-kind sbm|regular-sbm] [--graph FILE --labels FILE]
 * [flags…]` — simulate the graph unconstrained features model (REFERENCE.md §4; src/ufm/): cyclic
 * gradient descent as the reference, or the DOPRI5 gradient flow (--method dopri5), with collapse
 * tracked along the way and each graph's exact-collapse condition verdict (§5) beside it.
 *
 * Config resolution: defaults → --preset (experiments/NAME.json, "study": "ufm") → --config FILE →
 * flags (every flag derived from src/runs/schema/ufm.ts). The run goes to OUT/NAME/HASH12/; the same
 * command again resumes from the last checkpoint. Exit codes: 0 done (or stopped by --stop-after),
 * 2 bad input or a divergence (the loss became Inf/NaN: files so far kept, manifest "failed"),
 * 130/143 interrupted (checkpointed; rerun to resume).
 */
import type { Argv } from "yargs";
import { addRunOptions, printConfigIfAsked, stopAfterOption } from "../run-options.js";
import type { GncCommand } from "./types.js";
import { ufmConfigSchema } from "../../runs/schema/ufm.js";
import { addSchemaFlags, flagsToPartial, schemaFlags, type FlagSpec } from "../../runs/flags.js";
import { interruptOnSignals } from "../signals.js";

/** Every config field's flag, derived from the schema. */
export const UFM_FLAGS: FlagSpec[] = schemaFlags(ufmConfigSchema);

const sci = (v: number) => (Number.isFinite(v) ? v.toExponential(2) : String(v));

export const ufmCommand: GncCommand = {
  command: "ufm",
  describe: "simulate the graph unconstrained features model (gradient descent or gradient flow) next to the exact-collapse condition",
  builder: (y: Argv) => {
    const b = y
      .usage("gnc ufm [--preset NAME] [--config FILE] [--graph-kind sbm|regular-sbm] [--graph FILE --labels FILE] [flags…]");
    return addSchemaFlags(addRunOptions(b, {
      preset: "start from experiments/NAME.json (a \"study\": \"ufm\" preset)",
      stopAfter: "stop at the first evaluation after this many steps (checkpointed; rerun to continue)",
      figures: "draw figures at the end (--no-figures to skip)",
    }), UFM_FLAGS, "Config (every field of the gUFM config):")
      .example("gnc ufm --preset ufm-paper-regular", "the paper's gUFM on regular SBMs: NC1 falls to the floating-point floor")
      .example("gnc ufm --preset ufm-paper-sbm --method dopri5", "the same on SBM samples, as a gradient flow: NC1 plateaus")
      .example("gnc ufm --graph graphs/regular-sbm-hetero.edges --steps 20000", "your own labelled graph");
  },
  handler: async (args: Record<string, any>) => {
    const { resolveUfmConfig } = await import("../../runs/schema/ufm.js");
    const stopAfter = stopAfterOption(args, "gnc ufm");
    const cfg = resolveUfmConfig({ preset: args.preset, configFile: args.config, flags: flagsToPartial(args, UFM_FLAGS, "gnc ufm") });
    if (await printConfigIfAsked(args, cfg)) return 0;
    const { runUfm } = await import("../../ufm/run.js");
    const { createProgress, formatDuration } = await import("../../util/progress.js");
    const signals = interruptOnSignals("gnc ufm", "writing a checkpoint");
    let progress: ReturnType<typeof createProgress> | null = null;
    const t0 = Date.now();
    const unit = cfg.ufm.method === "dopri5" ? "step-equivalent (t/η)" : "step";
    try {
      const res = await runUfm(cfg, {
        outDir: args.out,
        force: !!args.force,
        figures: args.figures !== false,
        stopAfterSteps: stopAfter,
        signal: signals.signal,
        onEvent: (e) => {
          if (e.type === "start") {
            if ((e.fromPosition ?? 0) > 0) process.stderr.write(`gnc ufm: resuming at step ${Math.round(e.fromPosition!)} of ${Math.round(e.total)}\n`);
            progress = createProgress({ total: Math.round(e.total), start: Math.round(e.position), label: "gnc ufm", unit });
          } else if (e.type === "progress") {
            progress?.update(Math.round(e.position));
          } else if (e.type === "eval" && e.summary) {
            const s = e.summary;
            progress?.update(Math.round(e.position), { loss: s.loss, nc1H: s.nc1H, overlap: s.overlap });
          }
        },
      });
      (progress as ReturnType<typeof createProgress> | null)?.stop();
      const out = process.stdout;
      if (res.status === "already-done") {
        out.write(`gnc ufm: ${res.runDir} is already complete (delete it or pass --force to rerun)\n`);
        return 0;
      }
      if (res.status === "diverged") {
        process.stderr.write(`${res.message}\n`);
        return 2;
      }
      out.write(`gnc ufm: ${res.status} — ${res.runDir}\n`);
      const t = res.timings;
      out.write(`  ${cfg.ufm.method}, ${cfg.ufm.graphs} graph(s) of ${cfg.graph.kind}, wall ${formatDuration((Date.now() - t0) / 1000)} (dynamics ${t.dynamics ?? 0} s, tracking ${t.tracking ?? 0} s)\n`);
      if (res.last) {
        const s = res.last;
        const where = cfg.ufm.method === "dopri5" ? `flow time ${s.time} (${s.gradEvals} gradient evaluations)` : `step ${s.step} (flow time ${s.time})`;
        out.write(`  at ${where}: loss ${sci(s.loss)}, overlap ${s.overlap.toFixed(4)}\n`);
        out.write(`  NC1 of H ${sci(s.nc1H)} (mean log10 ${s.log10Nc1H.toFixed(2)}), of ÂH ${sci(s.nc1HA)} (mean log10 ${s.log10Nc1HA.toFixed(2)})\n`);
      }
      const form = cfg.ufm.aggregation === "mean" ? "fraction form (mean aggregation)" : "count form";
      const holding = res.verdicts.filter((v) => v.holds).length;
      out.write(`  exact-collapse condition, ${form}: holds on ${holding}/${res.verdicts.length} graphs\n`);
      for (const v of res.verdicts.slice(0, 10)) {
        out.write(`    graph ${v.graph}: ${v.holds ? "holds" : `fails — score ${sci(v.score)}, ${v.violatingNodes} node(s) break the count form`}\n`);
      }
      if (res.verdicts.length > 10) out.write(`    … (${res.verdicts.length - 10} more in manifest.json)\n`);
      if (res.figures.length > 0) {
        out.write("  figures:\n");
        for (const f of res.figures.filter((f) => f.endsWith(".svg"))) out.write(`    ${f.slice(0, -4)}.{svg,png}\n`);
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
