/**
 * The coordinator side of a queue sweep (`gnc sweep … --queue URL`): enqueue every run still to do
 * as a BullMQ job whose id is the run's config hash — adding an id that exists is a no-op, so
 * enqueuing a sweep twice, or a second coordinator, never duplicates work — then follow the jobs
 * until each is completed or finally failed, writing each result into OUT/<name>/<hash12>/ exactly
 * as a local worker would have left it. The sweep's outputs are then merged by run.ts like any other
 * sweep, so summary.csv and layers.csv are byte-identical to `gnc sweep --jobs 1`.
 *
 * Following is by polling the jobs by id (never by events alone), so a coordinator that was
 * stopped, or a Redis restart in the middle, loses nothing: a rerun re-attaches to the same jobs. A
 * job that vanished (a Redis without persistence that restarted) is enqueued again. A job that
 * failed in an earlier sweep is retried once more when the sweep is started again, like a local
 * rerun retries failed runs.
 */
import path from "node:path";
import { Queue, type ConnectionOptions, type Job } from "bullmq";
import { GncError } from "../../util/errors.js";
import { RunStore } from "../../runs/store.js";
import type { PlannedRun } from "../plan.js";
import type { PoolResult } from "../pool.js";
import { QUEUE_NAME, QUEUE_PREFIX, checkReachable, explainRedisError, redisOptions } from "./connect.js";
import { writeRunFiles } from "./files.js";
import { makePayload } from "./payload.js";
import { redactSecrets, type QueueUrl } from "./url.js";
import type { JobResult } from "./worker.js";

export interface QueueFollowOptions {
  url: QueueUrl;
  outDir: string;
  /** Attempts per job for a run's own failure (default 3). */
  attempts?: number;
  signal?: AbortSignal;
  /** Poll period (ms; default 500, env GNC_QUEUE_POLL_MS). */
  pollMs?: number;
  onProgress?: (id: number, fraction: number) => void;
  onDone?: (r: PoolResult) => void;
  /** A status line (queue counts, per-worker counts, ETA), at most every statusEveryMs. */
  onStatus?: (line: string) => void;
  statusEveryMs?: number;
}

const sleep = (ms: number, signal?: AbortSignal) => new Promise<void>((r) => {
  const wake = () => {
    clearTimeout(t);
    signal?.removeEventListener("abort", wake);
    r();
  };
  const t = setTimeout(wake, ms);
  signal?.addEventListener("abort", wake, { once: true });
});

/** Enqueue the runs (ids = config hashes); returns how many were new. */
export async function enqueueRuns(queue: Queue, runs: PlannedRun[], attempts: number): Promise<number> {
  let added = 0;
  for (let i = 0; i < runs.length; i += 500) {
    const chunk = runs.slice(i, i + 500);
    const existing = await Promise.all(chunk.map((r) => queue.getJob(r.hash)));
    const fresh: PlannedRun[] = [];
    for (const [j, job] of existing.entries()) {
      if (!job) fresh.push(chunk[j]);
      else if ((await job.getState()) === "failed") await job.retry("failed", { resetAttemptsMade: true, resetAttemptsStarted: true });
    }
    if (fresh.length) {
      await queue.addBulk(fresh.map((r) => ({
        name: r.study,
        data: makePayload(r.study, r.config),
        opts: { jobId: r.hash, attempts, backoff: { type: "fixed", delay: 1000 }, removeOnComplete: false, removeOnFail: false },
      })));
      added += fresh.length;
    }
  }
  return added;
}

function isJobResult(v: unknown): v is JobResult {
  const r = v as JobResult;
  return !!r && typeof r === "object" && r.status === "done" && typeof r.files === "object" && r.files !== null;
}

/** Write a finally failed run as a local sweep records one: config.json + manifest "failed" with the message. */
function recordFailure(outDir: string, run: PlannedRun, message: string): void {
  const store = new RunStore(path.join(outDir, run.runDir), run.hash);
  store.claim(run.config);
  try {
    store.start({ study: run.study, seed: run.config.seed, queue: true });
    store.finish("failed", message);
  } finally {
    store.release();
  }
}

