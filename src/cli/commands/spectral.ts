/**
 * `gnc spectral [--operator bh,nl] [--preset NAME] [--config FILE] [flags…]` — spectral-clustering
 * baselines on SBM graphs (or `--graph FILE --labels FILE`): direct spectral clustering from Lanczos
 * eigenvectors and projected power iteration as "depth", with NC1 of every iterate (REFERENCE.md §6;
 * src/spectral/). Flags come from the config schema (src/runs/schema/spectral.ts). The run goes to
 * <out>/<name>/<hash12>/ like `gnc train`; rerunning resumes an interrupted run or reports a
 * finished one. Exit codes: 0 done, 2 bad input (incl. a Lanczos solve that did not converge),
 * 130/143 interrupted (checkpointed; rerun to resume).
 */
import type { Argv } from "yargs";
import { writeFileSync, mkdirSync } from "node:fs";
import path from "node:path";
import { addRunOptions, printConfigIfAsked, stopAfterOption } from "../run-options.js";
import type { GncCommand } from "./types.js";
import { spectralConfigSchema } from "../../runs/schema/spectral.js";
import { addSchemaFlags, flagsToPartial, schemaFlags, type FlagSpec } from "../../runs/flags.js";
import { interruptOnSignals } from "../signals.js";

/** Every config field's flag, derived from the schema (src/runs/flags.ts). */
export const SPECTRAL_FLAGS: FlagSpec[] = schemaFlags(spectralConfigSchema);

const fmt = (v: number, d = 3) => (Number.isFinite(v) ? v.toFixed(d) : String(v));

export const spectralCommand: GncCommand = {
  command: "spectral",
  describe: "spectral-clustering baselines (Bethe Hessian, normalised Laplacian): NC1 along power iteration, overlap, direct eigenvectors",
  builder: (y: Argv) => {
    const b = y
      .usage("gnc spectral [--operator bh,nl] [--preset NAME] [--config FILE] [flags…]");
    return addSchemaFlags(addRunOptions(b, {
      preset: "start from experiments/NAME.json (a spectral preset)",
      figures: "draw the NC1-against-iteration figure (--no-figures to skip)",
    }), SPECTRAL_FLAGS, "Config (every field of the spectral config):")
      .example("gnc spectral --preset spectral-paper", "the paper's C = 2 setting, 100 graphs, BH and NL, 32 iterations")
      .example("gnc spectral --preset spectral-paper --shift frobenius", "the reference code's Frobenius shift (its published curves)")
      .example("gnc spectral --operator bh --classes 3 --p-in 0.02 --p-out 0.002 --graphs 10", "three classes")
      .example("gnc spectral --graph graphs/karate.gexf --label-attr club", "your own labelled graph");
  },
  handler: async (args: Record<string, any>) => {
    const { resolveSpectralConfig } = await import("../../runs/schema/spectral.js");
    const cfg = resolveSpectralConfig({ preset: args.preset, configFile: args.config, flags: flagsToPartial(args, SPECTRAL_FLAGS, "gnc spectral") });
    if (await printConfigIfAsked(args, cfg)) return 0;
    const { runSpectral } = await import("../../spectral/run.js");
    const { createProgress, formatDuration } = await import("../../util/progress.js");
    const signals = interruptOnSignals("gnc spectral", "writing a checkpoint after this graph");
    let progress: ReturnType<typeof createProgress> | null = null;
    const t0 = Date.now();
    try {
      const res = await runSpectral(cfg, {
        outDir: args.out,
        force: !!args.force,
        signal: signals.signal,
        log: (line) => (progress ? progress.log(line) : process.stderr.write(line + "\n")),
        onEvent: (e) => {
          if (e.type === "start") {
            if (e.graph > 0) process.stderr.write(`gnc spectral: resuming after graph ${e.graph} of ${e.graphs}\n`);
            progress = createProgress({ total: e.graphs, start: e.graph, label: "gnc spectral", unit: "graph" });
          } else progress?.update(e.graph);
        },
      });
      (progress as ReturnType<typeof createProgress> | null)?.stop();
      const out = process.stdout;
      if (res.status === "already-done") {
        out.write(`gnc spectral: ${res.runDir} is already complete (delete it or pass --force to recompute)\n`);
        return 0;
      }
      if (res.status === "interrupted") {
        out.write(`gnc spectral: ${res.message}\n`);
        return signals.exitCode();
      }
      const T = cfg.spectral.iterations;
      const at = [...new Set([1, Math.max(1, Math.round(T / 4)), Math.max(1, Math.round(T / 2)), T])];
      out.write(`gnc spectral: done — ${res.runDir}\n`);
      out.write(`  ${cfg.spectral.graphs} graph(s), N = ${cfg.graph.n}, C = ${cfg.graph.classes}, shift ${cfg.spectral.shift}, wall ${formatDuration((Date.now() - t0) / 1000)} ` +
        `(lanczos ${res.timings.lanczos} s, power ${res.timings.power} s, metrics ${res.timings.metrics} s)\n`);
      out.write(`  overlap at iteration ${at.join(", ")} and direct; mean log10 NC1 (H) likewise\n`);
      for (const s of res.summary) {
        const conv = s.iterationsToConverged === null ? `not within ${T}` : `${s.iterationsToConverged}`;
        out.write(`  ${s.operator.padEnd(3)}  overlap ${at.map((t) => fmt(s.overlap[t - 1])).join("  ")}  direct ${fmt(s.overlapDirect)}` +
          `  | log10 NC1 ${at.map((t) => fmt(s.nc1Log10[t - 1], 2)).join("  ")}  direct ${fmt(s.nc1Log10Direct, 2)}  | iterations to direct overlap: ${conv}\n`);
      }
      if (args.figures !== false) {
        const files = await drawSpectralFigures(res.runDir);
        if (files.length > 0) out.write(`  figure: ${files.join(", ")}\n`);
      }
      return 0;
    } finally {
      signals.dispose();
    }
  },
};

/** Draw figures/spectral-nc1.{svg,png} of a finished spectral run (also for gnc sweep); a failure is reported, never fatal. */
export async function drawSpectralFigures(runDir: string): Promise<string[]> {
  try {
    const { loadMetrics, renderVegaLite } = await import("../../report/index.js");
    const { spectralCollapseSpec } = await import("../../spectral/figures.js");
    const spec = spectralCollapseSpec(loadMetrics(path.join(runDir, "metrics.csv")));
    if (!spec) return [];
    const fig = await renderVegaLite(spec);
    const dir = path.join(runDir, "figures");
    mkdirSync(dir, { recursive: true });
    const svg = path.join(dir, "spectral-nc1.svg"), png = path.join(dir, "spectral-nc1.png");
    writeFileSync(svg, fig.svg);
    if (fig.png) writeFileSync(png, fig.png);
    return fig.png ? [svg, png] : [svg];
  } catch (err) {
    process.stderr.write(`gnc spectral: the figure was not drawn (${(err as Error).message.split("\n")[0]})\n`);
    return [];
  }
}
