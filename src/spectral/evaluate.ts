/**
 * What gnc measures on a spectral embedding (an N×k power iterate, or the C − 1 Lanczos
 * eigenvectors): the same NC1 quantities the GNN tracking records (REFERENCE.md §3, collapse/:
 * classStatistics → nc1Pinv, nc1TraceRatio, Tr Σ_W, Tr Σ_B) for the embedding itself ("H") and for
 * its neighbour means ÂH with Â = D⁻¹A ("HA", aggregateMean); and the clustering it implies —
 * the sign of the single vector when C = 2, seeded k-means++ on the rows when C > 2 (kmeans.ts) —
 * scored by the permutation-maximised overlap (train/overlap.ts, REFERENCE §2).
 */
import type { CsrGraph } from "../graphs/csr.js";
import type { Matrix } from "../collapse/types.js";
import { aggregateMean, classStatistics, nc1Pinv, nc1TraceRatio, type ClassStats } from "../collapse/index.js";
import { overlapFromPredictions } from "../train/overlap.js";
import type { Rng } from "../util/rng.js";
import { kmeans } from "./kmeans.js";

export interface Nc1Values { nc1: number; nc1Tilde: number; trSigmaW: number; trSigmaB: number }

export interface EmbeddingEvaluation {
  H: Nc1Values;
  HA: Nc1Values;
  overlap: number;
  predictions: Int32Array;
}

export const NC1_METRICS = ["nc1", "nc1Tilde", "trSigmaW", "trSigmaB"] as const;

function nc1Values(st: ClassStats): Nc1Values {
  return { nc1: nc1Pinv(st), nc1Tilde: nc1TraceRatio(st), trSigmaW: st.trSigmaW, trSigmaB: st.trSigmaB };
}

/** Cluster the rows of W (N×k) into C groups: sign of column 0 when C = 2, else k-means++. */
export function clusterEmbedding(W: Matrix, classes: number, rng: Rng): Int32Array {
  const n = W.rows;
  if (classes === 2 && W.cols === 1) {
    const pred = new Int32Array(n);
    for (let i = 0; i < n; i++) pred[i] = W.data[i] > 0 ? 1 : 0;
    return pred;
  }
  return kmeans(W, classes, rng).assignment;
}

/** NC1 of W and ÂW, and the overlap of the clustering of W against the labels. */
export function evaluateEmbedding(W: Matrix, graph: CsrGraph, labels: Int32Array, classes: number, rng: Rng): EmbeddingEvaluation {
  const H = nc1Values(classStatistics(W, labels, classes));
  const HA = nc1Values(classStatistics(aggregateMean(W, graph), labels, classes));
  const predictions = clusterEmbedding(W, classes, rng);
  return { H, HA, overlap: overlapFromPredictions(predictions, labels, classes).overlap, predictions };
}
