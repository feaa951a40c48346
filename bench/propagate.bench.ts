/**
 * Row-sum propagation Â·X on Float32Arrays (src/tensor/aggregate-cpu.ts propagateInto): the kernel
 * behind the tfjs `aggregate` op on cpu/wasm — at the paper's C = 4 width it runs twice per step in
 * the feature-normalised final layer (src/train/normalized.ts) — and behind the fused network's
 * shapes without wasm SIMD kernels.
 * Workload: the C = 4 heterophilic graph of experiments/reproduce/losses.json (N = 1000, p = 0.0068,
 * q = 0.1, mean degree ≈ 77), mean aggregation, Â X and Âᵀ X, for the generated widths 4, 16, 32.
 * Baseline in the same run: the loop that runs for widths without a generated kernel (propLoop),
 * bit-identical to it (test/tensor/generated.test.ts); the figures check that here too.
 */
import { Rng } from "../src/util/rng.js";
import { sampleSbm } from "../src/graphs/sbm.js";
import { prepareGraph } from "../src/tensor/graph-tensors.js";
import { propagateInto, propLoop } from "../src/tensor/aggregate-cpu.js";
import { bestMs } from "./timing.js";

export async function run(): Promise<void> {
  const { graph } = sampleSbm({ n: 1000, classes: 4, pIn: 0.0068, pOut: 0.1 }, Rng.seeded(1));
  const g = prepareGraph(graph);
  const sc = g.scaling("mean");
  const reps = 100;
  console.log(`workload: N = ${g.n}, nnz = ${g.cols.length} (mean degree ${(g.cols.length / g.n).toFixed(1)}), mean aggregation, Â X then Âᵀ X, ${reps} times, best of 5`);
  for (const d of [4, 16, 32]) {
    const x = new Float32Array(g.n * d).map((_, i) => Math.sin(i));
    const out = new Float32Array(g.n * d), tmp = new Float32Array(g.n * d);
    // the baseline: propagateInto's arithmetic with the loop row sum (column scaling as propagateInto does it)
    const loop = propLoop(d);
    const loopBoth = (o: Float32Array) => {
      loop(g.rowPtr, g.cols, g.n, x, sc.r, o);
      for (let i = 0; i < g.n; i++) for (let k = 0; k < d; k++) tmp[i * d + k] = x[i * d + k] * sc.r![i];
      loop(g.rowPtr, g.cols, g.n, tmp, null, o);
    };
    const fastBoth = (o: Float32Array) => {
      propagateInto(g, sc, false, x, d, o, tmp);
      propagateInto(g, sc, true, x, d, o, tmp);
    };
    const a = new Float32Array(g.n * d), b = new Float32Array(g.n * d);
    loopBoth(a);
    fastBoth(b);
    const same = a.every((v, i) => Object.is(v, b[i]));
    const tl = await bestMs(5, () => { for (let k = 0; k < reps; k++) loopBoth(out); });
    const tf = await bestMs(5, () => { for (let k = 0; k < reps; k++) fastBoth(out); });
    console.log(`  d = ${String(d).padStart(2)}: generated ${(tf / reps).toFixed(3)} ms, loop ${(tl / reps).toFixed(3)} ms per Â X + Âᵀ X → ratio ${(tf / tl).toFixed(2)} (${same ? "bit-identical" : "DIFFERENT"})`);
  }
}
