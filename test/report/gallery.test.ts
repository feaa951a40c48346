/** The results gallery: numbers straight from summary.csv, comparisons by the 2-SE rule, and the committed page's figures exist. */
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { GALLERY, compareStats, pm, readGalleryPage, renderGallery, unionLength, type GallerySection } from "../../src/report/gallery.js";
import { loadExperiment } from "../../src/sweep/spec.js";
import { drawSweepFigures } from "../../src/report/sweep-figures.js";
import { loadSweepSummary } from "../../src/report/sweep-data.js";
import { writeSyntheticSweep } from "./synthetic-sweep.js";

const tmp = mkdtempSync(path.join(os.tmpdir(), "gnc-gallery-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe("gallery", () => {
  it("compareStats: Δ and its standard error; resolved only at |Δ| ≥ 2 SE; seeds that would resolve it", () => {
    const r = compareStats({ mean: 1, sd: 0.2, n: 5 }, { mean: 0, sd: 0.2, n: 5 });
    expect(r.delta).toBe(1);
    expect(r.se).toBeCloseTo(Math.sqrt(0.04 / 5 + 0.04 / 5), 14);
    expect(r.resolved).toBe(true);
    const u = compareStats({ mean: 0.1, sd: 0.4, n: 5 }, { mean: 0, sd: 0.4, n: 5 });
    expect(u.resolved).toBe(false);
    // SE ∝ 1/√n: at n' = n·(2SE/|Δ|)² the same spread gives 2·SE' = |Δ|
    const se = Math.sqrt((2 * 0.16) / 5);
    expect(u.seedsNeeded).toBe(Math.ceil(5 * ((2 * se) / 0.1) ** 2));
    expect(pm({ mean: 1, sd: 1.6e-16, n: 2 })).toBe("1.00 ± 0.00");
  });

  it("renders a section from a sweep folder: the summary's numbers, the comparison lines, the figures copied", async () => {
    const out = path.join(tmp, "out");
    const sw = writeSyntheticSweep(path.join(out, "sweeps", "syn-quick"), { name: "syn-quick", pIn: [0.025], pOut: [0.0017], depths: [8, 16], seeds: 3, epochs: 1 });
    await drawSweepFigures(sw.dir, { formats: ["png"] });
    const sec: GallerySection = { experiment: "syn", heading: "Synthetic depth", question: "?", figures: ["nc1-layers", "no-such-figure"], compare: { field: "model.depth", reference: "8" } };
    const file = path.join(tmp, "docs", "results.md");
    const g = renderGallery({ outDir: out, file, sections: [sec] });
    expect(g.sections).toEqual([{ experiment: "syn", heading: "Synthetic depth", scales: ["quick"] }]);
    expect(g.figures.map((f) => path.basename(f))).toEqual(["syn-quick-nc1-layers.png"]);
    expect(existsSync(path.join(tmp, "docs", "results", "syn-quick-nc1-layers.png"))).toBe(true);
    const md = g.markdown;
    expect(md).toContain("gnc reproduce syn --scale quick");
    expect(md).toContain("](results/syn-quick-nc1-layers.png)");
    expect(md).not.toContain("no-such-figure");
    const rows = loadSweepSummary(path.join(sw.dir, "summary.csv")).rows;
    const st = (r: Record<string, string>, c: string) => ({ mean: Number(r[c]), sd: Number(r[`${c}Sd`]), n: Number(r.done) });
    for (const r of rows) expect(md).toContain(`| ${r["model.depth"]} | ${r.done}/${r.runs} | ${pm(st(r, "log10Nc1HFirst"))} | ${pm(st(r, "log10Nc1HLast"))} |`);
    const ref = rows.find((r) => r["model.depth"] === "8")!;
    const other = rows.find((r) => r["model.depth"] === "16")!;
    const c = compareStats(st(other, "log10Nc1HLast"), st(ref, "log10Nc1HLast"));
    expect(md).toContain(c.resolved ? `16 ends ${Math.abs(c.delta).toFixed(2)} ± ${c.se.toFixed(2)} orders` : `16: Δ = ${c.delta.toFixed(2)} ± ${c.se.toFixed(2)} orders — not resolved`);
    // a study never run is listed as such
    const none = renderGallery({ outDir: out, file, sections: [{ ...sec, experiment: "never" }] });
    expect(none.markdown).toContain("Not run yet: `gnc reproduce never --scale quick`");
    // regenerating one study keeps the others as the earlier page had them, byte for byte
    const never = { ...sec, experiment: "never", heading: "Never run" };
    const page = renderGallery({ outDir: out, file, sections: [sec, never], preamble: "P" }).markdown;
    const read = readGalleryPage(page);
    expect([...read.keys()]).toEqual(["Synthetic depth", "Never run"]);
    expect(read.get("Synthetic depth")!.scales).toEqual(["quick"]);
    expect(read.get("Never run")!.scales).toEqual([]);
    const keep = new Map([["syn", read.get("Synthetic depth")!], ["never", read.get("Never run")!]]);
    expect(renderGallery({ outDir: path.join(tmp, "empty"), file, sections: [sec, never], preamble: "P", keep }).markdown).toBe(page);
    // kept: the section from the page even though outDir has nothing; the other from outDir
    const one = renderGallery({ outDir: path.join(tmp, "empty"), file, sections: [sec, never], preamble: "P", keep: new Map([["syn", keep.get("syn")!]]) });
    expect(one.markdown).toContain("gnc reproduce syn --scale quick");
    expect(one.sections.map((x) => x.scales)).toEqual([["quick"], []]);
  });

  it("wall time with runs in progress: the union of the run intervals (overlaps once, gaps left out)", () => {
    expect(unionLength([])).toBe(0);
    expect(unionLength([[0, 10], [5, 15], [20, 30], [22, 25], [40, 40], [50, NaN]])).toBe(25);
    // against a unit-grid count on random intervals
    let seed = 7;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let k = 0; k < 20; k++) {
      const iv: [number, number][] = Array.from({ length: 8 }, () => {
        const a = Math.floor(rnd() * 100);
        return [a, a + Math.floor(rnd() * 20)];
      });
      let count = 0;
      for (let t = 0; t < 130; t++) if (iv.some(([a, b]) => t >= a && t < b)) count++;
      expect(unionLength(iv)).toBe(count);
    }
  });

  it("docs/results.md: every gallery study has a section, and the index lists the scales it shows", () => {
    const md = readFileSync(path.resolve("docs/results.md"), "utf8");
    const read = readGalleryPage(md);
    for (const s of GALLERY) {
      const k = read.get(s.heading);
      expect(k, s.heading).toBeDefined();
      for (const scale of ["paper", "quick"]) {
        expect(k!.lines.includes(`### ${scale === "paper" ? "Paper" : "Quick"} scale`), `${s.heading} ${scale}`).toBe(k!.scales.includes(scale));
      }
    }
  });

  it("every gallery section is a committed experiment", () => {
    for (const s of GALLERY) expect(loadExperiment(s.experiment).name).toBe(s.experiment);
  });

  it("docs/results.md: every figure it links exists, and every PNG under docs/results/ is linked", () => {
    const file = path.resolve("docs/results.md");
    expect(existsSync(file)).toBe(true);
    const md = readFileSync(file, "utf8");
    const links = [...md.matchAll(/!\[[^\]]*\]\(([^)]+)\)/g)].map((m) => m[1]);
    expect(links.length).toBeGreaterThan(0);
    for (const l of links) expect(existsSync(path.join(path.dirname(file), l)), l).toBe(true);
    const pngs = readdirSync(path.join(path.dirname(file), "results")).filter((f) => f.endsWith(".png"));
    for (const p of pngs) expect(links).toContain(`results/${p}`);
  });
});
