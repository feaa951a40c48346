/**
 * graph.kind "file" (src/runs/file-graph.ts): training on a user's labelled graph. Checks the
 * config completion (n, classes, digests, empirical p, q against a pair-by-pair reference), the
 * one-line errors, that every sample is the loaded graph with seed-drawn features, that the sampled
 * kinds still consume their seeds as before, and end to end: same seed → identical CSVs, resume.
 */
import { describe, expect, it } from "vitest";
import { createHash } from "node:crypto";
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync, appendFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { resolveConfig } from "../../src/runs/schema/gnn.js";
import { configHash } from "../../src/runs/schema/common.js";
import { sampleGraph } from "../../src/runs/graphs.js";
import { edgeDensities } from "../../src/runs/file-graph.js";
import { trainRun, type TrainOptions } from "../../src/train/loop.js";
import { csrFromEdges, hasEdge } from "../../src/graphs/csr.js";
import { readGraph, readLabels } from "../../src/graphs/io/index.js";
import { sampleSbm } from "../../src/graphs/sbm.js";
import { makeFeatures } from "../../src/graphs/features.js";
import { GncError } from "../../src/util/errors.js";
import { Rng } from "../../src/util/rng.js";
import { ROOT } from "../helpers/cli.js";

const KARATE_EDGES = path.join(ROOT, "graphs/karate.edges");
const KARATE_LABELS = path.join(ROOT, "graphs/karate.labels");
const KARATE_GEXF = path.join(ROOT, "graphs/karate.gexf");
const tmp = () => mkdtempSync(path.join(os.tmpdir(), "gnc-filegraph-"));
const quiet: TrainOptions = { log: () => {} };
const sha = (f: string) => createHash("sha256").update(readFileSync(f)).digest("hex");

function small(graph: Record<string, unknown>, over: Record<string, unknown> = {}) {
  return resolveConfig({
    flags: {
      name: "kg", seed: 7, backend: "wasm", graph: { kind: "file", ...graph }, features: { dim: 4 }, model: { depth: 3, hidden: 4 },
      train: { epochs: 2, trainGraphs: 4, testGraphs: 2, lr: 0.02, checkpointInterval: 0 }, ...over,
    },
  });
}

function expectGncError(f: () => unknown, re: RegExp): void {
  let err: unknown;
  try {
    f();
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(GncError);
  expect((err as Error).message).toMatch(re);
  expect((err as Error).message).not.toMatch(/\n/);
}

/** Reference densities: every unordered pair {i, j}, i < j, looked up in the CSR. */
function slowDensities(n: number, has: (i: number, j: number) => boolean, labels: Int32Array) {
  let win = 0, wpairs = 0, bet = 0, bpairs = 0;
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) {
    const e = has(i, j) ? 1 : 0;
    if (labels[i] === labels[j]) { win += e; wpairs++; } else { bet += e; bpairs++; }
  }
  return { pIn: wpairs ? win / wpairs : 0, pOut: bpairs ? bet / bpairs : 0 };
}

