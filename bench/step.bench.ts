/**
 * SGD step time of the paper's standard GNN workload (REFERENCE.md §7): SBM N = 1000, C = 2,
 * p = 0.025, q = 0.0017, GraphConv with mean aggregation, L = 32 (34 convs), d = 8, ReLU + BN,
 * permutation-invariant MSE, SGD lr 0.004, momentum 0.9, weight decay 5e-4 on every parameter,
 * one fresh graph per step — on tfjs wasm with gnc's fused network op, against the PyTorch anchor
 * ../shared/bench/torch_graphconv.py beside the checkout (or $GNC_TORCH_BENCH; one thread) run in alternating rounds in the same
 * invocation (the machine is shared: figures are noisy upper bounds). Graph sampling and
 * preparation are outside the timed region, as in the torch script.
 * Then the paper's C = 4 workload (`gnc train --preset paper-c4`: N = 1000, C = 4, p = 0.1,
 * q = 0.0068, d_in = d = 16, useW1 on, lr 0.006) with the fused op's wasm SIMD kernels on and off
 * (off = the scalar JS kernels, what d = 16 ran on before the 16-wide SIMD kernels), interleaved.
 * Then single steps at N = 1e4 and 1e5 (mean degree ≈ 13) with peak RSS and the wasm heap.
 *
 * The step (forward, loss, momentum update) is bench-local (step-workload.ts); to time train/'s
 * step instead, swap `makeStep`.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../src/tensor/backend.js";
import { prepareGraph } from "../src/tensor/graph-tensors.js";
import { setSimdEnabled, simdAvailable, simdMemoryBytes } from "../src/tensor/simd.js";
import { createNetwork } from "../src/models/network.js";
import type { NetworkConfig } from "../src/models/types.js";
import { Rng } from "../src/util/rng.js";
import { makeStep, sbm } from "./step-workload.js";

// The team's PyTorch anchor lives in shared/, beside the checkout.
const TORCH_SCRIPT = process.env.GNC_TORCH_BENCH ?? path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../shared/bench/torch_graphconv.py");
const PY = "/usr/bin/python3";

const median = (a: number[]) => { const s = [...a].sort((x, y) => x - y); return s[s.length >> 1]; };

/** A step workload: SBM(N, C, p, q) at N = 1000 (p, q scaled by 1000/N), width d = d_in, learning rate. */
interface Workload { C: number; d: number; p: number; q: number; lr: number }
/** The paper's C = 2 standard workload (REFERENCE.md §7) and its C = 4 one (experiments/paper-c4.json). */
const C2: Workload = { C: 2, d: 8, p: 0.025, q: 0.0017, lr: 0.004 };
const C4: Workload = { C: 4, d: 16, p: 0.1, q: 0.0068, lr: 0.006 };

function config(useW1: boolean, wl: Workload = C2): NetworkConfig {
  return { inDim: wl.d, hidden: wl.d, classes: wl.C, depth: 32, layer: "graphconv", aggregation: "mean", useW1, bias: false, batchNorm: true, activation: "relu" };
}

/** ms per step for `steps` timed steps after `warm` untimed ones; fresh SBM graph each step. */
function gncSteps(n: number, useW1: boolean, steps: number, warm: number, seed: number, fused = true, wl: Workload = C2): number[] {
  const rng = Rng.seeded(seed);
  const net = createNetwork(config(useW1, wl), rng);
  const { step, dispose } = makeStep(net, wl.lr, 5e-4, fused);
  const scale = 1000 / n, d = wl.d;
  const times: number[] = [];
  for (let s = 0; s < steps + warm; s++) {
    const { graph, labels } = sbm(n, wl.C, wl.p * scale, wl.q * scale, rng);
    const g = prepareGraph(graph);
    const x = tf.tensor2d(Float32Array.from({ length: n * d }, () => rng.normal()), [n, d]);
    const t0 = performance.now();
    step(x, g, labels);
    if (s >= warm) times.push(performance.now() - t0);
    x.dispose(); g.dispose();
  }
  dispose(); net.dispose();
  return times;
}

function torchAvailable(): boolean {
  if (!existsSync(TORCH_SCRIPT)) return false;
  return spawnSync(PY, ["-c", "import torch"], { stdio: "ignore" }).status === 0;
}

/** The torch anchor's own median ms/step (it excludes graph sampling), or null on failure. */
function torchSteps(steps: number, useW1: boolean, n = 1000): number | null {
  const r = spawnSync(PY, [TORCH_SCRIPT, String(steps), "1", useW1 ? "1" : "0", String(n)], { encoding: "utf8", env: { ...process.env, OMP_NUM_THREADS: "1" } });
  const m = /([\d.]+) ms\/step/.exec(r.stdout ?? "");
  return m ? Number(m[1]) : null;
}

