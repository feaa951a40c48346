import { describe, expect, it } from "vitest";
import { parseList } from "../../src/sweep/lists.js";
import { expandAxes, planSweep } from "../../src/sweep/plan.js";
import { parseShard } from "../../src/sweep/run.js";
import { withoutTsx } from "../../src/sweep/pool.js";
import { sbmQuantities } from "../../src/sweep/derived.js";
import { sweepSpecSchema } from "../../src/sweep/spec.js";
import { summarizeRun } from "../../src/sweep/merge.js";
import { logTicks } from "../../src/report/figures.js";
import { fieldSpec, schemaFlags } from "../../src/runs/flags.js";
import { runConfigSchema } from "../../src/runs/schema/gnn.js";
import { GncError } from "../../src/util/errors.js";

const flags = schemaFlags(runConfigSchema);
const f = (p: string) => fieldSpec(flags, p)!;

describe("sweep lists", () => {
  it("values, linear and log ranges, typed by the field", () => {
    expect(parseList("0.1,0.2", f("graph.pIn"), "--p-in")).toEqual([0.1, 0.2]);
    expect(parseList("0.1:0.3:3", f("graph.pIn"), "--p-in")).toEqual([0.1, 0.2, 0.3]);
    expect(parseList("log:0.001:0.1:3", f("graph.pIn"), "--p-in")).toEqual([0.001, 0.01, 0.1]);
    expect(parseList("5:5:1", f("model.depth"), "x")).toEqual([5]);
    expect(parseList("true,false", f("model.useW1"), "x")).toEqual([true, false]);
    expect(parseList("mse,ce", f("train.loss"), "x")).toEqual(["mse", "ce"]);
    // a range's ends are exact and the points evenly spaced
    const v = parseList("0:1:11", f("graph.pIn"), "x") as number[];
    expect(v.length).toBe(11);
    for (let i = 0; i < 11; i++) expect(v[i]).toBeCloseTo(i / 10, 12);
  });

  it("bad lists are one-line GncErrors naming the flag", () => {
    const bad: [string, string][] = [["", "graph.pIn"], ["0.1:0.2", "graph.pIn"], ["0.1:0.2:x", "graph.pIn"], ["0.1:0.2:0", "graph.pIn"], ["log:0:1:3", "graph.pIn"],
      ["0.1,,0.2", "graph.pIn"], ["abc", "graph.pIn"], ["8,9.5", "model.depth"], ["mse,xx", "train.loss"], ["1:3:3", "train.loss"]];
    for (const [raw, p] of bad) {
      let err: unknown;
      try {
        parseList(raw, f(p), "--test");
      } catch (e) {
        err = e;
      }
      expect(err, raw).toBeInstanceOf(GncError);
      expect((err as Error).message).toMatch(/^gnc sweep: --test: /);
      expect((err as Error).message).not.toContain("\n");
    }
  });
});

describe("grid", () => {
  it("product (last axis fastest) and zip", () => {
    expect(expandAxes({ a: [1, 2], b: ["x", "y"] }, false)).toEqual([{ a: 1, b: "x" }, { a: 1, b: "y" }, { a: 2, b: "x" }, { a: 2, b: "y" }]);
    expect(expandAxes({ a: [1, 2], b: ["x", "y"] }, true)).toEqual([{ a: 1, b: "x" }, { a: 2, b: "y" }]);
    expect(() => expandAxes({ a: [1, 2], b: ["x"] }, true)).toThrow(/equal lengths/);
  });

  it("shards: i/n with 0 ≤ i < n", () => {
    expect(parseShard("1/4")).toEqual({ index: 1, count: 4 });
    for (const s of ["3/2", "2/2", "0/0", "a/b", "1", "-1/2"]) expect(() => parseShard(s), s).toThrow(GncError);
  });

  it("plans seeds as seed + k, validates every setting, names the bad one", () => {
    const spec = sweepSpecSchema.parse({ name: "t", config: { seed: 10, model: { depth: 2 } }, axes: { "graph.pIn": [0.1, 0.2], "graph.pOut": [0.05] }, seeds: 3 });
    const plan = planSweep(spec);
    expect(plan.settings.length).toBe(2);
    expect(plan.runs.map((r) => r.seed)).toEqual([10, 11, 12, 10, 11, 12]);
    expect(new Set(plan.runs.map((r) => r.hash)).size).toBe(6);
    expect(plan.runs.every((r) => r.config.name === "t" && r.config.model.depth === 2)).toBe(true);
    expect(plan.runs[4].config.graph).toMatchObject({ pIn: 0.2, pOut: 0.05 });
    const bad = sweepSpecSchema.parse({ name: "t", axes: { "graph.pIn": [0.1, 1.5], "graph.pOut": [0.05] } });
    expect(() => planSweep(bad)).toThrow(/^gnc sweep: setting 1 \(p=1\.5 q=0\.05\): graph\.pIn/);
    expect(() => planSweep(sweepSpecSchema.parse({ name: "t", axes: { "model.nope": [1] } }))).toThrow(/unknown field "model.nope"/);
  });
});

