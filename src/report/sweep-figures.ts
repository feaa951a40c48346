/**
 * drawSweepFigures: the figures of a sweep folder (OUT/sweeps/NAME/, see sweep-data.ts), written into
 * SWEEP_DIR/figures/ as SVG and/or PNG (PNG at `scale` × the SVG size), atomically:
 *
 *   nc1-layers        log10 NC₁ vs layer / power iteration, a line per setting, H and ÂH, ± sd over seeds
 *   nc1tilde-layers   log10 ÑC₁ (Tr Σ_W / Tr Σ_B), same layout
 *   traces-layers     log10 Tr Σ_W and Tr Σ_B vs layer
 *   heatmap-nc1       last-layer log10 NC₁ of H over (q, p), with p = q and the Kesten–Stigum curve
 *   heatmap-overlap   test overlap over (q, p), same overlays
 *   nc1-epochs        log10 NC₁ of H vs epoch at the first, middle and last layer
 *   final-dots        last-layer log10 NC₁ of H and test overlap per setting (or per value of the
 *                     sweep's colouring field, a panel per facet value), mean ± sd over seeds
 *   classifier-nc     NC₂ (classifier ETF error) and NC₃ at the end of training, C > 2 settings
 *
 * A figure without data (a 1-D grid for the heat maps, single-epoch runs for nc1-epochs, no
 * layers.csv) is skipped; the returned list says what was written. Same input → identical bytes.
 * The specs are in sweep-specs.ts and sweep-heatmap.ts; the science in their banners.
 */
import path from "node:path";
import type { TopLevelSpec } from "vega-lite";
import { inputError } from "../util/errors.js";
import { writeFileAtomic } from "../util/fs.js";
import { renderVegaLite, svgToPng } from "./render.js";
import type { FigureFormat } from "./run-figures.js";
import { FIGURE_ROWS, epochCurves, layerCurves, loadSweep, type SweepData } from "./sweep-data.js";
import { heatmapSpec } from "./sweep-heatmap.js";
import { classifierDotsSpec, finalDotsSpec } from "./sweep-dots.js";
import { sweepEpochSpec, sweepLayerSpec, sweepTraceSpec, type SweepFigureContext } from "./sweep-specs.js";

export interface DrawSweepFiguresOptions {
  /** Formats to write (default both). */
  formats?: FigureFormat[];
  /** Output folder (default SWEEP_DIR/figures). */
  outDir?: string;
  /** PNG pixels per SVG px (default 2). */
  scale?: number;
}

/** The sweep figures in report order, with the caption report.html prints under each. */
export const SWEEP_FIGURES = [
  { base: "nc1-layers", caption: "Within-class variability collapse by depth: log₁₀ NC₁ = log₁₀ Tr(Σ_W Σ_B⁺)/C of the block outputs H (solid) and of the neighbour means ÂH (dashed) at the last evaluation, against hidden layer (GNN) or power iteration (spectral methods); band: ± sd across seeds." },
  { base: "nc1tilde-layers", caption: "The same for the trace ratio ÑC₁ = Tr Σ_W / Tr Σ_B." },
  { base: "traces-layers", caption: "Within-class (Tr Σ_W) and between-class (Tr Σ_B) scatter by layer: collapse is Σ_W shrinking relative to Σ_B." },
  { base: "heatmap-nc1", caption: "Last-layer log₁₀ NC₁ of H over the (q, p) grid. Dashed: the no-signal line p = q; solid: the Kesten–Stigum threshold (c_in − c_out)² = C(c_in + (C−1)c_out), c = N·p — settings between its two branches are undetectable." },
  { base: "heatmap-overlap", caption: "Test overlap (0 = chance, 1 = perfect recovery) over the same grid, with the same lines." },
  { base: "nc1-epochs", caption: "log₁₀ NC₁ of H during training, at the end of each epoch, at the first, middle and last hidden layer." },
  { base: "final-dots", caption: "At the end of training: last-layer log₁₀ NC₁ of H and test overlap, mean ± sd across seeds (dot and bar)." },
  { base: "classifier-nc", caption: "The classifier at the end of training, for C > 2: NC₂ = ‖WWᵀ/‖WWᵀ‖_F − (I − 11ᵀ/C)/√(C−1)‖_F (distance of its rows from a simplex ETF) and NC₃ (self-duality of W and the centred class means); mean ± sd across seeds." },
] as const;