function wasmHeapMiB(): number | null {
  const b = tf.backend() as unknown as { wasm?: { HEAPU8?: Uint8Array } };
  return b.wasm?.HEAPU8 ? b.wasm.HEAPU8.buffer.byteLength / 2 ** 20 : null;
}

export async function run(): Promise<void> {
  const info = await initBackend("wasm");
  console.log(`backend ${info.name} (tfjs ${info.version}); tried: ${info.tried.join("; ")}`);
  console.log("workload: SBM N=1000 C=2 p=0.025 q=0.0017, GraphConv mean, L=32 (34 convs), d=8, ReLU+BN, perm-inv MSE, SGD lr=0.004 m=0.9 wd=5e-4, fresh graph per step");
  const haveTorch = torchAvailable();
  if (!haveTorch) console.log(`torch: not available (${PY} -c "import torch" failed or ${TORCH_SCRIPT} missing) — gnc figures only`);
  const rounds = 3, steps = 60;
  for (const useW1 of [true, false]) {
    const g: number[] = [], t: number[] = [];
    for (let r = 0; r < rounds; r++) {
      g.push(median(gncSteps(1000, useW1, steps, 10, 100 + r)));
      if (haveTorch) { const v = torchSteps(steps, useW1); if (v !== null) t.push(v); }
    }
    const gm = median(g);
    let line = `useW1=${useW1 ? "on " : "off"}: gnc wasm fused ${gm.toFixed(2)} ms/step (round medians ${g.map((v) => v.toFixed(1)).join(", ")})`;
    if (t.length) {
      const tm = median(t);
      line += `; torch 1 thread ${tm.toFixed(2)} ms/step (${t.map((v) => v.toFixed(1)).join(", ")}); gnc/torch = ${(gm / tm).toFixed(2)}`;
    }
    console.log(line);
  }
  console.log(`(fused layers ran on wasm SIMD kernels: ${simdAvailable()})`);
  setSimdEnabled(false);
  const scalar = median(gncSteps(1000, true, 40, 10, 7));
  setSimdEnabled(true);
  const unfused = median(gncSteps(1000, true, 10, 3, 7, false));
  console.log(`useW1=on, other paths: fused op on scalar JS kernels (GNC_SIMD=0) ${scalar.toFixed(1)} ms/step; composed tfjs ops (reference path) ${unfused.toFixed(1)} ms/step`);

  // C = 4, d = 16 (paper-c4): SIMD on vs off in alternating rounds on the same seeds.
  console.log("workload C=4: SBM N=1000 C=4 p=0.1 q=0.0068, GraphConv mean, L=32, d_in=d=16, useW1 on, ReLU+BN, perm-inv MSE (4! perms), SGD lr=0.006 m=0.9 wd=5e-4");
  const on: number[] = [], off: number[] = [];
  for (let r = 0; r < 3; r++) {
    on.push(median(gncSteps(1000, true, 20, 5, 200 + r, true, C4)));
    const old = setSimdEnabled(false);
    off.push(median(gncSteps(1000, true, 20, 5, 200 + r, true, C4)));
    setSimdEnabled(old);
  }
  const onM = median(on), offM = median(off);
  console.log(`C=4 d=16 useW1=on: fused op, wasm SIMD ${onM.toFixed(1)} ms/step (rounds ${on.map((v) => v.toFixed(1)).join(", ")}); scalar JS kernels ${offM.toFixed(1)} ms/step (${off.map((v) => v.toFixed(1)).join(", ")}); SIMD/scalar = ${(onM / offM).toFixed(2)}`);

  for (const n of [10_000, 100_000]) {
    const times = gncSteps(n, true, n >= 100_000 ? 2 : 3, 1, 9);
    // maxRSS is the process peak so far (monotonic): it bounds this N's peak from above.
    const peak = Math.max(process.memoryUsage().rss, process.resourceUsage().maxRSS * 1024);
    let line = `N=${n.toExponential(0)} (mean degree ≈ 13, useW1 on): gnc ${median(times).toFixed(0)} ms/step; process peak RSS ${(peak / 2 ** 20).toFixed(0)} MiB; tfjs wasm heap ${wasmHeapMiB()?.toFixed(0)} MiB; gnc SIMD memory ${(simdMemoryBytes() / 2 ** 20).toFixed(0)} MiB`;
    if (haveTorch && n === 10_000) {
      const tm = torchSteps(3, true, n);
      if (tm !== null) line += `; torch ${tm.toFixed(0)} ms/step, gnc/torch = ${(median(times) / tm).toFixed(2)}`;
    }
    console.log(line);
  }
}
