/**
 * The run store: the one on-disk layout every study kind writes (GNN training, spectral power
 * iteration, gUFM flow), so sweeps and reports never care which kind produced a run.
 * OUT/<name>/<config-hash-first-12>/ holds
 *   config.json     the resolved config (canonical JSON, pretty-printed); the hash in the folder name is its SHA-256
 *   LOCK            while a process works on the run (lock.ts)
 *   manifest.json   study, versions, seed, hash, status running|done|failed|stopped|interrupted (+ message),
 *                   start/end time, sessions, per-phase timings, study extras (backend …)
 *   metrics.csv     tidy collapse metrics (tidy-csv.ts), the same columns for every study
 *   <log>.csv       the study's per-step log (train-log.csv, …)
 *   checkpoints/    latest.json (+ tagged copies)
 *   figures/        drawn by report/ at the end
 *   DONE            written last: a run directory is complete only when it exists
 * A study runner claims the store (lock + config), calls start(), appends rows, checkpoints, and
 * ends with finish() in every path — a throw included (the manifest then says "failed" with the
 * message) — then release().
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { writeFileAtomic } from "../util/fs.js";
import { machineDescription } from "../util/machine.js";
import { GncError } from "../util/errors.js";
import { canonicalJson, configHash, prettyConfig } from "./schema/common.js";
import { CsvAppender, METRICS_COLUMNS, type MetricRow } from "./tidy-csv.js";
import { LOCK_FILE, acquireLock, releaseLock } from "./lock.js";

export const HASH_PREFIX = 12;

export type RunStatus = "running" | "done" | "failed" | "stopped" | "interrupted";

export interface Manifest {
  gnc: string;
  node: string;
  /** "gnn", "spectral", "ufm". */
  study: string;
  seed: number;
  configHash: string;
  status: RunStatus;
  startTime: string;
  endTime: string | null;
  /** Sessions (start, resumed at step). */
  /** One per start or resume: when, from which step, on which machine (util/machine.ts). */
  sessions: { start: string; fromStep: number; machine?: string }[];
  message?: string;
  /** Study extras: backend, tfjs, steps, timings (seconds per phase, over all sessions) … */
  [extra: string]: unknown;
}

/** gnc's own version from package.json. */
export function gncVersion(): string {
  try {
    const pkg = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../package.json");
    return JSON.parse(readFileSync(pkg, "utf8")).version ?? "unknown";
  } catch {
    return "unknown";
  }
}

export function runDirFor(outDir: string, cfg: { name: string }): string {
  return path.join(outDir, cfg.name, configHash(cfg).slice(0, HASH_PREFIX));
}

export const runFiles = (dir: string) => ({
  config: path.join(dir, "config.json"),
  manifest: path.join(dir, "manifest.json"),
  metrics: path.join(dir, "metrics.csv"),
  trainLog: path.join(dir, "train-log.csv"),
  done: path.join(dir, "DONE"),
  figures: path.join(dir, "figures"),
  checkpoints: path.join(dir, "checkpoints"),
});

/** Read a run directory's manifest (null when missing or unreadable). */
export function readManifest(dir: string): Manifest | null {
  try {
    return JSON.parse(readFileSync(runFiles(dir).manifest, "utf8")) as Manifest;
  } catch {
    return null;
  }
}

export class RunStore {
  readonly files: ReturnType<typeof runFiles>;
  private manifest: Manifest | null = null;
  private locked = false;

  constructor(readonly dir: string, readonly hash: string) {
    this.files = runFiles(dir);
  }

  /** The store of a resolved config: OUT/<name>/<hash12>/ (nothing is touched on disk). */
  static forConfig(outDir: string, cfg: { name: string }): RunStore {
    const hash = configHash(cfg);
    return new RunStore(path.join(outDir, cfg.name, hash.slice(0, HASH_PREFIX)), hash);
  }

  isDone(): boolean {
    return existsSync(this.files.done);
  }

