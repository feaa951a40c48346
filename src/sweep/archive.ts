/**
 * The results archive: a compact copy of a sweep's complete runs, small enough to commit
 * (docs/results/archive/NAME.jsonl.gz for the gallery), so results outlive the machine that made
 * them — a paper-scale study that takes longer than one session on one machine accumulates across
 * sessions and machines, and the gallery is regenerated from committed data.
 *
 * Format: gzip of JSON lines. The first line is the header
 *   { "format": "gnc-sweep-archive", "version": 1, "sweep": NAME, "kept": "<the row rule below>" }
 * then one line per complete run, in plan order:
 *   { "runDir": "NAME/<hash12>", "hash": "<full config hash>", "files": { "config.json": …, "manifest.json": …,
 *     "metrics.csv": …, "DONE": …, "ARCHIVED": … } }   (file texts, UTF-8)
 * metrics.csv keeps what the sweep's summary and figures read: the rows of the run's curve kinds
 * (GNN: bn, plus final — classifier NC2–NC4, overlap, loss; spectral: each method; gUFM: ufm) at the
 * last evaluated epoch (a gUFM run keeps every epoch, for the NC1-vs-epoch figure). A merge of
 * restored runs therefore gives the same summary.csv and layer figures as the full runs; the
 * per-epoch GNN curves, the conv/relu kinds and the training logs are not kept (ARCHIVED says so).
 *
 * `archiveSweep` adds the plan's complete runs under OUT to the archive and keeps archived runs that
 * are still in the plan (a run archived by an earlier session stays); runs of an older definition of
 * the experiment (hash no longer planned) are dropped. `restoreSweep` writes archived runs that OUT
 * lacks as complete run directories, so a sweep skips them and its merge includes them.
 * Same runs → byte-identical archive.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
import { GncError } from "../util/errors.js";
import { writeFileAtomic } from "../util/fs.js";
import { writeRunFiles } from "./queue/files.js";
import { curveKind, runState } from "./merge.js";
import type { PlannedRun, SweepPlan } from "./plan.js";

export const ARCHIVE_FORMAT = "gnc-sweep-archive";
const KEPT = "metrics.csv rows of the run's curve kinds (GNN: bn and final) at the last epoch (gUFM: every epoch)";
const ARCHIVED_NOTE = `Restored from a gnc results archive: ${KEPT}; no training log, checkpoints or figures.\n`;
const FILES = ["config.json", "manifest.json", "DONE"] as const;

export interface ArchivedRun {
  runDir: string;
  hash: string;
  files: Record<string, string>;
}

/** The metrics.csv rows an archive keeps for a run of `study` with `methods` (see the banner). */
export function slimMetrics(text: string, study: string, methods: readonly string[], file = "metrics.csv"): string {
  const lines = text.split("\n").filter((l) => l !== "");
  if (lines.length === 0) return "";
  const head = lines[0].split(",");
  const [ek, kk] = [head.indexOf("epoch"), head.indexOf("kind")];
  if (ek < 0 || kk < 0) throw new GncError(`${file}: line 1: no epoch or kind column (not a gnc metrics.csv)`);
  const kinds = new Set(methods.map((m) => curveKind(study, m)));
  if (study === "gnn") kinds.add("final");
  const rows = lines.slice(1).map((l) => l.split(","));
  const last = rows.reduce((m, f) => Math.max(m, Number(f[ek])), -Infinity);
  const keep = rows.filter((f) => kinds.has(f[kk]) && (study === "ufm" || Number(f[ek]) === last));
  return [lines[0], ...keep.map((f) => f.join(","))].join("\n") + "\n";
}

