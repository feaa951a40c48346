/**
 * SGD step time per tfjs backend and network impl, side by side (issue 10), for the paper's standard
 * workload (REFERENCE.md §7: SBM C = 2, p = 0.025, q = 0.0017 at N = 1000, GraphConv mean with W1,
 * L = 32, d = 8, ReLU + BN, permutation-invariant MSE, SGD lr 0.004 m 0.9 wd 5e-4, a fresh graph per
 * step) at N = 1000, 1e4 and 1e5 with p and q scaled by 1000/N (the paper's mean degree ≈ 13 at
 * every N). Timed: src/train/step.ts (forward, loss, gradients, optimiser); graph sampling and
 * preparation are outside the timed region.
 *   wasm fused  — the default: one custom op over gnc's typed-array + wasm SIMD kernels
 *   wasm ops    — composed tfjs ops, aggregation by the GncAggregate wasm kernel
 *   cpu fused / cpu ops — the same on tfjs's plain-JS cpu backend
 *   webgl ops   — headless Chromium, WebGL 2 on SwiftShader (a CPU rasteriser: correctness, not GPU
 *                 speed); aggregation as the GPU gather-sum program, optimiser on the device
 *   torch       — ../shared/bench/torch_graphconv.py (or $GNC_TORCH_BENCH), 1 thread, same workload
 * Ratios are against wasm fused measured in the same run. The machine is shared: medians, noisy.
 */
