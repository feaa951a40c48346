import { describe, expect, it } from "vitest";
import { DirectedGraph, Graph } from "graphology";
import createGraph from "ngraph.graph";
import { fromGraphology, fromNgraph, toGraphology, toNgraph } from "../../src/graphs/adapters.js";
import { GncError } from "../../src/util/errors.js";
import { edgeSet, randomGraph, Rng } from "./io/support.js";

describe("graphology adapter", () => {
  it("round-trips random graphs with labels", () => {
    const rng = Rng.seeded(21);
    for (let t = 0; t < 10; t++) {
      const g = randomGraph(rng, 1 + rng.int(30), rng.uniform() * 0.3);
      const y = new Int32Array(g.n).map(() => rng.int(3));
      const gg = toGraphology(g, y);
      expect(gg.order).toBe(g.n);
      expect(gg.size).toBe(g.cols.length / 2);
      gg.forEachEdge((_e, _a, s, t2) => expect(gg.hasEdge(t2, s)).toBe(true));
      const back = fromGraphology(gg, { labelAttr: "label" });
      expect(edgeSet(back.graph)).toEqual(edgeSet(g));
      expect(Array.from(back.labels!)).toEqual(Array.from(y));
      expect(back.warnings).toEqual([]);
    }
  });

  it("reads a directed graph in insertion order, symmetrised with a warning", () => {
    const d = new DirectedGraph();
    d.addNode("x", { k: "b" }); d.addNode("w", { k: "a" }); d.addNode("v", { k: "b" });
    d.addEdge("x", "w"); d.addEdge("w", "x"); d.addEdge("v", "w");
    const r = fromGraphology(d, { labelAttr: "k" });
    expect(r.nodeIds).toEqual(["x", "w", "v"]);
    expect(edgeSet(r.graph)).toEqual(["0-1", "1-2"]);
    expect(Array.from(r.labels!)).toEqual([1, 0, 1]);
    expect(r.labelNames).toEqual(["a", "b"]);
    expect(r.warnings.join("|")).toMatch(/3 directed edge/);
  });

  it("drops self-loops of a mixed graph and rejects non-graphs", () => {
    const m = new Graph({ type: "mixed" });
    m.addNode("a"); m.addNode("b");
    m.addUndirectedEdge("a", "b"); m.addUndirectedEdge("a", "a");
    const r = fromGraphology(m);
    expect(edgeSet(r.graph)).toEqual(["0-1"]);
    expect(r.stats.selfLoops).toBe(1);
    expect(() => fromGraphology({} as never)).toThrow(GncError);
  });
});

describe("ngraph adapter", () => {
  it("round-trips random graphs with labels", () => {
    const rng = Rng.seeded(22);
    for (let t = 0; t < 10; t++) {
      const g = randomGraph(rng, 1 + rng.int(30), rng.uniform() * 0.3);
      const y = new Int32Array(g.n).map(() => rng.int(3));
      const ng = toNgraph(g, y);
      expect(ng.getNodesCount()).toBe(g.n);
      expect(ng.getLinksCount()).toBe(g.cols.length / 2);
      const back = fromNgraph(ng, { labelAttr: "label" });
      expect(edgeSet(back.graph)).toEqual(edgeSet(g));
      expect(Array.from(back.labels!)).toEqual(Array.from(y));
      expect(back.warnings).toEqual([]);
    }
  });

  it("reads string ids in insertion order, collapsing reciprocal links", () => {
    const ng = createGraph();
    ng.addNode("p", { team: 1 }); ng.addNode("q", { team: 0 });
    ng.addLink("p", "q"); ng.addLink("q", "p");
    const r = fromNgraph(ng, { labelAttr: "team" });
    expect(r.nodeIds).toEqual(["p", "q"]);
    expect(edgeSet(r.graph)).toEqual(["0-1"]);
    expect(Array.from(r.labels!)).toEqual([1, 0]);
    expect(r.stats.duplicates).toBe(1);
  });

  it("a node without the label is an error", () => {
    const ng = createGraph();
    ng.addNode("p", { team: 1 }); ng.addNode("q");
    expect(() => fromNgraph(ng, { labelAttr: "team" })).toThrow(/node "q" has no "team"/);
  });
});
