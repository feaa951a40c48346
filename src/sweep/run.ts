/**
 * `runSweep`: plan a sweep, claim its output folder, run what is not complete (this shard's share,
 * in parallel worker processes), and merge the outputs when every run of the plan is complete (or
 * when asked to). Rerunning the same sweep skips DONE runs and resumes unfinished ones from their
 * checkpoints; a failed run is recorded with its message and the sweep goes on.
 */
import { existsSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { GncError } from "../util/errors.js";
import { writeFileAtomic } from "../util/fs.js";
import { gncVersion } from "../runs/store.js";
import { planSweep, type PlannedRun, type SweepPlan } from "./plan.js";
import { mergeSweep, runState, type MergeResult } from "./merge.js";
import { runPool, type PoolResult } from "./pool.js";
import type { SweepSpec } from "./spec.js";

export interface Shard {
  index: number;
  count: number;
}

/** Parse "i/n" (0 ≤ i < n). */
export function parseShard(s: string, prog = "gnc sweep"): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(String(s).trim());
  const bad = () => new GncError(`${prog}: --shard: expected i/n with 0 ≤ i < n (e.g. 0/4), got "${s}"`);
  if (!m) throw bad();
  const [index, count] = [Number(m[1]), Number(m[2])];
  if (count < 1 || index >= count) throw bad();
  return { index, count };
}

/** A subset of the settings: swept field → the values (as printed in the summary) to keep. */
export type SettingFilter = Record<string, string[]>;

/** Parse `--only FIELD=V1,V2` values (several flags: every condition must hold). */
export function parseOnly(items: string[], prog = "gnc sweep"): SettingFilter {
  const out: SettingFilter = {};
  for (const it of items) {
    const m = /^([^=]+)=(.+)$/.exec(String(it).trim());
    if (!m) throw new GncError(`${prog}: --only: expected FIELD=VALUE[,VALUE…], got "${it}"`);
    out[m[1].trim()] = [...(out[m[1].trim()] ?? []), ...m[2].split(",").map((v) => v.trim())];
  }
  return out;
}

/**
 * The runs this invocation is responsible for: this shard's share (plan index mod n) of the settings
 * kept by the filter. The sweep's identity stays the whole plan, so parts run separately merge into
 * the same outputs.
 */
export function selectRuns(plan: SweepPlan, o: { shard?: Shard; only?: SettingFilter }, prog = "gnc sweep"): PlannedRun[] {
  let runs = plan.runs;
  if (o.only) {
    for (const [f, vals] of Object.entries(o.only)) {
      if (!plan.fields.includes(f)) throw new GncError(`${prog}: --only: "${f}" is not swept here (swept: ${plan.fields.join(", ") || "nothing"})`);
      const seen = new Set(plan.settings.map((s) => String(s.values[f])));
      const bad = vals.find((v) => !seen.has(v));
      if (bad !== undefined) throw new GncError(`${prog}: --only: no setting has ${f}=${bad} (values: ${[...seen].join(", ")})`);
    }
    runs = runs.filter((r) => Object.entries(o.only!).every(([f, vals]) => vals.includes(String(plan.settings[r.setting].values[f]))));
  }
  return o.shard ? runs.filter((r) => r.index % o.shard!.count === o.shard!.index) : runs;
}

export interface SweepOptions {
  outDir?: string;
  /** Worker processes (default: the number of cores). */
  jobs?: number;
  shard?: Shard;
  /** Run only the settings whose values match (see selectRuns). */
  only?: SettingFilter;
  /** Only merge the outputs from the runs that are complete; run nothing. */
  mergeOnly?: boolean;
  /** The command line to record in sweep.json. */
  command?: string;
  configFile?: string;
  signal?: AbortSignal;
  /** `selected`: how many runs the shard and filter leave to this invocation (complete or not). */
  onPlan?: (plan: SweepPlan, todo: PlannedRun[], selected: number) => void;
  onProgress?: (done: number, total: number, fractionOfActive: number) => void;
  onRunDone?: (run: PlannedRun, r: PoolResult) => void;
  /**
   * Who runs the runs still to do (default: the local worker pool, runPool). The queue coordinator
   * (queue/coordinator.ts) plugs in here; results are written into the same run directories, so the
   * merge below is the same whatever ran them. PoolResult ids are plan indices.
   */
  executor?: (todo: PlannedRun[], opts: ExecutorOptions) => Promise<{ results: PoolResult[]; aborted: boolean }>;
}

export interface ExecutorOptions {
  outDir: string;
  jobs: number;
  signal?: AbortSignal;
  onProgress: (id: number, fraction: number) => void;
  onDone: (r: PoolResult) => void;
}

export interface SweepResult {
  plan: SweepPlan;
  sweepDir: string;
  /** Runs this invocation started (after skipping complete ones and other shards' runs). */
  ran: number;
  results: PoolResult[];
  aborted: boolean;
  /** Present when the outputs were (re)built. */
  merged?: MergeResult;
}

export function sweepDirOf(outDir: string, name: string): string {
  return path.join(outDir, "sweeps", name);
}

/** Refuse a sweep folder that holds a different sweep under the same name. */
function claimSweepDir(sweepDir: string, plan: SweepPlan): void {
  const file = path.join(sweepDir, "plan.json");
  if (existsSync(file)) {
    let old: { sweepHash?: string } | null = null;
    try {
      old = JSON.parse(readFileSync(file, "utf8"));
    } catch {
      old = null;
    }
    if (old?.sweepHash !== plan.sweepHash) {
      throw new GncError(`gnc/sweep: ${sweepDir} holds a different sweep named "${plan.name}" (other settings or config); choose another --name or --out, or remove that folder`);
    }
    return;
  }
  writeFileAtomic(file, JSON.stringify({ name: plan.name, sweepHash: plan.sweepHash, fields: plan.fields, runs: plan.runs.map((r) => r.runDir) }, null, 2) + "\n");
}

export async function runSweep(spec: SweepSpec, opts: SweepOptions = {}): Promise<SweepResult> {
  const outDir = opts.outDir ?? "out";
  const plan = planSweep(spec, { configFile: opts.configFile });
  const sweepDir = sweepDirOf(outDir, plan.name);
  claimSweepDir(sweepDir, plan);
  const mine = selectRuns(plan, opts);
  const todo = opts.mergeOnly ? [] : mine.filter((r) => runState(outDir, r).status !== "done");
  opts.onPlan?.(plan, todo, mine.length);
  const jobs = Math.max(1, opts.jobs ?? os.availableParallelism());
  const active = new Map<number, number>();
  let finished = 0;
  const report = () => {
    let frac = 0;
    for (const f of active.values()) frac += f;
    opts.onProgress?.(finished, todo.length, frac);
  };
  const execOpts: ExecutorOptions = {
    outDir, jobs, signal: opts.signal,
    onProgress: (id, f) => {
      active.set(id, f);
      report();
    },
    onDone: (r) => {
      active.delete(r.id);
      finished++;
      opts.onRunDone?.(plan.runs[r.id], r);
      report();
    },
  };
  const { results, aborted } = opts.executor
    ? await opts.executor(todo, execOpts)
    : await runPool(todo.map((r) => ({ id: r.index, study: r.study, config: r.config, outDir })), execOpts);
  const out: SweepResult = { plan, sweepDir, ran: todo.length, results, aborted };
  if (aborted) return out;
  const complete = plan.runs.every((r) => ["done", "failed"].includes(runState(outDir, r).status));
  if (complete || opts.mergeOnly) out.merged = mergeSweep(plan, outDir, sweepDir, opts.command ?? "", gncVersion());
  return out;
}
