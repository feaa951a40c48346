/**
 * Shared last step of the keyed formats (graphology JSON, GEXF, GraphML, in-memory graphology and
 * ngraph graphs): nodes carry string keys in file order, edges refer to keys, labels live in a node
 * attribute. This turns them into gnc's CSR graph (node i = i-th node of the file) and the label
 * vector, and phrases the warnings (directed input symmetrised, self-loops and multi-edges dropped).
 */
import { csrFromEdges, type BuildStats, type CsrGraph } from "../csr.js";
import { inputError, snippet } from "../../util/errors.js";
import { labelsFromValues } from "./labels.js";

/** A CSR graph with the original ids of its nodes, optional labels and what reading it found. */
export interface KeyedGraph {
  graph: CsrGraph;
  /** Original id of node i, as the file names it. */
  nodeIds: string[];
  /** Labels y (length N) when a label attribute was given. */
  labels?: Int32Array;
  /** Original attribute values of classes 0..C−1 when they were categorical. */
  labelNames?: string[];
  warnings: string[];
  stats: BuildStats;
}

/** Collects nodes and edges by key, then builds the CSR graph. */
export class KeyedBuilder {
  readonly nodeIds: string[] = [];
  readonly values: unknown[] = [];
  private readonly index = new Map<string, number>();
  private src: number[] = [];
  private dst: number[] = [];
  private directed = 0;

  /** @param module error prefix ("graphs/json" …) @param where file name or description for messages */
  constructor(private readonly module: string, private readonly where: string, private readonly labelAttr?: string) {}

  addNode(key: unknown, attributes: Record<string, unknown> | undefined | null): void {
    if (typeof key !== "string" && typeof key !== "number") {
      throw inputError(this.module, `node ${this.nodeIds.length} has no usable key (got ${snippet(String(JSON.stringify(key)))})`, this.where);
    }
    const k = String(key);
    if (this.index.has(k)) throw inputError(this.module, `node key "${snippet(k)}" appears twice`, this.where);
    this.index.set(k, this.nodeIds.length);
    this.nodeIds.push(k);
    if (this.labelAttr !== undefined) this.values.push(attributes?.[this.labelAttr]);
  }

  addEdge(source: unknown, target: unknown, directed: boolean): void {
    const s = this.index.get(String(source)), t = this.index.get(String(target));
    if (s === undefined || t === undefined) {
      const missing = s === undefined ? source : target;
      throw inputError(this.module, `edge ${this.src.length} (${snippet(String(source))} → ${snippet(String(target))}) refers to node "${snippet(String(missing))}", which is not declared`, this.where);
    }
    this.src.push(s);
    this.dst.push(t);
    if (directed) this.directed++;
  }

  finish(): KeyedGraph {
    const n = this.nodeIds.length;
    const { graph, stats } = csrFromEdges(n, this.src, this.dst);
    const w = this.where;
    const warnings: string[] = [];
    if (this.directed > 0) warnings.push(`${w}: ${this.directed} directed edge(s) read as undirected (the graph is symmetrised)`);
    if (stats.selfLoops > 0) warnings.push(`${w}: ${stats.selfLoops} self-loop(s) dropped`);
    if (stats.duplicates > 0) warnings.push(`${w}: ${stats.duplicates} parallel or reciprocal edge(s) collapsed`);
    const out: KeyedGraph = { graph, nodeIds: this.nodeIds, warnings, stats };
    if (this.labelAttr !== undefined) {
      const { labels, labelNames } = labelsFromValues(this.values, this.nodeIds, this.labelAttr, this.where);
      out.labels = labels;
      if (labelNames) out.labelNames = labelNames;
    }
    return out;
  }
}

/** The slice of graphology's Graph API that the conversion needs (any graphology instance fits). */
export interface GraphologyLike {
  forEachNode(cb: (key: string, attributes: Record<string, unknown>) => void): void;
  forEachEdge(
    cb: (edge: string, attributes: Record<string, unknown>, source: string, target: string,
      sa: Record<string, unknown>, ta: Record<string, unknown>, undirected: boolean) => void,
  ): void;
}

/** graphology instance → CSR (node i = i-th node in the graph's insertion order). */
export function keyedFromGraphology(g: GraphologyLike, module: string, where: string, labelAttr?: string): KeyedGraph {
  const b = new KeyedBuilder(module, where, labelAttr);
  g.forEachNode((key, attributes) => b.addNode(key, attributes));
  g.forEachEdge((_e, _a, s, t, _sa, _ta, undirected) => b.addEdge(s, t, !undirected));
  return b.finish();
}
