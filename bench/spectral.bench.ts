/**
 * Spectral baselines (src/spectral). Workloads:
 *   1. The two informative Bethe-Hessian eigenpairs (the two smallest) of an SBM with N = 1e5,
 *      C = 2, c_in = 16, c_out = 4 (p = c/N, mean degree 10): gnc's thick-restart Lanczos against
 *      scipy.sparse.linalg.eigsh (ARPACK, which="SA") on the same matrix, in the same run (target:
 *      faster than eigsh). scipy is skipped, with the reason printed, when /usr/bin/python3 cannot
 *      import it. Both residuals ‖Hx − λx‖ are printed so the stopping rules can be compared
 *      (gnc stops at ‖Hx − λx‖ ≤ 1e-9·‖H‖₂ ≈ 5e-8, ARPACK at ≤ 1e-8·|λ| ≈ 4e-8 and 1.4e-7). Both
 *      are best of 3 after a warm-up solve (both then reuse their workspace: gnc keeps its last
 *      basis, glibc's heap keeps ARPACK's); gnc's first, cold solve is printed too.
 *   2. The same at N = 1e6: time and peak RSS (targets < 2 min, < 4 GB).
 *   3. A 32-iteration projected power run (BH, spectral shift) at N = 1e5 (target < 1 s), alone and
 *      with the per-iteration NC1 metrics of H and ÂH; the baseline is the direct Lanczos solve.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Rng } from "../src/util/rng.js";
import { sampleSbm } from "../src/graphs/sbm.js";
import type { CsrGraph } from "../src/graphs/csr.js";
import { makeOperator, orientedApply } from "../src/spectral/operators.js";
import { lanczos } from "../src/spectral/lanczos.js";
import { powerShift, spectralBasis } from "../src/spectral/direct.js";
import { projectedPowerIteration } from "../src/spectral/power.js";
import { evaluateEmbedding } from "../src/spectral/evaluate.js";

const PY = "/usr/bin/python3";
const TOL = 1e-9; // gnc: ‖Hx − λx‖ ≤ TOL·‖H‖
const EIGSH_TOL = 1e-8; // ARPACK: ‖Hx − λx‖ ≤ tol·|λ|

const EIGSH = String.raw`
import sys, time, numpy as np, scipy.sparse as sp, scipy.sparse.linalg as sla
d, n, r, tol = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4])
indptr = np.fromfile(d + "/rowptr.bin", dtype=np.int32); cols = np.fromfile(d + "/cols.bin", dtype=np.int32)
A = sp.csr_matrix((np.ones(len(cols)), cols, indptr), shape=(n, n))
deg = np.diff(indptr).astype(np.float64)
H = (sp.diags(r * r - 1 + deg) - r * A).tocsr()
el = float("inf")
for rep in range(int(sys.argv[5])):
    t = time.perf_counter()
    w, V = sla.eigsh(H, k=2, which="SA", tol=tol)
    el = min(el, time.perf_counter() - t)
res = [float(np.linalg.norm(H @ V[:, i] - w[i] * V[:, i])) for i in range(2)]
print(el, *sorted(w), *res)
`;

function sbm(N: number, seed: number) {
  return sampleSbm({ n: N, classes: 2, pIn: 16 / N, pOut: 4 / N }, Rng.seeded(seed));
}

const REPS = 3; // best of REPS for both solvers (the machine is shared; the minimum is the least disturbed)

function eigsh(g: CsrGraph, r: number): { seconds: number; values: number[]; residuals: number[] } | string {
  const probe = spawnSync(PY, ["-c", "import scipy.sparse.linalg"], { encoding: "utf8" });
  if (probe.status !== 0) return `${PY} cannot import scipy (${probe.error?.message ?? probe.stderr.trim().split("\n").pop()})`;
  const dir = mkdtempSync(path.join(tmpdir(), "gnc-bench-eigsh-"));
  try {
    writeFileSync(path.join(dir, "rowptr.bin"), g.rowPtr);
    writeFileSync(path.join(dir, "cols.bin"), g.cols);
    const out = spawnSync(PY, ["-c", EIGSH, dir, String(g.n), String(r), String(EIGSH_TOL), String(REPS)], { encoding: "utf8", maxBuffer: 1 << 20 });
    if (out.status !== 0) return `eigsh failed: ${out.stderr.trim().split("\n").pop()}`;
    const [s, l1, l2, r1, r2] = out.stdout.trim().split(/\s+/).map(Number);
    return { seconds: s, values: [l1, l2], residuals: [r1, r2] };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const sec = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

export async function run(): Promise<void> {
  console.log("(2-core shared machine: timings are noisy upper bounds)");
  // 1. N = 1e5 versus eigsh.
  {
    const N = 100_000;
    const s = sbm(N, 1);
    const op = makeOperator("bh", s.graph);
    let ms = Infinity;
    const c0 = performance.now();
    let res = lanczos(op.apply, N, { k: 2, which: "smallest", rng: Rng.seeded(2), tol: TOL });
    const cold = performance.now() - c0;
    for (let rep = 0; rep < REPS; rep++) {
      const t0 = performance.now();
      res = lanczos(op.apply, N, { k: 2, which: "smallest", rng: Rng.seeded(2), tol: TOL });
      ms = Math.min(ms, performance.now() - t0);
    }
    console.log(`workload 1: Bethe Hessian (r = sqrt(mean degree) = ${op.r!.toFixed(3)}), SBM N=${N}, C=2, c_in=16, c_out=4, m=${s.graph.cols.length / 2}; the 2 smallest eigenpairs`);
    console.log(`  gnc lanczos (best of ${REPS}, after a warm-up solve):  ${sec(ms)}  λ = ${Array.from(res.values, (v) => v.toFixed(8)).join(", ")}  residuals ${Array.from(res.residuals, (v) => v.toExponential(1)).join(", ")}  (${res.matvecs} matvecs, ${res.restarts} restarts, ${res.reorthogonalisations} full re-orthogonalisations, converged ${res.converged})`);
    console.log(`  gnc lanczos, first solve in the process (JIT warm-up, fresh basis pages): ${sec(cold)}`);
    const ref = eigsh(s.graph, op.r!);
    if (typeof ref === "string") console.log(`  scipy eigsh: skipped — ${ref}`);
    else {
      console.log(`  scipy eigsh (ARPACK, tol ${EIGSH_TOL}, best of ${REPS}): ${ref.seconds.toFixed(2)} s  λ = ${ref.values.map((v) => v.toFixed(8)).join(", ")}  residuals ${ref.residuals.map((v) => v.toExponential(1)).join(", ")}`);
      console.log(`  ratio eigsh / gnc = ${(ref.seconds / (ms / 1000)).toFixed(2)}×  (max |Δλ| = ${Math.max(...ref.values.map((v, i) => Math.abs(v - res.values[i]))).toExponential(1)})`);
    }
  }
  // 3. Power iteration at N = 1e5.
  {
    const N = 100_000, T = 32;
    const s = sbm(N, 3);
    const op = makeOperator("bh", s.graph);
    let t0 = performance.now();
    const basis = spectralBasis(op, 2, Rng.seeded(4), { tol: 1e-8 });
    const shift = powerShift(op, "spectral", Rng.seeded(5));
    const setup = performance.now() - t0;
    t0 = performance.now();
    projectedPowerIteration(orientedApply(op), { iterations: T, k: 1, shift, trivial: basis.trivial, rng: Rng.seeded(6) });
    const bare = performance.now() - t0;
    t0 = performance.now();
    let last = 0;
    projectedPowerIteration(orientedApply(op), {
      iterations: T, k: 1, shift, trivial: basis.trivial, rng: Rng.seeded(6),
      onIterate: (_t, W) => { last = evaluateEmbedding(W, s.graph, s.labels, 2, Rng.seeded(7)).overlap; },
    });
    const tracked = performance.now() - t0;
    console.log(`workload 3: projected power iteration, BH, spectral shift, ${T} iterations, SBM N=${N}, C=2 (mean degree 10)`);
    console.log(`  ${T} iterations alone: ${sec(bare)};  with NC1 of H and ÂH + overlap every iteration: ${sec(tracked)} (final overlap ${last.toFixed(3)})`);
    console.log(`  baseline, same run: trivial eigenvector + 2nd pair (Lanczos) + ‖H‖₂: ${sec(setup)};  ratio setup / power = ${(setup / bare).toFixed(2)}×`);
  }
  // 2. N = 1e6 (last: its peak RSS is the process's).
  {
    const N = 1_000_000;
    let t0 = performance.now();
    const s = sbm(N, 8);
    const sample = performance.now() - t0;
    const op = makeOperator("bh", s.graph);
    t0 = performance.now();
    const res = lanczos(op.apply, N, { k: 2, which: "smallest", rng: Rng.seeded(9), tol: TOL });
    const ms = performance.now() - t0;
    const rss = process.resourceUsage().maxRSS / 2 ** 20; // KiB → GiB
    console.log(`workload 2: Bethe Hessian, SBM N=${N}, C=2, c_in=16, c_out=4, m=${s.graph.cols.length / 2}; the 2 smallest eigenpairs`);
    console.log(`  sampling ${sec(sample)};  gnc lanczos ${sec(ms)} (${res.matvecs} matvecs, ${res.reorthogonalisations} full re-orthogonalisations, converged ${res.converged}, residuals ${Array.from(res.residuals, (v) => v.toExponential(1)).join(", ")});  peak RSS ${rss.toFixed(2)} GiB`);
    console.log(`  against the targets: time ${(ms / 1000 / 120).toFixed(2)}× of 2 min, memory ${(rss / 4).toFixed(2)}× of 4 GB`);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
