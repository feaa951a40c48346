/**
 * The queue worker behind `gnc worker`: a BullMQ Worker on queue "runs" that runs each job with the
 * same runner as a local sweep (studies.ts) in a private temporary output folder, and returns the
 * run directory's files through Redis (the job's return value). No shared file system.
 *
 * Faults, the BullMQ way:
 *   - checkpoints: whenever the runner rewrites checkpoints/latest.json, the run's resumable state
 *     (files.ts snapshotCheckpoint) is stored under gnc:ckpt:<hash>; a job starts by restoring that
 *     state when it exists, so a run resumes where its last worker left it, bit for bit;
 *   - a killed worker (SIGKILL, machine gone) stops renewing its job lock; BullMQ's stalled-job check
 *     (lockDuration / stalledInterval) moves the job back to waiting for another worker;
 *   - SIGTERM (`stop()`): running jobs are aborted, their runners write a checkpoint at the next step
 *     boundary, the state is stored, and the job is moved back to waiting (no attempt is spent);
 *   - a run that fails on its own (NaN loss, a bad graph, a throw) fails the attempt; BullMQ retries
 *     it up to the job's `attempts`; a payload that does not validate is refused without retries.
 */
import { mkdtempSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Worker, UnrecoverableError, WaitingError, type ConnectionOptions, type Job } from "bullmq";
import { HASH_PREFIX } from "../../runs/store.js";
import { study } from "../studies.js";
import { QUEUE_NAME, QUEUE_PREFIX, checkpointKey, openClient, redisOptions, explainRedisError } from "./connect.js";
import { collectRunFiles, snapshotCheckpoint, writeRunFiles, type RunFiles } from "./files.js";
import { validatePayload } from "./payload.js";
import { redactSecrets, type QueueUrl } from "./url.js";

export interface JobResult {
  status: "done";
  worker: string;
  seconds: number;
  /** The step (or position) the run resumed from; 0 for a fresh start. */
  resumed: boolean;
  files: RunFiles;
}

/** What is stored under gnc:ckpt:<hash>. */
export interface StoredCheckpoint {
  worker: string;
  at: string;
  files: RunFiles;
}

export interface QueueWorkerOptions {
  url: QueueUrl;
  name: string;
  concurrency?: number;
  /** BullMQ job lock (ms): a job whose worker stops renewing it for this long counts as stalled (default 30 s; env GNC_QUEUE_LOCK_MS). */
  lockDurationMs?: number;
  /** How often stalled jobs are looked for (default 30 s; env GNC_QUEUE_STALLED_MS). */
  stalledIntervalMs?: number;
  /** Times a job may stall (its worker died) before it is failed (default 10). */
  maxStalledCount?: number;
  log?: (line: string) => void;
  /** The connection could not be re-established: the worker cannot go on. */
  onFatal?: (line: string) => void;
}

/** How long stop() waits for aborted jobs to hand themselves back, and for each connection to close. */
const STOP_JOBS_MS = 60_000;
const STOP_CLOSE_MS = 5_000;
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

const envMs = (name: string, dflt: number) => {
  const v = Number(process.env[name]);
  return Number.isFinite(v) && v > 0 ? v : dflt;
};

export interface QueueWorker {
  /** Abort running jobs (they checkpoint and go back to waiting), then close. */
  stop(): Promise<void>;
  worker: Worker;
}

