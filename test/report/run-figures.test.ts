import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync, unlinkSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { drawRunFigures } from "../../src/report/run-figures.js";
import { loadMetrics } from "../../src/report/run-data.js";
import { writeSyntheticRun } from "./synthetic-run.js";
import { assertBalancedSvg, linePaths, pngSize, svgSize } from "./svg-helpers.js";

const tmp = mkdtempSync(path.join(os.tmpdir(), "gnc-figs-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const L = 5;
const E = 3;
let dir: string;
let written: string[];
const svgOf = (base: string) => readFileSync(path.join(dir, "figures", `${base}.svg`), "utf8");

beforeAll(async () => {
  dir = writeSyntheticRun(path.join(tmp, "run"), { depth: L, epochs: E, stepsPerEpoch: 30 }).dir;
  written = await drawRunFigures(dir);
}, 60_000);

/** Least-squares fit y ≈ a + b·x; returns the max absolute residual. */
function affineResidual(x: number[], y: number[]): number {
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
  return Math.max(...x.map((v, i) => Math.abs(my + b * (v - mx) - y[i])));
}

describe("drawRunFigures on a synthetic run", () => {
  it("writes every figure as SVG and PNG (PNG at 2x the SVG size)", () => {
    const bases = ["nc1-layers", "nc1tilde-layers", "nc1-epochs", "traces-layers", "training"];
    expect(written.map((f) => path.basename(f)).sort()).toEqual(bases.flatMap((b) => [`${b}.png`, `${b}.svg`]).sort());
    for (const b of bases) {
      const svg = svgOf(b);
      assertBalancedSvg(svg);
      const s = svgSize(svg);
      const p = pngSize(readFileSync(path.join(dir, "figures", `${b}.png`)));
      expect(p.width).toBe(Math.ceil(2 * s.width));
      expect(p.height).toBe(Math.ceil(2 * s.height));
      expect(p.width).toBeGreaterThan(400);
      expect(p.height).toBeGreaterThan(300);
    }
  });

  it("labels the axes with the collapse symbols", () => {
    const nc1 = svgOf("nc1-layers");
    expect(nc1).toContain("log₁₀ NC₁");
    expect(nc1).toContain("hidden layer l");
    expect(nc1).toContain("ÂH");
    expect(svgOf("nc1tilde-layers")).toContain("log₁₀ ÑC₁");
    expect(svgOf("traces-layers")).toContain("Tr Σ_W");
    expect(svgOf("traces-layers")).toContain("Tr Σ_B");
    expect(svgOf("training")).toContain("overlap");
  });

  it("plots one line per (kind, variant) whose vertices are the last epoch's meanLog10 values", () => {
    const rows = loadMetrics(path.join(dir, "metrics.csv")).filter((r) => r.split === "test" && r.metric === "nc1" && r.epoch === E);
    const lines = linePaths(svgOf("nc1-layers"));
    expect(lines.length).toBe(6);
    const xs: number[] = [];
    const ys: number[] = [];
    const labels = new Map([["conv", "conv"], ["ReLU", "relu"], ["BN", "bn"]]);
    for (const line of lines) {
      const kind = labels.get(/kind: ([^;]+)/.exec(line.label)![1])!;
      const variant = /variant: (.+)$/.exec(line.label)![1] === "ÂH" ? "HA" : "H";
      expect(line.points.length).toBe(L);
      for (const [i, [, py]] of line.points.entries()) {
        const r = rows.find((x) => x.kind === kind && x.variant === variant && x.layer === i + 1)!;
        xs.push(r.meanLog10);
        ys.push(py);
      }
    }
    // One shared linear y scale maps data to pixels: residual within SVG rounding (3 decimals).
    expect(affineResidual(xs, ys)).toBeLessThan(0.01);
    // and it is not degenerate: the pixel span is large
    expect(Math.max(...ys) - Math.min(...ys)).toBeGreaterThan(50);
  });

  it("draws one line per epoch and variant in nc1-epochs, 4 lines per facet in traces, 4 in training", () => {
    expect(linePaths(svgOf("nc1-epochs")).length).toBe(E * 2);
    expect(linePaths(svgOf("traces-layers")).length).toBe(3 * 4);
    expect(linePaths(svgOf("training")).length).toBe(4);
    const steps = linePaths(svgOf("training"))[0].points.length;
    expect(steps).toBe(E * 30);
  });

  it("keeps text readable at paper width: >= 9 pt at 3.3 in (single panel) or 6.9 in (traces)", () => {
    for (const [b, inches] of [["nc1-layers", 3.3], ["nc1tilde-layers", 3.3], ["nc1-epochs", 3.3], ["training", 3.3], ["traces-layers", 6.9]] as const) {
      const svg = svgOf(b);
      const { width } = svgSize(svg);
      const sizes = [...svg.matchAll(/font-size="([\d.]+)px"/g)].map((m) => +m[1]);
      expect(sizes.length).toBeGreaterThan(5);
      const ptPerPx = (inches * 72) / width;
      expect(Math.min(...sizes) * ptPerPx).toBeGreaterThanOrEqual(9);
    }
  });

  it("is deterministic: drawing again gives identical bytes", async () => {
    const again = await drawRunFigures(dir, { outDir: path.join(tmp, "again") });
    for (const f of again) {
      expect(readFileSync(f).equals(readFileSync(path.join(dir, "figures", path.basename(f))))).toBe(true);
    }
  });
});

describe("drawRunFigures edge cases", () => {
  it("skips what has no data and drops non-finite values", async () => {
    const d = writeSyntheticRun(path.join(tmp, "single"), { depth: 4, epochs: 1 }).dir;
    unlinkSync(path.join(d, "train-log.csv"));
    // NC1 = 0 at layer 2 (conv, H) gives meanLog10 = -Infinity: not plotted, the rest still is.
    const csv = readFileSync(path.join(d, "metrics.csv"), "utf8").split("\n");
    const k = csv.findIndex((l) => l.includes(",test,2,conv,H,nc1,"));
    const cells = csv[k].split(",");
    cells[8] = "0";
    cells[10] = "-Infinity";
    csv[k] = cells.join(",");
    writeFileSync(path.join(d, "metrics.csv"), csv.join("\n"));
    const files = await drawRunFigures(d, { formats: ["svg"] });
    expect(files.map((f) => path.basename(f)).sort()).toEqual(["nc1-layers.svg", "nc1tilde-layers.svg", "traces-layers.svg"]);
    const lines = linePaths(readFileSync(path.join(d, "figures", "nc1-layers.svg"), "utf8"));
    expect(lines.map((l) => l.points.length).sort()).toEqual([3, 4, 4, 4, 4, 4]);
  });

  it("reports a malformed metrics.csv with file and line", async () => {
    const d = writeSyntheticRun(path.join(tmp, "bad"), { depth: 2, epochs: 1 }).dir;
    const csv = readFileSync(path.join(d, "metrics.csv"), "utf8").split("\n");
    const k = csv.findIndex((l, i) => i > 2 && l.includes(",nc1,"));
    csv[k] = csv[k].replace(/,nc1,[^,]+,/, ",nc1,abc,");
    writeFileSync(path.join(d, "metrics.csv"), csv.join("\n"));
    await expect(drawRunFigures(d)).rejects.toThrow(
      new RegExp(`^gnc/report: .*metrics\\.csv: line ${k + 1}: column "mean": "abc" is not a number$`),
    );
  });

  it("rejects a missing directory and a directory without metrics.csv", async () => {
    await expect(drawRunFigures(path.join(tmp, "nope"))).rejects.toThrow(/run directory not found/);
    await expect(drawRunFigures(tmp)).rejects.toThrow(/no metrics\.csv/);
    expect(existsSync(path.join(tmp, "figures"))).toBe(false);
  });
});