/**
 * vega numbers clip-path and gradient ids with process-wide counters (clip13, gradient_2, … across
 * renders), so the same figure drawn twice in one process would differ; renumber them in order of
 * definition, keeping each id's stem.
 */
export function canonicalIds(svg: string): string {
  const ids = new Map<string, string>();
  const counts = new Map<string, number>();
  for (const [, id, stem] of svg.matchAll(/\bid="(([A-Za-z_]+?)\d+)"/g)) {
    if (ids.has(id)) continue;
    const k = counts.get(stem) ?? 0;
    counts.set(stem, k + 1);
    ids.set(id, `${stem}${k}`);
  }
  const re = (id: string) => ids.get(id) ?? id;
  return svg
    .replace(/\bid="([^"]+)"/g, (_, id) => `id="${re(id)}"`)
    .replace(/url\(#([^)]+)\)/g, (_, id) => `url(#${re(id)})`)
    .replace(/(\s(?:xlink:)?href)="#([^"]+)"/g, (_, a, id) => `${a}="#${re(id)}"`);
}

/** The vega-lite spec of every sweep figure that has data, in SWEEP_FIGURES order. */
export function sweepFigureSpecs(data: SweepData): [string, TopLevelSpec][] {
  const m = data.manifest;
  const ctx: SweepFigureContext = {
    name: m.name || path.basename(path.resolve(data.dir)),
    seeds: m.seeds,
    labels: new Map(m.settings.map((s) => [s.setting, s.label])),
    values: new Map(m.settings.map((s) => [s.setting, s.values])),
    ...(m.figures ? { layout: m.figures } : {}),
  };
  const curves = layerCurves(data.layers);
  const specs: [string, TopLevelSpec | null][] = [
    ["nc1-layers", sweepLayerSpec(curves, ctx, "nc1")],
    ["nc1tilde-layers", sweepLayerSpec(curves, ctx, "nc1Tilde")],
    ["traces-layers", sweepTraceSpec(curves, ctx)],
    ["heatmap-nc1", data.summary ? heatmapSpec(data.summary, m.fields, ctx, "nc1") : null],
    ["heatmap-overlap", data.summary ? heatmapSpec(data.summary, m.fields, ctx, "overlap") : null],
    ["nc1-epochs", sweepEpochSpec(epochCurves(data.layers), ctx)],
    ["final-dots", data.summary ? finalDotsSpec(data.summary, ctx) : null],
    ["classifier-nc", data.summary ? classifierDotsSpec(data.summary, ctx) : null],
  ];
  return specs.filter((s): s is [string, TopLevelSpec] => s[1] !== null);
}

/**
 * Draw the sweep's figures. Requires SWEEP_DIR/sweep.json; reads summary.csv and layers.csv when
 * present. Returns the paths written. Throws GncError on a missing folder or malformed input.
 */
export async function drawSweepFigures(sweepDir: string, opts: DrawSweepFiguresOptions = {}): Promise<string[]> {
  const formats = opts.formats ?? ["svg", "png"];
  for (const f of formats) {
    if (f !== "svg" && f !== "png") throw inputError("report/sweep", `unknown figure format "${f}" (use svg, png)`);
  }
  if (formats.length === 0) throw inputError("report/sweep", "no figure format requested");
  const data = loadSweep(sweepDir, { keep: FIGURE_ROWS });
  const outDir = opts.outDir ?? path.join(sweepDir, "figures");
  const written: string[] = [];
  for (const [base, spec] of sweepFigureSpecs(data)) {
    const svg = canonicalIds((await renderVegaLite(spec, { png: false })).svg);
    if (formats.includes("svg")) {
      const file = path.join(outDir, `${base}.svg`);
      writeFileAtomic(file, svg);
      written.push(file);
    }
    if (formats.includes("png")) {
      const file = path.join(outDir, `${base}.png`);
      writeFileAtomic(file, svgToPng(svg, opts.scale ?? 2));
      written.push(file);
    }
  }
  return written;
}
