/**
 * The standard workload of bench/step.bench.ts (REFERENCE.md §7, the paper's GNN runs): an SBM
 * sampler (O(N + m), geometric skipping per class block, Batagelj–Brandes), the perm-invariant MSE
 * and a minimal SGD-momentum step. The step is local to the bench on purpose (train/ owns the real
 * one): to time train/'s step instead, replace `makeStep` with it.
 */
import * as tf from "@tensorflow/tfjs";
import { Rng } from "../src/util/rng.js";
import { csrFromEdges, type CsrGraph } from "../src/graphs/csr.js";
import type { Network } from "../src/models/types.js";
import type { GraphTensors } from "../src/models/types.js";

/** SBM(N, C, p, q) with balanced classes in random order; every unordered pair sampled once. */
export function sbm(n: number, C: number, p: number, q: number, rng: Rng): { graph: CsrGraph; labels: Int32Array } {
  const perm = rng.permutation(n);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) labels[perm[i]] = i % C;
  const byClass: number[][] = Array.from({ length: C }, () => []);
  for (let i = 0; i < n; i++) byClass[labels[i]].push(i);
  const src: number[] = [], dst: number[] = [];
  for (let a = 0; a < C; a++) {
    for (let b = a; b < C; b++) {
      const pr = a === b ? p : q, A = byClass[a], B = byClass[b];
      if (pr <= 0) continue;
      const total = a === b ? (A.length * (A.length - 1)) / 2 : A.length * B.length;
      let t = -1;
      for (;;) {
        t += 1 + rng.geometric(pr);
        if (t >= total) break;
        if (a === b) {
          // t indexes pairs (i < j) row by row: i = floor((1 + √(1 + 8t)) / 2), j = t − i(i−1)/2
          let i = Math.floor((1 + Math.sqrt(1 + 8 * t)) / 2);
          while ((i * (i - 1)) / 2 > t) i--;
          while (((i + 1) * i) / 2 <= t) i++;
          const j = t - (i * (i - 1)) / 2;
          src.push(A[i]); dst.push(A[j]);
        } else {
          src.push(A[Math.floor(t / B.length)]); dst.push(B[t % B.length]);
        }
      }
    }
  }
  return { graph: csrFromEdges(n, src, dst).graph, labels };
}

/** All permutations of 0..C-1 (C! of them). */
export function permutations(C: number): number[][] {
  if (C === 1) return [[0]];
  const out: number[][] = [];
  for (const p of permutations(C - 1)) for (let i = 0; i <= p.length; i++) out.push([...p.slice(0, i), C - 1, ...p.slice(i)]);
  return out;
}

/** min over σ of mean((out − onehot(σ(y)))²), as tfjs ops (gradient through the minimiser). */
export function permInvariantMse(out: tf.Tensor2D, labels: Int32Array, C: number): tf.Scalar {
  const losses = permutations(C).map((perm) => {
    const y = Int32Array.from(labels, (c) => perm[c]);
    return tf.losses.meanSquaredError(tf.oneHot(tf.tensor1d(y, "int32"), C), out) as tf.Scalar;
  });
  return tf.min(tf.stack(losses)) as tf.Scalar;
}

/** SGD with momentum 0.9, lr, weight decay wd added to every gradient (as torch.optim.SGD does). */
export function makeStep(net: Network, lr = 0.004, wd = 5e-4, fused = true) {
  const opt = tf.train.momentum(lr, 0.9);
  const step = (x: tf.Tensor2D, g: GraphTensors, labels: Int32Array): number => {
    let lossValue = 0;
    tf.tidy(() => {
      const { value, grads } = tf.variableGrads(() => permInvariantMse(net.forward(x, g, { fused }).out, labels, net.config.classes), net.variables);
      const withDecay: Record<string, tf.Tensor> = {};
      for (const v of net.variables) withDecay[v.name] = tf.add(grads[v.name], tf.mul(v, wd));
      opt.applyGradients(withDecay as tf.NamedTensorMap);
      lossValue = value.dataSync()[0];
    });
    return lossValue;
  };
  return { step, dispose: () => opt.dispose() };
}
