/**
 * Collapse metrics throughput (src/collapse). Workloads: every metric (collapseMetrics with a
 * classifier, predictions = argmax F·W) on N = 1e5, d = 32, C = 4 (target < 200 ms), and on
 * N = 1000, d = 8, C = 2 — the paper's GNN setting — averaged over many graphs (target < 1 ms per
 * graph); plus classStatistics + nc1Pinv alone, what training tracking calls per layer.
 * Baseline, measured in the same run: the naive textbook computation (full d×d outer product per
 * row, Σ_B⁺ from ml-matrix's pseudoInverse of the d×d Σ_B), i.e. what the tests use as reference.
 */
import { Matrix as MlMatrix, pseudoInverse } from "ml-matrix";
import { Rng } from "../src/util/rng.js";
import { collapseMetrics, classStatistics, nc1Pinv } from "../src/collapse/index.js";
import type { Matrix } from "../src/collapse/types.js";

function data(seed: number, N: number, d: number, C: number) {
  const rng = Rng.seeded(seed);
  const y = new Int32Array(N);
  for (let i = 0; i < N; i++) y[i] = i % C;
  const F: Matrix = { data: new Float64Array(N * d), rows: N, cols: d };
  for (let i = 0; i < N; i++) for (let a = 0; a < d; a++) F.data[i * d + a] = rng.normal() + (a % C === y[i] ? 2 : 0);
  const W: Matrix = { data: new Float64Array(d * C), rows: d, cols: C };
  for (let i = 0; i < d * C; i++) W.data[i] = rng.normal();
  return { F, y, W };
}

/** The obvious float64 computation of NC1: full outer products, ml-matrix pinv. */
function naiveNc1(F: Matrix, y: Int32Array, C: number): number {
  const N = F.rows, d = F.cols;
  const means = new Float64Array(C * d), n = new Float64Array(C);
  for (let i = 0; i < N; i++) { n[y[i]]++; for (let a = 0; a < d; a++) means[y[i] * d + a] += F.data[i * d + a]; }
  for (let c = 0; c < C; c++) for (let a = 0; a < d; a++) means[c * d + a] /= n[c];
  const SW = new Float64Array(d * d), z = new Float64Array(d);
  for (let i = 0; i < N; i++) {
    for (let a = 0; a < d; a++) z[a] = F.data[i * d + a] - means[y[i] * d + a];
    for (let a = 0; a < d; a++) for (let b = 0; b < d; b++) SW[a * d + b] += (z[a] * z[b]) / N;
  }
  const mu = new Float64Array(d);
  for (let c = 0; c < C; c++) for (let a = 0; a < d; a++) mu[a] += means[c * d + a] / C;
  const SB = Array.from({ length: d }, () => new Array(d).fill(0));
  for (let c = 0; c < C; c++) for (let a = 0; a < d; a++) for (let b = 0; b < d; b++) SB[a][b] += ((means[c * d + a] - mu[a]) * (means[c * d + b] - mu[b])) / C;
  const P = pseudoInverse(new MlMatrix(SB));
  let tr = 0;
  for (let a = 0; a < d; a++) for (let b = 0; b < d; b++) tr += SW[a * d + b] * P.get(b, a);
  return tr / C;
}

function time(fn: () => void, minMs = 300, maxReps = 100000): number {
  fn(); // warm-up
  const t0 = performance.now();
  let reps = 0;
  while (reps < maxReps && (reps === 0 || performance.now() - t0 < minMs)) { fn(); reps++; }
  return (performance.now() - t0) / reps;
}

const ms = (x: number) => (x >= 1 ? `${x.toFixed(1)} ms` : `${(x * 1000).toFixed(1)} µs`);

export async function run(): Promise<void> {
  console.log("(2-core shared machine: timings are noisy upper bounds)");
  for (const [N, d, C, label] of [[100_000, 32, 4, "large"], [1000, 8, 2, "paper GNN graph"]] as const) {
    const { F, y, W } = data(1, N, d, C);
    const all = time(() => { collapseMetrics(F, y, C, { weights: W }); }, label === "large" ? 1500 : 1000);
    const nc1 = time(() => { nc1Pinv(classStatistics(F, y, C)); }, label === "large" ? 1500 : 1000);
    const naive = time(() => { naiveNc1(F, y, C); }, label === "large" ? 1500 : 1000);
    const check = Math.abs(naiveNc1(F, y, C) - nc1Pinv(classStatistics(F, y, C))) / nc1Pinv(classStatistics(F, y, C));
    console.log(`workload ${label}: N=${N}, d=${d}, C=${C}, float64 features, classifier d×C`);
    console.log(`  collapseMetrics (NC1–NC4, SNR):   ${ms(all)} per graph`);
    console.log(`  classStatistics + nc1Pinv:         ${ms(nc1)} per graph`);
    console.log(`  baseline naive NC1 (outer products + ml-matrix pinv): ${ms(naive)} per graph`);
    console.log(`  ratio baseline / nc1Pinv = ${(naive / nc1).toFixed(2)}×, baseline / all metrics = ${(naive / all).toFixed(2)}×  (relative difference of the two NC1 values: ${check.toExponential(1)})`);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
