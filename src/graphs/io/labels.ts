/**
 * Node labels y ∈ {0..C−1}^N: labels files and labels taken from a node attribute.
 *
 * Labels file (any extension), two layouts, '#' comments and blank lines allowed:
 *   - one integer per line: the label of node 0, node 1, … (N lines for N nodes);
 *   - "node,label" (comma or whitespace separated): node = the node's original id as the graph
 *     file names it (matched through LoadedGraph.nodeIds), every node exactly once, any order.
 *   A first line of words ("label", "node,label") is a header and skipped. Labels must be
 *   non-negative integers.
 *
 * Node attributes (JSON / GEXF / GraphML / graphology / ngraph): non-negative integers (numbers
 * or strings of digits) are used as they are; anything else is categorical and mapped to 0..C−1 in
 * sorted order (numeric order when every value is a number, else code-unit string order), with
 * labelNames[c] keeping the original value.
 */
import { inputError, snippet } from "../../util/errors.js";
import { isBlank, LineScanner, whyNotUint } from "./scan.js";

const MOD = "graphs/labels";

/** A labels file before it is matched to a graph. `lines[k]` = line of entry k. */
export type ParsedLabels =
  | { kind: "list"; values: Int32Array; lines: Int32Array; lastLine: number }
  | { kind: "pairs"; nodes: string[]; values: Int32Array; lines: Int32Array; lastLine: number };