/** The archive's runs (empty when the file does not exist). Throws GncError on a file that is not one. */
export function readArchive(file: string, sweep?: string): ArchivedRun[] {
  if (!existsSync(file)) return [];
  let lines: string[];
  try {
    lines = gunzipSync(readFileSync(file)).toString("utf8").split("\n").filter((l) => l !== "");
  } catch (e) {
    throw new GncError(`${file}: not a gzip file (${(e as Error).message})`);
  }
  const parse = (l: string, i: number) => {
    try {
      return JSON.parse(l);
    } catch {
      throw new GncError(`${file}: line ${i + 1}: not JSON`);
    }
  };
  const h = parse(lines[0] ?? "{}", 0);
  if (h.format !== ARCHIVE_FORMAT || h.version !== 1) throw new GncError(`${file}: line 1: not a ${ARCHIVE_FORMAT} version 1 header`);
  if (sweep !== undefined && h.sweep !== sweep) throw new GncError(`${file}: line 1: archives sweep "${h.sweep}", not "${sweep}"`);
  return lines.slice(1).map((l, i) => {
    const r = parse(l, i + 1);
    const ok = r && typeof r.runDir === "string" && typeof r.hash === "string" && r.files && typeof r.files === "object" &&
      Object.values(r.files).every((v) => typeof v === "string") && typeof r.files.DONE === "string";
    if (!ok) throw new GncError(`${file}: line ${i + 2}: not an archived run (runDir, hash, files with DONE)`);
    return r as ArchivedRun;
  });
}

function writeArchive(file: string, sweep: string, runs: ArchivedRun[]): void {
  const lines = [JSON.stringify({ format: ARCHIVE_FORMAT, version: 1, sweep, kept: KEPT }), ...runs.map((r) => JSON.stringify(r))];
  writeFileAtomic(file, gzipSync(Buffer.from(lines.join("\n") + "\n", "utf8"), { level: 9 }));
}

function packRun(outDir: string, run: PlannedRun): ArchivedRun {
  const dir = path.join(outDir, run.runDir);
  const files: Record<string, string> = {};
  for (const f of FILES) if (existsSync(path.join(dir, f))) files[f] = readFileSync(path.join(dir, f), "utf8");
  const metrics = path.join(dir, "metrics.csv");
  if (existsSync(metrics)) files["metrics.csv"] = slimMetrics(readFileSync(metrics, "utf8"), run.study, run.methods, metrics);
  files.ARCHIVED = ARCHIVED_NOTE;
  return { runDir: run.runDir, hash: run.hash, files };
}

export interface ArchiveResult {
  /** Runs in the archive now. */
  runs: number;
  /** Complete runs under OUT written into it now (new or refreshed). */
  added: number;
  /** Archived runs no longer in the plan (an older definition), dropped. */
  dropped: number;
}

/** Add the plan's complete runs under outDir to the archive file (see the banner). */
export function archiveSweep(plan: SweepPlan, outDir: string, file: string): ArchiveResult {
  const old = readArchive(file, plan.name);
  const byHash = new Map(old.map((r) => [r.hash, r]));
  const planned = new Set(plan.runs.map((r) => r.hash));
  const runs: ArchivedRun[] = [];
  let added = 0;
  for (const r of plan.runs) {
    const here = path.join(outDir, r.runDir);
    const done = runState(outDir, r).status === "done";
    // a run restored from this archive is the archived run: its entry stays as it is
    const restored = existsSync(path.join(here, "ARCHIVED"));
    if (done && !(restored && byHash.has(r.hash))) {
      runs.push(packRun(outDir, r));
      if (!restored) added++;
    } else if (byHash.has(r.hash)) runs.push(byHash.get(r.hash)!);
  }
  const dropped = old.filter((r) => !planned.has(r.hash)).length;
  if (runs.length > 0 || existsSync(file)) writeArchive(file, plan.name, runs);
  return { runs: runs.length, added, dropped };
}

/** Write the archived runs of the plan that outDir lacks (no run directory yet) as complete runs. */
export function restoreSweep(plan: SweepPlan, outDir: string, file: string): { restored: number; present: number } {
  const planned = new Map(plan.runs.map((r) => [r.hash, r]));
  let restored = 0;
  let present = 0;
  for (const a of readArchive(file, plan.name)) {
    const r = planned.get(a.hash);
    if (!r) continue;
    const dir = path.join(outDir, r.runDir);
    if (existsSync(dir)) {
      present++;
      continue;
    }
    writeRunFiles(dir, Object.fromEntries(Object.entries(a.files).map(([k, v]) => [k, Buffer.from(v, "utf8").toString("base64")])), `gnc/sweep/archive: ${file}`);
    restored++;
  }
  return { restored, present };
}
