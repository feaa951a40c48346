/**
 * SBM sampler benchmark (src/graphs/sbm.ts).
 *  1. N = 1e6, C = 2, p = 1.8e-5, q = 2e-6 (mean degree ≈ 10) straight into CSR: seconds, edges,
 *     edges/s, split into sampling and CSR build; target < 3 s on one core.
 *  2. N = 1e5, same mean degree, against networkx.stochastic_block_model(sparse=True) run through
 *     /usr/bin/python3 bench/networkx_sbm.py (only its generation call is timed); skipped with a
 *     note when python3 or networkx is missing; one networkx run only, it takes minutes: networkx
 *     (2.8, 3.x) flips a coin for every within-block pair even with sparse=True, so it is O(n²).
 *     gnc's time includes the CSR build.
 *  3. Regular SBM, N = 1e5, k_in = 6, k_out = 4 (Steger–Wormald pairing) for scale.
 * Best of a few repeats; timings on a shared machine are noisy upper bounds.
 */
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import path from "node:path";
import { Rng } from "../src/util/rng.js";
import { sampleSbm } from "../src/graphs/sbm.js";
import { sampleRegularSbm } from "../src/graphs/regular-sbm.js";
import { csrFromEdges, csrToEdges, edgeCount } from "../src/graphs/csr.js";

const here = path.dirname(fileURLToPath(import.meta.url));

function best<T>(repeats: number, f: (r: number) => T): { seconds: number; all: number[]; value: T } {
  const all: number[] = [];
  let value!: T;
  for (let r = 0; r < repeats; r++) {
    const t = performance.now();
    value = f(r);
    all.push((performance.now() - t) / 1000);
  }
  return { seconds: Math.min(...all), all, value };
}

const fmt = (s: number) => s.toFixed(3);

export async function run(): Promise<void> {
  // 1. One million nodes.
  const big = { n: 1_000_000, classes: 2, pIn: 1.8e-5, pOut: 2e-6 };
  console.log(`workload 1: SBM N=${big.n}, C=2, p=${big.pIn}, q=${big.pOut} (mean degree ≈ 10), into CSR, best of 3`);
  const t1 = best(3, (r) => sampleSbm(big, Rng.seeded(r)));
  const m1 = edgeCount(t1.value.graph);
  // Baseline in the same run: the CSR build alone from the same number of edges.
  const { src, dst } = csrToEdges(t1.value.graph);
  const tb = best(3, () => csrFromEdges(big.n, src, dst));
  console.log(`  sampleSbm: ${fmt(t1.seconds)} s (runs ${t1.all.map(fmt).join(", ")}), edges ${m1}, ${(m1 / t1.seconds / 1e6).toFixed(2)} M edges/s, mean degree ${((2 * m1) / big.n).toFixed(3)}`);
  console.log(`  of which CSR build alone (baseline): ${fmt(tb.seconds)} s → sampling ≈ ${fmt(t1.seconds - tb.seconds)} s; ratio total/CSR-only ${(t1.seconds / tb.seconds).toFixed(2)}×`);
  console.log(`  target < 3 s: ${t1.seconds < 3 ? "met" : "MISSED"}`);

  // 2. networkx side by side.
  const mid = { n: 100_000, classes: 2, pIn: 1.8e-4, pOut: 2e-5 };
  console.log(`workload 2: SBM N=${mid.n}, C=2, p=${mid.pIn}, q=${mid.pOut} (mean degree ≈ 10), gnc (best of 3) vs networkx (1 run)`);
  const t2 = best(3, (r) => sampleSbm(mid, Rng.seeded(100 + r)));
  console.log(`  gnc sampleSbm (into CSR): ${fmt(t2.seconds)} s, edges ${edgeCount(t2.value.graph)}`);
  const py = spawnSync("/usr/bin/python3", [path.join(here, "networkx_sbm.py"), String(mid.n), "2", String(mid.pIn), String(mid.pOut), "1", "0"], { encoding: "utf8", timeout: 600_000 });
  if (py.error || py.status !== 0) {
    console.log(`  networkx baseline skipped: /usr/bin/python3 not runnable (${py.error?.message ?? py.stderr.trim().split("\n").pop()})`);
  } else {
    const res = JSON.parse(py.stdout.trim().split("\n").pop()!);
    if (res.skip) console.log(`  networkx baseline skipped: ${res.skip}`);
    else {
      const nxBest = Math.min(...res.seconds);
      console.log(`  networkx ${res.networkx} stochastic_block_model(sparse=True): ${fmt(nxBest)} s (1 run), edges ${res.edges[0]}`);
      console.log("  (networkx skips geometrically only between blocks; within a block it draws every pair: O(n²))");
      console.log(`  ratio networkx / gnc: ${(nxBest / t2.seconds).toFixed(1)}×`);
    }
  }

  // 3. Regular SBM at scale.
  const reg = { n: 100_000, classes: 2, kIn: 6, kOut: 4 };
  console.log(`workload 3: regular SBM N=${reg.n}, C=2, k_in=${reg.kIn}, k_out=${reg.kOut}, best of 3`);
  const t3 = best(3, (r) => sampleRegularSbm(reg, Rng.seeded(r)));
  const m3 = edgeCount(t3.value.graph);
  console.log(`  sampleRegularSbm: ${fmt(t3.seconds)} s, edges ${m3}, ${(m3 / t3.seconds / 1e6).toFixed(2)} M edges/s (vs SBM above: ${((m3 / t3.seconds) / (m1 / t1.seconds)).toFixed(2)}× the edge rate)`);
}

const invokedDirectly = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (invokedDirectly) await run();
