/**
 * SGD with momentum and coupled weight decay, exactly PyTorch's torch.optim.SGD (dampening 0,
 * no Nesterov), which the reference trains with (REFERENCE.md §2: lr 0.004, momentum 0.9, wd 5e-4 on
 * every parameter, BatchNorm affine included):
 *   g ← ∇θ + wd·θ;   b ← μ·b + g (b = g at the first step);   θ ← θ − lr·b.
 * Since b starts at 0, "b = μ·0 + g" equals torch's first-step rule, so no special case is needed.
 *
 * The momentum buffers are plain Float32Arrays so a checkpoint can save and restore them bit-exactly;
 * the update runs on typed arrays (a few hundred floats per variable: cheaper than dispatching
 * tensor ops) and writes each variable back with one assign.
 */
import * as tf from "@tensorflow/tfjs";
import { GncError } from "../util/errors.js";

export interface SgdOptions {
  lr: number;
  momentum: number;
  weightDecay: number;
}

export class SgdMomentum {
  readonly opts: SgdOptions;
  readonly vars: tf.Variable[];
  /** One buffer per variable, same order and length. */
  readonly buffers: Float32Array[];

  constructor(vars: tf.Variable[], opts: SgdOptions) {
    this.vars = vars;
    this.opts = { ...opts };
    this.buffers = vars.map((v) => new Float32Array(v.size));
  }

  /**
   * Apply one step. grads[k] is the gradient of vars[k] (same order). The arithmetic is done in
   * float32 like the tensors (Math.fround), so it does not depend on where it runs.
   */
  step(grads: (tf.Tensor | null | undefined)[]): void {
    const { lr, momentum, weightDecay } = this.opts;
    const f = Math.fround;
    const lr32 = f(lr), mu32 = f(momentum), wd32 = f(weightDecay);
    for (let k = 0; k < this.vars.length; k++) {
      const v = this.vars[k];
      const g = grads[k];
      const theta = v.dataSync() as Float32Array;
      const gd = g ? (g.dataSync() as Float32Array) : null;
      const b = this.buffers[k];
      const next = new Float32Array(theta.length);
      for (let i = 0; i < theta.length; i++) {
        const gi = f((gd ? gd[i] : 0) + f(wd32 * theta[i]));
        const bi = f(f(mu32 * b[i]) + gi);
        b[i] = bi;
        next[i] = f(theta[i] - f(lr32 * bi));
      }
      const t = tf.tensor(next, v.shape, "float32");
      v.assign(t);
      t.dispose();
    }
  }

  /** Restore buffers (from a checkpoint). */
  setBuffers(bufs: Float32Array[]): void {
    if (bufs.length !== this.buffers.length) {
      throw new GncError(`gnc/train/optimizer: checkpoint has ${bufs.length} momentum buffers, the network has ${this.buffers.length} variables`);
    }
    bufs.forEach((b, k) => {
      if (b.length !== this.buffers[k].length) throw new GncError(`gnc/train/optimizer: momentum buffer ${k} has the wrong size`);
      this.buffers[k].set(b);
    });
  }
}
