/**
 * Browser page for test/web/kernels.test.ts (bundled by esbuild there): runs the same graph ops and
 * networks on the webgl backend and on the cpu backend and reports the largest relative differences,
 * so the test can assert on them. Exposed as window.gncKernelPage.
 */
import * as tf from "@tensorflow/tfjs";
import { setWasmPaths } from "@tensorflow/tfjs-backend-wasm";
import { csrFromEdges } from "../../src/graphs/csr.js";
import { prepareGraph, PROPAGATION_MODES } from "../../src/tensor/graph-tensors.js";
import { aggregate } from "../../src/tensor/aggregate.js";
import { createNetwork } from "../../src/models/network.js";
import type { NetworkConfig } from "../../src/models/types.js";
import { SgdMomentum } from "../../src/train/optimizer.js";
import { trainStep } from "../../src/train/step.js";
import { sampleSbm } from "../../src/graphs/sbm.js";
import { Rng } from "../../src/util/rng.js";
import { runSession, DEFAULT_SESSION } from "../../src/web/session.js";

const relErr = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let num = 0, den = 0;
  for (let i = 0; i < b.length; i++) { num = Math.max(num, Math.abs(a[i] - b[i])); den = Math.max(den, Math.abs(b[i])); }
  return num / (1e-12 + den);
};

/** A random graph on n nodes; the listed nodes stay isolated. */
function graph(n: number, p: number, rng: Rng, isolated: number[]) {
  const s: number[] = [], d: number[] = [];
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) {
    if (isolated.includes(i) || isolated.includes(j)) continue;
    if (rng.uniform() < p) { s.push(i); d.push(j); }
  }
  return csrFromEdges(n, s, d).graph;
}

async function on<T>(backend: string, f: () => T): Promise<T> {
  await tf.setBackend(backend);
  await tf.ready();
  return f();
}

/** Aggregation values and gradients, webgl vs cpu, per mode (isolated nodes 0 and n−1). */
async function aggregation(): Promise<Record<string, { value: number; grad: number; isolatedZero: boolean; kernel: boolean }>> {
  const rng = Rng.seeded(3), n = 37, d = 5;
  const csr = graph(n, 0.15, rng, [0, n - 1]);
  const xv = Float32Array.from({ length: n * d }, () => rng.normal()), wv = Float32Array.from({ length: n * d }, () => rng.normal());
  const out: Record<string, { value: number; grad: number; isolatedZero: boolean; kernel: boolean }> = {};
  for (const mode of PROPAGATION_MODES) {
    const run = () => {
      const g = prepareGraph(csr);
      const x = tf.tensor2d(xv, [n, d]), w = tf.tensor2d(wv, [n, d]);
      const y = aggregate(x, g, mode).dataSync().slice();
      const gr = tf.grad((xx: tf.Tensor) => tf.sum(tf.mul(aggregate(xx as tf.Tensor2D, g, mode), w)))(x).dataSync().slice();
      g.dispose();
      return { y, gr };
    };
    const c = await on("cpu", run);
    const gl = await on("webgl", run);
    const prof = await tf.profile(() => { const g = prepareGraph(csr); const r = aggregate(tf.tensor2d(xv, [n, d]), g, mode); return r; });
    out[mode] = {
      value: relErr(gl.y, c.y), grad: relErr(gl.gr, c.gr),
      isolatedZero: mode === "gcn" || Array.from(gl.y.subarray(0, d)).every((v) => v === 0),
      kernel: prof.kernelNames.includes("GncAggregate"),
    };
  }
  return out;
}

const BASE: NetworkConfig = { inDim: 4, hidden: 6, classes: 3, depth: 2, layer: "graphconv", aggregation: "mean", useW1: true, bias: false, batchNorm: true, activation: "relu", impl: "ops" };

