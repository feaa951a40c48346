/**
 * `gnc nc` — the collapse metrics (REFERENCE.md §3) of one set of features, from files.
 *
 *   gnc nc --features F.csv|F.npy --labels y.txt|y.npy [--graph G] [--weights W.csv|W.npy]
 *          [--predictions p.txt|p.npy] [--classes C] [--nc3-means centred|uncentred] [--json]
 *
 * Features N×d (CSV with optional header, or 2-D .npy), labels one integer per line (or "node,label"
 * pairs matched to --graph's node ids) or 1-D integer .npy, weights d×C. With --weights and no
 * --predictions, predictions are argmax of F·W. With --graph, the same metrics on ÂF (neighbour
 * means) are added ("aggregated"; weight-based metrics are not, since W acts on F). The library
 * (src/collapse) does the work; this file only reads, checks shapes and prints.
 */
import type { GncCommand } from "./types.js";
import { jsonLine } from "../json.js";
import { formatNumber } from "../format.js";
import { GncError } from "../../util/errors.js";

const MOD = "gnc/nc";

/** Metric rows of the table: key, label. */
const ROWS: [string, string][] = [
  ["nc1", "NC1  Tr(Σ_W Σ_B⁺)/C"],
  ["nc1Tilde", "NC1~ Tr Σ_W / Tr Σ_B"],
  ["trSigmaW", "Tr Σ_W"],
  ["trSigmaB", "Tr Σ_B"],
  ["nc2EtfError", "NC2  ETF error (centred means)"],
  ["nc2OfError", "NC2  OF error (means)"],
  ["nc2Equinorm", "NC2  equinorm std/avg"],
  ["nc2Equiangularity", "NC2  equiangularity std cos"],
  ["nc2WEtfError", "NC2  ETF error (classifier)"],
  ["nc2WOfError", "NC2  OF error (classifier)"],
  ["nc3SelfDuality", "NC3  self-duality ‖W/‖W‖ − M/‖M‖‖"],
  ["nc3EtfError", "NC3  ETF error of M·W"],
  ["nc3OfError", "NC3  OF error of M·W"],
  ["nc4NccAgreement", "NC4  agreement with nearest mean"],
  ["snr", "SNR  ‖M W‖ / ‖(F − M) W‖"],
];

function fmt(v: number | undefined): string {
  return v === undefined ? "" : formatNumber(v);
}

