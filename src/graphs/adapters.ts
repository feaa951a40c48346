/**
 * Adapters between gnc's CSR graph and the graph objects users already hold: graphology
 * (graphology.github.io) and ngraph.graph (github.com/anvaka/ngraph.graph).
 *
 *   fromGraphology(g, { labelAttr? }) → { graph, nodeIds, labels?, labelNames?, warnings, stats }
 *   toGraphology(graph, labels?)      → UndirectedGraph, keys "0".."N−1", attribute "label"
 *   fromNgraph(g, { labelAttr? })     → same as fromGraphology (labels from node.data[labelAttr])
 *   toNgraph(graph, labels?)          → ngraph graph, node ids 0..N−1 (numbers), data { label }
 *
 * Node i of the CSR graph is the i-th node in the source graph's iteration (insertion) order; its
 * key is nodeIds[i]. Directed graphology edges are symmetrised, parallel edges and self-loops
 * dropped, all counted in `warnings`. ngraph links carry no direction and are read as undirected.
 * Labels follow the rule of io/labels.ts: non-negative integers as they are, anything else
 * categorical in sorted order (labelNames). Computation never runs on these objects: building
 * one costs ~70× a CSR build (DESIGN.md), so convert once at the boundary.
 */
import { UndirectedGraph } from "graphology";
import createGraph from "ngraph.graph";
import { csrToEdges, validateCsr, validateLabels, type CsrGraph } from "./csr.js";
import { KeyedBuilder, keyedFromGraphology, type GraphologyLike, type KeyedGraph } from "./io/build.js";
import { GncError } from "../util/errors.js";

const MOD = "graphs/adapters";

/** graphology Graph (any type) → CSR graph, original keys, optional labels from `labelAttr`. */
export function fromGraphology(g: GraphologyLike, opts: { labelAttr?: string } = {}): KeyedGraph {
  if (!g || typeof g.forEachNode !== "function" || typeof g.forEachEdge !== "function") {
    throw new GncError(`gnc/${MOD}: fromGraphology expects a graphology Graph`);
  }
  return keyedFromGraphology(g, MOD, "graphology graph", opts.labelAttr);
}

function checkOut(graph: CsrGraph, labels?: Int32Array): void {
  validateCsr(graph);
  if (labels) validateLabels(labels, graph.n);
}

/** CSR graph → graphology UndirectedGraph; labels (length N) become node attribute `labelAttr`. */
export function toGraphology(graph: CsrGraph, labels?: Int32Array, labelAttr = "label"): UndirectedGraph {
  checkOut(graph, labels);
  const g = new UndirectedGraph({ allowSelfLoops: false });
  for (let i = 0; i < graph.n; i++) g.addNode(String(i), labels ? { [labelAttr]: labels[i] } : {});
  const { src, dst } = csrToEdges(graph);
  for (let k = 0; k < src.length; k++) g.addEdgeWithKey(String(k), String(src[k]), String(dst[k]));
  return g;
}

/** The slice of ngraph.graph's API the conversion needs. */
export interface NgraphLike {
  forEachNode(cb: (node: { id: string | number; data?: unknown }) => void | boolean | undefined | null): void;
  forEachLink(cb: (link: { fromId: string | number; toId: string | number }) => void | boolean | undefined): void;
}

/** ngraph.graph → CSR graph; labels from node.data[labelAttr] when labelAttr is given. */
export function fromNgraph(g: NgraphLike, opts: { labelAttr?: string } = {}): KeyedGraph {
  if (!g || typeof g.forEachNode !== "function" || typeof g.forEachLink !== "function") {
    throw new GncError(`gnc/${MOD}: fromNgraph expects an ngraph.graph graph`);
  }
  const b = new KeyedBuilder(MOD, "ngraph graph", opts.labelAttr);
  g.forEachNode((node) => {
    const data = node.data;
    b.addNode(node.id, typeof data === "object" && data !== null ? (data as Record<string, unknown>) : undefined);
  });
  g.forEachLink((link) => { b.addEdge(link.fromId, link.toId, false); });
  return b.finish();
}

/** CSR graph → ngraph.graph with node ids 0..N−1 and data { label } when labels are given. */
export function toNgraph(graph: CsrGraph, labels?: Int32Array): ReturnType<typeof createGraph> {
  checkOut(graph, labels);
  const g = createGraph();
  g.beginUpdate();
  for (let i = 0; i < graph.n; i++) g.addNode(i, labels ? { label: labels[i] } : undefined);
  const { src, dst } = csrToEdges(graph);
  for (let k = 0; k < src.length; k++) g.addLink(src[k], dst[k]);
  g.endUpdate();
  return g;
}
