/**
 * Reading and writing graphs and labels: the one entry point the CLI and the library use.
 *
 *   readGraph(path)            → LoadedGraph (CSR graph, original node ids, warnings, build stats)
 *   loadLabelledGraph(path, …) → the same plus labels y (length N) and the class count C
 *   writeGraph / writeLabels   → files every reader reads back unchanged (atomic writes)
 *
 * The format comes from the extension (detect.ts) unless given. Per-format details: edgelist.ts,
 * mtx.ts, json.ts, xml.ts (GEXF, GraphML), labels.ts.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { validateLabels, classCounts, type BuildStats, type CsrGraph } from "../csr.js";
import { inputError } from "../../util/errors.js";
import { writeFileAtomic } from "../../util/fs.js";
import { formatFromPath, type GraphFormat } from "./detect.js";
import { checkDeclaredGraph } from "../estimate.js";
import type { KeyedGraph } from "./build.js";
import { formatEdgeList, parseEdgeList } from "./edgelist.js";
import { formatMtx, parseMtx } from "./mtx.js";
import { formatGraphologyJson, parseGraphologyJson } from "./json.js";
import { formatGexf, formatGraphml, parseGexf, parseGraphml } from "./xml.js";
import { formatLabels, parseLabels, resolveLabels, type LabelsRef, type ParsedLabels } from "./labels.js";

export { formatFromPath, parseFormat, GRAPH_FORMATS, type GraphFormat } from "./detect.js";

export interface ReadGraphOptions {
  /** Override the format the extension implies. */
  format?: GraphFormat;
  /** Node attribute holding the labels (json, gexf, graphml). */
  labelAttr?: string;
  /** Edge lists only: id base; "auto" (default) = 1-based iff the smallest id is 1. */
  base?: 0 | 1 | "auto";
}

/** A graph read from a file: the keyed graph (CSR, original ids, labels, warnings) and its path. */
export interface LoadedGraph extends KeyedGraph {
  file: string;
}

