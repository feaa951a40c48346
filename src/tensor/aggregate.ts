/**
 * Neighbour aggregation Â·X for the operators of REFERENCE.md §2 (see graph-tensors.ts for the
 * diag(r)·A·diag(c) + diag(s) form of each) — the public, validated entry point:
 *
 *  - `aggregate(x, g, mode)`: a differentiable tfjs op with one kernel per backend and the
 *    transposed operator as its gradient (kernels/aggregate.ts: typed arrays on cpu/wasm, a GPU
 *    program on webgl, composed sparseSegmentSum elsewhere).
 *  - `propagateInto(...)`: the same operator on Float32Arrays (aggregate-cpu.ts), used by the fused
 *    network kernels.
 *
 * Nothing N×N is ever formed: cost O(nnz·d).
 */
import * as tf from "@tensorflow/tfjs";
import type { GraphTensors } from "../models/types.js";
import { GncError } from "../util/errors.js";
import { asPrepared, PROPAGATION_MODES, type PropagationMode } from "./graph-tensors.js";
import { aggregateOp } from "./kernels/aggregate.js";

export { propagateInto } from "./aggregate-cpu.js";

/**
 * Differentiable neighbour aggregation: Â x for x N×d. mode: "mean" (D⁻¹A, isolated nodes → 0),
 * "sum" (A), "sym" (D^-½AD^-½) or "gcn" (D̃^-½(A+I)D̃^-½). The gradient is Âᵀ dy. `path` forces
 * the backend's kernel or the composed stock-ops path (default: the kernel where one exists).
 */
export function aggregate(x: tf.Tensor2D, g: GraphTensors, mode: PropagationMode, path?: "kernel" | "composed"): tf.Tensor2D {
  const pg = asPrepared(g);
  if (!PROPAGATION_MODES.includes(mode)) {
    throw new GncError(`gnc/tensor/aggregate: unknown mode "${mode as string}" (valid: ${PROPAGATION_MODES.join(", ")})`);
  }
  if (x.rank !== 2 || x.shape[0] !== pg.n) {
    throw new GncError(`gnc/tensor/aggregate: features must be N×d with N = ${pg.n}, got [${x.shape.join(", ")}]`);
  }
  return aggregateOp(x.dtype === "float32" ? x : tf.cast(x, "float32"), pg, mode, path);
}
