import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseCsv } from "../../src/report/csv.js";
import { loadSweep } from "../../src/report/sweep-data.js";
import { drawSweepFigures, sweepFigureSpecs } from "../../src/report/sweep-figures.js";
import { cellEdges, kestenStigumCurve, prefersLog } from "../../src/report/sweep-heatmap.js";
import { assertBalancedSvg, linePaths, pngSize, svgSize } from "./svg-helpers.js";
import { writeSyntheticSweep } from "./synthetic-sweep.js";

const tmp = mkdtempSync(path.join(os.tmpdir(), "gnc-sweep-figs-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const L = 5;
const E = 3;
const BASES = ["nc1-layers", "nc1tilde-layers", "traces-layers", "heatmap-nc1", "heatmap-overlap", "nc1-epochs", "final-dots"];
let dir: string;
let written: string[];
const svgOf = (d: string, base: string) => readFileSync(path.join(d, "figures", `${base}.svg`), "utf8");

beforeAll(async () => {
  dir = writeSyntheticSweep(path.join(tmp, "grid"), { pIn: [0.025, 0.0017], pOut: [0.0017, 0.025], seeds: 2, depth: L, epochs: E, failed: [[3, 0]] }).dir;
  written = await drawSweepFigures(dir);
}, 120_000);

/** Least-squares fit y ≈ a + b·x; returns the max absolute residual and the slope. */
function affineFit(x: number[], y: number[]): { residual: number; slope: number } {
  const n = x.length;
  const mx = x.reduce((s, v) => s + v, 0) / n;
  const my = y.reduce((s, v) => s + v, 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < n; i++) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) ** 2;
  }
  const b = sxy / sxx;
  return { residual: Math.max(...x.map((v, i) => Math.abs(my + b * (v - mx) - y[i]))), slope: b };
}

