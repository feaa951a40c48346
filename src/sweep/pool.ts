/**
 * Local parallelism for sweeps: N worker processes (worker.ts), each running one study run at a time
 * and pulling the next from a shared queue. Processes, not threads: a run owns its tfjs backend and
 * memory, and a crash (out of memory, a native abort) takes down one worker, never the sweep — the
 * run is recorded as failed with the worker's last words and a fresh worker takes its place.
 * Results never depend on N: a run's randomness comes from its config only.
 */
import { fork, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

export interface PoolJob {
  id: number;
  study: string;
  config: unknown;
  outDir: string;
}

export interface PoolResult {
  id: number;
  status: string;
  message?: string;
  seconds: number;
}

export interface PoolOptions {
  jobs: number;
  signal?: AbortSignal;
  /** Fraction of a job done (0..1), from its step events. */
  onProgress?: (id: number, fraction: number) => void;
  onDone?: (r: PoolResult) => void;
  /** Retries when a run is locked by another live process (e.g. an orphan of a killed sweep finishing up). */
  lockRetries?: number;
  lockRetryMs?: number;
}

/**
 * V8 keeps helper threads busy beside the main thread — the parallel garbage collector, concurrent
 * JIT compilation, the tier-up of the tfjs wasm module — so a training run used 1.2 cores for its 1
 * core of work, and with one worker per core they compete with the other workers. `--single-threaded`
 * keeps all of it on the worker's own thread. Measured on 2 cores (paper network, 200 steps + 100
 * test graphs, `gnc train`): default flags 9.6 s wall / 11.2 s CPU alone, 12.1–12.4 s wall two at
 * once; `--single-threaded` 9.4–10.4 s / 9.6–10.5 s alone, 10.6–10.8 s two at once
 * (`--single-threaded-gc` alone: 10.0 s / 11.6 s).
 */
const WORKER_V8_FLAGS = ["--single-threaded"];

/** execArgv without tsx's loader (`--import tsx`, `--require …/tsx/…/preflight.cjs`, `--import file:…/tsx/…`). */
export function withoutTsx(argv: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const eq = /^--(import|require|loader|experimental-loader)=(.*)$/.exec(a);
    if (eq && /(^|[\\/])tsx([\\/]|$)/.test(eq[2])) continue;
    if (/^(--import|--require|-r|--loader|--experimental-loader)$/.test(a) && /(^|[\\/])tsx([\\/]|$)/.test(argv[i + 1] ?? "")) {
      i++;
      continue;
    }
    out.push(a);
  }
  return out;
}

function workerFile(): { file: string; execArgv: string[] } {
  const argv = [...process.execArgv.filter((a) => !a.startsWith("--inspect") && !WORKER_V8_FLAGS.includes(a)), ...WORKER_V8_FLAGS];
  const js = fileURLToPath(new URL("./worker.js", import.meta.url));
  // The compiled worker needs no loader: tsx's (inherited when the caller runs under tsx, e.g. the
  // benches) made a training run cost 15 % more CPU alone and 30–45 % more two at once.
  if (existsSync(js)) return { file: js, execArgv: withoutTsx(argv) };
  // Running from the TypeScript sources (tests, tsx): the worker needs tsx too.
  const ts = fileURLToPath(new URL("./worker.ts", import.meta.url));
  const hasTsx = argv.some((a, i) => a.includes("tsx") && (argv[i - 1] === "--import" || a.startsWith("--import")));
  return { file: ts, execArgv: hasTsx ? argv : [...argv, "--import", "tsx"] };
}

interface Slot {
  child: ChildProcess;
  job: PoolJob | null;
  ready: boolean;
  stderr: string;
}

export function runPool(jobs: PoolJob[], opts: PoolOptions): Promise<{ results: PoolResult[]; aborted: boolean }> {
  const queue = [...jobs];
  const results: PoolResult[] = [];
  const retries = new Map<number, number>();
  const n = Math.max(1, Math.min(opts.jobs, jobs.length));
  const slots: Slot[] = [];
  let aborted = false;
  const { file, execArgv } = workerFile();

  return new Promise((resolve) => {
    if (jobs.length === 0) return resolve({ results, aborted: false });
    const finishIfIdle = () => {
      if (slots.every((s) => s.job === null) && (queue.length === 0 || aborted)) {
        for (const s of slots) s.child.connected && s.child.disconnect();
        resolve({ results, aborted });
      }
    };
    const record = (r: PoolResult) => {
      results.push(r);
      opts.onDone?.(r);
    };
    const next = (slot: Slot) => {
      if (aborted || queue.length === 0) {
        slot.job = null;
        return finishIfIdle();
      }
      slot.job = queue.shift()!;
      slot.child.send({ type: "run", ...slot.job });
    };
    const spawnSlot = (): Slot => {
      const child = fork(file, [], { execArgv, stdio: ["ignore", "ignore", "pipe", "ipc"], env: process.env });
      const slot: Slot = { child, job: null, ready: false, stderr: "" };
      child.stderr?.on("data", (d: Buffer) => {
        slot.stderr = (slot.stderr + d.toString()).slice(-2000);
      });
      child.on("message", (m: any) => {
        if (m?.type === "ready") {
          slot.ready = true;
          next(slot);
        } else if (m?.type === "progress" && slot.job && m.id === slot.job.id) {
          opts.onProgress?.(m.id, m.total > 0 ? m.step / m.total : 0);
        } else if (m?.type === "done" && slot.job && m.id === slot.job.id) {
          const job = slot.job;
          const locked = m.status === "failed" && /in use by process/.test(m.message ?? "");
          const tries = retries.get(job.id) ?? 0;
          if (locked && tries < (opts.lockRetries ?? 5) && !aborted) {
            retries.set(job.id, tries + 1);
            slot.job = null;
            setTimeout(() => {
              queue.push(job);
              if (slot.job === null) next(slot);
            }, opts.lockRetryMs ?? 2000).unref();
            return;
          }
          record({ id: job.id, status: m.status, message: m.message, seconds: m.seconds });
          next(slot);
        }
      });
      child.on("exit", (code, sig) => {
        const idx = slots.indexOf(slot);
        if (slot.job) {
          const last = slot.stderr.trim().split("\n").filter(Boolean).slice(-1)[0] ?? "";
          record({ id: slot.job.id, status: aborted ? "interrupted" : "failed", message: `gnc sweep: the worker died (${sig ?? `exit ${code}`})${last ? `: ${last.slice(0, 300)}` : ""}`, seconds: 0 });
          slot.job = null;
          if (!aborted && queue.length > 0) {
            slots[idx] = spawnSlot();
            return;
          }
        }
        if (idx >= 0 && !slot.ready && !aborted && queue.length > 0 && slots.every((s) => !s.ready)) {
          // No worker could start at all: fail the remaining jobs rather than respawning forever.
          while (queue.length) record({ id: queue.shift()!.id, status: "failed", message: `gnc sweep: a worker could not start (${sig ?? `exit ${code}`}): ${slot.stderr.trim().split("\n").slice(-1)[0] ?? ""}`, seconds: 0 });
        }
        slot.job = null;
        finishIfIdle();
      });
      return slot;
    };
    for (let i = 0; i < n; i++) slots.push(spawnSlot());
    opts.signal?.addEventListener("abort", () => {
      aborted = true;
      for (const s of slots) if (s.child.connected) s.child.send({ type: "abort" });
      finishIfIdle();
    });
  });
}
