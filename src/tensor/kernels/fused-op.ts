/**
 * The fused network op for the host backends (wasm, cpu): the whole GraphConv/GCN stack of
 * REFERENCE.md §2 — projection, L hidden blocks conv → ReLU → BatchNorm, final conv — as ONE
 * differentiable tfjs op over gnc's typed-array and wasm SIMD kernels (fused-stack.ts). DESIGN.md:
 * at the paper's sizes (N = 1000, d = 8) per-op tfjs dispatch costs more than the arithmetic, so the
 * tape sees one op whose value is [out | penultimate] (N×(C+d), both differentiable) and whose
 * gradient runs the stack's backward pass once. It reads its inputs back to the host (free on
 * wasm/cpu, a device round trip elsewhere — there models/ uses the composed ops instead).
 * The caller binds its variables to the stack (which slice of which variable is which layer's
 * parameter) through FusedStackBinding.
 */
import * as tf from "@tensorflow/tfjs";
import type { PreparedGraph, PropagationMode } from "../graph-tensors.js";
import { stackBackward, stackForward, type StackGrads, type StackParams, type Workspace } from "./fused-stack.js";

export interface FusedStackBinding {
  /** StackParams as views into the variables' current values (vals[k] = values of variables[k]). */
  params(vals: Float32Array[]): StackParams;
  /** dL/d variables[k], laid out like the variable, from the stack's float64 gradient sums. */
  variableGrads(gr: StackGrads, vals: Float32Array[]): Float32Array[];
}

export interface FusedStackResult {
  out: tf.Tensor2D;
  penultimate: tf.Tensor2D;
  /** Hidden blocks l = 1..L when captured: conv, ReLU and BN outputs as host arrays (N×d, copies). */
  captured?: { conv: Float32Array; relu: Float32Array; bn: Float32Array }[];
}

/**
 * Run the stack on x (N×d_in) with the given variables. `classes` C and `hidden` d give the packed
 * output's widths; `ws` is the caller's buffer pool, reused from step to step.
 */
export function fusedStack(
  x: tf.Tensor2D, variables: tf.Variable[], g: PreparedGraph, mode: PropagationMode, binding: FusedStackBinding,
  dims: { classes: number; hidden: number; depth: number }, capture: boolean, ws: Workspace,
): FusedStackResult {
  const sc = g.scaling(mode);
  const n = g.n, C = dims.classes, d = dims.hidden, L = dims.depth, inDim = x.shape[1];
  let captured: FusedStackResult["captured"];
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const inputs = args.slice(0, 1 + variables.length) as tf.Tensor[];
    const xv = inputs[0].dataSync() as Float32Array;
    const vals = inputs.slice(1).map((t) => t.dataSync() as Float32Array);
    const p = binding.params(vals);
    const ch = stackForward(g, sc, p, xv, capture, ws);
    if (capture) {
      // Copies: the cache's buffers go back to the workspace after backward.
      captured = [];
      for (let l = 1; l <= L; l++) captured.push({ conv: ch.conv![l], relu: ch.relu[l].slice(), bn: ch.inputs[l + 1].slice() });
    }
    // Value = [out | penultimate] (N×(C+d)) so both are differentiable through one op.
    const packed = new Float32Array(n * (C + d));
    const pen = ch.inputs[L + 1];
    for (let i = 0; i < n; i++) {
      packed.set(ch.out.subarray(i * C, (i + 1) * C), i * (C + d));
      packed.set(pen.subarray(i * d, (i + 1) * d), i * (C + d) + C);
    }
    return {
      value: tf.tensor2d(packed, [n, C + d]),
      gradFunc: (dy: tf.Tensor) => {
        const dyv = dy.dataSync() as Float32Array;
        const dOut = new Float32Array(n * C), dPen = new Float32Array(n * d);
        let anyPen = false;
        for (let i = 0; i < n; i++) {
          const o = i * (C + d);
          for (let k = 0; k < C; k++) dOut[i * C + k] = dyv[o + k];
          for (let k = 0; k < d; k++) { const v = dyv[o + C + k]; dPen[i * d + k] = v; if (v !== 0) anyPen = true; }
        }
        const gr = stackBackward(g, sc, p, ch, dOut, anyPen ? dPen : null, ws);
        const grads = binding.variableGrads(gr, vals);
        return [tf.tensor2d(gr.dx, [n, inDim]), ...grads.map((a, k) => tf.tensor(a, variables[k].shape))];
      },
    };
  });
  const packedT = op(x, ...variables) as tf.Tensor2D;
  const out = tf.slice(packedT, [0, 0], [n, C]);
  const penultimate = tf.slice(packedT, [0, C], [n, d]);
  packedT.dispose();
  return captured ? { out, penultimate, captured } : { out, penultimate };
}