describe("graph.kind file: config", () => {
  it("edgeDensities matches a pair-by-pair count on random graphs", () => {
    const rng = Rng.seeded(11);
    for (let t = 0; t < 20; t++) {
      const n = 2 + rng.int(30), C = 1 + rng.int(4), m = rng.int(3 * n);
      const src = Array.from({ length: m }, () => rng.int(n)), dst = Array.from({ length: m }, () => rng.int(n));
      const { graph } = csrFromEdges(n, src, dst);
      const labels = Int32Array.from({ length: n }, () => rng.int(C));
      const got = edgeDensities(graph, labels, C);
      const want = slowDensities(n, (i, j) => hasEdge(graph, i, j), labels);
      expect(got.pIn).toBeCloseTo(want.pIn, 12);
      expect(got.pOut).toBeCloseTo(want.pOut, 12);
    }
  });

  it("resolves n, classes, digests and p, q from the file (labels from a default .labels file or an attribute)", () => {
    const c = small({ path: KARATE_EDGES });
    const g = readGraph(KARATE_EDGES).graph;
    const y = readLabels(KARATE_LABELS, { n: g.n });
    expect(c.graph.n).toBe(34);
    expect(c.graph.classes).toBe(2);
    expect(c.graph.labels).toBe(KARATE_LABELS);
    expect(c.graph.sha256).toBe(sha(KARATE_EDGES));
    expect(c.graph.labelsSha256).toBe(sha(KARATE_LABELS));
    const want = slowDensities(g.n, (i, j) => hasEdge(g, i, j), y);
    expect(c.graph.pIn).toBeCloseTo(want.pIn, 12);
    expect(c.graph.pOut).toBeCloseTo(want.pOut, 12);
    const a = small({ path: KARATE_GEXF, labelAttr: "club" });
    expect([a.graph.n, a.graph.classes, a.graph.labels, a.graph.labelsSha256]).toEqual([34, 2, undefined, undefined]);
    expect(a.graph.sha256).toBe(sha(KARATE_GEXF));
    // A preset's SBM n (1000) is replaced by the file's, not an error.
    expect(resolveConfig({ preset: "quick", flags: { graph: { kind: "file", path: KARATE_EDGES } } }).graph.n).toBe(34);
  });

  it("classes / n that disagree with the file, missing files and bad combinations are one-line errors", () => {
    expectGncError(() => small({ path: KARATE_EDGES, classes: 3 }), /karate\.edges: graph\.classes is 3 but the labels .* have 2 classes/);
    expectGncError(() => small({ path: KARATE_EDGES, n: 40 }), /karate\.edges: graph\.n is 40 but the graph has 34 nodes/);
    expectGncError(() => small({ path: path.join(ROOT, "graphs/nope.edges") }), /nope\.edges: cannot read: no such file/);
    expectGncError(() => small({ path: KARATE_EDGES, labels: "/nonexistent/x.labels" }), /x\.labels: cannot read/);
    const dir = tmp();
    copyFileSync(KARATE_EDGES, path.join(dir, "g.edges"));
    expectGncError(() => small({ path: path.join(dir, "g.edges") }), /no labels given and .*g\.labels does not exist/);
    expectGncError(() => small({ path: KARATE_GEXF, labels: KARATE_LABELS, labelAttr: "club" }), /not both/);
    expectGncError(() => small({}), /graph\.kind "file" needs graph\.path/);
    expectGncError(() => resolveConfig({ flags: { graph: { path: KARATE_EDGES } } }), /graph\.path applies to graph\.kind "file" only/);
    expectGncError(() => small({ path: KARATE_EDGES, prior: [0.5, 0.5] }), /graph\.prior applies to sampled graphs only/);
  });

  it("a changed graph or labels file changes the hash; a config pinned to old contents is refused", () => {
    const dir = tmp();
    const ge = path.join(dir, "k.edges"), gl = path.join(dir, "k.labels");
    copyFileSync(KARATE_EDGES, ge);
    copyFileSync(KARATE_LABELS, gl);
    const c0 = small({ path: ge });
    appendFileSync(ge, "# a comment changes the bytes, not the graph\n");
    const c1 = small({ path: ge });
    expect(configHash(c1)).not.toBe(configHash(c0));
    expectGncError(() => small({ path: ge, sha256: c0.graph.sha256 }), /k\.edges: the file changed/);
    writeFileSync(gl, readFileSync(gl, "utf8") + "\n");
    const c2 = small({ path: ge });
    expect(c2.graph.sha256).toBe(c1.graph.sha256);
    expect(configHash(c2)).not.toBe(configHash(c1));
  });

  it("every sample is the loaded graph; only the features depend on the seed", () => {
    const c = small({ path: KARATE_EDGES });
    const a = sampleGraph(c, 1), b = sampleGraph(c, 2), a2 = sampleGraph(c, 1);
    const g = readGraph(KARATE_EDGES).graph;
    expect(Array.from(a.graph.cols)).toEqual(Array.from(g.cols));
    expect(Array.from(b.labels)).toEqual(Array.from(readLabels(KARATE_LABELS, { n: 34 })));
    expect(Array.from(a.x.data)).toEqual(Array.from(a2.x.data));
    expect(Array.from(a.x.data)).not.toEqual(Array.from(b.x.data));
    expect(Array.from(a.x.data)).toEqual(Array.from(makeFeatures("random_normal", g, 4, Rng.seeded(1)).data));
  });

  it("the sampled kinds still draw graph then features from the graph seed", () => {
    const c = resolveConfig({ flags: { graph: { n: 40, pIn: 0.3, pOut: 0.05 }, features: { dim: 3 } } });
    const s = sampleGraph(c, 99);
    const rng = Rng.seeded(99);
    const ref = sampleSbm({ n: 40, classes: 2, pIn: 0.3, pOut: 0.05, pairSampling: "single", permute: true }, rng);
    expect(Array.from(s.graph.cols)).toEqual(Array.from(ref.graph.cols));
    expect(Array.from(s.labels)).toEqual(Array.from(ref.labels));
    expect(Array.from(s.x.data)).toEqual(Array.from(makeFeatures("random_normal", ref.graph, 3, rng).data));
    // No file keys leak into a sampled config (they would change its hash).
    expect(Object.keys(c.graph).sort()).toEqual(["classes", "kind", "n", "pIn", "pOut", "pairSampling", "permute"]);
  });
});

