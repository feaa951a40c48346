/** graphology JSON, GEXF and GraphML: round trips, direction, labels, malformed files. */
import { describe, expect, it } from "vitest";
import { MultiGraph, DirectedGraph } from "graphology";
import { write as writeGexf } from "graphology-gexf";
import { formatGraphologyJson, parseGraphologyJson } from "../../../src/graphs/io/json.js";
import { formatGexf, formatGraphml, parseGexf, parseGraphml } from "../../../src/graphs/io/xml.js";
import { edgeSet, expectInputError, randomGraph, Rng } from "./support.js";

const formats = [
  { name: "json", write: formatGraphologyJson, read: parseGraphologyJson },
  { name: "gexf", write: formatGexf, read: parseGexf },
  { name: "graphml", write: formatGraphml, read: parseGraphml },
] as const;

describe.each(formats)("$name", ({ name, write, read }) => {
  it("round-trips random graphs with labels", () => {
    const rng = Rng.seeded(name.length);
    for (let t = 0; t < 8; t++) {
      const g = randomGraph(rng, 1 + rng.int(25), rng.uniform() * 0.3);
      const y = new Int32Array(g.n).map(() => rng.int(4));
      const back = read(write(g, y, "cls"), `f.${name}`, "cls");
      expect(back.graph.n).toBe(g.n);
      expect(edgeSet(back.graph)).toEqual(edgeSet(g));
      expect(Array.from(back.labels!)).toEqual(Array.from(y));
      expect(back.labelNames).toBeUndefined();
      expect(back.nodeIds).toEqual(Array.from({ length: g.n }, (_, i) => String(i)));
      expect(back.warnings).toEqual([]);
      const plain = read(write(g), `f.${name}`);
      expect(edgeSet(plain.graph)).toEqual(edgeSet(g));
      expect(plain.labels).toBeUndefined();
    }
  });

  it("writes byte-identical files for the same graph", () => {
    const g = randomGraph(Rng.seeded(1), 12, 0.3);
    expect(write(g, new Int32Array(12))).toBe(write(g, new Int32Array(12)));
  });

  it("rejects an empty file", () => {
    expectInputError(() => read("  \n", `e.${name}`), `e.${name}`, undefined, /empty/);
  });
});

describe("graphology JSON specifics", () => {
  it("symmetrises directed edges with a warning and keeps file node order", () => {
    const text = JSON.stringify({
      options: { type: "mixed" },
      nodes: [{ key: "z", attributes: { c: "b" } }, { key: "y", attributes: { c: "a" } }, { key: 7, attributes: { c: "b" } }],
      edges: [{ source: "z", target: "y" }, { source: "y", target: "z" }, { source: "y", target: 7, undirected: true }, { source: 7, target: 7, undirected: true }],
    });
    const r = parseGraphologyJson(text, "m.json", "c");
    expect(r.nodeIds).toEqual(["z", "y", "7"]);
    expect(edgeSet(r.graph)).toEqual(["0-1", "1-2"]);
    expect(Array.from(r.labels!)).toEqual([1, 0, 1]);
    expect(r.labelNames).toEqual(["a", "b"]);
    expect(r.warnings.join("|")).toMatch(/2 directed edge.*symmetrised/);
    expect(r.warnings.join("|")).toMatch(/1 self-loop/);
    expect(r.warnings.join("|")).toMatch(/1 parallel or reciprocal/);
  });

  it("errors: bad JSON with its line, wrong shape, unknown node, duplicate key, missing label", () => {
    expectInputError(() => parseGraphologyJson('{"nodes": [\n{"key": 1},\n{"key": }\n]}', "b.json"), "b.json", 3, /not valid JSON/);
    expectInputError(() => parseGraphologyJson('{"edges": []}', "b.json"), "b.json", undefined, /"nodes" array/);
    expectInputError(() => parseGraphologyJson('{"nodes":[{"key":"a"}],"edges":[{"source":"a","target":"q"}]}', "b.json"), "b.json", undefined, /"q", which is not declared/);
    expectInputError(() => parseGraphologyJson('{"nodes":[{"key":"a"},{"key":"a"}]}', "b.json"), "b.json", undefined, /"a" appears twice/);
    expectInputError(() => parseGraphologyJson('{"nodes":[{"key":"a","attributes":{"y":1}},{"key":"b"}]}', "b.json", "y"), "b.json", undefined, /node "b" has no "y"/);
  });
});

describe("XML specifics", () => {
  it("reads a directed multigraph GEXF written by graphology, collapsing and warning", () => {
    const g = new MultiGraph({ type: "directed" });
    g.addNode("a", { team: "red" }); g.addNode("b", { team: "blue" }); g.addNode("c", { team: "red" });
    g.addEdge("a", "b"); g.addEdge("a", "b"); g.addEdge("b", "a"); g.addEdge("c", "b");
    const r = parseGexf(writeGexf(g), "d.gexf", "team");
    expect(edgeSet(r.graph)).toEqual(["0-1", "1-2"]);
    expect(Array.from(r.labels!)).toEqual([1, 0, 1]);
    expect(r.warnings.join("|")).toMatch(/4 directed edge/);
    expect(r.warnings.join("|")).toMatch(/2 parallel or reciprocal/);
  });

  it("reads GraphML with directed default and string attributes", () => {
    const d = new DirectedGraph();
    d.addNode("n0"); d.addNode("n1"); d.addEdge("n0", "n1");
    const text = `<?xml version="1.0"?>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns">
  <key id="k" for="node" attr.name="club" attr.type="string"/>
  <graph edgedefault="directed">
    <node id="n0"><data key="k">x</data></node>
    <node id="n1"><data key="k">w</data></node>
    <edge source="n0" target="n1"/>
  </graph>
</graphml>`;
    const r = parseGraphml(text, "g.graphml", "club");
    expect(r.nodeIds).toEqual(["n0", "n1"]);
    expect(edgeSet(r.graph)).toEqual(["0-1"]);
    expect(r.labelNames).toEqual(["w", "x"]);
    expect(r.warnings.join()).toMatch(/1 directed edge/);
  });

  it("malformed XML is an error naming file and line; wrong root and dangling edges too", () => {
    expectInputError(() => parseGexf('<gexf>\n<graph>\n<node id="a" id="b"/></graph></gexf>', "x.gexf"), "x.gexf", 3, /not well-formed/);
    expectInputError(() => parseGraphml("<graphml><nothing/></graphml>", "x.graphml"), "x.graphml", undefined, /no <graph>/);
    expectInputError(() => parseGexf("<graphml><graph/></graphml>", "x.gexf"), "x.gexf", undefined, /root element is <graphml>/);
    expectInputError(() => parseGexf("hello", "x.gexf"), "x.gexf");
    expectInputError(
      () => parseGraphml('<graphml><graph><node id="a"/><edge source="a" target="b"/></graph></graphml>', "x.graphml"),
      "x.graphml", undefined, /edge refers to a node that is not declared/,
    );
  });
});
