/**
 * A run directory as data that travels through Redis (no shared file system between coordinator
 * and workers): file path relative to the run directory → base64 of its bytes.
 *   - `collectRunFiles`: what a finished run returns — config.json, manifest.json, metrics.csv, the
 *     study's log CSV(s), DONE; not LOCK, figures/ or checkpoints/.
 *   - `snapshotCheckpoint`: what a run needs to resume elsewhere — checkpoints/latest.json, the
 *     manifest (so sessions accumulate) and config.json, and each append-only CSV truncated at the
 *     byte length the checkpoint records for it (`files.trainLog` → train-log.csv; the runner
 *     truncates back to that length on resume anyway, so a CSV without a recorded length is copied
 *     whole). A step-0 checkpoint is not shipped (see below).
 *   - `writeRunFiles`: the inverse, atomically per file, DONE last; names are checked so a payload
 *     can never write outside the run directory.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { GncError } from "../../util/errors.js";
import { writeFileAtomic } from "../../util/fs.js";

export type RunFiles = Record<string, string>;

const SKIP_TOP = new Set(["LOCK", "figures", "checkpoints"]);
const SAFE_NAME = /^(checkpoints\/)?[A-Za-z0-9_][A-Za-z0-9_.-]{0,100}$/;

function listTop(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir).filter((f) => !SKIP_TOP.has(f) && !f.startsWith(".") && statSync(path.join(dir, f)).isFile()) : [];
}

export function collectRunFiles(dir: string): RunFiles {
  const out: RunFiles = {};
  for (const f of listTop(dir)) out[f] = readFileSync(path.join(dir, f)).toString("base64");
  return out;
}

const kebab = (k: string) => k.replace(/[A-Z]/g, (c) => "-" + c.toLowerCase()) + ".csv";

/** The checkpoint's files, or null when the run has no checkpoint yet. */
export function snapshotCheckpoint(dir: string): RunFiles | null {
  const ckFile = path.join(dir, "checkpoints", "latest.json");
  if (!existsSync(ckFile)) return null;
  const ck = readFileSync(ckFile);
  let lengths: Record<string, number> = {};
  try {
    const j = JSON.parse(ck.toString("utf8"));
    // A checkpoint at step 0 holds no progress, and trainRun evaluates step 0 again when it resumes
    // from one (duplicating those metrics rows): starting afresh is the same run, so ship nothing.
    if (j?.step === 0) return null;
    if (j && typeof j.files === "object" && j.files) lengths = Object.fromEntries(Object.entries(j.files).map(([k, v]) => [kebab(k), Number(v)]));
  } catch {
    return null; // caught between write and rename cannot happen (atomic); a broken file is not worth shipping
  }
  const out: RunFiles = { "checkpoints/latest.json": ck.toString("base64") };
  for (const f of listTop(dir)) {
    if (f === "DONE") continue;
    let b = readFileSync(path.join(dir, f));
    const n = lengths[f];
    if (Number.isInteger(n) && n >= 0 && n <= b.length) b = b.subarray(0, n);
    out[f] = b.toString("base64");
  }
  return out;
}

export function writeRunFiles(dir: string, files: RunFiles, what = "gnc/sweep/queue"): void {
  const names = Object.keys(files);
  for (const n of names) {
    if (!SAFE_NAME.test(n) || n.includes("..")) throw new GncError(`${what}: refused a result file named ${JSON.stringify(n.slice(0, 60))}`);
    if (typeof files[n] !== "string") throw new GncError(`${what}: result file ${n} is not base64 text`);
  }
  for (const n of names.filter((x) => x !== "DONE")) {
    mkdirSync(path.dirname(path.join(dir, n)), { recursive: true });
    writeFileAtomic(path.join(dir, n), Buffer.from(files[n], "base64"));
  }
  if (files.DONE !== undefined) writeFileAtomic(path.join(dir, "DONE"), Buffer.from(files.DONE, "base64"));
}