export async function runOnQueue(todo: PlannedRun[], o: QueueFollowOptions): Promise<{ results: PoolResult[]; aborted: boolean }> {
  const results: PoolResult[] = [];
  if (todo.length === 0) return { results, aborted: false };
  await checkReachable(o.url);
  let fatal: string | null = null;
  const queue = new Queue(QUEUE_NAME, { connection: redisOptions(o.url, { onGiveUp: (l) => (fatal = l) }) as ConnectionOptions, prefix: QUEUE_PREFIX });
  queue.on("error", () => {});
  const pollMs = o.pollMs ?? (Number(process.env.GNC_QUEUE_POLL_MS) || 500);
  const statusEvery = o.statusEveryMs ?? 10_000;
  const attempts = Math.max(1, o.attempts ?? 3);
  const pending = new Map(todo.map((r) => [r.hash, r]));
  const byWorker = new Map<string, number>();
  const t0 = Date.now();
  let lastStatus = 0;
  try {
    await enqueueRuns(queue, todo, attempts);
    while (pending.size > 0 && !o.signal?.aborted) {
      if (fatal) throw new GncError(fatal);
      const runs = [...pending.values()];
      for (let i = 0; i < runs.length && !o.signal?.aborted; i += 200) {
        const chunk = runs.slice(i, i + 200);
        const jobs = await Promise.all(chunk.map((r) => queue.getJob(r.hash)));
        const missing = chunk.filter((_, j) => !jobs[j]);
        if (missing.length) await enqueueRuns(queue, missing, attempts);
        for (const [j, job] of jobs.entries()) {
          if (!job) continue;
          const run = chunk[j];
          await settle(job, run);
        }
      }
      const now = Date.now();
      if (o.onStatus && now - lastStatus >= statusEvery && pending.size > 0) {
        lastStatus = now;
        const c = await queue.getJobCounts("waiting", "active", "delayed", "completed", "failed", "prioritized");
        const done = todo.length - pending.size;
        const eta = done > 0 ? ((now - t0) / done) * pending.size / 1000 : NaN;
        const per = [...byWorker.entries()].map(([w, n]) => `${w} ${n}`).join(", ");
        o.onStatus(`queue ${o.url.redacted}: waiting ${c.waiting + c.prioritized + c.delayed}, active ${c.active}, completed ${c.completed}, failed ${c.failed}` +
          `; this sweep ${done}/${todo.length}${per ? ` (by worker: ${per})` : ""}${Number.isFinite(eta) ? `, ETA ${Math.ceil(eta)} s` : ""}`);
      }
      if (pending.size > 0) await sleep(pollMs, o.signal);
    }
    return { results, aborted: !!o.signal?.aborted };
  } catch (err) {
    if (err instanceof GncError) throw new GncError(redactSecrets(err.message, o.url));
    throw new GncError(explainRedisError(o.url, err));
  } finally {
    await queue.close().catch(() => {});
  }

  async function settle(job: Job, run: PlannedRun): Promise<void> {
    if (!job.finishedOn) {
      if (typeof job.progress === "number") o.onProgress?.(run.index, job.progress);
      return;
    }
    const state = await job.getState();
    if (state === "completed") {
      const rv = job.returnvalue as unknown;
      if (!isJobResult(rv)) {
        finish(run, "failed", `gnc/sweep/queue: job ${run.hash.slice(0, 12)} returned no run files`, 0);
        recordFailure(o.outDir, run, `gnc/sweep/queue: job ${run.hash.slice(0, 12)} returned no run files`);
        return;
      }
      writeRunFiles(path.join(o.outDir, run.runDir), rv.files);
      byWorker.set(rv.worker, (byWorker.get(rv.worker) ?? 0) + 1);
      finish(run, "done", undefined, rv.seconds);
    } else if (state === "failed") {
      const msg = redactSecrets(job.failedReason || "failed", o.url);
      recordFailure(o.outDir, run, msg);
      finish(run, "failed", msg, 0);
    }
  }

  function finish(run: PlannedRun, status: string, message: string | undefined, seconds: number): void {
    pending.delete(run.hash);
    const r: PoolResult = { id: run.index, status, message, seconds };
    results.push(r);
    o.onDone?.(r);
  }
}

/** runSweep's executor for a queue sweep (run.ts SweepOptions.executor). */
export function queueExecutor(url: QueueUrl, o: { attempts?: number; status?: (line: string) => void } = {}) {
  return (todo: PlannedRun[], e: { outDir: string; signal?: AbortSignal; onProgress: (id: number, f: number) => void; onDone: (r: PoolResult) => void }) =>
    runOnQueue(todo, { url, outDir: e.outDir, attempts: o.attempts, signal: e.signal, onProgress: e.onProgress, onDone: e.onDone, onStatus: o.status });
}
