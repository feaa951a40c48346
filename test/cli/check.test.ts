/** `gnc check` end to end through the real CLI: exit codes, report contents, one-line errors. */
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { mkdtempSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { gnc, ROOT } from "../helpers/cli.js";
import { sampleRegularSbm } from "../../src/graphs/regular-sbm.js";
import { sampleSbm } from "../../src/graphs/sbm.js";
import { csrToEdges, type CsrGraph } from "../../src/graphs/csr.js";
import { checkCondition } from "../../src/condition/check.js";
import { writeGraph } from "../../src/graphs/io/index.js";
import { Rng } from "../../src/util/rng.js";

let dir: string;
const f = (name: string) => path.join(dir, name);

function writeEdges(file: string, g: CsrGraph): void {
  const { src, dst } = csrToEdges(g);
  writeFileSync(file, Array.from(src, (a, k) => `${a} ${dst[k]}`).join("\n") + "\n");
}

/** A user mistake: exit 2, exactly one line on stderr naming `what`, no stack trace, nothing on stdout. */
function expectOneLineError(args: string[], ...what: (string | RegExp)[]): string {
  const r = gnc(args);
  expect(r.code).toBe(2);
  expect(r.stdout).toBe("");
  const lines = r.stderr.trimEnd().split("\n");
  expect(lines).toHaveLength(1);
  expect(r.stderr).not.toMatch(/\n\s+at /);
  expect(r.stderr).not.toMatch(/internal error/);
  for (const w of what) expect(lines[0]).toMatch(w);
  return lines[0];
}

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), "gnc-check-"));
  const reg = sampleRegularSbm({ n: 60, classes: 3, kIn: 2, kOut: 3 }, Rng.seeded(1));
  writeEdges(f("reg.edges"), reg.graph);
  writeFileSync(f("reg.labels"), Array.from(reg.labels).join("\n") + "\n");
  const sbm = sampleSbm({ n: 80, classes: 2, pIn: 0.2, pOut: 0.05 }, Rng.seeded(2));
  writeEdges(f("sbm.edges"), sbm.graph);
  writeFileSync(f("sbm.lab"), Array.from(sbm.labels).join("\n") + "\n");
  writeGraph(f("reg.gexf"), reg.graph, { labels: reg.labels, labelAttr: "club" });
  // K_{1,1} ∪ K_{2,2}, 1-based ids: fraction form holds, count form fails at nodes "1" and "2"
  writeFileSync(f("kb.edges"), "1 2\n3 5\n3 6\n4 5\n4 6\n");
  writeFileSync(f("kb.labels"), "0\n1\n0\n0\n1\n1\n");
  // bad inputs
  writeFileSync(f("trunc.mtx"), "%%MatrixMarket matrix coordinate pattern symmetric\n4 4 3\n2 1\n3 2\n");
  writeFileSync(f("range.mtx"), "%%MatrixMarket matrix coordinate pattern symmetric\n4 4 2\n2 1\n7 2\n");
  writeFileSync(f("header.mtx"), "%%MatrixMarket matrix array real general\n2 2\n1\n0\n0\n1\n");
  writeFileSync(f("word.edges"), "0 1\n1 x\n");
  writeFileSync(f("empty.edges"), "");
  writeFileSync(f("four.labels"), "0\n1\n0\n1\n");
  writeFileSync(f("real.labels"), "0\n1\n0\n1.5\n1\n0\n");
  writeFileSync(f("small.edges"), "0 1\n1 2\n2 3\n3 4\n4 5\n");
  writeFileSync(f("small.labels"), "0\n1\n0\n1\n0\n1\n");
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe("gnc check", () => {
  it("exit 0 with the JSON report on a regular SBM (satisfies C)", () => {
    const r = gnc(["check", f("reg.edges"), "--json"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.satisfied).toBe(true);
    expect(j.fractionSatisfied).toBe(true);
    expect(j.score).toBe(0);
    expect(j.violatingNodes).toBe(0);
    expect(j.violatingNodeIds).toEqual([]);
    expect(j).toMatchObject({ classes: 3, nodes: 60, edges: (60 * (2 + 2 * 3)) / 2, isolatedNodes: 0 });
    expect(j.countTable[0][1]).toEqual({ min: 3, max: 3 });
    expect(j.countTable[2][2]).toEqual({ min: 2, max: 2 });
    expect(j.fractionTable[1][0].min).toBeCloseTo(3 / 8, 15);
  });

  it("labels from a node attribute (GEXF --label-attr)", () => {
    const r = gnc(["check", f("reg.gexf"), "--label-attr", "club", "--json"]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ satisfied: true, nodes: 60, classes: 3 });
    expectOneLineError(["check", f("reg.gexf"), "--label-attr", "nope"], "reg.gexf", /nope/);
  });

  it("exit 1 on an SBM sample, report agrees with the library on the same graph", () => {
    const r = gnc(["check", f("sbm.edges"), "--labels", f("sbm.lab"), "--json"]);
    expect(r.code).toBe(1);
    const j = JSON.parse(r.stdout);
    const sbm = sampleSbm({ n: 80, classes: 2, pIn: 0.2, pOut: 0.05 }, Rng.seeded(2));
    const lib = checkCondition(sbm.graph, sbm.labels, 2);
    expect(j.satisfied).toBe(false);
    // the file may lose trailing isolated nodes only if the labels file did not restore them
    expect(j.nodes).toBe(80);
    expect(j.violatingNodes).toBe(lib.violatingNodes);
    expect(j.violatingNodeIndices).toEqual(Array.from(lib.violatingNodeIds));
    expect(j.violatingNodeIds).toHaveLength(j.violatingNodes);
    expect(j.score).toBeCloseTo(lib.score, 12);
  });

  it("text report: verdicts, tables and original ids of violating nodes", () => {
    const r = gnc(["check", f("kb.edges")]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/count form.*FAILS — 2 violating/);
    expect(r.stdout).toMatch(/fraction form.*HOLDS/);
    expect(r.stdout).toMatch(/1\.\.2/);
    expect(r.stdout).toMatch(/violating nodes[^\n]*: 1, 2\n/);
    const j = JSON.parse(gnc(["check", f("kb.edges"), "--json"]).stdout);
    expect(j.violatingNodeIds).toEqual(["1", "2"]);
    expect(j.violatingNodeIndices).toEqual([0, 1]);
    const shown = gnc(["check", f("kb.edges"), "--show", "1"]).stdout;
    expect(shown).toMatch(/: 1, … \(1 more\)/);
  });

  it("the karate club example fails (edge list and GEXF agree)", () => {
    const k = gnc(["check", path.join(ROOT, "graphs/karate.edges"), "--json"]);
    expect(k.code).toBe(1);
    const j = JSON.parse(k.stdout);
    expect(j).toMatchObject({ nodes: 34, edges: 78, classes: 2, satisfied: false });
    const x = gnc(["check", path.join(ROOT, "graphs/karate.gexf"), "--label-attr", "club", "--json"]);
    expect(x.code).toBe(1);
    expect(JSON.parse(x.stdout)).toMatchObject({ nodes: 34, edges: 78, violatingNodes: j.violatingNodes, score: j.score });
  });

  const examples = ["regular-sbm-hetero", "sbm-homo"].map((n) => path.join(ROOT, "graphs", `${n}.edges`));
  it.skipIf(!examples.every((e) => existsSync(e)))("the SBM examples: regular hetero passes, SBM homo fails", () => {
    expect(gnc(["check", examples[0]]).code).toBe(0);
    expect(gnc(["check", examples[1]]).code).toBe(1);
  });

  it("bad input: one line naming the file (and line), exit 2", () => {
    expectOneLineError(["check", f("trunc.mtx"), "--labels", f("small.labels")], "trunc.mtx", /line \d+/);
    expectOneLineError(["check", f("range.mtx"), "--labels", f("small.labels")], "range.mtx", /line 4/);
    expectOneLineError(["check", f("header.mtx"), "--labels", f("small.labels")], "header.mtx", /line 1/);
    expectOneLineError(["check", f("word.edges"), "--labels", f("small.labels")], "word.edges", /line 2/);
    expectOneLineError(["check", f("empty.edges"), "--labels", f("small.labels")], "empty.edges");
    expectOneLineError(["check", f("small.edges"), "--labels", f("four.labels")], "four.labels");
    expectOneLineError(["check", f("small.edges"), "--labels", f("real.labels")], "real.labels", /line 4/);
  });

  it("missing labels, missing file, bad flags: exit 2 with a clear line", () => {
    expectOneLineError(["check", f("sbm.edges")], "sbm.labels", /--labels/);
    expectOneLineError(["check", f("nope.edges")], "nope.edges");
    expectOneLineError(["check", f("small.edges"), "--show", "-1"], "--show");
  });
});