export const ncCommand: GncCommand = {
  command: "nc",
  describe: "Neural-collapse metrics (NC1–NC4, SNR) of node features given labels [and a classifier, a graph]",
  builder: (y) =>
    y
      .option("features", { type: "string", demandOption: true, describe: "N×d features: CSV (optional header row) or 2-D .npy (float32/float64, C order)" })
      .option("labels", { type: "string", demandOption: true, describe: "labels: one integer per line (or node,label with --graph) or 1-D int .npy" })
      .option("graph", { type: "string", describe: "graph file (any format gnc reads): adds the metrics of ÂF (neighbour means)" })
      .option("weights", { type: "string", describe: "classifier d×C (CSV or .npy): adds NC2 of W, NC3, SNR and NC4" })
      .option("predictions", { type: "string", describe: "predicted class per node (as labels) for NC4; default argmax of F·W" })
      .option("classes", { type: "number", describe: "number of classes C (default: largest label + 1)" })
      .option("nc3-means", { choices: ["centred", "uncentred"] as const, default: "centred", describe: "means for NC3 self-duality (reference code: uncentred)" })
      .option("json", { type: "boolean", default: false, describe: "print one JSON object instead of a table" })
      .example("gnc nc --features h.csv --labels y.txt", "NC1, NC2 of the features")
      .example("gnc nc --features h.npy --labels y.npy --graph g.mtx --weights w.npy --json", "everything, as JSON"),
  handler: async (args) => {
    const { readMatrixFile, readIntVectorFile } = await import("../../util/matrix-file.js");
    const { collapseMetrics, argmaxPredictions } = await import("../../collapse/index.js");
    const io = await import("../../graphs/io/index.js");
    const F = readMatrixFile(args.features);
    const N = F.rows;

    let graph: import("../../graphs/csr.js").CsrGraph | undefined;
    let nodeIds: string[] | undefined;
    if (args.graph) {
      const g = io.readGraph(args.graph);
      graph = g.graph;
      nodeIds = g.nodeIds;
      // No padding: a graph that does not have one node per feature row is the wrong graph (or an
      // edge list hiding isolated nodes after its largest id — gnc's writer records N for that).
      if (graph.n !== N) {
        const hint = graph.n < N && io.formatFromPath(args.graph) === "edgelist"
          ? ` (if the missing nodes are isolated, add the line "# gnc: nodes=${N}" to the edge list)` : "";
        throw new GncError(`${MOD}: the graph ${args.graph} has ${graph.n} nodes but the features ${args.features} have ${N} rows${hint}`);
      }
    }

    // Labels and predictions share their formats: a 1-D integer .npy, or a labels file (one integer
    // per line, or node,label pairs keyed by the graph's ids).
    const readIntColumn = (file: string): Int32Array =>
      file.toLowerCase().endsWith(".npy")
        ? readIntVectorFile(file)
        : io.readLabels(file, { n: N, nodeIds, what: graph ? undefined : `the ${N} rows of ${args.features}` });
    const labels = readIntColumn(args.labels);
    if (labels.length !== N) throw new GncError(`${MOD}: ${args.labels}: ${labels.length} labels but ${args.features} has ${N} rows`);
    let maxLabel = -1;
    for (let i = 0; i < N; i++) {
      if (labels[i] < 0) throw new GncError(`${MOD}: ${args.labels}: node ${i} has negative label ${labels[i]}`);
      maxLabel = Math.max(maxLabel, labels[i]);
    }
    const C: number = args.classes ?? maxLabel + 1;
    if (!Number.isInteger(C) || C < 2) throw new GncError(`${MOD}: need at least 2 classes, got ${args.classes !== undefined ? `--classes ${args.classes}` : `labels 0..${maxLabel}`}`);
    if (maxLabel >= C) throw new GncError(`${MOD}: ${args.labels}: label ${maxLabel} is outside 0..${C - 1} (--classes ${C})`);

    let W: import("../../collapse/types.js").Matrix | undefined;
    if (args.weights) {
      W = readMatrixFile(args.weights);
      if (W.rows !== F.cols || W.cols !== C) {
        const hint = W.rows === C && W.cols === F.cols ? " (it looks transposed: gnc stores classifiers d×C, logits = F·W)" : "";
        throw new GncError(`${MOD}: ${args.weights}: classifier is ${W.rows}×${W.cols}, expected d×C = ${F.cols}×${C}${hint}`);
      }
    }
    let predictions: Int32Array | undefined;
    if (args.predictions) {
      predictions = readIntColumn(args.predictions);
      if (predictions.length !== N) throw new GncError(`${MOD}: ${args.predictions}: ${predictions.length} predictions but ${N} nodes`);
      for (let i = 0; i < N; i++) {
        if (predictions[i] < 0 || predictions[i] >= C) throw new GncError(`${MOD}: ${args.predictions}: node ${i} has prediction ${predictions[i]}, outside 0..${C - 1}`);
      }
    } else if (W) {
      predictions = argmaxPredictions(F, W);
    }

    const m = collapseMetrics(F, labels, C, { weights: W, predictions, graph, nc3Means: args["nc3-means"] });
    const { aggregated, ...own } = m;
    if (args.json) {
      const obj: Record<string, unknown> = { nodes: N, classes: C, dim: F.cols, ...own };
      if (aggregated) obj.aggregated = aggregated;
      process.stdout.write(jsonLine(obj));
      return 0;
    }
    const lines: string[] = [];
    lines.push(`gnc nc: ${N} nodes, ${C} classes, d = ${F.cols}${W ? ", classifier given" : ""}${args.predictions ? ", predictions given" : W ? ", predictions = argmax F·W" : ""}`);
    const w0 = Math.max(...ROWS.map((r) => r[1].length)) + 2;
    lines.push("metric".padEnd(w0) + "F".padStart(14) + (aggregated ? "ÂF".padStart(14) : ""));
    const own2 = own as Record<string, number | undefined>;
    const agg2 = aggregated as Record<string, number | undefined> | undefined;
    for (const [key, label] of ROWS) {
      if (own2[key] === undefined && agg2?.[key] === undefined) continue;
      lines.push(label.padEnd(w0) + fmt(own2[key]).padStart(14) + (agg2 ? fmt(agg2[key]).padStart(14) : ""));
    }
    process.stdout.write(lines.join("\n") + "\n");
    return 0;
  },
};
