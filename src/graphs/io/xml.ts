/**
 * The XML formats, GEXF (gexf.net, 1.2/1.3, Gephi's format) and GraphML (graphml.graphdrawing.org).
 *
 * Reading goes through graphology-gexf / graphology-graphml, after a strict XML pass of our own:
 * their parsers hand strings to a lenient xmldom instance that prints problems to the console and
 * carries on, so a broken file would give an empty graph. We parse with the same xmldom package
 * (resolved next to graphology-gexf, so the parsers accept the Document) with an error handler
 * that turns the first XML error into a GncError naming the line.
 *
 * Writing: GEXF through graphology-gexf (labels as a typed integer <attvalue>, not as the GEXF
 * node "label", which is a free-text string); GraphML by hand, since graphology-graphml's Node
 * entry point has no writer. Node ids are "0".."N−1". Keep the XML formats for small graphs; for
 * 1e6 edges use an edge list or Matrix Market.
 */
import { createRequire } from "node:module";
import { MultiGraph, UndirectedGraph } from "graphology";
import { parse as parseGexfDoc, write as writeGexfDoc } from "graphology-gexf";
import { parse as parseGraphmlDoc } from "graphology-graphml";
import { csrToEdges, type CsrGraph } from "../csr.js";
import { GncError, inputError, snippet } from "../../util/errors.js";
import { keyedFromGraphology, type GraphologyLike, type KeyedGraph } from "./build.js";

/** The slice of xmldom's Document used here (tsconfig has no DOM lib). */
interface XmlDocument {
  documentElement: { localName?: string; tagName: string } | null;
  getElementsByTagName(name: string): { length: number };
}
interface XmlErrorHandler { warning(m: string): void; error(m: string): void; fatalError(m: string): void }
type DomParserCtor = new (opts: { locator: object; errorHandler: XmlErrorHandler }) => {
  parseFromString(text: string, mime: string): XmlDocument | undefined;
};

let domParser: DomParserCtor | undefined;
function xmldomParser(): DomParserCtor {
  if (!domParser) {
    const req = createRequire(import.meta.url);
    const gexfEntry = req.resolve("graphology-gexf");
    domParser = (createRequire(gexfEntry)("@xmldom/xmldom") as { DOMParser: DomParserCtor }).DOMParser;
  }
  return domParser;
}