/** Network output and every parameter/input gradient, webgl vs cpu, for several layer variants. */
async function networks(): Promise<Record<string, { out: number; grads: number; dx: number }>> {
  const variants: [string, Partial<NetworkConfig>][] = [
    ["graphconv mean W1", {}], ["graphconv mean no W1", { useW1: false }], ["gcn", { layer: "gcn" }],
    ["graphconv sum", { aggregation: "sum" }], ["graphconv sym + bias", { aggregation: "sym", bias: true }],
  ];
  const res: Record<string, { out: number; grads: number; dx: number }> = {};
  const rng0 = Rng.seeded(8), n = 30;
  const csr = graph(n, 0.2, rng0, [4]);
  for (const [name, over] of variants) {
    const cfg = { ...BASE, ...over };
    const xv = Float32Array.from({ length: n * cfg.inDim }, () => rng0.normal());
    const wo = Float32Array.from({ length: n * cfg.classes }, () => rng0.normal()), wp = Float32Array.from({ length: n * cfg.hidden }, () => rng0.normal());
    const run = () => {
      const net = createNetwork(cfg, Rng.seeded(11)), g = prepareGraph(csr);
      const x = tf.tensor2d(xv, [n, cfg.inDim]), wO = tf.tensor2d(wo, [n, cfg.classes]), wP = tf.tensor2d(wp, [n, cfg.hidden]);
      const loss = (xx: tf.Tensor2D) => { const r = net.forward(xx, g); return tf.add(tf.sum(tf.mul(r.out, wO)), tf.sum(tf.mul(r.penultimate, wP))) as tf.Scalar; };
      const out = net.forward(x, g).out.dataSync().slice();
      const { grads } = tf.variableGrads(() => loss(x), net.variables);
      const gs = net.variables.map((v) => grads[v.name].dataSync().slice());
      const dx = tf.grad((xx: tf.Tensor) => loss(xx as tf.Tensor2D))(x).dataSync().slice();
      net.dispose(); g.dispose();
      return { out, gs, dx, impl: net.impl };
    };
    const c = await on("cpu", run), gl = await on("webgl", run);
    res[name] = { out: relErr(gl.out, c.out), grads: Math.max(...gl.gs.map((g, k) => relErr(g, c.gs[k]))), dx: relErr(gl.dx, c.dx) };
  }
  return res;
}

/** 50 SGD steps on webgl (impl auto → ops, optimiser on the device): loss of the first and last 5 steps. */
async function training(): Promise<{ first: number; last: number; impl: string; onDevice: boolean; backend: string }> {
  await tf.setBackend("webgl");
  const rng = Rng.seeded(5), n = 120, d = 8;
  const net = createNetwork({ ...BASE, inDim: d, hidden: d, classes: 2, depth: 2, impl: undefined }, rng);
  const opt = new SgdMomentum(net.variables, { lr: 0.05, momentum: 0.9, weightDecay: 5e-4 });
  const losses: number[] = [];
  for (let s = 0; s < 50; s++) {
    const { graph: gr, labels } = sampleSbm({ n, classes: 2, pIn: 0.15, pOut: 0.01 }, rng);
    const g = prepareGraph(gr), x = tf.tensor2d(Float32Array.from({ length: n * d }, () => rng.normal()), [n, d]);
    losses.push(trainStep(net, opt, x, g, labels, { kind: "mse" }).loss);
    x.dispose(); g.dispose();
  }
  const mean = (a: number[]) => a.reduce((s, v) => s + v, 0) / a.length;
  const r = { first: mean(losses.slice(0, 5)), last: mean(losses.slice(-5)), impl: net.impl, onDevice: opt.onDevice, backend: tf.getBackend() };
  opt.dispose(); net.dispose();
  return r;
}

/** The same short explorer session on webgl and on wasm: final test overlap and last-layer log10 NC1. */
async function sessions(): Promise<Record<string, { overlap: number; nc1: number; impl: string }>> {
  const out: Record<string, { overlap: number; nc1: number; impl: string }> = {};
  const o = { ...DEFAULT_SESSION, n: 150, depth: 4, epochs: 3, stepsPerEpoch: 10, lr: 0.01 };
  setWasmPaths("./");
  for (const b of ["webgl", "wasm"]) {
    await tf.setBackend(b);
    const last = await runSession(o, () => {});
    const row = last!.rows.filter((r) => r.epoch === last!.epoch && r.metric === "nc1" && r.kind === "bn" && r.variant === "H" && r.layer === o.depth)[0];
    out[b] = { overlap: last!.testOverlap, nc1: row.meanLog10, impl: last!.impl };
  }
  return out;
}

(globalThis as unknown as { gncKernelPage: unknown }).gncKernelPage = { aggregation, networks, training, sessions };
(globalThis as unknown as { gncKernelPageReady: boolean }).gncKernelPageReady = true;
