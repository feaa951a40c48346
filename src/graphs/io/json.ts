/**
 * graphology's serialized JSON format (graphology.github.io/serialization.html):
 *
 *   { "options": { "type": "undirected" | "directed" | "mixed", "multi": bool, "allowSelfLoops": bool },
 *     "attributes": {…},
 *     "nodes": [ { "key": "a", "attributes": { "label": 0, … } }, … ],
 *     "edges": [ { "source": "a", "target": "b", "undirected"?: true, "attributes"?: {…} }, … ] }
 *
 * Read directly (no graphology instance: JSON.parse + a key map is ~50× cheaper for big graphs).
 * Node order = order of `nodes`. An edge is directed when the graph type is "directed" or "mixed"
 * and the edge lacks `undirected: true` (graphology's export convention); directed edges are
 * symmetrised with a warning. The writer emits an undirected graph that graphology's
 * `Graph.from(json)` / `graph.import(json)` accepts as is.
 */
import { edgeCount, csrToEdges, type CsrGraph } from "../csr.js";
import { inputError, snippet } from "../../util/errors.js";
import { KeyedBuilder, type KeyedGraph } from "./build.js";

const MOD = "graphs/json";

/** 1-based line of character offset `pos` in `text`. */
function lineOf(text: string, pos: number): number {
  let line = 1;
  for (let i = 0; i < pos && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

const LITERAL = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null/y;

/**
 * Offset of the first JSON syntax error in `t` (−1 if none). Only called after JSON.parse failed:
 * V8's messages give a position for some errors but not for "Unexpected token".
 */
function jsonErrorOffset(t: string): number {
  let i = 0;
  const ws = () => { while (i < t.length && (t[i] === " " || t[i] === "\t" || t[i] === "\n" || t[i] === "\r")) i++; };
  const fail = (): never => { throw i; };
  const str = (): void => {
    i++;
    while (i < t.length) {
      const c = t[i];
      if (c === '"') { i++; return; }
      if (c === "\\") i += 2;
      else if (c < " ") fail();
      else i++;
    }
    fail();
  };
  const value = (): void => {
    ws();
    const c = t[i];
    if (c === "{" || c === "[") {
      const close = c === "{" ? "}" : "]";
      i++; ws();
      if (t[i] === close) { i++; return; }
      for (;;) {
        if (c === "{") { ws(); if (t[i] !== '"') fail(); str(); ws(); if (t[i] !== ":") fail(); i++; }
        value(); ws();
        if (t[i] === ",") { i++; continue; }
        if (t[i] === close) { i++; return; }
        fail();
      }
    }
    if (c === '"') return str();
    LITERAL.lastIndex = i;
    const m = LITERAL.exec(t);
    if (!m) fail();
    i += m![0].length;
  };
  try {
    value(); ws();
    if (i < t.length) fail();
    return -1;
  } catch (e) {
    if (typeof e === "number") return e;
    throw e;
  }
}

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === "object" && x !== null && !Array.isArray(x);
}

/** Parse graphology JSON text. `file` is only used in messages. */
export function parseGraphologyJson(text: string, file: string, labelAttr?: string): KeyedGraph {
  if (text.trim() === "") throw inputError(MOD, "the file is empty", file);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    const msg = (err as Error).message;
    const pos = /position (\d+)/.exec(msg);
    const offset = pos ? Number(pos[1]) : jsonErrorOffset(text);
    const line = offset >= 0 ? lineOf(text, offset) : undefined;
    const what = msg.replace(/\s*in JSON at position \d+.*$/, "").replace(/, (\.\.\.)?".*" is not valid JSON$/s, "").replace(/\s+/g, " ");
    throw inputError(MOD, `not valid JSON: ${snippet(what, 120)}`, file, line);
  }
  if (!isObject(data) || !Array.isArray(data.nodes)) {
    throw inputError(MOD, `expected graphology's serialized format, an object with a "nodes" array (and "edges")`, file);
  }
  if (data.edges !== undefined && !Array.isArray(data.edges)) throw inputError(MOD, `"edges" must be an array`, file);
  const options = isObject(data.options) ? data.options : {};
  const type = options.type ?? "undirected";
  if (type !== "undirected" && type !== "directed" && type !== "mixed") {
    throw inputError(MOD, `options.type must be undirected, directed or mixed, got ${snippet(String(JSON.stringify(type)))}`, file);
  }
  const b = new KeyedBuilder(MOD, file, labelAttr);
  data.nodes.forEach((node: unknown, i: number) => {
    if (!isObject(node)) throw inputError(MOD, `nodes[${i}] is not an object`, file);
    const attrs = node.attributes;
    b.addNode(node.key, isObject(attrs) ? attrs : undefined);
  });
  const edges = (data.edges ?? []) as unknown[];
  edges.forEach((edge, k) => {
    if (!isObject(edge)) throw inputError(MOD, `edges[${k}] is not an object`, file);
    const directed = type !== "undirected" && edge.undirected !== true;
    b.addEdge(edge.source, edge.target, directed);
  });
  return b.finish();
}

/** Serialise as graphology JSON: nodes keyed "0".."N−1", optional integer label attribute. */
export function formatGraphologyJson(graph: CsrGraph, labels?: Int32Array, labelAttr = "label"): string {
  const nodes = new Array<string>(graph.n);
  for (let i = 0; i < graph.n; i++) {
    nodes[i] = labels
      ? `{"key":"${i}","attributes":${JSON.stringify({ [labelAttr]: labels[i] })}}`
      : `{"key":"${i}"}`;
  }
  const { src, dst } = csrToEdges(graph);
  const edges = new Array<string>(edgeCount(graph));
  for (let k = 0; k < edges.length; k++) edges[k] = `{"source":"${src[k]}","target":"${dst[k]}"}`;
  return (
    `{"options":{"type":"undirected","multi":false,"allowSelfLoops":false},"attributes":{},\n` +
    `"nodes":[\n${nodes.join(",\n")}\n],\n"edges":[\n${edges.join(",\n")}\n]}\n`
  );
}
