import { describe, expect, it } from "vitest";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { gnc } from "../helpers/cli.js";
import { Rng } from "../../src/util/rng.js";
import { writeNpy } from "../../src/util/npy.js";
import { csrFromEdges } from "../../src/graphs/csr.js";
import { collapseMetrics } from "../../src/collapse/index.js";
import { clusteredFeatures, randomLabels, randomMatrix } from "../collapse/reference.js";

const dir = mkdtempSync(path.join(tmpdir(), "gnc-nc-"));
const f = (name: string, text: string) => { const p = path.join(dir, name); writeFileSync(p, text); return p; };

const rng = Rng.seeded(77);
const N = 40, d = 3, C = 3;
const y = randomLabels(rng, N, C);
const F = clusteredFeatures(rng, y, C, d);
const W = randomMatrix(rng, d, C);
const csv = (M: { data: ArrayLike<number>; rows: number; cols: number }) =>
  Array.from({ length: M.rows }, (_, i) => Array.from({ length: M.cols }, (_, j) => String(M.data[i * M.cols + j])).join(",")).join("\n") + "\n";
const features = f("F.csv", "f0,f1,f2\n" + csv(F));
const labels = f("y.txt", Array.from(y).join("\n") + "\n");
const edges: [number, number][] = [];
for (let i = 0; i < N; i++) edges.push([i, (i + 1) % N], [i, (i + 5) % N]);
const graphFile = f("g.txt", edges.map((e) => e.join(" ")).join("\n") + "\n");
const weights = path.join(dir, "W.npy");
writeNpy(weights, { dtype: "<f8", shape: [d, C], data: Float64Array.from(W.data) });

function expectOneLineError(r: { code: number; stdout: string; stderr: string }, re: RegExp) {
  expect(r.code).toBe(2);
  expect(r.stderr.trim().split("\n")).toHaveLength(1);
  expect(r.stderr).toMatch(re);
}

