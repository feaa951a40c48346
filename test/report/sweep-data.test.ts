import { afterAll, describe, expect, it } from "vitest";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { stringify } from "csv-stringify/sync";
import { readFileSync } from "node:fs";
import { parseCsv } from "../../src/report/csv.js";
import { FIGURE_ROWS, chosenLayers, epochCurves, layerCurves, loadSweep, seedStats, splitCsv } from "../../src/report/sweep-data.js";
import { LAYER_HEADER_TAIL, writeSyntheticSweep } from "./synthetic-sweep.js";

const tmp = mkdtempSync(path.join(os.tmpdir(), "gnc-sweep-data-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** A hand-made sweep: setting 0 with 2 GNN seeds (3 layers, epochs 1-2) and 1 spectral seed; setting 1 with one failed seed. */
function handSweep(dir: string): void {
  mkdirSync(dir, { recursive: true });
  const rows: unknown[][] = [];
  const gnn = (setting: number, k: number, epoch: number, step: number, split: string, layer: number, kind: string, variant: string, metric: string, ml: number) =>
    rows.push([setting, k, 100 + k, "gnn", "gnn", 0.02, 0.01, `r${setting}${k}`, epoch, step, split, layer, kind, variant, metric, 10 ** ml, 0, ml, 0.1]);
  for (const k of [0, 1]) {
    for (const epoch of [1, 2]) {
      for (let l = 1; l <= 3; l++) {
        // seed 0: -l·epoch; seed 1: -l·epoch - 1 (H); ÂH is 0.5 lower
        const h = -l * epoch - k;
        gnn(0, k, epoch, epoch * 10, "test", l, "bn", "H", "nc1", h);
        gnn(0, k, epoch, epoch * 10, "test", l, "bn", "HA", "nc1", h - 0.5);
        gnn(0, k, epoch, epoch * 10, "test", l, "conv", "H", "nc1", 99); // not the representative kind
        gnn(0, k, epoch, epoch * 10, "train", l, "bn", "H", "nc1", 77); // not the chosen split
      }
      // an earlier evaluation inside the last epoch must not count
      if (epoch === 2) gnn(0, k, 2, 15, "test", 1, "bn", "H", "nc1", 55);
    }
  }
  // setting 1: seed 0 done, seed 1 failed (no rows)
  for (let l = 1; l <= 3; l++) gnn(1, 0, 1, 10, "test", l, "bn", "H", "nc1", -0.25 * l);
  // spectral bh on setting 0, one seed: kind = operator, epoch 0, empty step; an -eig row at T+1
  for (let t = 1; t <= 2; t++) rows.push([0, 0, 100, "spectral", "bh", 0.02, 0.01, "bh0", 0, "", "test", t, "bh", "H", "nc1", 1, 0, -0.3 * t, ""]);
  rows.push([0, 0, 100, "spectral", "bh", 0.02, 0.01, "bh0", 0, "", "test", 3, "bh-eig", "H", "nc1", 1, 0, -5, ""]);
  writeFileSync(path.join(dir, "layers.csv"), stringify([["setting", "seedIndex", "seed", "study", "method", "graph.pIn", "graph.pOut", ...LAYER_HEADER_TAIL], ...rows]));
  const run = (k: number, status: string, method = "gnn") => ({ seedIndex: k, seed: 100 + k, study: method === "gnn" ? "gnn" : "spectral", method, hash: "ab", runDir: "x", status });
  writeFileSync(
    path.join(dir, "sweep.json"),
    JSON.stringify({
      version: 1, name: "hand", command: "gnc sweep", gnc: "0.1.0", fields: ["graph.pIn", "graph.pOut"], seeds: 2, base: {},
      settings: [
        { setting: 0, values: { "graph.pIn": 0.02, "graph.pOut": 0.01 }, label: "a", runs: [run(0, "done"), run(1, "done"), run(0, "done", "bh")] },
        { setting: 1, values: { "graph.pIn": 0.02, "graph.pOut": 0.02 }, label: "b", runs: [run(0, "done"), { ...run(1, "failed"), message: "NaN" }] },
      ],
    }),
  );
}

describe("sweep-data aggregation", () => {
  const dir = path.join(tmp, "hand");
  handSweep(dir);
  const data = loadSweep(dir);

  it("seedStats: mean and sample sd (ddof 1), non-finite skipped, sd NaN for one value", () => {
    const s = seedStats([1, 2, 4, NaN]);
    expect(s.n).toBe(3);
    expect(s.mean).toBeCloseTo(7 / 3, 14);
    expect(s.sd).toBeCloseTo(Math.sqrt(((1 - 7 / 3) ** 2 + (2 - 7 / 3) ** 2 + (4 - 7 / 3) ** 2) / 2), 14);
    expect(seedStats([3]).sd).toBeNaN();
    expect(seedStats([]).n).toBe(0);
  });

  it("layer curves: last evaluation, representative kind, chosen split, mean ± sd across seeds", () => {
    const c = layerCurves(data.layers, ["nc1"]);
    const at = (setting: number, method: string, variant: string, layer: number) =>
      c.find((p) => p.setting === setting && p.method === method && p.variant === variant && p.layer === layer)!;
    for (let l = 1; l <= 3; l++) {
      // epoch 2, step 20: seeds give -2l and -2l-1 → mean -2l-0.5, sd sqrt(0.5)
      const h = at(0, "gnn", "H", l);
      expect(h.n).toBe(2);
      expect(h.mean).toBeCloseTo(-2 * l - 0.5, 12);
      expect(h.sd).toBeCloseTo(Math.SQRT1_2, 12);
      expect(at(0, "gnn", "HA", l).mean).toBeCloseTo(-2 * l - 1, 12);
      // setting 1: one seed left (the other failed)
      const one = at(1, "gnn", "H", l);
      expect(one.n).toBe(1);
      expect(one.mean).toBeCloseTo(-0.25 * l, 12);
      expect(one.sd).toBeNaN();
    }
    // spectral: the operator's iterations only (the -eig row is another kind)
    const bh = c.filter((p) => p.method === "bh");
    expect(bh.map((p) => [p.layer, p.mean])).toEqual([[1, -0.3], [2, -0.6]]);
    // nothing from the conv kind or the train split leaked in
    expect(c.some((p) => p.mean > 10)).toBe(false);
    expect(c.length).toBe(3 * 2 + 3 + 2);
    // reading only the figures' rows changes nothing in the curves
    const few = loadSweep(dir, { keep: FIGURE_ROWS }).layers;
    expect(few.length).toBeLessThan(data.layers.length);
    expect(layerCurves(few, ["nc1"])).toEqual(c);
    expect(epochCurves(few)).toEqual(epochCurves(data.layers));
  });

  it("epoch curves: first/middle/last layer against epoch, end of each epoch", () => {
    expect(chosenLayers([1, 2, 3])).toEqual([{ role: "first", layer: 1 }, { role: "middle", layer: 2 }, { role: "last", layer: 3 }]);
    expect(chosenLayers([1, 2, 3, 4, 5, 6, 7, 8]).map((x) => x.layer)).toEqual([1, 4, 8]);
    expect(chosenLayers([1])).toEqual([{ role: "first", layer: 1 }]);
    const e = epochCurves(data.layers);
    // setting 1 has a single epoch and spectral has a single evaluation: no curves
    expect(new Set(e.map((p) => `${p.setting}|${p.method}`))).toEqual(new Set(["0|gnn"]));
    for (const p of e) {
      expect(p.n).toBe(2);
      expect(p.mean).toBeCloseTo(-p.layer * p.epoch - 0.5, 12);
    }
    expect(e.map((p) => `${p.role}${p.layer}@${p.epoch}`)).toEqual(["first1@1", "first1@2", "middle2@1", "middle2@2", "last3@1", "last3@2"]);
  });
});

describe("sweep-data input checking", () => {
  it("reads the synthetic sweep and its summary", () => {
    const s = writeSyntheticSweep(path.join(tmp, "syn"), { seeds: 2, failed: [[1, 0]] });
    const d = loadSweep(s.dir);
    expect(d.manifest.settings.length).toBe(4);
    expect(d.summary!.rows.length).toBe(4);
    expect(d.summary!.rows[1].status).toBe("partial");
    expect(layerCurves(d.layers).length).toBeGreaterThan(0);
  });

  it("the quote-free fast path reads exactly what the full CSV parser reads", () => {
    const s = writeSyntheticSweep(path.join(tmp, "fast"), { seeds: 1, depth: 3, epochs: 2 });
    const text = readFileSync(path.join(s.dir, "layers.csv"), "utf8");
    expect(text.includes('"')).toBe(false);
    for (const t of [text, text.replace(/\n/g, "\r\n"), "\ufeff" + text + "\n\n"]) expect(splitCsv(t, "f")).toEqual(parseCsv(t, "f", "report/sweep"));
    expect(() => splitCsv("a,b\n1,2\n3\n", "f.csv")).toThrow(/^gnc\/report\/sweep: f\.csv: line 3: expected 2 fields as in the header, got 1$/);
  });

  it("rejects a missing folder, a folder without sweep.json, a bad version and a bad number (file and line)", () => {
    expect(() => loadSweep(path.join(tmp, "nope"))).toThrow(/^gnc\/report\/sweep: .*nope: sweep directory not found$/);
    mkdirSync(path.join(tmp, "empty"), { recursive: true });
    expect(() => loadSweep(path.join(tmp, "empty"))).toThrow(/no sweep\.json/);
    const d = path.join(tmp, "bad");
    handSweep(d);
    writeFileSync(path.join(d, "sweep.json"), JSON.stringify({ version: 2, fields: [], settings: [] }));
    expect(() => loadSweep(d)).toThrow(/sweep\.json: unsupported version 2/);
    handSweep(d);
    const lines = stringify([["setting", "seedIndex", "seed", "study", "method", ...LAYER_HEADER_TAIL], [0, 0, 1, "gnn", "gnn", "r", 1, 1, "test", "x1", "bn", "H", "nc1", 1, 0, 0, 0]]);
    writeFileSync(path.join(d, "layers.csv"), lines);
    expect(() => loadSweep(d)).toThrow(/^gnc\/report\/sweep: .*layers\.csv: line 2: column "layer": "x1" is not a number$/);
  });
});
