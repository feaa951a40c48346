/**
 * Overlap, the accuracy the paper reports (REFERENCE.md §2; Kothapalli et al. 2023, after the
 * community-detection convention of Decelle et al. 2011):
 *   acc = max_σ (1/N) Σ_i 1[argmax out_i = σ(y_i)],  overlap = (acc − 1/C) / (1 − 1/C),
 * 0 at chance, 1 at perfect recovery. The max over label permutations is an assignment problem on the
 * C×C confusion counts.
 */
import { minCostAssignment } from "./assignment.js";

/** Row-wise argmax of an N×C row-major output (ties → lowest index). */
export function argmaxRows(out: ArrayLike<number>, n: number, C: number): Int32Array {
  const pred = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let best = 0;
    let bv = out[i * C];
    for (let k = 1; k < C; k++) {
      const v = out[i * C + k];
      if (v > bv) {
        bv = v;
        best = k;
      }
    }
    pred[i] = best;
  }
  return pred;
}

/** Permutation-maximised accuracy and overlap of predictions against labels. */
export function overlapFromPredictions(pred: Int32Array, labels: Int32Array, C: number): { accuracy: number; overlap: number } {
  const n = labels.length;
  const conf = new Float64Array(C * C);
  for (let i = 0; i < n; i++) conf[labels[i] * C + pred[i]]++;
  for (let k = 0; k < C * C; k++) conf[k] = -conf[k];
  const best = minCostAssignment(conf, C);
  const accuracy = n === 0 ? 0 : -best.cost / n;
  return { accuracy, overlap: (accuracy - 1 / C) / (1 - 1 / C) };
}

/** Overlap of an N×C network output. */
export function overlap(out: ArrayLike<number>, labels: Int32Array, C: number): { accuracy: number; overlap: number } {
  return overlapFromPredictions(argmaxRows(out, labels.length, C), labels, C);
}
