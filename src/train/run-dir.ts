/**
 * The run directory (DESIGN.md "Results are tidy"): out/<name>/<config-hash-first-12>/ holding
 *   config.json     the resolved config (canonical JSON, pretty-printed)
 *   manifest.json   backend, versions (node, tfjs, gnc), seed, hash, start/end time, per-phase timings
 *   metrics.csv     tidy collapse metrics (tidy-csv.ts)
 *   train-log.csv   per-step loss and overlap
 *   checkpoints/    latest.json + epoch-<e>.json (checkpoint.ts)
 *   figures/        drawn by report/ at the end
 *   DONE            written last: a run directory is complete only when it exists
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { writeFileAtomic } from "../util/fs.js";
import { GncError } from "../util/errors.js";
import { canonicalJson, configHash, type RunConfig } from "./config.js";

export const HASH_PREFIX = 12;

export function runDirFor(outDir: string, cfg: RunConfig): string {
  return path.join(outDir, cfg.name, configHash(cfg).slice(0, HASH_PREFIX));
}

export const runFiles = (dir: string) => ({
  config: path.join(dir, "config.json"),
  manifest: path.join(dir, "manifest.json"),
  metrics: path.join(dir, "metrics.csv"),
  trainLog: path.join(dir, "train-log.csv"),
  done: path.join(dir, "DONE"),
  figures: path.join(dir, "figures"),
});

/** Sorted-key, pretty JSON of the config (what config.json holds). */
export function prettyConfig(cfg: RunConfig): string {
  return JSON.stringify(JSON.parse(canonicalJson(cfg)), null, 2) + "\n";
}

/**
 * Write config.json, or check that an existing one is the same config (a run directory belongs to
 * exactly one config; the hash in its name makes a clash a sign of a hand-edited file).
 */
export function claimRunDir(dir: string, cfg: RunConfig): void {
  const f = runFiles(dir).config;
  if (existsSync(f)) {
    let old: unknown;
    try {
      old = JSON.parse(readFileSync(f, "utf8"));
    } catch {
      throw new GncError(`gnc/train: ${f}: unreadable config.json; remove the run directory to start over`);
    }
    if (canonicalJson(old) !== canonicalJson(cfg)) {
      throw new GncError(`gnc/train: ${f}: the run directory holds a different config; remove it or change --out/--name`);
    }
    return;
  }
  writeFileAtomic(f, prettyConfig(cfg));
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

export interface Manifest {
  gnc: string;
  node: string;
  tfjs: string;
  backend: string;
  backendTried: string[];
  seed: number;
  configHash: string;
  status: "running" | "stopped" | "interrupted" | "diverged" | "done";
  startTime: string;
  endTime: string | null;
  steps: number;
  /** Wall time per phase in seconds, summed over all sessions of the run (resumes included). */
  timings: Record<string, number>;
  /** Sessions (start, resumed at step). */
  sessions: { start: string; fromStep: number }[];
  message?: string;
}

export function writeManifest(dir: string, m: Manifest): void {
  writeFileAtomic(runFiles(dir).manifest, JSON.stringify(m, null, 2) + "\n");
}

export function readManifest(dir: string): Manifest | null {
  try {
    return JSON.parse(readFileSync(runFiles(dir).manifest, "utf8")) as Manifest;
  } catch {
    return null;
  }
}
