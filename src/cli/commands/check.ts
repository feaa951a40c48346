/**
 * `gnc check GRAPH` — does a labelled graph satisfy the exact-collapse condition C (REFERENCE.md §5)?
 * Exit 0 when the count form holds, 1 when it does not, 2 on bad input. Science in src/condition/.
 */
import { existsSync } from "node:fs";
import type { GncCommand } from "./types.js";
import { jsonLine } from "../json.js";
import { formatNumber } from "../format.js";
import { GncError } from "../../util/errors.js";
import { checkSize } from "../../util/validate.js";
import { checkCondition, type ConditionReport, type Spread } from "../../condition/check.js";
import type { GraphFormat } from "../../graphs/io/index.js";

const FORMATS = ["edgelist", "mtx", "json", "gexf", "graphml"] as const;
const MAX_TABLE_CLASSES = 12;

function table(t: Spread[][], cell: (s: Spread) => string): string[] {
  const C = t.length;
  const rows = [["class", ...Array.from({ length: C }, (_, k) => `→${k}`)]];
  t.forEach((r, c) => rows.push([String(c), ...r.map(cell)]));
  const w = rows[0].map((_, k) => Math.max(...rows.map((r) => r[k].length)));
  return rows.map((r) => "    " + r.map((s, k) => s.padStart(w[k])).join("  "));
}

function idList(ids: Int32Array, nodeIds: string[], show: number): string {
  const shown = Array.from(ids.subarray(0, show), (i) => nodeIds[i] ?? String(i));
  return shown.join(", ") + (ids.length > show ? `, … (${ids.length - show} more)` : "");
}

function textReport(r: ConditionReport, file: string, labelsFrom: string, nodeIds: string[], warnings: string[], show: number): string {
  const out: string[] = [];
  const verdict = (ok: boolean) => (ok ? "HOLDS" : "FAILS");
  out.push(`gnc check: ${file} (labels: ${labelsFrom})`);
  out.push(`  nodes ${r.nodes}, edges ${r.edges}, classes ${r.classes} (sizes ${r.classSizes.join(", ")}), isolated nodes ${r.isolatedNodes}`);
  out.push(`  condition C, count form (equal neighbour counts per class pair): ${verdict(r.satisfied)}` +
    (r.satisfied ? "" : ` — ${r.violatingNodes} violating node(s)`));
  out.push(`  fraction form (equal neighbour fractions K/deg, what mean aggregation sees): ${verdict(r.fractionSatisfied)}` +
    (r.fractionSatisfied ? "" : ` — ${r.fractionViolatingNodes} violating node(s)`));
  out.push(`  graded score NC1 of K/deg rows: ${formatNumber(r.score)}  (Tr ΣW / Tr ΣB = ${formatNumber(r.scoreTilde)}; 0 = fraction form holds)`);
  if (r.classes <= MAX_TABLE_CLASSES) {
    out.push("  neighbour counts K[i, c'] over nodes i of class c, min..max (one number: no spread):");
    out.push(...table(r.countTable, (s) => (s.min === s.max ? String(s.min) : `${s.min}..${s.max}`)));
    out.push("  neighbour fractions K[i, c']/deg_i, min..max (isolated nodes count as 0):");
    out.push(...table(r.fractionTable, (s) => (s.min === s.max ? formatNumber(s.min) : `${formatNumber(s.min)}..${formatNumber(s.max)}`)));
  } else {
    out.push(`  (min/max tables omitted for more than ${MAX_TABLE_CLASSES} classes; use --json)`);
  }
  if (r.violatingNodes > 0 && show > 0) {
    out.push(`  violating nodes (count row differs from the class's most common row): ${idList(r.violatingNodeIds, nodeIds, show)}`);
  }
  if (r.isolatedNodes > 0 && show > 0) out.push(`  isolated nodes: ${idList(r.isolatedNodeIds, nodeIds, show)}`);
  for (const w of warnings) out.push(`  warning: ${w}`);
  return out.join("\n") + "\n";
}

function jsonReport(r: ConditionReport, file: string, labelsFrom: string, nodeIds: string[], warnings: string[]): string {
  const ids = (a: Int32Array) => Array.from(a, (i) => nodeIds[i] ?? String(i));
  return jsonLine({
    file,
    labels: labelsFrom,
    satisfied: r.satisfied,
    fractionSatisfied: r.fractionSatisfied,
    score: r.score,
    scoreTilde: r.scoreTilde,
    trSigmaW: r.trSigmaW,
    trSigmaB: r.trSigmaB,
    violatingNodes: r.violatingNodes,
    violatingNodeIds: ids(r.violatingNodeIds),
    violatingNodeIndices: Array.from(r.violatingNodeIds),
    fractionViolatingNodes: r.fractionViolatingNodes,
    fractionViolatingNodeIds: ids(r.fractionViolatingNodeIds),
    classes: r.classes,
    classSizes: r.classSizes,
    nodes: r.nodes,
    edges: r.edges,
    isolatedNodes: r.isolatedNodes,
    isolatedNodeIds: ids(r.isolatedNodeIds),
    countTable: r.countTable,
    fractionTable: r.fractionTable,
    modalCounts: r.modalCounts,
    warnings,
  });
}

export const checkCommand: GncCommand = {
  command: "check <graph>",
  describe: "Check the exact-collapse condition (equitable partition) on a labelled graph; exit 0 if it holds, 1 if not",
  builder: (y) =>
    y
      .positional("graph", { type: "string", describe: "graph file (.edges/.txt/.csv edge list, .mtx, .json, .gexf, .graphml)" })
      .option("labels", { type: "string", describe: "labels file (default: GRAPH with its extension replaced by .labels)" })
      .option("label-attr", { type: "string", describe: "take labels from this node attribute (json/gexf/graphml)" })
      .option("format", { type: "string", choices: FORMATS as unknown as string[], describe: "graph format (default: from the extension)" })
      .option("json", { type: "boolean", default: false, describe: "print one JSON object instead of the report" })
      .option("show", { type: "number", default: 10, describe: "how many violating / isolated node ids to list" })
      .conflicts("labels", "label-attr")
      .example("gnc check graphs/karate.edges", "labels from graphs/karate.labels")
      .example("gnc check graphs/karate.gexf --label-attr club --json", "labels from a node attribute"),
  handler: async (args: any) => {
    const graphPath = String(args.graph);
    const show = checkSize(args.show, "--show", "check", 0);
    if (!existsSync(graphPath)) throw new GncError(`gnc/check: ${graphPath}: no such file`);
    // Imported here: the readers pull in graphology parsers, which `gnc --help` should not pay for.
    const { loadLabelledGraph, resolveLabelSource } = await import("../../graphs/io/index.js");
    const { labels, labelAttr } = resolveLabelSource(graphPath, { labels: args.labels, labelAttr: args["label-attr"] });
    const loaded = loadLabelledGraph(graphPath, { labels, labelAttr, format: args.format as GraphFormat | undefined });
    const report = checkCondition(loaded.graph, loaded.labels, loaded.classes);
    const labelsFrom = labels ?? `attribute "${labelAttr}"`;
    const text = args.json
      ? jsonReport(report, graphPath, labelsFrom, loaded.nodeIds, loaded.warnings)
      : textReport(report, graphPath, labelsFrom, loaded.nodeIds, loaded.warnings, show);
    process.stdout.write(text);
    return report.satisfied ? 0 : 1;
  },
};
