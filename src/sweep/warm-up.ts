/**
 * Warming a long-lived worker process before it takes jobs: the first run in a fresh process pays
 * for loading tfjs and its backend and for V8 compiling the hot paths (measured on the 2-core dev VM:
 * a 0.9 s run took 2.2 s as a process's first). A small GNN training run in a throw-away folder moves
 * part of that to start-up, where it is paid once per worker rather than inside the first job
 * (measured: a 2 s job took 3.6 s first in a fresh worker, 2.95 s after the warm-up).
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { GncError } from "../util/errors.js";
import { study } from "./studies.js";

/** The warm-up run: the default GNN, shrunk (N = 200, L = 4, 20 steps, 2 test graphs, seed 0). */
export const WARM_UP_FLAGS = {
  name: "warm-up",
  seed: 0,
  graph: { n: 200, pIn: 0.1, pOut: 0.02 },
  model: { depth: 4, hidden: 8 },
  features: { dim: 8 },
  train: { epochs: 1, trainGraphs: 20, testGraphs: 2, trackGraphs: 0 },
};

/** Run the warm-up; returns its wall seconds. The backend is the one the jobs get (GNC_BACKEND / default). */
export async function warmUp(): Promise<number> {
  const gnn = study("gnn");
  const dir = mkdtempSync(path.join(os.tmpdir(), "gnc-warm-up-"));
  const t0 = performance.now();
  try {
    const res = await gnn.run(gnn.resolve({ flags: WARM_UP_FLAGS }), { outDir: dir, log: () => {} });
    if (res.status !== "done") throw new GncError(`gnc worker: the warm-up run ended ${res.status}${res.message ? `: ${res.message}` : ""} (--no-warm-up skips it)`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return (performance.now() - t0) / 1000;
}
