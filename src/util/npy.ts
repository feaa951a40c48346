/**
 * NumPy .npy files (format spec: numpy/lib/format.py, "NEP 1 — A simple file format for NumPy
 * arrays"). Layout: magic "\x93NUMPY", major and minor version bytes, header length (uint16 LE in
 * v1, uint32 LE in v2/v3), an ASCII (v3: UTF-8) Python dict literal
 *   {'descr': '<f8', 'fortran_order': False, 'shape': (3, 4), }
 * padded with spaces and a newline so the data starts at a multiple of 64 (16 in old files), then the
 * raw data in C order.
 *
 * Supported dtypes: <f4 <f8 <i4 <i8 |u1 ('=' native order is read as '<': every host gnc runs on is
 * little-endian). Big-endian, other dtypes, Fortran order, truncated data and trailing bytes are
 * GncErrors naming the file.
 */
import { readFileSync } from "node:fs";
import { inputError, snippet } from "./errors.js";
import { writeFileAtomic } from "./fs.js";

const MOD = "util/npy";

export type NpyDtype = "<f4" | "<f8" | "<i4" | "<i8" | "|u1";

export type NpyData = Float32Array | Float64Array | Int32Array | BigInt64Array | Uint8Array;

export interface NpyArray {
  dtype: NpyDtype;
  shape: number[];
  /** Elements in C (row-major) order. */
  data: NpyData;
}

const SIZES: Record<NpyDtype, number> = { "<f4": 4, "<f8": 8, "<i4": 4, "<i8": 8, "|u1": 1 };
const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY

function normaliseDtype(descr: string, file: string): NpyDtype {
  // '=' (native) and '<' are the same on every host gnc runs on (little-endian); u1/i1 take '|'.
  const d = descr.replace(/^=/, "<").replace(/^<u1$/, "|u1");
  if (d in SIZES) return d as NpyDtype;
  if (/^>/.test(descr)) throw inputError(MOD, `big-endian dtype '${snippet(descr)}' is not supported (save with '<' byte order, e.g. arr.astype('<f8'))`, file);
  throw inputError(MOD, `unsupported dtype '${snippet(descr)}' (supported: float32 <f4, float64 <f8, int32 <i4, int64 <i8, uint8 |u1)`, file);
}

/** Parse a .npy file from bytes. `file` is only used in messages. */
export function parseNpy(buf: Uint8Array, file: string): NpyArray {
  if (buf.length < 10 || MAGIC.some((b, i) => buf[i] !== b)) throw inputError(MOD, "not a .npy file (missing \\x93NUMPY magic)", file);
  const major = buf[6];
  const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  let hlen: number, hstart: number;
  if (major === 1) { hlen = dv.getUint16(8, true); hstart = 10; }
  else if (major === 2 || major === 3) {
    if (buf.length < 12) throw inputError(MOD, "truncated header", file);
    hlen = dv.getUint32(8, true); hstart = 12;
  } else throw inputError(MOD, `unsupported .npy format version ${major}.${buf[7]}`, file);
  if (hstart + hlen > buf.length) throw inputError(MOD, "truncated header", file);
  const header = new TextDecoder(major === 3 ? "utf-8" : "latin1").decode(buf.subarray(hstart, hstart + hlen));
  const descr = /'descr'\s*:\s*'([^']*)'/.exec(header)?.[1];
  const fortran = /'fortran_order'\s*:\s*(True|False)/.exec(header)?.[1];
  const shapeText = /'shape'\s*:\s*\(([^)]*)\)/.exec(header)?.[1];
  if (descr === undefined || fortran === undefined || shapeText === undefined) {
    throw inputError(MOD, `malformed header "${snippet(header.trim(), 80)}"`, file);
  }
  const dtype = normaliseDtype(descr, file);
  if (fortran === "True") throw inputError(MOD, "Fortran-order arrays are not supported (save a C-order copy: np.ascontiguousarray(a))", file);
  const shape = shapeText.split(",").map((s) => s.trim()).filter((s) => s.length > 0).map((s) => {
    if (!/^\d+L?$/.test(s)) throw inputError(MOD, `malformed shape (${snippet(shapeText)})`, file);
    return parseInt(s, 10);
  });
  const count = shape.reduce((a, b) => a * b, 1);
  const size = SIZES[dtype];
  const start = hstart + hlen;
  const need = count * size;
  const have = buf.length - start;
  if (have < need) throw inputError(MOD, `truncated data: shape (${shape.join(", ")}) of ${dtype} needs ${need} bytes, the file has ${have}`, file);
  if (have > need) throw inputError(MOD, `${have - need} unexpected bytes after the data of shape (${shape.join(", ")})`, file);
  // Copy into a fresh, aligned buffer (the data offset need not be a multiple of the element size).
  // (A fresh Uint8Array, not buf.slice: on a Node Buffer slice is a view into a shared pool.)
  const bytes = new Uint8Array(need);
  bytes.set(buf.subarray(start, start + need));
  let data: NpyData;
  switch (dtype) {
    case "<f4": data = new Float32Array(bytes.buffer, 0, count); break;
    case "<f8": data = new Float64Array(bytes.buffer, 0, count); break;
    case "<i4": data = new Int32Array(bytes.buffer, 0, count); break;
    case "<i8": data = new BigInt64Array(bytes.buffer, 0, count); break;
    default: data = new Uint8Array(bytes.buffer, 0, count);
  }
  return { dtype, shape, data };
}

/** Read a .npy file. */
export function readNpy(path: string): NpyArray {
  let buf: Uint8Array;
  try {
    buf = readFileSync(path);
  } catch (err) {
    throw inputError(MOD, `cannot read file (${(err as NodeJS.ErrnoException).code ?? String(err)})`, path);
  }
  return parseNpy(buf, path);
}

/** Encode an array as .npy bytes (v1 header unless it is too long; `fortranOrder` only sets the flag — for tests). */
export function encodeNpy(arr: NpyArray, opts: { version?: 1 | 2 | 3; fortranOrder?: boolean; descr?: string } = {}): Uint8Array {
  const descr = opts.descr ?? arr.dtype;
  const shape = arr.shape.length === 1 ? `(${arr.shape[0]},)` : `(${arr.shape.join(", ")})`;
  let dict = `{'descr': '${descr}', 'fortran_order': ${opts.fortranOrder ? "True" : "False"}, 'shape': ${shape}, }`;
  const version = opts.version ?? 1;
  const pre = version === 1 ? 10 : 12;
  const total = Math.ceil((pre + dict.length + 1) / 64) * 64;
  dict = dict + " ".repeat(total - pre - dict.length - 1) + "\n";
  const hb = new TextEncoder().encode(dict);
  const data = new Uint8Array(arr.data.buffer, arr.data.byteOffset, arr.data.byteLength);
  const out = new Uint8Array(pre + hb.length + data.length);
  out.set(MAGIC, 0);
  out[6] = version;
  out[7] = 0;
  const dv = new DataView(out.buffer);
  if (version === 1) dv.setUint16(8, hb.length, true); else dv.setUint32(8, hb.length, true);
  out.set(hb, pre);
  out.set(data, pre + hb.length);
  return out;
}

/** Write a .npy file (atomic). */
export function writeNpy(path: string, arr: NpyArray, opts: { version?: 1 | 2 | 3; fortranOrder?: boolean; descr?: string } = {}): void {
  writeFileAtomic(path, encodeNpy(arr, opts));
}