describe("drawSweepFigures on a synthetic 2×2 sweep", () => {
  it("writes every figure as valid SVG and a PNG at 2× its size", () => {
    expect(written.map((f) => path.basename(f)).sort()).toEqual(BASES.flatMap((b) => [`${b}.png`, `${b}.svg`]).sort());
    for (const b of BASES) {
      const svg = svgOf(dir, b);
      assertBalancedSvg(svg);
      const s = svgSize(svg);
      const p = pngSize(readFileSync(path.join(dir, "figures", `${b}.png`)));
      expect([p.width, p.height]).toEqual([Math.ceil(2 * s.width), Math.ceil(2 * s.height)]);
    }
  });

  it("is byte-identical when drawn again", async () => {
    const again = await drawSweepFigures(dir, { outDir: path.join(tmp, "again") });
    expect(again.length).toBe(written.length);
    for (const f of again) expect(readFileSync(f).equals(readFileSync(path.join(dir, "figures", path.basename(f)))), f).toBe(true);
  });

  it("labels every axis with its symbol and stays within one column (single panels) or text width", () => {
    expect(svgOf(dir, "nc1-layers")).toContain("log₁₀ NC₁");
    expect(svgOf(dir, "nc1-layers")).toContain("hidden layer l");
    expect(svgOf(dir, "nc1-layers")).toContain("ÂH");
    expect(svgOf(dir, "nc1tilde-layers")).toContain("log₁₀ ÑC₁");
    expect(svgOf(dir, "traces-layers")).toContain("Tr Σ_W");
    expect(svgOf(dir, "traces-layers")).toContain("Tr Σ_B");
    for (const h of ["heatmap-nc1", "heatmap-overlap"]) {
      expect(svgOf(dir, h)).toContain("q (p_out)");
      expect(svgOf(dir, h)).toContain("p (p_in)");
      expect(svgOf(dir, h)).toContain("Kesten–Stigum");
    }
    expect(svgOf(dir, "nc1-epochs")).toContain("epoch");
    for (const [b, inches] of [["nc1-layers", 3.3], ["heatmap-nc1", 3.3], ["heatmap-overlap", 3.3], ["traces-layers", 6.9], ["nc1-epochs", 6.9]] as const) {
      const svg = svgOf(dir, b);
      const sizes = [...svg.matchAll(/font-size="([\d.]+)px"/g)].map((m) => +m[1]);
      expect(Math.min(...sizes) * ((inches * 72) / svgSize(svg).width), b).toBeGreaterThanOrEqual(9);
    }
  });

  it("draws one line per setting and variant whose vertices are the across-seed means of the last epoch (independent recomputation)", () => {
    // expected: straight from layers.csv — kind bn, test split, epoch E, mean of meanLog10 over seeds
    const t = parseCsv(readFileSync(path.join(dir, "layers.csv"), "utf8"), "layers.csv");
    const col = (n: string) => t.header.indexOf(n);
    const sums = new Map<string, number[]>();
    for (const { fields: f } of t.records) {
      if (f[col("kind")] !== "bn" || f[col("metric")] !== "nc1" || Number(f[col("epoch")]) !== E) continue;
      const key = `${f[col("setting")]}|${f[col("variant")]}|${f[col("layer")]}`;
      sums.set(key, [...(sums.get(key) ?? []), Number(f[col("meanLog10")])]);
    }
    const labels = new Map(loadSweep(dir).manifest.settings.map((s) => [s.label, s.setting]));
    const lines = linePaths(svgOf(dir, "nc1-layers"));
    expect(lines.length).toBe(4 * 2);
    const xs: number[] = [];
    const ys: number[] = [];
    for (const line of lines) {
      const setting = labels.get(/series: ([^;]+)/.exec(line.label)![1])!;
      const variant = /variant: (.+)$/.exec(line.label)![1] === "ÂH" ? "HA" : "H";
      expect(line.points.length).toBe(L);
      for (const [i, [, py]] of line.points.entries()) {
        const v = sums.get(`${setting}|${variant}|${i + 1}`)!;
        xs.push(v.reduce((s, x) => s + x, 0) / v.length);
        ys.push(py);
      }
    }
    const fit = affineFit(xs, ys);
    expect(fit.residual).toBeLessThan(0.01);
    expect(fit.slope).toBeLessThan(0); // up is larger
    expect(Math.max(...ys) - Math.min(...ys)).toBeGreaterThan(50);
    // ± sd bands (2 seeds) exist; NC1 by epoch has 3 panels × 4 settings (setting 3 has one seed left)
    expect(svgOf(dir, "nc1-layers")).toContain('aria-roledescription="area mark"');
    expect(linePaths(svgOf(dir, "nc1-epochs")).length).toBe(3 * 4);
  });

  it("heat maps: one cell per (setting, method), the p = q line and both Kesten–Stigum branches", () => {
    const svg = svgOf(dir, "heatmap-overlap");
    expect((svg.match(/aria-roledescription="rect mark"/g) ?? []).length).toBe(4);
    const lines = linePaths(svg).map((l) => /line: (.+)$/.exec(l.label)![1]);
    // drawn twice (white underlay + black)
    expect(lines.sort()).toEqual(["KS heterophilic", "KS heterophilic", "KS homophilic", "KS homophilic", "p = q", "p = q"]);
  });
});

