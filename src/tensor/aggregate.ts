/**
 * Neighbour aggregation Â·X for the operators of REFERENCE.md §2 (see graph-tensors.ts for the
 * diag(r)·A·diag(c) + diag(s) form of each), in two implementations:
 *
 *  - `aggregate(x, g, mode)`: a tfjs op with its own gradient (tf.customGrad). The forward pass is
 *    tf.sparse.sparseSegmentSum over the CSR column indices (available on wasm and cpu; DESIGN.md:
 *    unsortedSegmentSum, hence gather's gradient, is missing on wasm). The gradient applies the
 *    transposed operator, which for symmetric A is the same segment sum with r and c swapped
 *    (mean: Aᵀ D⁻¹ g — scale rows by 1/deg first, then sum).
 *  - `propagateInto(...)`: the same operator on Float32Arrays, used by the fused network kernels.
 *
 * Nothing N×N is ever formed: cost O(nnz·d).
 */
import * as tf from "@tensorflow/tfjs";
import type { GraphTensors } from "../models/types.js";
import { GncError } from "../util/errors.js";
import { asPrepared, PROPAGATION_MODES, type OperatorScaling, type PreparedGraph, type PropagationMode } from "./graph-tensors.js";

/**
 * out (N×d) = Â X (transpose=false) or Âᵀ X (transpose=true), row-major Float32Arrays.
 * tmp is scratch of length N·d (used only when a column scaling applies). out must not alias x.
 */
export function propagateInto(
  g: PreparedGraph, sc: OperatorScaling, transpose: boolean,
  x: Float32Array, d: number, out: Float32Array, tmp: Float32Array,
): void {
  const n = g.n, rowPtr = g.rowPtr, cols = g.cols;
  const r = transpose ? sc.c : sc.r;
  const c = transpose ? sc.r : sc.c;
  const s = sc.s;
  let src = x;
  if (c) {
    // Column scaling first (for mean's transpose: divide each neighbour's row by its degree).
    for (let i = 0; i < n; i++) {
      const ci = c[i], o = i * d;
      for (let k = 0; k < d; k++) tmp[o + k] = x[o + k] * ci;
    }
    src = tmp;
  }
  if (d === 8) {
    // The paper's width for C = 2: an unrolled row sum keeps the accumulator in registers.
    for (let i = 0; i < n; i++) {
      let a0 = 0, a1 = 0, a2 = 0, a3 = 0, a4 = 0, a5 = 0, a6 = 0, a7 = 0;
      for (let p = rowPtr[i], e = rowPtr[i + 1]; p < e; p++) {
        const o = cols[p] << 3;
        a0 += src[o]; a1 += src[o + 1]; a2 += src[o + 2]; a3 += src[o + 3];
        a4 += src[o + 4]; a5 += src[o + 5]; a6 += src[o + 6]; a7 += src[o + 7];
      }
      const ri = r ? r[i] : 1, o = i << 3;
      out[o] = a0 * ri; out[o + 1] = a1 * ri; out[o + 2] = a2 * ri; out[o + 3] = a3 * ri;
      out[o + 4] = a4 * ri; out[o + 5] = a5 * ri; out[o + 6] = a6 * ri; out[o + 7] = a7 * ri;
    }
  } else {
    for (let i = 0; i < n; i++) {
      const o = i * d;
      for (let k = 0; k < d; k++) out[o + k] = 0;
      for (let p = rowPtr[i], e = rowPtr[i + 1]; p < e; p++) {
        const q = cols[p] * d;
        for (let k = 0; k < d; k++) out[o + k] += src[q + k];
      }
      if (r) {
        const ri = r[i];
        for (let k = 0; k < d; k++) out[o + k] *= ri;
      }
    }
  }
  if (s) {
    for (let i = 0; i < n; i++) {
      const si = s[i], o = i * d;
      for (let k = 0; k < d; k++) out[o + k] += si * x[o + k];
    }
  }
}

/** Â X (or Âᵀ X) with tfjs ops; x is N×d. Used inside the custom gradient below. */
function applyOperatorTf(x: tf.Tensor2D, g: PreparedGraph, mode: PropagationMode, transpose: boolean): tf.Tensor2D {
  return tf.tidy(() => {
    const sc = g.scalingTensors(mode);
    const r = transpose ? sc.c : sc.r;
    const c = transpose ? sc.r : sc.c;
    const d = x.shape[1];
    const src = c ? tf.mul(x, c) : x;
    const seg = g.segmentTensors();
    let y: tf.Tensor2D;
    if (seg.rows === 0) {
      y = tf.zeros([g.n, d]);
    } else {
      y = tf.sparse.sparseSegmentSum(src, seg.indices, seg.segmentIds) as tf.Tensor2D;
      // Nodes after the last one with a neighbour are missing from the segment sum: pad with zeros.
      if (seg.rows < g.n) y = tf.pad(y, [[0, g.n - seg.rows], [0, 0]]);
    }
    if (r) y = tf.mul(y, r);
    if (sc.s) y = tf.add(y, tf.mul(x, sc.s));
    return y;
  });
}

/**
 * Differentiable neighbour aggregation: Â x for x N×d. mode: "mean" (D⁻¹A, isolated nodes → 0),
 * "sum" (A), "sym" (D^-½AD^-½) or "gcn" (D̃^-½(A+I)D̃^-½). The gradient is Âᵀ dy.
 */
export function aggregate(x: tf.Tensor2D, g: GraphTensors, mode: PropagationMode): tf.Tensor2D {
  const pg = asPrepared(g);
  if (!PROPAGATION_MODES.includes(mode)) {
    throw new GncError(`gnc/tensor/aggregate: unknown mode "${mode as string}" (valid: ${PROPAGATION_MODES.join(", ")})`);
  }
  if (x.rank !== 2 || x.shape[0] !== pg.n) {
    throw new GncError(`gnc/tensor/aggregate: features must be N×d with N = ${pg.n}, got [${x.shape.join(", ")}]`);
  }
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => ({
    value: applyOperatorTf(args[0] as tf.Tensor2D, pg, mode, false),
    gradFunc: (dy: tf.Tensor) => applyOperatorTf(dy as tf.Tensor2D, pg, mode, true),
  }));
  return op(x) as tf.Tensor2D;
}
