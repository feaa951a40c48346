import { describe, expect, it } from "vitest";
import * as tf from "@tensorflow/tfjs";
import { permutationInvariantLoss, permutationInvariantLossOnDevice, overlapFromConfusion, type LossSpec } from "../../src/train/losses.js";
import { overlap } from "../../src/train/overlap.js";
import { allPermutations } from "../../src/train/assignment.js";
import { Rng } from "../../src/util/rng.js";
import { initBackend } from "../../src/tensor/backend.js";

/** float64 per-node loss ℓ(o, k) written from the textbook definitions. */
function refNodeLoss(o: number[], k: number, spec: LossSpec): number {
  const C = o.length;
  if (spec.kind === "mse") return o.reduce((s, v, j) => s + (v - (j === k ? 1 : 0)) ** 2, 0);
  const m = Math.max(...o);
  const z = o.reduce((s, v) => s + Math.exp(v - m), 0);
  const logp = o.map((v) => v - m - Math.log(z));
  if (spec.kind === "ce") return -logp[k];
  if (spec.kind === "ls-ce") {
    const e = spec.labelSmoothing!;
    return -logp.reduce((s, lp, j) => s + ((j === k ? 1 - e : 0) + e / C) * lp, 0);
  }
  const p = Math.exp(logp[k]);
  return -((1 - p) ** spec.focalGamma!) * logp[k];
}

/** Brute force: min over all C! label permutations of the mean loss. */
function refLoss(out: number[][], labels: Int32Array, spec: LossSpec): { value: number; perm: Int32Array } {
  const C = out[0].length, n = out.length;
  let best = Infinity, bestPerm = allPermutations(C)[0];
  for (const p of allPermutations(C)) {
    let s = 0;
    for (let i = 0; i < n; i++) s += refNodeLoss(out[i], p[labels[i]], spec);
    s /= spec.kind === "mse" ? n * C : n;
    if (s < best) { best = s; bestPerm = p; }
  }
  return { value: best, perm: bestPerm };
}

const SPECS: LossSpec[] = [
  { kind: "mse" },
  { kind: "ce" },
  { kind: "ls-ce", labelSmoothing: 0.2 },
  { kind: "focal", focalGamma: 2 },
];

describe("permutation-invariant losses", () => {
  it("value equals the brute-force min over permutations, gradient matches finite differences of it", async () => {
    await initBackend("cpu");
    const rng = Rng.seeded(5);
    for (const spec of SPECS) {
      for (const C of [2, 3, 4]) {
        const n = 12;
        const out = Array.from({ length: n }, () => Array.from({ length: C }, () => 1.5 * rng.normal()));
        const labels = new Int32Array(n).map(() => rng.int(C));
        const ref = refLoss(out, labels, spec);
        const outT = tf.tensor2d(out);
        const r = permutationInvariantLoss(outT, labels, spec);
        expect(r.value).toBeCloseTo(ref.value, 5);
        expect(r.loss.dataSync()[0]).toBeCloseTo(ref.value, 4);
        // Gradient through the minimising permutation vs central differences of the float64 min.
        const g = tf.grad((o: tf.Tensor) => permutationInvariantLoss(o as tf.Tensor2D, labels, spec).loss)(outT).arraySync() as number[][];
        const h = 1e-6;
        for (let t = 0; t < 6; t++) {
          const i = rng.int(n), k = rng.int(C);
          const plus = out.map((row) => row.slice()), minus = out.map((row) => row.slice());
          plus[i][k] += h; minus[i][k] -= h;
          const fd = (refLoss(plus, labels, spec).value - refLoss(minus, labels, spec).value) / (2 * h);
          expect(Math.abs(g[i][k] - fd)).toBeLessThan(1e-4 + 1e-3 * Math.abs(fd));
        }
        tf.dispose([outT, r.loss]);
      }
    }
  });

  it("is invariant to relabelling the classes", async () => {
    await initBackend("cpu");
    const rng = Rng.seeded(9);
    const n = 20, C = 3;
    const out = tf.tensor2d(Array.from({ length: n * C }, () => rng.normal()), [n, C]);
    const labels = new Int32Array(n).map(() => rng.int(C));
    const relabelled = labels.map((y) => [1, 2, 0][y]);
    for (const spec of SPECS) {
      expect(permutationInvariantLoss(out, relabelled, spec).value).toBeCloseTo(permutationInvariantLoss(out, labels, spec).value, 10);
    }
  });
});

describe("the on-device loss (one 2C×C download)", () => {
  for (const backend of ["cpu", "wasm"]) {
    it(`${backend}: same value, permutation, gradient and overlap as the host loss`, async () => {
      await initBackend(backend);
      const rng = Rng.seeded(21);
      for (const spec of SPECS) {
        for (const C of [2, 3, 4, 7]) {
          const n = 30;
          const outT = tf.tensor2d(Array.from({ length: n * C }, () => 1.5 * rng.normal()), [n, C]);
          const labels = new Int32Array(n).map(() => rng.int(C));
          const h = permutationInvariantLoss(outT, labels, spec);
          const d = permutationInvariantLossOnDevice(outT, labels, spec);
          expect(Array.from(d.perm)).toEqual(Array.from(h.perm));
          expect(Math.abs(d.value - h.value)).toBeLessThan(1e-5 * Math.max(1, Math.abs(h.value)));
          expect(d.overlap).toBe(overlap(outT.dataSync(), labels, C).overlap);
          const gh = tf.grad((o: tf.Tensor) => permutationInvariantLoss(o as tf.Tensor2D, labels, spec).loss)(outT);
          const gd = tf.grad((o: tf.Tensor) => permutationInvariantLossOnDevice(o as tf.Tensor2D, labels, spec).loss)(outT);
          expect(Array.from(gd.dataSync())).toEqual(Array.from(gh.dataSync()));
          tf.dispose([outT, h.loss, d.loss, gh, gd]);
        }
      }
    });
  }
  it("overlapFromConfusion: perfect, permuted and chance confusions", () => {
    expect(overlapFromConfusion([5, 0, 0, 5], 2, 10).overlap).toBe(1);
    expect(overlapFromConfusion([0, 5, 5, 0], 2, 10).overlap).toBe(1);
    expect(overlapFromConfusion([3, 2, 2, 3], 2, 10).overlap).toBeCloseTo(0.2, 12);
  });
});