function readBytes(file: string, module: string): Buffer {
  try {
    return readFileSync(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === "ENOENT" ? "no such file" : code === "EISDIR" ? "is a directory" : (err as Error).message;
    throw inputError(module, `cannot read: ${why}`, file);
  }
}

interface ReadResult extends LoadedGraph {
  format: GraphFormat;
  /** Edge lists: N came from the largest id, so trailing isolated nodes may be missing. */
  nFromIds: boolean;
  base: 0 | 1;
}

function readGraphInternal(file: string, opts: ReadGraphOptions): ReadResult {
  const format = opts.format ?? formatFromPath(file);
  if (opts.labelAttr !== undefined && (format === "edgelist" || format === "mtx")) {
    throw inputError("graphs/io", `${format} files carry no node attributes; give the labels in a labels file instead of labelAttr "${opts.labelAttr}"`, file);
  }
  const buf = readBytes(file, `graphs/${format}`);
  switch (format) {
    case "edgelist": {
      const r = parseEdgeList(buf, file, { base: opts.base });
      return { file, format, graph: r.graph, nodeIds: r.nodeIds, warnings: r.warnings, stats: r.stats, nFromIds: r.nFromIds, base: r.base };
    }
    case "mtx": {
      const r = parseMtx(buf, file);
      return { file, format, ...r, nFromIds: false, base: 1 };
    }
    default: {
      const text = buf.toString("utf-8");
      const r = format === "json" ? parseGraphologyJson(text, file, opts.labelAttr)
        : format === "gexf" ? parseGexf(text, file, opts.labelAttr)
        : parseGraphml(text, file, opts.labelAttr);
      return { file, format, ...r, nFromIds: false, base: 0 };
    }
  }
}

/** Read a graph file (format from the extension unless opts.format). Throws GncError on bad input. */
export function readGraph(path: string, opts: ReadGraphOptions = {}): LoadedGraph {
  const { format: _f, nFromIds: _n, base: _b, ...loaded } = readGraphInternal(path, opts);
  return loaded;
}

/**
 * Write a graph (format from the extension unless opts.format). Labels, when given, become the
 * integer node attribute `labelAttr` (default "label") in json / gexf / graphml; edge lists and
 * Matrix Market carry no labels (write them with writeLabels).
 */
export function writeGraph(
  path: string,
  graph: CsrGraph,
  opts: { format?: GraphFormat; labels?: Int32Array; labelAttr?: string } = {},
): void {
  const format = opts.format ?? formatFromPath(path);
  if (opts.labels) validateLabels(opts.labels, graph.n);
  const text =
    format === "edgelist" ? formatEdgeList(graph)
    : format === "mtx" ? formatMtx(graph)
    : format === "json" ? formatGraphologyJson(graph, opts.labels, opts.labelAttr)
    : format === "gexf" ? formatGexf(graph, opts.labels, opts.labelAttr)
    : formatGraphml(graph, opts.labels, opts.labelAttr);
  writeFileAtomic(path, text);
}

/**
 * Read a labels file (one integer per line, or "node,label"). With `ref`, the labels are matched
 * to a graph of ref.n nodes whose original ids are ref.nodeIds; wrong counts, unknown or missing
 * nodes are GncErrors naming the file and line.
 */
export function readLabels(path: string, ref?: LabelsRef): Int32Array {
  return resolveLabels(parseLabels(readBytes(path, "graphs/labels"), path), path, ref);
}

/** Write labels, one integer per line after a comment header (atomic). */
export function writeLabels(path: string, labels: Int32Array): void {
  writeFileAtomic(path, formatLabels(labels));
}

/** Append isolated nodes so the graph has n nodes (edge lists cannot show trailing isolated nodes). */
function extendGraph(r: ReadResult, n: number): void {
  const old = r.graph;
  const rowPtr = new Int32Array(n + 1);
  rowPtr.set(old.rowPtr);
  rowPtr.fill(old.cols.length, old.n + 1);
  r.graph = { n, rowPtr, cols: old.cols };
  for (let i = old.n; i < n; i++) r.nodeIds.push(String(i + r.base));
}

/** How many nodes a labels file describes, in the edge list's numbering (undefined: cannot tell). */
function nodesDescribed(p: ParsedLabels, base: 0 | 1): number | undefined {
  if (p.kind === "list") return p.values.length;
  let max = -1;
  for (const t of p.nodes) {
    if (!/^\d+$/.test(t)) return undefined;
    max = Math.max(max, Number(t));
  }
  return max + 1 - base;
}

/** GRAPH with its extension replaced by .labels (graphs/karate.edges → graphs/karate.labels). */
export function defaultLabelsPath(graphPath: string): string {
  const ext = path.extname(graphPath);
  return (ext ? graphPath.slice(0, -ext.length) : graphPath) + ".labels";
}

/**
 * Where a graph's labels come from: the labels file or node attribute given, else the labels file
 * beside the graph (defaultLabelsPath). Throws a GncError when neither is given and that file does
 * not exist. `gnc check` and `gnc train --graph` share this rule.
 */
export function resolveLabelSource(graphPath: string, opts: { labels?: string; labelAttr?: string }): { labels?: string; labelAttr?: string } {
  if (opts.labels !== undefined || opts.labelAttr !== undefined) return { labels: opts.labels, labelAttr: opts.labelAttr };
  const guess = defaultLabelsPath(graphPath);
  if (!existsSync(guess)) {
    throw inputError("graphs/io", `no labels given and ${guess} does not exist; pass --labels FILE or --label-attr NAME`, graphPath);
  }
  return { labels: guess };
}

/**
 * Read a graph with its labels: from a labels file (`labels`) or a node attribute (`labelAttr`).
 * For an edge list whose N came from the largest id, a labels file describing more nodes adds
 * them as isolated nodes (warned). Returns C = largest label + 1; empty classes are warned.
 */
export function loadLabelledGraph(
  graphPath: string,
  opts: { labels?: string; labelAttr?: string; format?: GraphFormat; base?: 0 | 1 | "auto" },
): LoadedGraph & { labels: Int32Array; classes: number } {
  if (opts.labels === undefined && opts.labelAttr === undefined) {
    throw inputError("graphs/io", "labels are needed: give a labels file or the node attribute that holds them", graphPath);
  }
  if (opts.labels !== undefined && opts.labelAttr !== undefined) {
    throw inputError("graphs/io", "give either a labels file or a label attribute, not both", graphPath);
  }
  const r = readGraphInternal(graphPath, { format: opts.format, labelAttr: opts.labelAttr, base: opts.base });
  let labels: Int32Array;
  if (opts.labels !== undefined) {
    const file = opts.labels;
    const parsed = parseLabels(readBytes(file, "graphs/labels"), file);
    const want = r.nFromIds ? nodesDescribed(parsed, r.base) : undefined;
    if (want !== undefined && want > r.graph.n) {
      checkDeclaredGraph(want, r.graph.cols.length / 2, "graphs/labels", file);
      const had = r.graph.n;
      extendGraph(r, want);
      let msg = `${file} describes ${want} nodes but the largest id in ${graphPath} gives ${had}: ` +
        `${want - had} node(s) without edges added`;
      if (r.base === 1 && opts.base !== 1 && want === had + 1) {
        msg += ` (ids were read as 1-based because the smallest is 1; if they are 0-based with an isolated node 0, set base 0)`;
      }
      r.warnings.push(msg);
    }
    labels = resolveLabels(parsed, file, { n: r.graph.n, nodeIds: r.nodeIds });
  } else {
    labels = r.labels!;
  }
  const classes = validateLabels(labels, r.graph.n);
  const counts = classCounts(labels, classes);
  const empty: number[] = [];
  counts.forEach((c, k) => { if (c === 0) empty.push(k); });
  if (empty.length > 0) r.warnings.push(`labels: class(es) ${empty.slice(0, 5).join(", ")}${empty.length > 5 ? " …" : ""} have no nodes (C = largest label + 1 = ${classes})`);
  const { format: _f, nFromIds: _n, base: _b, ...loaded } = r;
  return { ...loaded, labels, classes };
}