describe("gnc nc", () => {
  it("--predictions takes the labels formats: node,label pairs keyed by the graph's ids", () => {
    const pred = Array.from(y, (c) => (c + 1) % C); // deliberately not the labels
    const perLine = f("pred.txt", pred.join("\n") + "\n");
    const pairs = f("pred-pairs.csv", "node,label\n" + pred.map((c, i) => `${i},${c}`).reverse().join("\n") + "\n");
    const run = (p: string) => gnc(["nc", "--features", features, "--labels", labels, "--weights", weights, "--graph", graphFile, "--predictions", p, "--json"]);
    const a = run(perLine), b = run(pairs);
    expect(a.code, a.stderr).toBe(0);
    expect(b.code, b.stderr).toBe(0);
    const want = collapseMetrics(F, y, C, { weights: W, predictions: Int32Array.from(pred) });
    expect(JSON.parse(a.stdout).nc4NccAgreement).toBeCloseTo(want.nc4NccAgreement!, 12);
    expect(JSON.parse(b.stdout).nc4NccAgreement).toBe(JSON.parse(a.stdout).nc4NccAgreement);
  });

  it("--json prints the library's metrics (with graph, weights, argmax predictions)", () => {
    const r = gnc(["nc", "--features", features, "--labels", labels, "--graph", graphFile, "--weights", weights, "--json"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    const { graph } = csrFromEdges(N, edges.map((e) => e[0]), edges.map((e) => e[1]));
    // The CSV round trip is exact (shortest round-trip decimal strings).
    const want = collapseMetrics(F, y, C, { weights: W, graph, predictions: undefined });
    expect(out).toMatchObject({ nodes: N, classes: C, dim: d });
    for (const k of ["nc1", "nc1Tilde", "trSigmaW", "trSigmaB", "nc2EtfError", "nc2OfError", "nc2Equinorm", "nc2Equiangularity", "nc3SelfDuality", "nc3EtfError", "nc3OfError", "snr", "nc4NccAgreement"] as const) {
      expect(out[k], k).toBe(want[k]);
    }
    expect(out.aggregated.nc1).toBe(want.aggregated!.nc1);
    expect(typeof out.aggregated.nc4NccAgreement).toBe("number");
  });

  it("prints a table by default, and writes non-finite values as strings in JSON", () => {
    const t = gnc(["nc", "--features", features, "--labels", labels]);
    expect(t.code).toBe(0);
    expect(t.stdout).toMatch(/NC1 .*Tr\(Σ_W Σ_B⁺\)\/C/);
    expect(t.stdout).toMatch(/40 nodes, 3 classes, d = 3/);
    // All class means equal → nc1 = Infinity.
    const same = f("same.csv", "1,0\n1,0\n3,2\n3,2\n");
    const j = gnc(["nc", "--features", same, "--labels", f("same.txt", "0\n1\n1\n0\n"), "--json"]);
    expect(j.code).toBe(0);
    expect(JSON.parse(j.stdout).nc1).toBe("Infinity");
  });

  it("bad input exits 2 with one line: ragged rows, non-numeric cell, NaN", () => {
    expectOneLineError(gnc(["nc", "--features", f("r.csv", "1,2\n3\n"), "--labels", f("l2.txt", "0\n1\n")]), /r\.csv: line 2: expected 2 columns, got 1/);
    expectOneLineError(gnc(["nc", "--features", f("x.csv", "1,2\n3,oops\n"), "--labels", f("l2.txt", "0\n1\n")]), /x\.csv: line 2: column 2: "oops" is not a number/);
    expectOneLineError(gnc(["nc", "--features", f("n.csv", "1,2\nnan,1\n"), "--labels", f("l2.txt", "0\n1\n")]), /n\.csv: line 2: column 1: "nan" is not a finite number/);
  });

  it("bad input exits 2 with one line: label count, empty class, .npy dtype and order", () => {
    expectOneLineError(gnc(["nc", "--features", features, "--labels", f("short.txt", "0\n1\n2\n")]), /after 3 labels, fewer than the 40 rows of /);
    expectOneLineError(gnc(["nc", "--features", f("f4.csv", "1\n2\n3\n4\n"), "--labels", f("gap.txt", "0\n0\n2\n2\n")]), /class 1 has no nodes/);
    const cplx = path.join(dir, "c.npy");
    writeNpy(cplx, { dtype: "<f8", shape: [2, 1], data: new Float64Array(2) }, { descr: "<c8" });
    expectOneLineError(gnc(["nc", "--features", cplx, "--labels", f("l2b.txt", "0\n1\n")]), /unsupported dtype '<c8'/);
    const fort = path.join(dir, "fo.npy");
    writeNpy(fort, { dtype: "<f8", shape: [2, 2], data: new Float64Array(4) }, { fortranOrder: true });
    expectOneLineError(gnc(["nc", "--features", fort, "--labels", f("l2c.txt", "0\n1\n")]), /Fortran-order/);
  });

  it("rejects a classifier of the wrong shape, hinting at a transposed one", () => {
    const F2 = f("f2.csv", "1,2\n3,4\n5,6\n"); // N = 3, d = 2, C = 3
    const l3 = f("l3.txt", "0\n1\n2\n");
    expectOneLineError(gnc(["nc", "--features", F2, "--labels", l3, "--weights", f("w32.csv", "1,2,3\n4,5,6\n7,8,9\n")]), /classifier is 3×3, expected d×C = 2×3$/m);
    expectOneLineError(gnc(["nc", "--features", F2, "--labels", l3, "--weights", f("w23t.csv", "1,2\n3,4\n5,6\n")]), /3×2, expected d×C = 2×3 \(it looks transposed/);
  });
  it("--graph with another node count than the feature rows: one line naming both counts and both files, no padding", () => {
    const small = f("small.txt", "0 1\n1 2\n2 3\n");
    const r = gnc(["nc", "--features", features, "--labels", labels, "--graph", small]);
    expectOneLineError(r, new RegExp(`the graph ${small} has 4 nodes but the features ${features} have ${N} rows \\(if the missing nodes are isolated, add the line "# gnc: nodes=${N}"`));
    expect(r.stdout).toBe("");
    const big = f("big.mtx", `%%MatrixMarket matrix coordinate pattern symmetric\n${N + 5} ${N + 5} 1\n2 1\n`);
    expectOneLineError(gnc(["nc", "--features", features, "--labels", labels, "--graph", big]), new RegExp(`the graph ${big} has ${N + 5} nodes but the features ${features} have ${N} rows$`, "m"));
  });

  it("a labels count mismatch without a graph speaks of the feature rows, not of a graph", () => {
    const short = f("short39.txt", Array.from(y.subarray(0, N - 1)).join("\n") + "\n");
    const r = gnc(["nc", "--features", features, "--labels", short]);
    expectOneLineError(r, new RegExp(`the file ends after ${N - 1} labels, fewer than the ${N} rows of ${features}`));
    expect(r.stderr).not.toMatch(/the graph/);
    const long = f("long.txt", Array.from(y).join("\n") + "\n0\n");
    expectOneLineError(gnc(["nc", "--features", features, "--labels", long]), new RegExp(`more labels than the ${N} rows of ${features} \\(this is label ${N + 1}\\)`));
  });
});
