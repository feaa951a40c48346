/**
 * Sweep parallelism (src/sweep/pool.ts): a 4-setting sweep — (p, q) ∈ {0.025, 0.0017}² on the paper's
 * network (N = 1000, C = 2, L = 32, d = 8), 100 training graphs × 2 epochs, 100 test graphs — with
 * --jobs 2 against --jobs 1, side by side in one run, each in a fresh output folder so nothing is
 * skipped. Wall time includes worker start-up (tfjs + wasm per worker). Target on 2 cores: ratio ≤ 0.6.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { sweepSpecSchema } from "../src/sweep/spec.js";
import { runSweep } from "../src/sweep/run.js";

export async function run(): Promise<void> {
  const spec = sweepSpecSchema.parse({
    name: "bench",
    preset: "paper",
    config: { train: { epochs: 2, trainGraphs: 100, testGraphs: 100, trackGraphs: 10 } },
    axes: { "graph.pIn": [0.025, 0.0017], "graph.pOut": [0.0017, 0.025] },
  });
  console.log(`workload: 4 settings (p, q ∈ {0.025, 0.0017}), paper network N=1000 L=32 d=8, 2 epochs × 100 training graphs, 100 test graphs (collapse tracked on 10 mid-run, all 100 at the end); ${os.availableParallelism()} cores`);
  const wall: Record<number, number> = {};
  const summaries: string[] = [];
  for (const jobs of [1, 2]) {
    const out = mkdtempSync(path.join(os.tmpdir(), "gnc-bench-sweep-"));
    const t0 = performance.now();
    const r = await runSweep(spec, { outDir: out, jobs });
    wall[jobs] = (performance.now() - t0) / 1000;
    if (!r.merged || r.merged.failed.length) throw new Error(`bench sweep with --jobs ${jobs} did not complete`);
    summaries.push(readFileSync(path.join(r.sweepDir, "summary.csv"), "utf8"));
    rmSync(out, { recursive: true, force: true });
    console.log(`--jobs ${jobs}: ${wall[jobs].toFixed(1)} s wall (${(wall[jobs] / 4).toFixed(1)} s per run)`);
  }
  console.log(`ratio jobs2/jobs1: ${(wall[2] / wall[1]).toFixed(2)} (target ≤ 0.6 on 2 cores); summary.csv identical: ${summaries[0] === summaries[1]}`);
}
