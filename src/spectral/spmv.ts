/**
 * The spectral operators' sparse product on WebAssembly (kernel text: spmv-wat.ts, binary:
 * spmv-binary.ts): out = dg∘x + cf∘(A·s), s = x or pre∘x, for a CSR adjacency A. About 2× V8's JS
 * loop at mean degree 10 (no bounds checks on the gather), and bitwise identical to it (same
 * summation order), so results never depend on which path ran.
 *
 * One instance, with its own memory, per operator: the graph and the coefficient vectors are
 * copied in once; each product copies x in and y out (2 × 8N bytes, ~0.1 ms at N = 1e5).
 * Returns null — callers keep their JS loop — when the runtime has no WebAssembly, when
 * GNC_SIMD=0 (the switch of the tensor kernels, src/tensor/simd.ts), or when the graph does not
 * fit in 2 GiB of wasm memory.
 */
import { SPMV_WASM_BASE64 } from "./spmv-binary.js";
import type { CsrGraph } from "../graphs/csr.js";

/** The few WebAssembly JS-API pieces used (tsconfig's lib has no WebAssembly typings). */
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
}
interface Exports {
  mem: { buffer: ArrayBuffer; grow(pages: number): number };
  spmv(n: number, rowPtr: number, cols: number, s: number, x: number, dg: number, cf: number, out: number): void;
  scale(n: number, a: number, x: number, out: number): void;
}

export interface SpmvCoefficients {
  /** Diagonal coefficient dg_i of x_i. */
  dg: Float64Array;
  /** Coefficient cf_i of row i's neighbour sum. */
  cf: Float64Array;
  /** When given, the neighbour sum is over pre∘x instead of x. */
  pre: Float64Array | null;
}

const MAX_BYTES = 2 ** 31;

function envFlag(name: string): string | undefined {
  const p = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process;
  return p?.env?.[name];
}

let compiled: object | null | undefined;

function wasmModule(): object | null {
  if (compiled !== undefined) return compiled;
  try {
    const WA = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;
    const bin = (globalThis as unknown as { atob(s: string): string }).atob(SPMV_WASM_BASE64);
    const bytes = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    compiled = new WA.Module(bytes);
  } catch {
    compiled = null;
  }
  return compiled;
}

/** y ← dg∘x + cf∘(A·s) on WebAssembly for graph g, or null when unavailable (see the banner). */
export function wasmSpmv(g: CsrGraph, c: SpmvCoefficients): ((x: Float64Array, y: Float64Array) => void) | null {
  if (envFlag("GNC_SIMD") === "0") return null;
  const mod = wasmModule();
  if (mod === null) return null;
  const n = g.n, nnz = g.cols.length;
  let off = 64;
  const region = (bytes: number): number => {
    const o = off;
    off += (bytes + 63) & ~63;
    return o;
  };
  const RP = region(4 * (n + 1)), CO = region(4 * nnz), DG = region(8 * n), CF = region(8 * n);
  const PRE = c.pre ? region(8 * n) : 0, S = c.pre ? region(8 * n) : 0;
  const X = region(8 * n), Y = region(8 * n);
  if (off > MAX_BYTES) return null;
  let ex: Exports;
  try {
    const WA = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;
    ex = new WA.Instance(mod, {}).exports as Exports;
    const have = ex.mem.buffer.byteLength;
    if (off > have) ex.mem.grow(Math.ceil((off - have) / 65536));
  } catch {
    return null; // no memory for it: the JS loop runs instead
  }
  const buf = ex.mem.buffer; // stable from here: the memory never grows again
  new Int32Array(buf, RP, n + 1).set(g.rowPtr);
  new Int32Array(buf, CO, nnz).set(g.cols);
  new Float64Array(buf, DG, n).set(c.dg);
  new Float64Array(buf, CF, n).set(c.cf);
  if (c.pre) new Float64Array(buf, PRE, n).set(c.pre);
  const xv = new Float64Array(buf, X, n), yv = new Float64Array(buf, Y, n);
  const { spmv, scale } = ex;
  if (c.pre) {
    return (x, y) => {
      xv.set(x);
      scale(n, PRE, X, S);
      spmv(n, RP, CO, S, X, DG, CF, Y);
      y.set(yv);
    };
  }
  return (x, y) => {
    xv.set(x);
    spmv(n, RP, CO, X, X, DG, CF, Y);
    y.set(yv);
  };
}
