/**
 * Boundary checks shared by the collapse metrics (DESIGN.md: public functions validate their input,
 * kernels behind them stay fast). Every failure is a GncError prefixed "gnc/collapse:".
 *
 * Non-finite feature values are deliberately NOT rejected here: a diverged training run should
 * report NaN metrics rather than abort. File readers (util/matrix-file.ts) do reject them.
 */
import { GncError } from "../util/errors.js";
import type { Matrix } from "./types.js";

const MOD = "gnc/collapse";

/** Check that M is a well-formed rows×cols matrix (optionally with the given shape). */
export function checkMatrix(M: Matrix, name: string, rows?: number, cols?: number): void {
  if (!M || !(M.data instanceof Float64Array || M.data instanceof Float32Array)) {
    throw new GncError(`${MOD}: ${name} must be a Matrix with Float64Array or Float32Array data`);
  }
  if (!Number.isInteger(M.rows) || !Number.isInteger(M.cols) || M.rows < 0 || M.cols < 0) {
    throw new GncError(`${MOD}: ${name} has invalid shape ${M.rows}×${M.cols}`);
  }
  if (M.data.length !== M.rows * M.cols) {
    throw new GncError(`${MOD}: ${name} is ${M.rows}×${M.cols} but holds ${M.data.length} values (expected ${M.rows * M.cols})`);
  }
  if (rows !== undefined && M.rows !== rows) {
    throw new GncError(`${MOD}: ${name} has ${M.rows} rows, expected ${rows}`);
  }
  if (cols !== undefined && M.cols !== cols) {
    throw new GncError(`${MOD}: ${name} has ${M.cols} columns, expected ${cols}`);
  }
}

/** Check labels ∈ {0..C−1}^n (Int32Array). Returns class counts. Does not require every class. */
export function checkLabels(labels: Int32Array, n: number, classes: number, name = "labels"): Int32Array {
  if (!(labels instanceof Int32Array)) throw new GncError(`${MOD}: ${name} must be an Int32Array`);
  if (!Number.isInteger(classes) || classes < 1) throw new GncError(`${MOD}: number of classes must be a positive integer, got ${classes}`);
  if (labels.length !== n) {
    throw new GncError(`${MOD}: ${name} has ${labels.length} entries but the features have ${n} rows`);
  }
  const counts = new Int32Array(classes);
  for (let i = 0; i < n; i++) {
    const c = labels[i];
    if (c < 0 || c >= classes) throw new GncError(`${MOD}: ${name}: node ${i} has label ${c}, outside 0..${classes - 1}`);
    counts[c]++;
  }
  return counts;
}