function isWord(s: string): boolean {
  return /^[A-Za-z_"']/.test(s);
}

/** Parse the text of a labels file (either layout). `file` is only used in messages. */
export function parseLabels(buf: Uint8Array, file: string): ParsedLabels {
  if (isBlank(buf)) throw inputError(MOD, "the labels file is empty", file);
  const sc = new LineScanner(buf, "#");
  const values: number[] = [], lines: number[] = [], nodes: string[] = [];
  let columns = 0;
  let headerDone = false;
  while (sc.next()) {
    const c = sc.count;
    if (c === 0) continue;
    if (c > 2) throw inputError(MOD, `expected "label" or "node,label", got ${c} columns: "${snippet(sc.lineText())}"`, file, sc.line);
    const labelTok = c - 1;
    if (!headerDone) {
      headerDone = true;
      if (isWord(sc.text(labelTok))) continue; // header line
    }
    if (columns === 0) columns = c;
    else if (c !== columns) {
      throw inputError(MOD, `expected ${columns} column(s) like the lines before, got ${c}: "${snippet(sc.lineText())}"`, file, sc.line);
    }
    const y = sc.uint(labelTok);
    if (y < 0) {
      const t = sc.text(labelTok);
      throw inputError(MOD, `label "${snippet(t)}" ${whyNotUint(t)}; labels must be non-negative integers`, file, sc.line);
    }
    if (y > 2 ** 31 - 1) throw inputError(MOD, `label ${snippet(sc.text(labelTok))} is too large`, file, sc.line);
    if (c === 2) nodes.push(sc.text(0));
    values.push(y);
    lines.push(sc.line);
  }
  if (values.length === 0) throw inputError(MOD, "no labels found (only comments, blank lines or a header)", file);
  const base = { values: Int32Array.from(values), lines: Int32Array.from(lines), lastLine: sc.line };
  return columns === 1 ? { kind: "list", ...base } : { kind: "pairs", nodes, ...base };
}

/** What labels are matched to: n items, their original ids, and the words for them in messages. */
export interface LabelsRef {
  n: number;
  /** Original ids for the "node,label" layout (else nodes are 0-based indices). */
  nodeIds?: string[];
  /** The n items in words, e.g. "the 200 rows of F.csv" (default "the graph's n nodes"). */
  what?: string;
}

/**
 * Match parsed labels to a graph. `ref.n` = number of nodes (required count for the list layout);
 * `ref.nodeIds` = original ids for the "node,label" layout (else nodes are 0-based indices).
 * Without ref, the list layout gives N = its length and the pairs layout N = largest index + 1.
 */
export function resolveLabels(p: ParsedLabels, file: string, ref?: LabelsRef): Int32Array {
  if (p.kind === "list") {
    if (ref && p.values.length !== ref.n) {
      const what = ref.what ?? `the graph's ${ref.n} nodes`;
      if (p.values.length > ref.n) {
        throw inputError(MOD, `more labels than ${what} (this is label ${ref.n + 1})`, file, p.lines[ref.n]);
      }
      throw inputError(MOD, `the file ends after ${p.values.length} labels, fewer than ${what}`, file, p.lastLine);
    }
    return p.values;
  }
  const index = new Map<string, number>();
  let n: number;
  if (ref?.nodeIds) {
    ref.nodeIds.forEach((id, i) => index.set(id, i));
    n = ref.nodeIds.length;
  } else {
    let max = -1;
    for (let k = 0; k < p.nodes.length; k++) {
      const t = p.nodes[k];
      if (!/^\d+$/.test(t)) throw inputError(MOD, `node "${snippet(t)}" ${whyNotUint(t)}; without the graph's node ids, nodes are 0-based indices`, file, p.lines[k]);
      max = Math.max(max, Number(t));
    }
    if (!ref && max + 1 > p.nodes.length) {
      // Every index 0..max needs a label; say so before allocating max + 1 entries.
      throw inputError(MOD, `nodes are 0-based indices up to ${max}, but only ${p.nodes.length} node(s) are labelled`, file, p.lastLine);
    }
    n = ref?.n ?? max + 1;
    for (let i = 0; i < n; i++) index.set(String(i), i);
  }
  const out = new Int32Array(n).fill(-1);
  const seenAt = new Int32Array(n);
  for (let k = 0; k < p.nodes.length; k++) {
    let i = index.get(p.nodes[k]);
    if (i === undefined && /^\d+$/.test(p.nodes[k])) i = index.get(String(Number(p.nodes[k]))); // "007" → "7"
    if (i === undefined) throw inputError(MOD, `node "${snippet(p.nodes[k])}" is not in the graph`, file, p.lines[k]);
    if (out[i] >= 0) throw inputError(MOD, `node "${snippet(p.nodes[k])}" is labelled twice (first on line ${seenAt[i]})`, file, p.lines[k]);
    out[i] = p.values[k];
    seenAt[i] = p.lines[k];
  }
  const missing: number[] = [];
  for (let i = 0; i < n && missing.length < 4; i++) if (out[i] < 0) missing.push(i);
  if (missing.length > 0) {
    const ids = missing.slice(0, 3).map((i) => `"${ref?.nodeIds ? ref.nodeIds[i] : i}"`).join(", ");
    const unl = out.reduce((s, v) => s + (v < 0 ? 1 : 0), 0);
    throw inputError(MOD, `the file ends without a label for node ${ids}${unl > 3 ? ` and ${unl - 3} more` : ""} (${unl} of ${n} nodes unlabelled)`, file, p.lastLine);
  }
  return out;
}

/** Labels y (length N) as text: a comment header, then one integer per line. */
export function formatLabels(labels: Int32Array): string {
  let C = 0;
  for (let i = 0; i < labels.length; i++) {
    if (!(labels[i] >= 0)) throw inputError(MOD, `cannot write label ${labels[i]} of node ${i}: labels must be non-negative integers`);
    if (labels[i] + 1 > C) C = labels[i] + 1;
  }
  const head = `# gnc labels: ${labels.length} nodes, ${C} classes; line k after the comments = label of node k−1\n`;
  return head + (labels.length ? Array.from(labels).join("\n") + "\n" : "");
}

/**
 * Labels from node attribute values (values[i] of node i, whose id is nodeIds[i]). See the file
 * banner for the integer / categorical rule. `where` names the file or graph in messages.
 */
export function labelsFromValues(
  values: unknown[],
  nodeIds: string[],
  attr: string,
  where: string,
): { labels: Int32Array; labelNames?: string[] } {
  const n = values.length;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (v === undefined || v === null || v === "") {
      throw inputError(MOD, `node "${snippet(nodeIds[i])}" has no "${snippet(attr)}" attribute (every node needs a label)`, where);
    }
  }
  const asInt = (v: unknown): number =>
    typeof v === "number" && Number.isInteger(v) && v >= 0 && v < 2 ** 31 ? v
      : typeof v === "string" && /^\d{1,9}$/.test(v) ? Number(v) : -1;
  const labels = new Int32Array(n);
  let allInt = true;
  for (let i = 0; i < n && allInt; i++) {
    const y = asInt(values[i]);
    if (y < 0) allInt = false;
    else labels[i] = y;
  }
  if (allInt) return { labels };
  const allNumbers = values.every((v) => typeof v === "number" && Number.isFinite(v));
  const names = [...new Set(values.map((v) => (typeof v === "object" ? JSON.stringify(v) : String(v))))];
  if (allNumbers) names.sort((a, b) => Number(a) - Number(b));
  else names.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const code = new Map(names.map((s, c) => [s, c] as const));
  for (let i = 0; i < n; i++) {
    const v = values[i];
    labels[i] = code.get(typeof v === "object" ? JSON.stringify(v) : String(v))!;
  }
  return { labels, labelNames: names };
}