export function startQueueWorker(o: QueueWorkerOptions): QueueWorker {
  const log = o.log ?? ((l: string) => process.stderr.write(l + "\n"));
  const say = (l: string) => log(redactSecrets(`gnc worker ${o.name}: ${l}`, o.url));
  const redis = openClient(o.url, { onGiveUp: o.onFatal });
  const running = new Map<string, AbortController>();
  let stopping = false;

  const processor = async (job: Job, token?: string): Promise<JobResult> => {
    let payload;
    try {
      payload = validatePayload(job.data, job.id);
    } catch (err) {
      say((err as Error).message);
      throw new UnrecoverableError((err as Error).message);
    }
    const { hash, config } = payload;
    const short = hash.slice(0, HASH_PREFIX);
    const tmp = mkdtempSync(path.join(os.tmpdir(), "gnc-worker-"));
    const runDir = path.join(tmp, config.name, short);
    const controller = new AbortController();
    running.set(hash, controller);
    if (stopping) controller.abort();
    const t0 = performance.now();
    let pending: Promise<unknown> = Promise.resolve();
    let storeError: string | null = null;
    const store = (files: RunFiles) => {
      const value = JSON.stringify({ worker: o.name, at: new Date().toISOString(), files } satisfies StoredCheckpoint);
      pending = pending.then(() => redis.set(checkpointKey(hash), value)).catch((e) => (storeError = explainRedisError(o.url, e)));
    };
    try {
      const saved = await redis.get(checkpointKey(hash));
      let resumed = false;
      if (saved) {
        const s = JSON.parse(saved) as StoredCheckpoint;
        writeRunFiles(runDir, s.files);
        resumed = true;
      }
      say(`picked ${short} (${payload.study}${resumed ? ", resuming from the stored checkpoint" : ""})`);
      const ckFile = path.join(runDir, "checkpoints", "latest.json");
      let seen = "";
      let lastProgress = 0;
      const onCheckpoint = () => {
        let sig = "";
        try {
          const st = statSync(ckFile);
          sig = `${st.mtimeMs}:${st.size}:${st.ino}`;
        } catch {
          return;
        }
        if (sig === seen) return;
        seen = sig;
        const snap = snapshotCheckpoint(runDir);
        if (snap) store(snap);
      };
      if (resumed) onCheckpoint(); // the restored one is already stored
      const res = await study(payload.study).run(config, {
        outDir: tmp, signal: controller.signal, log: (l) => say(l),
        onEvent: (e: any) => {
          onCheckpoint();
          const f = e.type === "step" && e.totalSteps > 0 ? e.step / e.totalSteps : e.type === "graph" && e.graphs > 0 ? e.graph / e.graphs : e.type === "progress" && e.total > 0 ? e.position / e.total : null;
          const now = performance.now();
          if (f !== null && now - lastProgress > 500) {
            lastProgress = now;
            job.updateProgress(Math.round(f * 1000) / 1000).catch(() => {});
          }
        },
      });
      onCheckpoint();
      await pending;
      const seconds = (performance.now() - t0) / 1000;
      if (res.status === "interrupted" || res.status === "stopped") {
        if (storeError) say(`the checkpoint could not be stored: ${storeError}`);
        say(`${short} interrupted; its checkpoint is stored and the job goes back to the queue`);
        await job.moveToWait(token);
        throw new WaitingError();
      }
      if (res.status === "done" || res.status === "already-done") {
        say(`done ${short} in ${seconds.toFixed(1)} s`);
        return { status: "done", worker: o.name, seconds, resumed, files: collectRunFiles(runDir) };
      }
      throw new Error(res.message ?? `the run ended with status ${res.status}`);
    } catch (err) {
      if (err instanceof WaitingError || err instanceof UnrecoverableError) throw err;
      // The private folder is gone after the job: name the run directory relative to OUT instead.
      const msg = redactSecrets(String((err as Error)?.message ?? err).split("\n")[0], o.url).split(tmp + path.sep).join("");
      say(`${short} failed (attempt ${job.attemptsMade + 1} of ${job.opts.attempts ?? 1}): ${msg}`);
      throw new Error(msg);
    } finally {
      running.delete(hash);
      await pending.catch(() => {});
      rmSync(tmp, { recursive: true, force: true });
    }
  };

  const worker = new Worker(QUEUE_NAME, processor, {
    connection: redisOptions(o.url, { onGiveUp: o.onFatal }) as ConnectionOptions,
    prefix: QUEUE_PREFIX,
    concurrency: Math.max(1, o.concurrency ?? 1),
    name: o.name,
    lockDuration: o.lockDurationMs ?? envMs("GNC_QUEUE_LOCK_MS", 30_000),
    stalledInterval: o.stalledIntervalMs ?? envMs("GNC_QUEUE_STALLED_MS", 30_000),
    maxStalledCount: o.maxStalledCount ?? 10,
    autorun: true,
  });
  // A Redis outage raises the same error on every reconnect attempt: say it once per 10 s.
  let lastError = { text: "", at: 0 };
  worker.on("error", (err) => {
    const text = explainRedisError(o.url, err).replace(/^gnc\/sweep\/queue: /, "");
    if (text === lastError.text && Date.now() - lastError.at < 10_000) return;
    lastError = { text, at: Date.now() };
    say(`queue error: ${text}`);
  });
  worker.on("completed", (job) => {
    redis.del(checkpointKey(String(job.id))).catch(() => {});
  });

  return {
    worker,
    async stop() {
      stopping = true;
      for (const c of running.values()) c.abort();
      // The aborted jobs checkpoint at their next step and go back to waiting; wait for that.
      const t0 = Date.now();
      while (running.size > 0 && Date.now() - t0 < STOP_JOBS_MS) await sleep(50);
      // BullMQ's close can wait forever on a blocking connection that a Redis restart left behind
      // (seen in test/queue/restart.test.ts); the jobs are handed back by now, so bound it and then
      // drop the connections.
      const closed = await Promise.race([worker.close().then(() => true, () => true), sleep(STOP_CLOSE_MS).then(() => false)]);
      if (!closed) worker.close(true).catch(() => {});
      await Promise.race([redis.quit().catch(() => {}), sleep(STOP_CLOSE_MS)]);
      redis.disconnect();
      if (!closed) {
        const conns = [(worker as any).blockingConnection, (worker as any).connection];
        for (const c of conns) await Promise.resolve(c?.client).then((cl: any) => cl?.disconnect?.()).catch(() => {});
      }
    },
  };
}
