/**
 * Benchmark of the figure pipeline (src/report): drawRunFigures on a synthetic paper-sized run
 * (L = 32 hidden layers, 8 epochs, 3 kinds × 2 variants, 8000 SGD steps in train-log.csv).
 * Baseline in the same run: the same figures as SVG only, so the ratio is the cost of adding PNG
 * (resvg at 2×). Also times the CSV load alone.
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { drawRunFigures } from "../src/report/run-figures.js";
import { loadMetrics, loadTrainLog } from "../src/report/run-data.js";
import { writeSyntheticRun } from "../test/report/synthetic-run.js";
import { bestMs } from "./timing.js";

export async function run(): Promise<void> {
  const tmp = mkdtempSync(path.join(os.tmpdir(), "gnc-bench-report-"));
  try {
    const dir = writeSyntheticRun(path.join(tmp, "run"), { depth: 32, epochs: 8, stepsPerEpoch: 1000, name: "bench" }).dir;
    const rows = loadMetrics(path.join(dir, "metrics.csv")).length;
    console.log(`report: workload L=32, 8 epochs, ${rows} metrics.csv rows, 8000 train-log rows, 5 figures`);
    await drawRunFigures(dir, { formats: ["svg"], outDir: path.join(tmp, "warm") }); // JIT + font file
    const load = await bestMs(3, () => {
      loadMetrics(path.join(dir, "metrics.csv"));
      loadTrainLog(path.join(dir, "train-log.csv"));
    });
    const svg = await bestMs(3, () => drawRunFigures(dir, { formats: ["svg"], outDir: path.join(tmp, "svg") }));
    const both = await bestMs(3, () => drawRunFigures(dir, { formats: ["svg", "png"], outDir: path.join(tmp, "both") }));
    console.log(`report: load CSVs ${load.toFixed(0)} ms; SVG only ${svg.toFixed(0)} ms; SVG + PNG (2x) ${both.toFixed(0)} ms`);
    console.log(`report: ratio SVG+PNG / SVG-only baseline = ${(both / svg).toFixed(2)}x (best of 3)`);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
