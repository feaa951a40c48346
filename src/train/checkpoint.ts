/**
 * Training checkpoints: everything needed to continue a run so that it produces the SAME
 * metrics.csv and train-log.csv as an uninterrupted one — the network variables and the SGD momentum
 * buffers (float32, stored bit-exactly as base64), the rng stream states, the step/epoch counters,
 * the fixed training-graph seeds and the byte lengths of the CSV files at checkpoint time (a resume
 * truncates rows written after it). Stored through the run store (src/runs/store.ts) as
 * checkpoints/latest.json, plus an epoch-<e>.json copy at each epoch end.
 */
import type { RunStore } from "../runs/store.js";
import { GncError } from "../util/errors.js";
import { b64ToF32, f32ToB64 } from "../runs/codec.js";

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

/** Write latest.json (and epoch-<e>.json when atEpochEnd) atomically. */
export function saveCheckpoint(store: RunStore, ck: Checkpoint, atEpochEnd: boolean): void {
  const data = {
    ...ck,
    variables: ck.variables.map((v) => ({ shape: v.shape, data: f32ToB64(v.data) })),
    momentum: ck.momentum.map(f32ToB64),
  };
  store.saveCheckpoint(data, atEpochEnd ? `epoch-${ck.epoch}` : undefined);
}

/** Read latest.json, or null when the run has no checkpoint yet. */
export function loadCheckpoint(store: RunStore): Checkpoint | null {
  const raw = store.loadCheckpoint<any>();
  if (raw === null) return null;
  if (raw?.version !== CHECKPOINT_VERSION) {
    throw new GncError(`gnc/train/checkpoint: ${store.files.checkpoints}/latest.json: checkpoint version ${raw?.version}, this gnc writes ${CHECKPOINT_VERSION}`);
  }
  return {
    ...raw,
    variables: raw.variables.map((v: { shape: number[]; data: string }) => ({ shape: v.shape, data: b64ToF32(v.data) })),
    momentum: raw.momentum.map(b64ToF32),
  } as Checkpoint;
}
