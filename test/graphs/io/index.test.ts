import path from "node:path";
import { pythonOracle } from "../../helpers/oracle.js";
import { describe, expect, it } from "vitest";
import {
  formatFromPath, GRAPH_FORMATS, loadLabelledGraph, readGraph, readLabels, writeGraph, writeLabels,
} from "../../../src/graphs/io/index.js";
import { ROOT } from "../../helpers/cli.js";
import { edgeSet, expectInputError, randomGraph, Rng, tempDir, tempFile } from "./support.js";

const ext = { edgelist: "edges", mtx: "mtx", json: "json", gexf: "gexf", graphml: "graphml" } as const;

describe("format detection", () => {
  it("maps extensions and rejects unknown ones", () => {
    expect(formatFromPath("a/b.EDGES")).toBe("edgelist");
    expect(formatFromPath("x.csv")).toBe("edgelist");
    expect(formatFromPath("x.mtx")).toBe("mtx");
    expect(formatFromPath("x.xml")).toBe("graphml");
    expectInputError(() => formatFromPath("x.dot"), "x.dot", undefined, /extension ".dot"/);
    expectInputError(() => formatFromPath("noext"), "noext", undefined, /\(none\)/);
  });
});

describe("readGraph / writeGraph through files", () => {
  it("every format round-trips random graphs; labels travel in the keyed formats", () => {
    const dir = tempDir();
    const rng = Rng.seeded(99);
    for (const format of GRAPH_FORMATS) {
      const g = randomGraph(rng, 2 + rng.int(20), 0.25);
      const y = new Int32Array(g.n).map(() => rng.int(3));
      const file = path.join(dir, `g.${ext[format]}`);
      writeGraph(file, g, { labels: y });
      const keyed = format === "json" || format === "gexf" || format === "graphml";
      const back = readGraph(file, keyed ? { labelAttr: "label" } : {});
      expect(back.graph.n).toBe(g.n);
      expect(edgeSet(back.graph)).toEqual(edgeSet(g));
      if (keyed) expect(Array.from(back.labels!)).toEqual(Array.from(y));
      // The format can be forced whatever the extension says.
      const odd = path.join(dir, `g-${format}.dat`);
      writeGraph(odd, g, { format });
      expect(edgeSet(readGraph(odd, { format }).graph)).toEqual(edgeSet(g));
    }
  });

  it("labels files round-trip and a missing file is a one-line input error", () => {
    const dir = tempDir();
    const y = Int32Array.from([2, 0, 1]);
    writeLabels(path.join(dir, "y.labels"), y);
    expect(Array.from(readLabels(path.join(dir, "y.labels"), { n: 3 }))).toEqual([2, 0, 1]);
    expectInputError(() => readGraph(path.join(dir, "none.edges")), "none.edges", undefined, /no such file/);
    const el = tempFile(dir, "p.edges", "0 1\n");
    expectInputError(() => readGraph(el, { labelAttr: "club" }), "p.edges", undefined, /no node attributes/);
  });
});

