/**
 * The explorer's exact-collapse check on a user's graph (REFERENCE.md §5, condition/check.ts): parse
 * the dropped graph file (edge list, Matrix Market, or graphology JSON, by extension) and labels file
 * from their bytes with graphs/io's parsers, then run checkCondition and return its report with the
 * violating nodes named by the file's own ids.
 */
import { parseEdgeList } from "../graphs/io/edgelist.js";
import { parseMtx } from "../graphs/io/mtx.js";
import { parseGraphologyJson } from "../graphs/io/json.js";
import { parseLabels, resolveLabels } from "../graphs/io/labels.js";
import { checkCondition, type ConditionReport } from "../condition/index.js";
import { GncError } from "../util/errors.js";

export interface FileCheck {
  report: ConditionReport;
  /** Original ids of the nodes that break the count form, in node order. */
  violating: string[];
  nodeIds: string[];
}

/** Check condition C on a graph file and a labels file (labels may be null for JSON with a label attribute). */
export function checkFiles(graphName: string, graphBytes: Uint8Array, labelsName: string | null, labelsBytes: Uint8Array | null, labelAttr = "label"): FileCheck {
  const lower = graphName.toLowerCase();
  let parsed: { graph: import("../graphs/csr.js").CsrGraph; nodeIds: string[]; labels?: Int32Array };
  if (lower.endsWith(".json")) parsed = parseGraphologyJson(new TextDecoder().decode(graphBytes), graphName, labelsBytes ? undefined : labelAttr);
  else if (lower.endsWith(".mtx")) parsed = parseMtx(graphBytes, graphName);
  else parsed = parseEdgeList(graphBytes, graphName);
  let labels = parsed.labels;
  if (labelsBytes) {
    labels = resolveLabels(parseLabels(labelsBytes, labelsName ?? "labels"), labelsName ?? "labels", { n: parsed.graph.n, nodeIds: parsed.nodeIds });
  }
  if (!labels) throw new GncError(`gnc/web/check: ${graphName} carries no labels: drop a labels file with it`);
  const report = checkCondition(parsed.graph, labels);
  return { report, violating: Array.from(report.violatingNodeIds, (i) => parsed.nodeIds[i]), nodeIds: parsed.nodeIds };
}
