/**
 * The queue (src/sweep/queue/, BullMQ on Redis) against a local redis-server started for the bench:
 *   1. per-job overhead: 1000 trivial jobs (enqueue in bulk → picked by one in-process BullMQ
 *      worker → return value stored), wall time / 1000; baseline in the same run: one plain Redis
 *      SET + GET round trip of the same result size (what any store-and-fetch costs). Target < 5 ms.
 *   2. throughput: a real 8-run sweep of small GNN trainings (N = 500, L = 16, d = 8, 2 epochs × 300
 *      graphs, ≈ 2 s each on the 2-core dev VM; at 100 graphs a run lasts 0.9 s and each worker's
 *      own start-up dominates) through `gnc sweep --queue`'s coordinator with 1 and then 2
 *      `gnc worker` processes (started, warmed up and connected before the clock starts; what is left
 *      of a fresh process's slower first job
 *      is counted), each in a fresh queue and output folder, alternately GNC_BENCH_REPEAT times
 *      (default 2; the ratio is of the best of each). Workers and coordinator are the compiled
 *      package (bench/built.ts), as `gnc worker` runs on a machine. Target ratio 2/1 ≤ 0.6 on 2 cores.
 *      The same sweep on the local pool (--jobs 2) is measured too, so a machine busy with other
 *      work shows as such (both then fall short of 0.6 alike).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Queue, Worker, type ConnectionOptions } from "bullmq";
import { Redis } from "ioredis";
import { redisMissing, startRedis } from "../test/queue/redis.js";
import { parseQueueUrl } from "../src/sweep/queue/url.js";
import { QUEUE_PREFIX, redisOptions } from "../src/sweep/queue/connect.js";
import { builtCli, builtModule } from "./built.js";

async function overhead(url: string): Promise<void> {
  const u = parseQueueUrl(url);
  const conn = redisOptions(u) as ConnectionOptions;
  const N = 1000;
  const result = { status: "done", worker: "bench", seconds: 0, files: { "DONE": Buffer.from("x\n").toString("base64") } };
  const queue = new Queue("bench", { connection: conn, prefix: QUEUE_PREFIX });
  let done = 0;
  let resolveAll!: () => void;
  const all = new Promise<void>((r) => (resolveAll = r));
  const worker = new Worker("bench", async () => result, { connection: conn, prefix: QUEUE_PREFIX, concurrency: 1 });
  worker.on("completed", () => {
    if (++done === N) resolveAll();
  });
  await worker.waitUntilReady();
  const t0 = performance.now();
  await queue.addBulk(Array.from({ length: N }, (_, i) => ({ name: "t", data: { i }, opts: { jobId: `j${i}`, removeOnComplete: false } })));
  await all;
  const perJob = (performance.now() - t0) / N;
  await worker.close();
  await queue.close();
  const client = new Redis({ host: u.host, port: u.port });
  const payload = JSON.stringify(result);
  const t1 = performance.now();
  for (let i = 0; i < N; i++) {
    await client.set(`bench:rt:${i}`, payload);
    await client.get(`bench:rt:${i}`);
  }
  const perRt = (performance.now() - t1) / N;
  await client.quit();
  console.log(`workload: ${N} trivial jobs (bulk enqueue → one in-process BullMQ worker → return value stored), local redis-server`);
  console.log(`queue overhead: ${perJob.toFixed(2)} ms/job (target < 5 ms); baseline SET+GET round trip: ${perRt.toFixed(3)} ms; ratio ${(perJob / perRt).toFixed(1)}×`);
}

const WORKER_NODE_FLAGS = ["--single-threaded"];

function startWorker(url: string, name: string): Promise<ChildProcess> {
  // As README recommends for a machine's worker processes (one per core): V8's GC, JIT and wasm
  // tier-up threads kept on the worker's own thread, as the local pool's workers run (sweep/pool.ts).
  const child = spawn(process.execPath, [...WORKER_NODE_FLAGS, builtCli(), "worker", "--queue", url, "--name", name], { stdio: ["ignore", "ignore", "pipe"] });
  return new Promise((resolve, reject) => {
    let text = "";
    child.stderr!.on("data", (d) => {
      text += d;
      if (/serving/.test(text)) resolve(child);
    });
    child.once("exit", (code) => reject(new Error(`gnc worker exited (${code}): ${text}`)));
  });
}

async function throughput(): Promise<void> {
  const { sweepSpecSchema } = await builtModule<typeof import("../src/sweep/spec.js")>("sweep/spec.js");
  const { runSweep } = await builtModule<typeof import("../src/sweep/run.js")>("sweep/run.js");
  const { queueExecutor } = await builtModule<typeof import("../src/sweep/queue/coordinator.js")>("sweep/queue/coordinator.js");
  const spec = sweepSpecSchema.parse({
    name: "bench-queue", study: "gnn",
    config: { graph: { n: 500 }, model: { depth: 16, hidden: 8 }, features: { dim: 8 }, train: { epochs: 2, trainGraphs: 300, testGraphs: 5, trackGraphs: 0 }, backend: "wasm" },
    axes: { "graph.pIn": [0.1, 0.05, 0.02, 0.01], "graph.pOut": [0.01, 0.05] },
  });
  const repeat = Math.max(1, Number(process.env.GNC_BENCH_REPEAT ?? 2));
  console.log(`workload: 8 runs (p ∈ {0.1, 0.05, 0.02, 0.01} × q ∈ {0.01, 0.05}), N=500 L=16 d=8, 2 epochs × 300 graphs, 5 test graphs; ${os.availableParallelism()} cores; workers: node ${WORKER_NODE_FLAGS.join(" ")} dist/cli/main.js worker; 1 and 2 workers alternately, ${repeat}× each`);
  const wall: Record<number, number[]> = { 1: [], 2: [] };
  const summaries = new Set<string>();
  for (let rep = 0; rep < repeat; rep++) {
    for (const n of [1, 2]) {
      const redis = await startRedis();
      const workers = await Promise.all(Array.from({ length: n }, (_, i) => startWorker(redis.url, `w${i}`)));
      const out = mkdtempSync(path.join(os.tmpdir(), "gnc-bench-queue-"));
      try {
        const t0 = performance.now();
        const r = await runSweep(spec, { outDir: out, executor: queueExecutor(parseQueueUrl(redis.url)) });
        const s = (performance.now() - t0) / 1000;
        wall[n].push(s);
        if (!r.merged || r.merged.failed.length) throw new Error(`queue bench sweep with ${n} worker(s) did not complete`);
        summaries.add(readFileSync(path.join(r.sweepDir, "summary.csv"), "utf8"));
        console.log(`${n} worker(s): ${s.toFixed(1)} s wall (${(s / 8).toFixed(2)} s per run)`);
      } finally {
        for (const w of workers) w.kill("SIGTERM");
        await Promise.all(workers.map((w) => new Promise((res) => (w.exitCode !== null ? res(null) : w.once("exit", res)))));
        await redis.stop();
        rmSync(out, { recursive: true, force: true });
      }
    }
  }
  // The same sweep on the local pool (--jobs 2): what two processes on this machine give right now.
  const out = mkdtempSync(path.join(os.tmpdir(), "gnc-bench-queue-"));
  const t0 = performance.now();
  const local = await runSweep(spec, { outDir: out, jobs: 2 });
  const wallLocal = (performance.now() - t0) / 1000;
  summaries.add(readFileSync(path.join(local.sweepDir, "summary.csv"), "utf8"));
  rmSync(out, { recursive: true, force: true });
  const best = (n: number) => Math.min(...wall[n]);
  const pairwise = wall[2].map((w, i) => (w / wall[1][i]).toFixed(2)).join(", ");
  console.log(`local pool --jobs 2 (no queue): ${wallLocal.toFixed(1)} s wall`);
  console.log(`best 1 worker ${best(1).toFixed(1)} s, 2 workers ${best(2).toFixed(1)} s; ratio 2 workers / 1: ${(best(2) / best(1)).toFixed(2)} (target ≤ 0.6 on 2 idle cores; pairwise: ${pairwise}); queue 2 workers / local --jobs 2: ${(best(2) / wallLocal).toFixed(2)}; summary.csv identical (1, 2 workers, local): ${summaries.size === 1}`);
}

export async function run(): Promise<void> {
  const why = redisMissing();
  if (why) {
    console.log(`skipped: ${why}`);
    return;
  }
  const redis = await startRedis();
  try {
    await overhead(redis.url);
  } finally {
    await redis.stop();
  }
  await throughput();
}