describe("loadLabelledGraph", () => {
  it("adds isolated nodes a labels file describes beyond the largest edge-list id, with a warning", () => {
    const dir = tempDir();
    const g = tempFile(dir, "g.edges", "0 1\n1 2\n");
    const r = loadLabelledGraph(g, { labels: tempFile(dir, "y.labels", "0\n0\n1\n1\n1\n") });
    expect(r.graph.n).toBe(5);
    expect(edgeSet(r.graph)).toEqual(["0-1", "1-2"]);
    expect(r.graph.rowPtr[5]).toBe(r.graph.cols.length);
    expect(r.nodeIds).toEqual(["0", "1", "2", "3", "4"]);
    expect(r.classes).toBe(2);
    expect(r.warnings.join()).toMatch(/describes 5 nodes.*2 node\(s\) without edges added/);
  });

  it("hints at the base when a 1-based reading leaves one label over", () => {
    const dir = tempDir();
    const g = tempFile(dir, "g.edges", "1 2\n2 3\n");
    const r = loadLabelledGraph(g, { labels: tempFile(dir, "y.labels", "0\n0\n1\n1\n") });
    expect(r.graph.n).toBe(4);
    expect(r.warnings.join()).toMatch(/1-based.*base 0/);
    const r0 = loadLabelledGraph(g, { labels: path.join(dir, "y.labels"), base: 0 });
    expect(edgeSet(r0.graph)).toEqual(["1-2", "2-3"]);
    expect(r0.warnings).toEqual([]);
  });

  it("matches node,label pairs to 1-based ids", () => {
    const dir = tempDir();
    const g = tempFile(dir, "g.edges", "1 2\n2 3\n");
    const r = loadLabelledGraph(g, { labels: tempFile(dir, "y.csv", "node,label\n3,1\n1,0\n2,1\n") });
    expect(Array.from(r.labels)).toEqual([0, 1, 1]);
  });

  it("warns about empty classes and insists on exactly one label source", () => {
    const dir = tempDir();
    const g = tempFile(dir, "g.edges", "0 1\n");
    const r = loadLabelledGraph(g, { labels: tempFile(dir, "y.labels", "0\n2\n") });
    expect(r.classes).toBe(3);
    expect(r.warnings.join()).toMatch(/class\(es\) 1 have no nodes/);
    expectInputError(() => loadLabelledGraph(g, {}), "g.edges", undefined, /labels are needed/);
    expectInputError(() => loadLabelledGraph(g, { labels: "a", labelAttr: "b" }), "g.edges", undefined, /not both/);
  });
});

describe("example graphs in graphs/", () => {
  const ex = (f: string) => path.join(ROOT, "graphs", f);

  it("karate: the GEXF with --label-attr club agrees with karate.edges + karate.labels", () => {
    const a = loadLabelledGraph(ex("karate.edges"), { labels: ex("karate.labels") });
    const b = loadLabelledGraph(ex("karate.gexf"), { labelAttr: "club" });
    expect(a.graph.n).toBe(34);
    expect(a.graph.cols.length).toBe(2 * 78);
    expect(edgeSet(b.graph)).toEqual(edgeSet(a.graph));
    expect(Array.from(b.labels)).toEqual(Array.from(a.labels));
    expect(b.labelNames).toEqual(["Mr. Hi", "Officer"]);
    expect(a.classes).toBe(2);
    expect(a.warnings).toEqual([]);
    // The two leaders: Mr. Hi is member 0, the officer (John A.) member 33.
    expect(a.labels[0]).toBe(0);
    expect(a.labels[33]).toBe(1);
  });

  it("caveman: 4 caves of 6, labels = cave", () => {
    const r = loadLabelledGraph(ex("caveman.edges"), { labels: ex("caveman.labels") });
    expect(r.graph.n).toBe(24);
    expect(Array.from(r.labels)).toEqual(Array.from({ length: 24 }, (_, i) => Math.floor(i / 6)));
    expect(r.warnings).toEqual([]);
  });

  const py = pythonOracle(["networkx"]);
  it.skipIf(py.skip)("karate matches networkx's karate_club_graph (python oracle)", () => {
    const out = py.run([
      "import networkx as nx, json",
      "G = nx.karate_club_graph()",
      "print(json.dumps({'edges': sorted('%d-%d' % (min(u, v), max(u, v)) for u, v in G.edges()),",
      "  'club': [G.nodes[i]['club'] for i in range(34)]}))",
    ].join("\n"));
    const nx = JSON.parse(out) as { edges: string[]; club: string[] };
    const a = loadLabelledGraph(ex("karate.edges"), { labels: ex("karate.labels") });
    expect(edgeSet(a.graph)).toEqual([...nx.edges].sort());
    expect(Array.from(a.labels)).toEqual(nx.club.map((c) => (c === "Mr. Hi" ? 0 : 1)));
  });
});
