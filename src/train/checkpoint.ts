/**
 * Training checkpoints: everything needed to continue a run so that it produces the SAME
 * metrics.csv and train-log.csv as an uninterrupted one — the network variables and the SGD momentum
 * buffers (float32, stored bit-exactly as base64), the rng stream states, the step/epoch counters,
 * the fixed training-graph seeds and the byte lengths of the CSV files at checkpoint time (a resume
 * truncates rows written after it). Written atomically (temp file + rename) as JSON to
 * <run>/checkpoints/latest.json, plus an epoch-<e>.json copy at each epoch end.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { writeFileAtomic } from "../util/fs.js";
import { GncError } from "../util/errors.js";

export const CHECKPOINT_VERSION = 1;

export interface Checkpoint {
  version: number;
  configHash: string;
  /** SGD steps completed. */
  step: number;
  /** Epochs completed. */
  epoch: number;
  /** Steps completed inside the current (unfinished) epoch. */
  stepInEpoch: number;
  variables: { shape: number[]; data: Float32Array }[];
  momentum: Float32Array[];
  /** Rng.state() of each named stream. */
  rng: Record<string, number[]>;
  /** Seeds of the fixed training graphs (graphs: "fixed"), in order. */
  graphSeeds: number[];
  /** Byte lengths of the append-only CSV files at checkpoint time. */
  files: Record<string, number>;
  /** Accumulated wall time per phase (ms), so the manifest's timings span all sessions. */
  timings: Record<string, number>;
}

function f32ToB64(a: Float32Array): string {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString("base64");
}

function b64ToF32(s: string): Float32Array {
  const buf = Buffer.from(s, "base64");
  const out = new Float32Array(buf.byteLength / 4);
  new Uint8Array(out.buffer).set(buf);
  return out;
}

export function checkpointDir(runDir: string): string {
  return path.join(runDir, "checkpoints");
}

/** Write latest.json (and epoch-<e>.json when atEpochEnd) atomically. */
export function saveCheckpoint(runDir: string, ck: Checkpoint, atEpochEnd: boolean): void {
  const json = JSON.stringify({
    ...ck,
    variables: ck.variables.map((v) => ({ shape: v.shape, data: f32ToB64(v.data) })),
    momentum: ck.momentum.map(f32ToB64),
  });
  const dir = checkpointDir(runDir);
  writeFileAtomic(path.join(dir, "latest.json"), json);
  if (atEpochEnd) writeFileAtomic(path.join(dir, `epoch-${ck.epoch}.json`), json);
}

/** Read latest.json, or null when the run has no checkpoint yet. */
export function loadCheckpoint(runDir: string): Checkpoint | null {
  const file = path.join(checkpointDir(runDir), "latest.json");
  if (!existsSync(file)) return null;
  let raw: any;
  try {
    raw = JSON.parse(readFileSync(file, "utf8"));
  } catch (err) {
    throw new GncError(`gnc/train/checkpoint: ${file}: unreadable checkpoint (${(err as Error).message}); delete it to restart the run`);
  }
  if (raw?.version !== CHECKPOINT_VERSION) {
    throw new GncError(`gnc/train/checkpoint: ${file}: checkpoint version ${raw?.version}, this gnc writes ${CHECKPOINT_VERSION}`);
  }
  return {
    ...raw,
    variables: raw.variables.map((v: { shape: number[]; data: string }) => ({ shape: v.shape, data: b64ToF32(v.data) })),
    momentum: raw.momentum.map(b64ToF32),
  } as Checkpoint;
}