describe("what a (p, q) setting means", () => {
  it("matches the Kesten–Stigum formula of REFERENCE §7 and the expected degrees", () => {
    const N = 1000, C = 2, p = 0.025, q = 0.0017;
    const s = sbmQuantities(N, C, p, q);
    const cin = N * p, cout = N * q;
    expect(s.ksRatio).toBeCloseTo((cin - cout) ** 2 / (C * (cin + (C - 1) * cout)), 12);
    expect(s.ksRatio > 1).toBe(true);
    expect(s.degIn).toBeCloseTo(p * 499, 12);
    expect(s.degOut).toBeCloseTo(q * 500, 12);
    expect(s.homophily).toBeCloseTo(s.degIn / (s.degIn + s.degOut), 12);
    expect(sbmQuantities(N, C, 0.01, 0.01)).toMatchObject({ noSignal: true, snr: 0, ksRatio: 0 });
    // C = 4: snr = (cin − cout)²/(C c̄), c̄ = (cin + 3 cout)/4
    const s4 = sbmQuantities(1000, 4, 0.1, 0.0068);
    const cbar = (100 + 3 * 6.8) / 4;
    expect(s4.snr).toBeCloseTo((100 - 6.8) ** 2 / (4 * cbar), 10);
  });
});

describe("long runs", () => {
  it("a run with 300k metric rows (frequent --nc-interval on a deep network) summarises; a 300k-step loss curve gets ticks", () => {
    const rows = Array.from({ length: 300_000 }, (_, i) => ({
      epoch: Math.floor(i / 3000), layer: (i % 30) + 1, kind: "bn", variant: "H", metric: "nc1", mean: i, meanLog10: Math.log10(i + 1),
    }));
    const s = summarizeRun({ rows }, "gnn", "gnn");
    // last epoch 99: rows 297000 … 299999, layers 1 … 30 (the first of each layer in that epoch)
    expect(s.log10Nc1HFirst).toBe(Math.log10(297_001));
    expect(logTicks(Array.from({ length: 300_000 }, (_, i) => 10 ** (-(i % 5))))).toEqual(expect.arrayContaining([1e-4, 1]));
  });
});

describe("pool worker flags", () => {
  it("the compiled worker drops tsx's loader flags in every spelling and keeps the rest", () => {
    const argv = ["--require", "/w/node_modules/tsx/dist/preflight.cjs", "--import", "file:///w/node_modules/tsx/dist/loader.mjs",
      "--max-old-space-size=4096", "--import", "tsx", "--import=tsx", "--require", "./my-hook.cjs", "--single-threaded", "--import", "tsx-like-but-not"];
    expect(withoutTsx(argv)).toEqual(["--max-old-space-size=4096", "--require", "./my-hook.cjs", "--single-threaded", "--import", "tsx-like-but-not"]);
    expect(withoutTsx([])).toEqual([]);
  });
});
