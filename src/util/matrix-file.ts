/**
 * Dense matrices and integer vectors from files, for `gnc nc` and library users:
 *
 *   readMatrixFile(path) → Matrix (Float64Array, row-major)
 *     .npy  2-D, float32/float64 (int32/int64/uint8 accepted and converted), C order (util/npy.ts)
 *     else  CSV: one row per line, comma-separated numbers (spaces around cells ignored); an optional
 *           first line of names (every cell non-numeric) is a header; blank lines and
 *           lines starting with '#' skipped.
 *   readIntVectorFile(path) → Int32Array
 *     .npy  1-D (or N×1) int32/int64/uint8
 *     else  one integer per line ('#' comments, blank lines and a one-word header line allowed).
 *
 * Errors (GncError, "gnc/util/matrix-file: <file>: line N: …"): ragged rows, non-numeric cells,
 * NaN/Infinity (rejected: the metrics would silently turn them into NaN), empty files, wrong .npy rank.
 */
import { readFileSync } from "node:fs";
import { inputError, snippet } from "./errors.js";
import { readNpy } from "./npy.js";
import type { Matrix } from "../collapse/types.js";

const MOD = "util/matrix-file";
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const NONFINITE = /^[+-]?(nan|inf|infinity)$/i;
const INTEGER = /^[+-]?\d+$/;

function readText(path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch (err) {
    throw inputError(MOD, `cannot read file (${(err as NodeJS.ErrnoException).code ?? String(err)})`, path);
  }
}

const isNpy = (path: string) => path.toLowerCase().endsWith(".npy");

/** Read an N×d matrix from .npy or CSV (see file banner). */
export function readMatrixFile(path: string): Matrix {
  return isNpy(path) ? matrixFromNpy(path) : parseMatrixCsv(readText(path), path);
}

function matrixFromNpy(path: string): Matrix {
  const a = readNpy(path);
  if (a.shape.length !== 2) throw inputError(MOD, `expected a 2-D array, got shape (${a.shape.join(", ")})`, path);
  const [rows, cols] = a.shape;
  if (rows === 0 || cols === 0) throw inputError(MOD, `the array is empty, shape (${rows}, ${cols})`, path);
  const data = new Float64Array(rows * cols);
  for (let i = 0; i < data.length; i++) {
    const v = Number(a.data[i]);
    if (!Number.isFinite(v)) throw inputError(MOD, `row ${Math.floor(i / cols)}, column ${i % cols}: value ${v} is not finite`, path);
    data[i] = v;
  }
  return { data, rows, cols };
}

/** Parse CSV text into a matrix. `file` is only used in messages. */
export function parseMatrixCsv(text: string, file: string): Matrix {
  const lines = text.split(/\r?\n/);
  const values: number[] = [];
  let cols = -1, rows = 0, seenContent = false;
  for (let k = 0; k < lines.length; k++) {
    const line = lines[k].trim();
    if (line === "" || line.startsWith("#")) continue;
    const cells = line.split(",").map((c) => c.trim());
    const lineNo = k + 1;
    if (!seenContent) {
      seenContent = true;
      // A header names every column: all its cells are non-numeric. A line mixing numbers and words
      // is a data row with a bad cell (reported below), not a header.
      if (cells.every((c) => !NUMBER.test(c) && !NONFINITE.test(c) && c !== "")) {
        cols = cells.length; // a header: names, one per column
        continue;
      }
    }
    if (cols < 0) cols = cells.length;
    if (cells.length !== cols) throw inputError(MOD, `expected ${cols} columns, got ${cells.length}`, file, lineNo);
    for (let j = 0; j < cells.length; j++) {
      const c = cells[j];
      if (NONFINITE.test(c)) throw inputError(MOD, `column ${j + 1}: "${snippet(c)}" is not a finite number`, file, lineNo);
      if (!NUMBER.test(c)) throw inputError(MOD, `column ${j + 1}: "${snippet(c)}" is not a number`, file, lineNo);
      const v = Number(c);
      if (!Number.isFinite(v)) throw inputError(MOD, `column ${j + 1}: "${snippet(c)}" overflows float64`, file, lineNo);
      values.push(v);
    }
    rows++;
  }
  if (rows === 0) throw inputError(MOD, "no data rows", file);
  return { data: Float64Array.from(values), rows, cols };
}

/** Read an integer vector (labels, predictions) from .npy or text (see file banner). */
export function readIntVectorFile(path: string): Int32Array {
  if (!isNpy(path)) return parseIntVector(readText(path), path);
  const a = readNpy(path);
  const ok = a.shape.length === 1 || (a.shape.length === 2 && a.shape[1] === 1);
  if (!ok) throw inputError(MOD, `expected a 1-D integer array, got shape (${a.shape.join(", ")})`, path);
  if (a.dtype === "<f4" || a.dtype === "<f8") throw inputError(MOD, `expected integers (int32 <i4, int64 <i8 or uint8 |u1), got ${a.dtype}`, path);
  const out = new Int32Array(a.shape[0]);
  for (let i = 0; i < out.length; i++) {
    const v = Number(a.data[i]);
    if (v < -2147483648 || v > 2147483647) throw inputError(MOD, `entry ${i}: ${v} does not fit in int32`, path);
    out[i] = v;
  }
  return out;
}

/** Parse one integer per line. `file` is only used in messages. */
export function parseIntVector(text: string, file: string): Int32Array {
  const lines = text.split(/\r?\n/);
  const out: number[] = [];
  let first = true;
  for (let k = 0; k < lines.length; k++) {
    const s = lines[k].trim();
    if (s === "" || s.startsWith("#")) continue;
    if (first && /^[A-Za-z_]\w*$/.test(s)) { first = false; continue; } // header word
    first = false;
    if (!INTEGER.test(s)) throw inputError(MOD, `expected one integer, got "${snippet(s)}"`, file, k + 1);
    const v = Number(s);
    if (v < -2147483648 || v > 2147483647) throw inputError(MOD, `${snippet(s)} does not fit in int32`, file, k + 1);
    out.push(v);
  }
  if (out.length === 0) throw inputError(MOD, "no entries", file);
  return Int32Array.from(out);
}
