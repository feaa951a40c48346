/**
 * The aggregation Â·X on row-major Float32Arrays (REFERENCE.md §2; Â = diag(r)·A·diag(c) + diag(s),
 * see graph-tensors.ts): the kernel behind the cpu and wasm "GncAggregate" kernels
 * (kernels/aggregate.ts) and the fused network kernels (tensor/kernels/fused-stack.ts). O(nnz·d).
 */
import type { OperatorScaling, PreparedGraph } from "./graph-tensors.js";
import { GENERATED_PROP } from "./kernels/generated.js";

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
  } else (GENERATED_PROP[d] ?? propLoop(d))(rowPtr, cols, n, src, r, out);
  if (s) {
    for (let i = 0; i < n; i++) {
      const si = s[i], o = i * d;
      for (let k = 0; k < d; k++) out[o + k] += si * x[o + k];
    }
  }
}

/**
 * out_i = r_i · Σ_{j ∈ N(i)} src_j (r null: 1), accumulating in out (float32): the loop for widths
 * without a generated kernel (codegen.ts propSource, ≈ 2.5× faster at d = 16), bit-identical to it.
 */
export function propLoop(d: number): (rowPtr: Int32Array, cols: Int32Array, n: number, src: Float32Array, r: Float32Array | null, out: Float32Array) => void {
  return (rowPtr, cols, n, src, r, out) => {
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
  };
}