describe("graph.kind file: training", () => {
  const csvs = (dir: string) => ({
    metrics: readFileSync(path.join(dir, "metrics.csv"), "utf8"),
    log: readFileSync(path.join(dir, "train-log.csv"), "utf8"),
  });

  it("trains on karate (gexf, attribute labels): metrics.csv has every layer; same seed → same CSVs, other seed differs", async () => {
    const cfg = small({ path: KARATE_GEXF, labelAttr: "club" });
    const a = await trainRun(cfg, { ...quiet, outDir: tmp() });
    expect(a.status).toBe("done");
    const { metrics, log } = csvs(a.runDir);
    const lines = metrics.trim().split("\n");
    for (const l of [1, 2, 3]) expect(lines.some((x) => x.startsWith(`kg,2,8,test,${l},bn,H,nc1,`))).toBe(true);
    expect(lines.some((x) => x.startsWith("kg,2,8,test,3,conv,H,trSigmaWRatioUpper,"))).toBe(true);
    expect(lines.some((x) => x.startsWith("kg,2,8,test,4,final,out,overlap,"))).toBe(true);
    expect(log.trim().split("\n")).toHaveLength(1 + 8);
    const b = await trainRun(cfg, { ...quiet, outDir: tmp() });
    expect(csvs(b.runDir)).toEqual(csvs(a.runDir));
    const c = await trainRun(small({ path: KARATE_GEXF, labelAttr: "club" }, { seed: 8 }), { ...quiet, outDir: tmp() });
    expect(csvs(c.runDir).metrics).not.toBe(metrics);
  });

  for (const graphs of ["fixed", "fresh"] as const) {
    it(`stop + resume gives the same CSVs as one run (edge list + labels file, graphs: ${graphs})`, async () => {
      const cfg = small({ path: KARATE_EDGES }, { train: { epochs: 2, trainGraphs: 4, testGraphs: 2, lr: 0.02, checkpointInterval: 0, graphs, ncInterval: 3 } });
      const full = await trainRun(cfg, { ...quiet, outDir: tmp() });
      const out = tmp();
      expect((await trainRun(cfg, { ...quiet, outDir: out, stopAfterSteps: 3 })).status).toBe("stopped");
      // Resuming from the run's own config.json (what a user would copy) finds the same run.
      const copied = resolveConfig({ configFile: path.join(full.runDir, "config.json") });
      expect(configHash(copied)).toBe(configHash(cfg));
      const r = await trainRun(copied, { ...quiet, outDir: out });
      expect(r.status).toBe("done");
      expect(csvs(r.runDir)).toEqual(csvs(full.runDir));
    });
  }
});
