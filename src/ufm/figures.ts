/**
 * Figures of gUFM runs (the gUFM figure of Kothapalli, Tirer, Bruna, NeurIPS 2023): log10 NC1 of the
 * features H (solid) and of ÂH (dashed) against the step, one colour per graph, the legend naming
 * each graph's exact-collapse verdict from condition/ (REFERENCE.md §5) — so a reader sees side by
 * side what the checker predicts (holds: NC1 falls to the floating-point floor; fails: it plateaus)
 * and what the dynamics do. `ufmComparisonSpec` overlays several runs (graph families: SBM vs
 * regular SBM, W1 on/off, …), one line per run = the mean over its graphs of log10 NC1 of H.
 *
 * Inputs are a run directory's graph-log.csv, flow-log.csv and manifest.json (run.ts); rendering
 * is src/report's (vega-lite → SVG → PNG with the embedded font).
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import type { TopLevelSpec } from "vega-lite";
import { inputError } from "../util/errors.js";
import { writeFileAtomic } from "../util/fs.js";
import { parseCsv, requireColumns } from "../report/csv.js";
import { renderVegaLite } from "../report/render.js";
import { GRAPH_LOG, FLOW_LOG, type GraphVerdict } from "./run.js";
import { VEGA_LITE_SCHEMA } from "../report/style.js";


export interface UfmRunData {
  name: string;
  method: string;
  verdicts: GraphVerdict[];
  /** Per graph and evaluation. */
  graphRows: { step: number; time: number; graph: number; nc1H: number; nc1HA: number }[];
  flowRows: { step: number; time: number; loss: number; overlap: number }[];
}

function readCsv(file: string): { header: string[]; rows: string[][] } {
  if (!existsSync(file)) throw inputError("ufm", "file not found", file);
  const t = parseCsv(readFileSync(file, "utf8"), file, "ufm");
  return { header: t.header, rows: t.records.map((r) => r.fields) };
}

/** Read a gUFM run directory's logs and verdicts. */
export function loadUfmRun(runDir: string): UfmRunData {
  const manifestFile = path.join(runDir, "manifest.json");
  let manifest: { conditions?: GraphVerdict[]; method?: string } = {};
  try { manifest = JSON.parse(readFileSync(manifestFile, "utf8")); } catch { /* figures without verdicts */ }
  let name = path.basename(path.dirname(runDir));
  try { name = JSON.parse(readFileSync(path.join(runDir, "config.json"), "utf8")).name ?? name; } catch { /* keep folder name */ }
  const gFile = path.join(runDir, GRAPH_LOG);
  if (!existsSync(gFile)) throw inputError("ufm", "no graph-log.csv in the run directory", runDir);
  const g = parseCsv(readFileSync(gFile, "utf8"), gFile, "ufm");
  const gc = requireColumns(g, ["step", "time", "graph", "nc1H", "nc1HA"], gFile, "ufm");
  const f = readCsv(path.join(runDir, FLOW_LOG));
  const fi = (c: string) => f.header.indexOf(c);
  return {
    name,
    method: manifest.method ?? "gd",
    verdicts: manifest.conditions ?? [],
    graphRows: g.records.map(({ fields: r }) => ({ step: +r[gc.step], time: +r[gc.time], graph: +r[gc.graph], nc1H: +r[gc.nc1H], nc1HA: +r[gc.nc1HA] })),
    flowRows: f.rows.map((r) => ({ step: +r[fi("step")], time: +r[fi("time")], loss: +r[fi("loss")], overlap: +r[fi("overlap")] })),
  };
}

const lg = (v: number) => (Number.isFinite(v) ? Math.log10(Math.max(v, 1e-300)) : null);
const sci = (v: number) => (Number.isFinite(v) ? v.toExponential(1) : String(v));

/** Legend text of one graph: its index and its verdict (with the graded score when it fails). */
export function verdictLabel(k: number, v: GraphVerdict | undefined): string {
  if (!v) return `graph ${k}`;
  return v.holds ? `graph ${k}: condition holds` : `graph ${k}: fails (score ${sci(v.score)})`;
}

