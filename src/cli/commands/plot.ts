/**
 * `gnc plot DIR [--format svg,png] [--out DIR] [--scale 2]`: draw the node-wise collapse figures
 * of a training run directory (metrics.csv, train-log.csv) with src/report/run-figures.ts, or — when
 * DIR holds sweep.json — redraw a sweep's figures (src/report/sweep-figures.ts) and its report.html
 * (src/report/html.ts); print the paths written, one per line. No figure science here.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import type { GncCommand } from "./types.js";
import { GncError } from "../../util/errors.js";

export const plotCommand: GncCommand = {
  command: "plot <runDir>",
  describe: "Draw a run's collapse figures (NC1 vs layer, traces, loss/overlap) as SVG/PNG, or a sweep's figures and report.html",
  builder: (y) =>
    y
      .positional("runDir", { type: "string", describe: "run directory written by gnc train (holds metrics.csv), or a sweep folder (holds sweep.json)" })
      .option("format", {
        type: "string",
        default: "svg,png",
        describe: "comma-separated figure formats: svg, png",
      })
      .option("out", { type: "string", describe: "figure folder (default DIR/figures; a sweep's report.html stays in DIR)" })
      .option("scale", { type: "number", default: 2, describe: "PNG pixels per SVG px" })
      .example("gnc plot out/quick/0123456789ab", "write figures/*.svg and *.png into the run directory")
      .example("gnc plot out/quick/0123456789ab --format svg --out paper/figs", "SVG only, elsewhere")
      .example("gnc plot out/sweeps/homophily", "redraw a sweep's figures and report.html"),
  handler: async (args: { runDir: string; format: string; out?: string; scale: number }) => {
    // The output folder is checked before any drawing (a file, a path under a file, read-only, /proc).
    if (args.out !== undefined) {
      const { checkOutputDir } = await import("../../util/fs.js");
      checkOutputDir(args.out, "--out");
    }
    const formats = String(args.format)
      .split(",")
      .map((s) => s.trim().toLowerCase())
      .filter(Boolean);
    for (const f of formats) {
      if (f !== "svg" && f !== "png") throw new GncError(`gnc plot: --format: unknown format "${f}" (use svg, png)`);
    }
    if (formats.length === 0) throw new GncError("gnc plot: --format: name at least one of svg, png");
    if (!(Number.isFinite(args.scale) && args.scale > 0 && args.scale <= 16)) {
      throw new GncError(`gnc plot: --scale must be in (0, 16], got ${args.scale}`);
    }
    if (existsSync(path.join(args.runDir, "sweep.json"))) {
      const { drawSweepFigures } = await import("../../report/sweep-figures.js");
      const { writeSweepReport } = await import("../../report/html.js");
      const figures = await drawSweepFigures(args.runDir, { formats: formats as ("svg" | "png")[], outDir: args.out, scale: args.scale });
      const report = writeSweepReport(args.runDir, { figuresDir: args.out });
      process.stdout.write([...figures, report].join("\n") + "\n");
      return 0;
    }
    const { drawRunFigures } = await import("../../report/run-figures.js");
    const written = await drawRunFigures(args.runDir, {
      formats: formats as ("svg" | "png")[],
      outDir: args.out,
      scale: args.scale,
    });
    if (written.length === 0) {
      throw new GncError(
        `gnc plot: ${args.runDir}: nothing to plot (metrics.csv has no nc1/nc1Tilde/trSigmaW/trSigmaB rows for hidden layers, and no train-log.csv)`,
      );
    }
    process.stdout.write(written.join("\n") + "\n");
    return 0;
  },
};
