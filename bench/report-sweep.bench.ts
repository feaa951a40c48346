/**
 * Benchmark of a sweep's figures and report.html (src/report/sweep-*.ts, html.ts) on a synthetic
 * paper-sized sweep: a 3 × 3 (p, q) grid × 3 seeds, L = 32 hidden layers, 8 epochs (3 kinds × 2
 * variants × 4 metrics per layer and evaluation) in layers.csv. Baseline in the same run: reading
 * and parsing layers.csv alone, so the ratio says what aggregation, layout and rasterising add to
 * the unavoidable I/O.
 */
import { mkdtempSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { writeSweepReport } from "../src/report/html.js";
import { epochCurves, layerCurves, loadSweep, loadSweepLayers } from "../src/report/sweep-data.js";
import { drawSweepFigures } from "../src/report/sweep-figures.js";
import { writeSyntheticSweep } from "../test/report/synthetic-sweep.js";
import { bestMs } from "./timing.js";

export async function run(): Promise<void> {
  const tmp = mkdtempSync(path.join(os.tmpdir(), "gnc-bench-sweep-report-"));
  try {
    const g = [0.0017, 0.01, 0.025];
    const dir = writeSyntheticSweep(path.join(tmp, "sweep"), { pIn: g, pOut: g, seeds: 3, depth: 32, epochs: 8, name: "bench" }).dir;
    const layersFile = path.join(dir, "layers.csv");
    const rows = loadSweepLayers(layersFile).length;
    const mb = statSync(layersFile).size / 2 ** 20;
    console.log(`report-sweep: workload 9 settings × 3 seeds, L=32, 8 epochs: layers.csv ${rows} rows (${mb.toFixed(1)} MiB), 6 figures + report.html`);
    await drawSweepFigures(dir, { formats: ["svg"], outDir: path.join(tmp, "warm") }); // JIT, font file
    const parse = await bestMs(3, () => loadSweepLayers(layersFile));
    const data = loadSweep(dir);
    const agg = await bestMs(3, () => {
      layerCurves(data.layers);
      epochCurves(data.layers);
    });
    const svg = await bestMs(3, () => drawSweepFigures(dir, { formats: ["svg"], outDir: path.join(tmp, "svg") }));
    const both = await bestMs(3, () => drawSweepFigures(dir, { formats: ["svg", "png"], outDir: path.join(tmp, "both") }));
    const html = await bestMs(3, () => writeSweepReport(dir, { figuresDir: path.join(tmp, "svg"), outFile: path.join(tmp, "report.html") }));
    const kib = statSync(path.join(tmp, "report.html")).size / 1024;
    console.log(`report-sweep: parse layers.csv ${parse.toFixed(0)} ms; aggregate ${agg.toFixed(0)} ms; figures SVG ${svg.toFixed(0)} ms, SVG + PNG ${both.toFixed(0)} ms; report.html ${html.toFixed(0)} ms (${kib.toFixed(0)} KiB)`);
    console.log(`report-sweep: ratio (figures SVG+PNG + report) / parse-only baseline = ${((both + html) / parse).toFixed(2)}x (best of 3)`);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