function cleanXmldomMessage(m: string): { text: string; line?: number } {
  const loc = /@#\[line:(\d+)/.exec(m);
  const text = m.replace(/\[xmldom [a-zA-Z]+\]\s*/, "").replace(/\s*@#\[line:.*$/s, "").replace(/\s+/g, " ").trim();
  const line = loc && Number(loc[1]) > 0 ? Number(loc[1]) : undefined;
  return { text, line };
}

function parseXml(text: string, file: string, module: string, root: string): { doc: XmlDocument; warnings: string[] } {
  if (text.trim() === "") throw inputError(module, "the file is empty", file);
  const errors: string[] = [], warns: string[] = [];
  const Parser = xmldomParser();
  const doc = new Parser({
    locator: {},
    errorHandler: { warning: (m) => warns.push(m), error: (m) => errors.push(m), fatalError: (m) => errors.push(m) },
  }).parseFromString(text, "application/xml");
  if (errors.length > 0 || !doc || !doc.documentElement) {
    const { text: what, line } = cleanXmldomMessage(errors[0] ?? "no root element");
    throw inputError(module, `not well-formed XML: ${snippet(what, 120)}`, file, line);
  }
  const name = doc.documentElement.localName ?? doc.documentElement.tagName;
  if (name.toLowerCase() !== root) throw inputError(module, `the root element is <${snippet(name)}>, expected <${root}>`, file);
  if (doc.getElementsByTagName("graph").length === 0) throw inputError(module, "no <graph> element", file);
  const warnings = warns.map((w) => {
    const { text: what, line } = cleanXmldomMessage(w);
    return `${file}: ${line ? `line ${line}: ` : ""}XML warning: ${snippet(what, 120)}`;
  });
  return { doc, warnings };
}

function viaGraphology(
  module: string, file: string, labelAttr: string | undefined, warnings: string[], build: () => GraphologyLike,
): KeyedGraph {
  let g: GraphologyLike;
  try {
    g = build();
  } catch (err) {
    if (err instanceof GncError) throw err;
    let msg = (err as Error).message.replace(/^graphology-[a-z]+\/parser:\s*/, "").replace(/\s+/g, " ");
    // The library's advice names its own option, which means nothing to a gnc user.
    if (/inexisting node/.test(msg)) msg = "an edge refers to a node that is not declared";
    throw inputError(module, `cannot read the graph: ${snippet(msg, 120)}`, file);
  }
  const out = keyedFromGraphology(g, module, file, labelAttr);
  out.warnings.unshift(...warnings);
  return out;
}

/**
 * Parse GEXF text. Labels from node attribute `labelAttr` (an <attvalue>, or "label"). A MultiGraph
 * receives the parse so that parallel edges are kept and then counted when collapsed.
 */
export function parseGexf(text: string, file: string, labelAttr?: string): KeyedGraph {
  const { doc, warnings } = parseXml(text, file, "graphs/gexf", "gexf");
  return viaGraphology("graphs/gexf", file, labelAttr, warnings, () =>
    parseGexfDoc(MultiGraph, doc as never, { addMissingNodes: false, allowUndeclaredAttributes: true }) as unknown as GraphologyLike);
}

/** Parse GraphML text. Labels from the node <data> whose key has attr.name = labelAttr. */
export function parseGraphml(text: string, file: string, labelAttr?: string): KeyedGraph {
  const { doc, warnings } = parseXml(text, file, "graphs/graphml", "graphml");
  return viaGraphology("graphs/graphml", file, labelAttr, warnings, () =>
    parseGraphmlDoc(MultiGraph, doc as never, { addMissingNodes: false }) as unknown as GraphologyLike);
}

/**
 * graphology-gexf writes xmlns:viz="http:///www.gexf.net/1.1draft/viz" (three slashes, and the 1.1
 * namespace) into a 1.2 file. The viz namespace of a GEXF version is its main namespace + "/viz"
 * (1.2: http://www.gexf.net/1.2draft/viz, 1.3: http://gexf.net/1.3/viz).
 */
export function fixVizNamespace(xml: string): string {
  const head = /<gexf\b[^>]*>/.exec(xml);
  if (!head) return xml;
  const ns = /\sxmlns="([^"]+)"/.exec(head[0])?.[1];
  if (!ns) return xml;
  const fixed = head[0].replace(/\sxmlns:viz="[^"]*"/, ` xmlns:viz="${ns}/viz"`);
  return xml.slice(0, head.index) + fixed + xml.slice(head.index + head[0].length);
}

/** Serialise as GEXF 1.2 (undirected), labels as integer attribute `labelAttr` when given. */
export function formatGexf(graph: CsrGraph, labels?: Int32Array, labelAttr = "label"): string {
  const g = new UndirectedGraph({ allowSelfLoops: false });
  for (let i = 0; i < graph.n; i++) g.addNode(String(i), labels ? { [labelAttr]: labels[i] } : {});
  const { src, dst } = csrToEdges(graph);
  for (let k = 0; k < src.length; k++) g.addEdgeWithKey(String(k), String(src[k]), String(dst[k]));
  // Everything goes into <attvalue>s: the default formatter would turn an attribute named
  // "label" into GEXF's free-text node label and lose its integer type.
  return fixVizNamespace(writeGexfDoc(g, { formatNode: (_key, attributes) => ({ attributes }) }));
}

function escapeXml(s: string): string {
  return s.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Serialise as GraphML (undirected), labels as an int <data> with attr.name = labelAttr. */
export function formatGraphml(graph: CsrGraph, labels?: Int32Array, labelAttr = "label"): string {
  const parts: string[] = [
    `<?xml version="1.0" encoding="UTF-8"?>\n`,
    `<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"` +
      ` xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n`,
  ];
  if (labels) parts.push(`  <key id="d0" for="node" attr.name="${escapeXml(labelAttr)}" attr.type="int"/>\n`);
  parts.push(`  <graph id="G" edgedefault="undirected">\n`);
  for (let i = 0; i < graph.n; i++) {
    parts.push(labels ? `    <node id="${i}"><data key="d0">${labels[i]}</data></node>\n` : `    <node id="${i}"/>\n`);
  }
  const { src, dst } = csrToEdges(graph);
  for (let k = 0; k < src.length; k++) parts.push(`    <edge source="${src[k]}" target="${dst[k]}"/>\n`);
  parts.push(`  </graph>\n</graphml>\n`);
  return parts.join("");
}
