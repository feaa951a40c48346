/**
 * Sweep parallelism (src/sweep/pool.ts): a 4-setting sweep — (p, q) ∈ {0.025, 0.0017}² on the paper's
 * network (N = 1000, C = 2, L = 32, d = 8), 100 training graphs × 2 epochs, 100 test graphs — with
 * --jobs 2 against --jobs 1, side by side in one run, each in a fresh output folder so nothing is
 * skipped. Wall time includes worker start-up (tfjs + wasm per worker). The compiled package runs
 * (bench/built.ts), as `npx gnc sweep` does. A shared VM's timings wander by ±15 % from one sweep to
 * the next, so the two are measured alternately GNC_BENCH_REPEAT times (default 2) and the ratio is
 * taken of the best of each. Target on 2 cores: ratio ≤ 0.6.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { builtModule } from "./built.js";

export async function run(): Promise<void> {
  const { sweepSpecSchema } = await builtModule<typeof import("../src/sweep/spec.js")>("sweep/spec.js");
  const { runSweep } = await builtModule<typeof import("../src/sweep/run.js")>("sweep/run.js");
  const spec = sweepSpecSchema.parse({
    name: "bench",
    preset: "paper",
    config: { train: { epochs: 2, trainGraphs: 100, testGraphs: 100, trackGraphs: 10 } },
    axes: { "graph.pIn": [0.025, 0.0017], "graph.pOut": [0.0017, 0.025] },
  });
  const repeat = Math.max(1, Number(process.env.GNC_BENCH_REPEAT ?? 2));
  console.log(`workload: 4 settings (p, q ∈ {0.025, 0.0017}), paper network N=1000 L=32 d=8, 2 epochs × 100 training graphs, 100 test graphs (collapse tracked on 10 mid-run, all 100 at the end); ${os.availableParallelism()} cores; --jobs 1 and 2 alternately, ${repeat}× each`);
  const wall: Record<number, number[]> = { 1: [], 2: [] };
  const summaries = new Set<string>();
  for (let rep = 0; rep < repeat; rep++) {
    for (const jobs of [1, 2]) {
      const out = mkdtempSync(path.join(os.tmpdir(), "gnc-bench-sweep-"));
      const t0 = performance.now();
      const r = await runSweep(spec, { outDir: out, jobs });
      const s = (performance.now() - t0) / 1000;
      wall[jobs].push(s);
      if (!r.merged || r.merged.failed.length) throw new Error(`bench sweep with --jobs ${jobs} did not complete`);
      summaries.add(readFileSync(path.join(r.sweepDir, "summary.csv"), "utf8"));
      rmSync(out, { recursive: true, force: true });
      console.log(`--jobs ${jobs}: ${s.toFixed(1)} s wall (${(s / 4).toFixed(1)} s per run)`);
    }
  }
  const best = (j: number) => Math.min(...wall[j]);
  const ratios = wall[2].map((w, i) => (w / wall[1][i]).toFixed(2)).join(", ");
  console.log(`best --jobs 1 ${best(1).toFixed(1)} s, --jobs 2 ${best(2).toFixed(1)} s; ratio jobs2/jobs1: ${(best(2) / best(1)).toFixed(2)} (target ≤ 0.6 on 2 cores; pairwise: ${ratios}); summary.csv identical: ${summaries.size === 1}`);
}