/** log10 NC1 of H and ÂH against the step, one colour per graph (legend: verdicts). */
export function ufmNc1Spec(run: UfmRunData): TopLevelSpec | null {
  const rows = run.graphRows.filter((r) => r.step > 0 || r.time > 0);
  if (rows.length === 0) return null;
  const values = rows.flatMap((r) => [
    { step: r.step, graph: verdictLabel(r.graph, run.verdicts[r.graph]), features: "H", y: lg(r.nc1H) },
    { step: r.step, graph: verdictLabel(r.graph, run.verdicts[r.graph]), features: "ÂH", y: lg(r.nc1HA) },
  ]).filter((v) => v.y !== null);
  const holding = run.verdicts.filter((v) => v.holds).length;
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: { text: `${run.name}: exact-collapse condition holds on ${holding}/${run.verdicts.length} graphs`, anchor: "start", fontSize: 12.5, limit: 420 },
    width: 300,
    height: 190,
    data: { values },
    mark: { type: "line", strokeWidth: 1.3 },
    encoding: {
      x: { field: "step", type: "quantitative", title: run.method === "dopri5" ? "gradient evaluations (∇F)" : "GD step" },
      y: { field: "y", type: "quantitative", title: "log10 NC1", scale: { zero: false } },
      color: { field: "graph", type: "nominal", title: null, legend: { orient: "right", direction: "vertical", columns: 1, labelLimit: 400 } },
      strokeDash: { field: "features", type: "nominal", title: null, legend: { orient: "bottom" } },
      detail: { field: "graph" },
    },
  } as TopLevelSpec;
}

/** One line per run: mean over its graphs of log10 NC1 of H against the step. */
export function ufmComparisonSpec(runs: UfmRunData[]): TopLevelSpec | null {
  const values: { step: number; run: string; y: number }[] = [];
  for (const run of runs) {
    const holding = run.verdicts.filter((v) => v.holds).length;
    const label = `${run.name} (condition holds ${holding}/${run.verdicts.length})`;
    const bySteps = new Map<number, number[]>();
    for (const r of run.graphRows) {
      const y = lg(r.nc1H);
      if (y === null || r.step === 0) continue;
      bySteps.set(r.step, [...(bySteps.get(r.step) ?? []), y]);
    }
    for (const [step, ys] of bySteps) values.push({ step, run: label, y: ys.reduce((s, v) => s + v, 0) / ys.length });
  }
  if (values.length === 0) return null;
  return {
    $schema: VEGA_LITE_SCHEMA,
    width: 300,
    height: 190,
    data: { values },
    mark: { type: "line", strokeWidth: 1.5 },
    encoding: {
      x: { field: "step", type: "quantitative", title: "step" },
      y: { field: "y", type: "quantitative", title: "log10 NC1 of H (mean over graphs)", scale: { zero: false } },
      color: { field: "run", type: "nominal", title: null, legend: { orient: "bottom", direction: "vertical", columns: 1, labelLimit: 500 } },
    },
  } as TopLevelSpec;
}

/** loss (log10) against the step. */
export function ufmLossSpec(run: UfmRunData): TopLevelSpec | null {
  const values = run.flowRows.map((r) => ({ step: r.step, y: lg(r.loss) })).filter((v) => v.y !== null);
  if (values.length < 2) return null;
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: { text: `${run.name}: objective F`, anchor: "start", fontSize: 12.5 },
    width: 300,
    height: 150,
    data: { values },
    mark: { type: "line", strokeWidth: 1.5 },
    encoding: {
      x: { field: "step", type: "quantitative", title: run.method === "dopri5" ? "gradient evaluations (∇F)" : "GD step" },
      y: { field: "y", type: "quantitative", title: "log10 loss", scale: { zero: false } },
    },
  } as TopLevelSpec;
}

async function write(spec: TopLevelSpec, stem: string): Promise<string[]> {
  const fig = await renderVegaLite(spec);
  writeFileAtomic(`${stem}.svg`, fig.svg);
  writeFileAtomic(`${stem}.png`, fig.png!);
  return [`${stem}.svg`, `${stem}.png`];
}

/** Draw a run's figures into RUN_DIR/figures (nc1, loss; SVG + PNG). Returns the paths written. */
export async function drawUfmFigures(runDir: string): Promise<string[]> {
  const run = loadUfmRun(runDir);
  const out: string[] = [];
  const dir = path.join(runDir, "figures");
  for (const [name, spec] of [["ufm-nc1", ufmNc1Spec(run)], ["ufm-loss", ufmLossSpec(run)]] as const) {
    if (spec) out.push(...(await write(spec, path.join(dir, name))));
  }
  return out;
}

/** Overlay several runs (e.g. SBM vs regular SBM) into OUT_STEM.{svg,png}. */
export async function drawUfmComparison(runDirs: string[], outStem: string): Promise<string[]> {
  const spec = ufmComparisonSpec(runDirs.map(loadUfmRun));
  return spec ? write(spec, outStem) : [];
}