describe("sweep heat map geometry", () => {
  it("the Kesten–Stigum points satisfy (c_in − c_out)² = C(c_in + (C−1)c_out), c = N·p", () => {
    for (const [n, C] of [[1000, 2], [1500, 4], [300, 3]]) {
      const pts = kestenStigumCurve(n, C, 0.0005, 0.05, true, 50);
      expect(pts.some((p) => p.branch === "heterophilic")).toBe(true);
      for (const { p, q } of pts) {
        const cin = n * p;
        const cout = n * q;
        const lhs = (cin - cout) ** 2;
        const rhs = C * (cin + (C - 1) * cout);
        expect(Math.abs(lhs - rhs) / rhs).toBeLessThan(1e-9);
        expect(p).toBeGreaterThanOrEqual(0);
      }
      // heterophilic branch only where c_out ≥ C(C−1) (not the trivial root at q = 0)
      expect(kestenStigumCurve(n, C, 0, 0.05, false, 50).filter((x) => x.branch === "heterophilic" && x.q === 0)).toEqual([]);
      for (const pt of pts.filter((x) => x.branch === "heterophilic")) expect(n * pt.q).toBeGreaterThanOrEqual(C * (C - 1) - 1e-9);
    }
  });

  it("cells span the midpoints between grid values (geometric on a log axis), clamped to [0, 1] on a linear one", () => {
    expect(prefersLog([0.001, 0.01, 0.1])).toBe(true);
    expect(prefersLog([0.01, 0.02, 0.03])).toBe(false);
    expect(prefersLog([0.0017, 0.025])).toBe(false);
    const lin = cellEdges([0.01, 0.02, 0.04], false);
    const want: [number, [number, number]][] = [[0.01, [0.005, 0.015]], [0.02, [0.015, 0.03]], [0.04, [0.03, 0.05]]];
    for (const [v, [lo, hi]] of want) {
      expect(lin.edges.get(v)![0]).toBeCloseTo(lo, 15);
      expect(lin.edges.get(v)![1]).toBeCloseTo(hi, 15);
    }
    expect(cellEdges([0.1, 0.9], false).domain).toEqual([0, 1]);
    const log = cellEdges([0.001, 0.01, 0.1], true);
    const [lo, hi] = log.edges.get(0.01)!;
    expect(lo).toBeCloseTo(Math.sqrt(0.001 * 0.01), 15);
    expect(hi).toBeCloseTo(Math.sqrt(0.01 * 0.1), 15);
    expect(log.domain[0]).toBeCloseTo(0.001 / Math.sqrt(10), 15);
  });
});

describe("sweep figures: layouts", () => {
  it("more than 10 settings: an evenly spaced subset of 10, said in the subtitle; one seed: no band", async () => {
    const d = writeSyntheticSweep(path.join(tmp, "many"), { pIn: [0.03, 0.02, 0.01, 0.005], pOut: [0.001, 0.01, 0.03], seeds: 1, depth: 4, epochs: 2 }).dir;
    const specs = new Map(sweepFigureSpecs(loadSweep(d)));
    expect(JSON.stringify(specs.get("nc1-layers"))).toContain("10 of 12 settings shown");
    await drawSweepFigures(d, { formats: ["svg"] });
    const svg = svgOf(d, "nc1-layers");
    expect(linePaths(svg).length).toBe(10 * 2);
    expect(svg).not.toContain('aria-roledescription="area mark"');
    expect(svg).toContain("one seed");
  });

  it("a gUFM sweep (one layer of free features): heat maps and NC1 against epoch, no layer figures", async () => {
    const d = writeSyntheticSweep(path.join(tmp, "ufm"), { ufm: true, seeds: 2, epochs: 4 }).dir;
    const files = (await drawSweepFigures(d, { formats: ["svg"] })).map((f) => path.basename(f));
    expect(files.sort()).toEqual(["heatmap-nc1.svg", "heatmap-overlap.svg", "nc1-epochs.svg"]);
    const svg = svgOf(d, "nc1-epochs");
    expect(svg).toContain("free features H (gUFM)");
    expect(linePaths(svg).map((l) => l.points.length)).toEqual([4, 4, 4, 4]);
  });

  it("GNN beside spectral methods: one colour per method, a panel per setting, layers and iterations on one axis", async () => {
    const d = writeSyntheticSweep(path.join(tmp, "spectral"), { pIn: [0.025], pOut: [0.0017, 0.025], seeds: 2, depth: 4, epochs: 2, spectral: ["bh", "nl"] }).dir;
    const files = (await drawSweepFigures(d, { formats: ["svg"] })).map((f) => path.basename(f));
    // a 1-D grid (one p): no heat maps
    expect(files.sort()).toEqual(["final-dots.svg", "nc1-epochs.svg", "nc1-layers.svg", "nc1tilde-layers.svg", "traces-layers.svg"]);
    const svg = svgOf(d, "nc1-layers");
    expect(svg).toContain("layer l / iteration t");
    for (const m of ["GNN", "BH", "NL"]) expect(svg).toContain(`series: ${m};`);
    expect(linePaths(svg).length).toBe(2 * 3 * 2); // settings × methods × variants
    expect(svg).toContain("p=0.025 q=0.0017");
  });
});
