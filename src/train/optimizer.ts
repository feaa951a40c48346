/**
 * SGD with momentum and coupled weight decay, exactly PyTorch's torch.optim.SGD (dampening 0,
 * no Nesterov), which the reference trains with (REFERENCE.md §2: lr 0.004, momentum 0.9, wd 5e-4 on
 * every parameter, BatchNorm affine included):
 *   g ← ∇θ + wd·θ;   b ← μ·b + g (b = g at the first step);   θ ← θ − lr·b.
 * Since b starts at 0, "b = μ·0 + g" equals torch's first-step rule, so no special case is needed.
 *
 * Two places the same float32 arithmetic can run (`onDevice`, default: by backend):
 *  - host (wasm, cpu): momentum buffers are Float32Arrays and the update runs on typed arrays with
 *    Math.fround after every operation (a few hundred floats per variable: cheaper than dispatching
 *    tensor ops), writing each variable back with one assign;
 *  - device (webgl, webgpu, tensorflow): buffers are tfjs tensors and the update is five tfjs ops per
 *    variable in the same order, so parameters never leave the GPU. Each tfjs float32 op rounds
 *    once, exactly like one Math.fround, so both give the same bits on the cpu backend (tested).
 * `buffers` is always readable as Float32Arrays (checkpoints save and restore them bit-exactly); on
 * the device path reading it downloads them.
 */
import * as tf from "@tensorflow/tfjs";
import { GncError } from "../util/errors.js";

export interface SgdOptions {
  lr: number;
  momentum: number;
  weightDecay: number;
  /** Keep momentum and the update on the tfjs backend (default: true unless the backend is wasm or cpu). */
  onDevice?: boolean;
}

const HOST_BACKENDS = new Set(["wasm", "cpu"]);

export class SgdMomentum {
  readonly opts: SgdOptions;
  readonly vars: tf.Variable[];
  /** True when the momentum buffers and the update live on the tfjs backend. */
  readonly onDevice: boolean;
  private readonly host: Float32Array[] = [];
  private device: tf.Tensor[] = [];

  constructor(vars: tf.Variable[], opts: SgdOptions) {
    this.vars = vars;
    this.opts = { ...opts };
    this.onDevice = opts.onDevice ?? !HOST_BACKENDS.has(tf.getBackend());
    if (this.onDevice) this.device = vars.map((v) => tf.keep(tf.zeros(v.shape, "float32")));
    else this.host = vars.map((v) => new Float32Array(v.size));
  }

  /** One buffer per variable, same order and length (a download on the device path). */
  get buffers(): Float32Array[] {
    return this.onDevice ? this.device.map((b) => b.dataSync() as Float32Array) : this.host;
  }

  /**
   * Apply one step. grads[k] is the gradient of vars[k] (same order). The arithmetic is done in
   * float32 like the tensors, so it does not depend on where it runs.
   */
  step(grads: (tf.Tensor | null | undefined)[]): void {
    if (this.onDevice) this.stepDevice(grads);
    else this.stepHost(grads);
  }

  private stepHost(grads: (tf.Tensor | null | undefined)[]): void {
    const { lr, momentum, weightDecay } = this.opts;
    const f = Math.fround;
    const lr32 = f(lr), mu32 = f(momentum), wd32 = f(weightDecay);
    for (let k = 0; k < this.vars.length; k++) {
      const v = this.vars[k];
      const g = grads[k];
      const theta = v.dataSync() as Float32Array;
      const gd = g ? (g.dataSync() as Float32Array) : null;
      const b = this.host[k];
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

  private stepDevice(grads: (tf.Tensor | null | undefined)[]): void {
    const { lr, momentum, weightDecay } = this.opts;
    for (let k = 0; k < this.vars.length; k++) {
      const v = this.vars[k], g = grads[k];
      const [b, next] = tf.tidy(() => {
        // Same operation order as stepHost: (∇ + wd·θ), (μ·b + g), θ − lr·b.
        const wdTheta = tf.mul(tf.scalar(weightDecay), v);
        const gi = g ? tf.add(g, wdTheta) : tf.add(tf.zerosLike(v), wdTheta);
        const bi = tf.add(tf.mul(tf.scalar(momentum), this.device[k]), gi);
        return [tf.keep(bi), tf.sub(v, tf.mul(tf.scalar(lr), bi))];
      });
      this.device[k].dispose();
      this.device[k] = b;
      v.assign(next);
      next.dispose();
    }
  }

  /** Restore buffers (from a checkpoint). */
  setBuffers(bufs: Float32Array[]): void {
    if (bufs.length !== this.vars.length) {
      throw new GncError(`gnc/train/optimizer: checkpoint has ${bufs.length} momentum buffers, the network has ${this.vars.length} variables`);
    }
    bufs.forEach((b, k) => {
      if (b.length !== this.vars[k].size) throw new GncError(`gnc/train/optimizer: momentum buffer ${k} has the wrong size`);
      if (this.onDevice) {
        this.device[k].dispose();
        this.device[k] = tf.keep(tf.tensor(b, this.vars[k].shape, "float32"));
      } else {
        this.host[k].set(b);
      }
    });
  }

  /** Free the device buffers (no-op on the host path). */
  dispose(): void {
    for (const b of this.device) b.dispose();
    this.device = [];
  }
}