  /**
   * Create the directory, take the run lock, and write config.json — or check that an existing one
   * is the same config (the hash in the name makes a clash a sign of a hand-edited file). `force`
   * deletes an existing run first (under the lock).
   */
  claim(cfg: unknown, opts: { force?: boolean } = {}): void {
    mkdirSync(this.dir, { recursive: true });
    acquireLock(this.dir);
    this.locked = true;
    try {
      if (opts.force) {
        for (const f of readdirSync(this.dir)) if (f !== LOCK_FILE) rmSync(path.join(this.dir, f), { recursive: true, force: true });
      }
      const f = this.files.config;
      if (existsSync(f)) {
        let old: unknown;
        try {
          old = JSON.parse(readFileSync(f, "utf8"));
        } catch {
          throw new GncError(`gnc/runs/store: ${f}: unreadable config.json; remove the run directory to start over`);
        }
        if (canonicalJson(old) !== canonicalJson(cfg)) {
          throw new GncError(`gnc/runs/store: ${f}: the run directory holds a different config; remove it or change the output folder or name`);
        }
        return;
      }
      writeFileAtomic(f, prettyConfig(cfg));
    } catch (err) {
      this.release();
      throw err;
    }
  }

  release(): void {
    if (this.locked) releaseLock(this.dir);
    this.locked = false;
  }

  readManifest(): Manifest | null {
    return readManifest(this.dir);
  }

  /** Begin a session: manifest status "running", keeping the start time and sessions of earlier ones. */
  start(base: { study: string; seed: number; fromStep?: number; [extra: string]: unknown }): void {
    const prev = this.readManifest();
    const now = new Date().toISOString();
    const { fromStep = 0, study, seed, ...extra } = base;
    this.manifest = {
      gnc: gncVersion(), node: process.version, study, seed, configHash: this.hash, status: "running",
      startTime: (prev?.startTime as string | undefined) ?? now, endTime: null,
      sessions: [...((prev?.sessions as Manifest["sessions"] | undefined) ?? []), { start: now, fromStep, machine: machineDescription() }],
      ...extra,
    };
    this.writeManifest();
  }

  /** Merge fields into the manifest and write it. */
  update(partial: Record<string, unknown>): void {
    if (!this.manifest) throw new Error("gnc/runs/store: update() before start()");
    this.manifest = { ...this.manifest, ...partial };
    this.writeManifest();
  }

  /** End the session: final status (+ message), end time; DONE when "done". */
  finish(status: Exclude<RunStatus, "running">, message?: string, partial: Record<string, unknown> = {}): void {
    if (!this.manifest) this.manifest = { ...(this.readManifest() ?? ({} as Manifest)) };
    const m: Manifest = { ...this.manifest, ...partial, status, endTime: new Date().toISOString() };
    if (message !== undefined) m.message = message;
    else delete m.message;
    this.manifest = m;
    this.writeManifest();
    if (status === "done") writeFileSync(this.files.done, new Date().toISOString() + "\n");
  }

  private writeManifest(): void {
    writeFileAtomic(this.files.manifest, JSON.stringify(this.manifest, null, 2) + "\n");
  }

  /** metrics.csv (the tidy schema shared by every study). */
  metrics(): CsvAppender<MetricRow> {
    return new CsvAppender<MetricRow>(this.files.metrics, METRICS_COLUMNS);
  }

  /** Another append-only CSV of the run (a study's per-step log). */
  appender<R extends object>(fileName: string, columns: readonly (keyof R & string)[]): CsvAppender<R> {
    return new CsvAppender<R>(path.join(this.dir, fileName), columns);
  }

  /** Write checkpoints/latest.json (and checkpoints/<tag>.json) atomically. */
  saveCheckpoint(data: unknown, tag?: string): void {
    const json = JSON.stringify(data);
    writeFileAtomic(path.join(this.files.checkpoints, "latest.json"), json);
    if (tag !== undefined) writeFileAtomic(path.join(this.files.checkpoints, `${tag}.json`), json);
  }

  /** checkpoints/latest.json parsed, or null when the run has none. */
  loadCheckpoint<T>(): T | null {
    const file = path.join(this.files.checkpoints, "latest.json");
    if (!existsSync(file)) return null;
    try {
      return JSON.parse(readFileSync(file, "utf8")) as T;
    } catch (err) {
      throw new GncError(`gnc/runs/store: ${file}: unreadable checkpoint (${(err as Error).message.split("\n")[0]}); delete it to restart the run`);
    }
  }
}
