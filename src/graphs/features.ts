/**
 * Input feature strategies X (N×d_in, row-major Float32Array) — REFERENCE.md §1, the
 * `FeatureStrategy` enum of the reference code (gnn_collapse/data/sbm.py):
 *
 *   empty                 N×0 (no columns; `dim` is ignored) — the reference returns an empty tensor
 *   degree                N×1, the node degree (`dim` is ignored, as in the reference)
 *   random                N×dim, U[0, 1)
 *   random_normal         N×dim, N(0, 1) — the paper's choice: inputs carry no class signal
 *   degree_random         N×dim, column 0 the degree, columns 1..dim−1 U[0, 1)
 *   degree_random_normal  N×dim, column 0 the degree, columns 1..dim−1 N(0, 1)
 *
 * Random values are drawn row by row (node 0's columns first), so a seed fixes X exactly.
 */
import type { Matrix } from "../collapse/types.js";
import type { CsrGraph } from "./csr.js";
import type { Rng } from "../util/rng.js";
import { GncError } from "../util/errors.js";

export type FeatureStrategy = "empty" | "degree" | "random" | "random_normal" | "degree_random" | "degree_random_normal";

export const FEATURE_STRATEGIES: readonly FeatureStrategy[] = [
  "empty", "degree", "random", "random_normal", "degree_random", "degree_random_normal",
];

/** Number of columns a strategy produces for a requested `dim`. */
export function featureWidth(strategy: FeatureStrategy, dim: number): number {
  if (strategy === "empty") return 0;
  if (strategy === "degree") return 1;
  return dim;
}

/**
 * Build the N×d input features for `graph` (see the table above). `dim` must be ≥ 1 for the
 * random strategies (≥ 1 for the degree_random ones too: dim = 1 leaves only the degree column).
 */
export function makeFeatures(strategy: FeatureStrategy, graph: CsrGraph, dim: number, rng: Rng): Matrix {
  if (!FEATURE_STRATEGIES.includes(strategy)) {
    throw new GncError(`gnc/graphs/features: unknown feature strategy "${strategy}" (one of ${FEATURE_STRATEGIES.join(", ")})`);
  }
  const n = graph.n;
  if (strategy === "empty") return { data: new Float32Array(0), rows: n, cols: 0 };
  if (strategy !== "degree" && !(Number.isInteger(dim) && dim >= 1)) {
    throw new GncError(`gnc/graphs/features: strategy "${strategy}" needs an integer feature dimension ≥ 1, got ${dim}`);
  }
  const d = featureWidth(strategy, dim);
  const data = new Float32Array(n * d);
  const withDegree = strategy === "degree" || strategy === "degree_random" || strategy === "degree_random_normal";
  const normal = strategy === "random_normal" || strategy === "degree_random_normal";
  const first = withDegree ? 1 : 0;
  for (let i = 0; i < n; i++) {
    const row = i * d;
    if (withDegree) data[row] = graph.rowPtr[i + 1] - graph.rowPtr[i];
    for (let j = first; j < d; j++) data[row + j] = normal ? rng.normal() : rng.uniform();
  }
  return { data, rows: n, cols: d };
}
