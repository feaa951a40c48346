/**
 * drawRunFigures: the standard figures of one training run directory (see src/train), written into
 * RUN_DIR/figures/ as SVG and/or PNG (PNG at 2× the SVG size), atomically.
 *
 *   nc1-layers        log10 NC₁ vs hidden layer, conv/ReLU/BN × H/ÂH, ± std band, last epoch
 *   nc1tilde-layers   log10 ÑC₁ (Tr Σ_W / Tr Σ_B), same layout
 *   nc1-epochs        log10 NC₁ of the BN output vs layer, one line per recorded epoch
 *   traces-layers     log10 Tr Σ_W and Tr Σ_B vs layer, one panel per feature kind
 *   training          loss and overlap vs SGD step (from train-log.csv)
 *
 * A figure whose data is absent (e.g. no trSigmaW rows, a single epoch for nc1-epochs, no
 * train-log.csv) is skipped; the returned list says what was written. Reference: Kothapalli et al.,
 * NeurIPS 2023, the node-wise collapse plots.
 */
import { existsSync, statSync } from "node:fs";
import path from "node:path";
import type { TopLevelSpec } from "vega-lite";
import { inputError } from "../util/errors.js";
import { writeFileAtomic } from "../util/fs.js";
import { epochEvolutionSpec, layerCollapseSpec, selectRun, traceSpec, trainingSpec } from "./figures.js";
import { renderVegaLite } from "./render.js";
import { loadMetrics, loadTrainLog, readJsonIfExists } from "./run-data.js";

export type FigureFormat = "svg" | "png";

export interface DrawRunFiguresOptions {
  /** Formats to write (default both). */
  formats?: FigureFormat[];
  /** Output folder (default RUN_DIR/figures). */
  outDir?: string;
  /** PNG pixels per SVG px (default 2). */
  scale?: number;
}

/**
 * Draw the run's figures. Requires RUN_DIR/metrics.csv; uses train-log.csv and config.json (for the
 * run name) when present. Returns the paths written. Throws GncError on a missing directory, a
 * missing metrics.csv, or malformed CSV (with file and line).
 */
export async function drawRunFigures(runDir: string, opts: DrawRunFiguresOptions = {}): Promise<string[]> {
  const formats = opts.formats ?? ["svg", "png"];
  for (const f of formats) {
    if (f !== "svg" && f !== "png") throw inputError("report", `unknown figure format "${f}" (use svg, png)`);
  }
  if (formats.length === 0) throw inputError("report", "no figure format requested");
  if (!existsSync(runDir) || !statSync(runDir).isDirectory()) throw inputError("report", "run directory not found", runDir);
  const metricsFile = path.join(runDir, "metrics.csv");
  if (!existsSync(metricsFile)) throw inputError("report", "no metrics.csv in the run directory (has training started?)", runDir);
  const config = readJsonIfExists(path.join(runDir, "config.json")) as { name?: unknown } | null;
  const name = config && typeof config.name === "string" ? config.name : undefined;

  const specs: [string, TopLevelSpec | null][] = [];
  const sel = selectRun(loadMetrics(metricsFile), name);
  if (sel) {
    specs.push(["nc1-layers", layerCollapseSpec(sel, "nc1")]);
    specs.push(["nc1tilde-layers", layerCollapseSpec(sel, "nc1Tilde")]);
    specs.push(["nc1-epochs", epochEvolutionSpec(sel, "nc1", "bn")]);
    specs.push(["traces-layers", traceSpec(sel)]);
  }
  const logFile = path.join(runDir, "train-log.csv");
  if (existsSync(logFile)) specs.push(["training", trainingSpec(loadTrainLog(logFile), sel?.run ?? name, sel?.rows)]);

  const outDir = opts.outDir ?? path.join(runDir, "figures");
  const written: string[] = [];
  for (const [base, spec] of specs) {
    if (!spec) continue;
    const fig = await renderVegaLite(spec, { png: formats.includes("png"), scale: opts.scale });
    if (formats.includes("svg")) {
      const file = path.join(outDir, `${base}.svg`);
      writeFileAtomic(file, fig.svg);
      written.push(file);
    }
    if (fig.png) {
      const file = path.join(outDir, `${base}.png`);
      writeFileAtomic(file, fig.png);
      written.push(file);
    }
  }
  return written;
}