import { spawnSync } from "node:child_process";
import { existsSync, rmSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../src/tensor/backend.js";
import { prepareGraph } from "../src/tensor/graph-tensors.js";
import { createNetwork } from "../src/models/network.js";
import type { NetworkImpl } from "../src/models/types.js";
import { SgdMomentum } from "../src/train/optimizer.js";
import { trainStep } from "../src/train/step.js";
import { Rng } from "../src/util/rng.js";
import { sbm } from "./step-workload.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const TORCH_SCRIPT = process.env.GNC_TORCH_BENCH ?? path.resolve(here, "../../shared/bench/torch_graphconv.py");
const PY = "/usr/bin/python3";
const median = (a: number[]) => { const s = [...a].sort((x, y) => x - y); return s[s.length >> 1]; };

/** Steps timed / warm-up steps per N (fewer at large N: one 1e5 step is seconds on cpu). */
const PLAN: Record<number, { steps: number; warm: number }> = { 1000: { steps: 15, warm: 3 }, 10_000: { steps: 3, warm: 1 }, 100_000: { steps: 1, warm: 0 } };
/** webgl sizes whose projected step (linear in N from the previous size) is longer are skipped. */
const WEBGL_MAX_MS = 60_000;

function nodeSteps(n: number, impl: NetworkImpl, steps: number, warm: number): number[] {
  const rng = Rng.seeded(9), d = 8, scale = 1000 / n;
  const net = createNetwork({ inDim: d, hidden: d, classes: 2, depth: 32, layer: "graphconv", aggregation: "mean", useW1: true, bias: false, batchNorm: true, activation: "relu", impl }, rng);
  const opt = new SgdMomentum(net.variables, { lr: 0.004, momentum: 0.9, weightDecay: 5e-4 });
  const times: number[] = [];
  for (let s = 0; s < steps + warm; s++) {
    const { graph, labels } = sbm(n, 2, 0.025 * scale, 0.0017 * scale, rng);
    const g = prepareGraph(graph), x = tf.tensor2d(Float32Array.from({ length: n * d }, () => rng.normal()), [n, d]);
    const t0 = performance.now();
    trainStep(net, opt, x, g, labels, { kind: "mse" });
    if (s >= warm) times.push(performance.now() - t0);
    x.dispose(); g.dispose();
  }
  opt.dispose(); net.dispose();
  return times;
}

/** Why the PyTorch column cannot run here, or null when it can. */
function torchMissing(): string | null {
  if (!existsSync(TORCH_SCRIPT)) return `no ${TORCH_SCRIPT} (set GNC_TORCH_BENCH)`;
  if (spawnSync(PY, ["-c", "import torch"], { stdio: "ignore" }).status !== 0) return `${PY} cannot import torch (apt-get install python3-torch)`;
  return null;
}

function torchStep(n: number, steps: number): number | string {
  const r = spawnSync(PY, [TORCH_SCRIPT, String(steps), "1", "1", String(n)], { encoding: "utf8", env: { ...process.env, OMP_NUM_THREADS: "1" } });
  const m = /([\d.]+) ms\/step/.exec(r.stdout ?? "");
  return m ? Number(m[1]) : `failed: ${(r.stderr ?? "").trim().split("\n").pop()}`;
}

/** webgl in headless Chromium; null (with the reason printed) when no chromium is installed. */
async function webglSteps(sizes: number[]): Promise<Map<number, number | string>> {
  const out = new Map<number, number | string>();
  const { findChromium, launchBrowser, serveDir } = await import("../test/helpers/browser.js");
  if (!findChromium()) { for (const n of sizes) out.set(n, "no chromium"); return out; }
  const { bundlePage, closeBrowser } = await import("../test/web/bundle.js");
  const dir = await bundlePage(path.join(here, "backends-page.ts"));
  const server = await serveDir(dir);
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage();
    await page.goto(server.url);
    await page.waitForFunction("globalThis.gncBenchReady === true", { timeout: 60_000 });
    let prev: { n: number; ms: number } | null = null;
    for (const n of sizes) {
      // SwiftShader rasterises on the CPU and a step grows about linearly with N: skip a size
      // whose projected step exceeds WEBGL_MAX_MS (one page.evaluate per step must also finish).
      if (prev && (prev.ms * n) / prev.n > WEBGL_MAX_MS) {
        out.set(n, `skipped (SwiftShader: ${(prev.ms / 1000).toFixed(1)} s/step at N=${prev.n}, ~${((prev.ms * n) / prev.n / 1000).toFixed(0)} s projected)`);
        continue;
      }
      const p = n >= 100_000 ? { steps: 1, warm: 1 } : PLAN[n] ?? { steps: 2, warm: 1 };
      const info = await page.evaluate(`gncBench.init(${n})`) as { backend: string; impl: string };
      if (info.backend !== "webgl" || info.impl !== "ops") throw new Error(`webgl bench ran on ${info.backend}/${info.impl}`);
      const times: number[] = [];
      try {
        for (let s = 0; s < Math.min(p.steps, 5) + Math.max(p.warm, 1); s++) {
          const ms = await page.evaluate("gncBench.step()") as number;
          if (s >= Math.max(p.warm, 1)) times.push(ms);
        }
      } catch (err) {
        // A step past the browser's protocol timeout (120 s): say so, and stop growing N.
        out.set(n, `failed (${(err as Error).message.split("\n")[0]})`);
        break;
      }
      const m = median(times);
      out.set(n, m);
      prev = { n, ms: m };
    }
    await page.close();
  } finally {
    await closeBrowser(browser);
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return out;
}

export async function run(): Promise<void> {
  const sizes = (process.env.GNC_BENCH_SIZES ?? "1000,10000,100000").split(",").map(Number);
  console.log("workload: SBM C=2, p=0.025·1000/N, q=0.0017·1000/N (mean degree ≈ 13), GraphConv mean + W1, L=32, d=8, ReLU+BN, perm-inv MSE, SGD lr=0.004 m=0.9 wd=5e-4, fresh graph per step; train/step.ts timed");
  const rows = new Map<number, Record<string, number | string>>();
  for (const n of sizes) rows.set(n, {});
  for (const [backend, impls] of [["wasm", ["fused", "ops"]], ["cpu", ["fused", "ops"]]] as const) {
    await initBackend(backend);
    for (const n of sizes) {
      for (const impl of impls) {
        const p = PLAN[n] ?? { steps: 2, warm: 1 };
        const m = median(nodeSteps(n, impl, p.steps, p.warm));
        rows.get(n)![`${backend} ${impl}`] = m;
        console.log(`  N=${n} ${backend} ${impl}: ${m.toFixed(1)} ms/step (median of ${p.steps})`);
      }
    }
  }
  const gl = await webglSteps(sizes);
  for (const n of sizes) { const v = gl.get(n) ?? "not run (a smaller size failed)"; rows.get(n)!["webgl ops"] = v; console.log(`  N=${n} webgl ops (Chromium, SwiftShader): ${typeof v === "number" ? `${v.toFixed(1)} ms/step` : v}`); }
  const noTorch = torchMissing();
  for (const n of sizes) {
    const t = noTorch ? "skipped" : torchStep(n, n >= 100_000 ? 2 : n >= 10_000 ? 5 : 30);
    rows.get(n)!["torch 1 thread"] = t;
    console.log(`  N=${n} torch 1 thread: ${typeof t === "number" ? `${t.toFixed(1)} ms/step` : `${t}${noTorch ? `: ${noTorch}` : ""}`}`);
  }
  const cols = ["wasm fused", "wasm ops", "cpu fused", "cpu ops", "webgl ops", "torch 1 thread"];
  console.log(`${"N".padStart(7)}  ${cols.map((c) => c.padStart(16)).join("")}`);
  for (const n of sizes) {
    const r = rows.get(n)!;
    console.log(`${String(n).padStart(7)}  ${cols.map((c) => (typeof r[c] === "number" ? `${(r[c] as number).toFixed(1)} ms` : String(r[c]).split(" (")[0]).padStart(16)).join("")}`);
  }
  console.log("ratio to wasm fused (same run; > 1 = slower):");
  for (const n of sizes) {
    const r = rows.get(n)!, base = r["wasm fused"] as number;
    console.log(`${String(n).padStart(7)}  ${cols.map((c) => (typeof r[c] === "number" ? `${((r[c] as number) / base).toFixed(2)}×` : "–").padStart(16)).join("")}`);
  }
  if (noTorch) console.log(`torch 1 thread: skipped: ${noTorch}`);
}
