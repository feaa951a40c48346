/**
 * Width-8 GraphConv forward/backward on WebAssembly SIMD (kernels: simd-wat.ts, binary:
 * simd-binary.ts). Used by the fused network kernels for d_in = d_out = 8 — the paper's C = 2
 * width — when the runtime supports wasm SIMD (Node ≥ 16 does). `GNC_SIMD=0` turns it off (the
 * scalar JS kernels then run; tests compare both against float64 references).
 *
 * Data is copied into the module's memory per call (two N×8 copies each way, ~µs) and the graph
 * (rowPtr, cols, degree scalings) once per graph. Layout (bytes): graph region, then work buffers.
 * Weight-gradient sums run in f32 inside wasm over chunks of CHUNK rows, then add into float64.
 */
import { KERNELS_WASM_BASE64 } from "./simd-binary.js";
import type { OperatorScaling, PreparedGraph } from "./graph-tensors.js";

/** The few WebAssembly JS-API pieces used (tsconfig's lib has no WebAssembly typings). */
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
}
interface Exports {
  mem: { buffer: ArrayBuffer; grow(pages: number): number };
  prop8(n: number, rowPtr: number, cols: number, src: number, out: number, r: number): void;
  mm8(F: number, W: number, out: number, n: number, add: number): void;
  atb8(F: number, S: number, acc: number, n: number): void;
  scale8(n: number, src: number, c: number, dst: number): void;
}

const CHUNK = 4096;
let ex: Exports | null | undefined;

function load(): Exports | null {
  if (ex !== undefined) return ex;
  if (process.env.GNC_SIMD === "0") return (ex = null);
  try {
    const WA = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;
    const mod = new WA.Module(Buffer.from(KERNELS_WASM_BASE64, "base64"));
    ex = new WA.Instance(mod, {}).exports as Exports;
  } catch {
    ex = null; // no wasm SIMD in this runtime: the JS kernels run instead
  }
  return ex;
}

let enabled = true;

/** True when the SIMD kernels are loaded and enabled. */
export function simdAvailable(): boolean {
  return enabled && load() !== null;
}

/** Turn the SIMD path off or on at run time (benchmarks and tests compare both); returns the old value. */
export function setSimdEnabled(on: boolean): boolean {
  const old = enabled;
  enabled = on;
  return old;
}

/** Bytes of the SIMD module's linear memory (0 when not loaded). */
export function simdMemoryBytes(): number {
  return ex ? ex.mem.buffer.byteLength : 0;
}

// Memory state: which graph and scalings are resident, and the work-region offsets.
let graphKey: PreparedGraph | null = null;
let scaleSlots: { arr: Float32Array; off: number }[] = [];
let layout = { rowPtr: 0, cols: 0, slots: 0, F: 0, G: 0, A: 0, B: 0, Z: 0, W2: 0, W1: 0, acc: 0, end: 0, n: 0 };
let f32 = new Float32Array(0), i32 = new Int32Array(0);

function views(e: Exports): void {
  if (f32.buffer !== e.mem.buffer) { f32 = new Float32Array(e.mem.buffer); i32 = new Int32Array(e.mem.buffer); }
}

const align = (b: number) => (b + 63) & ~63;

function ensureGraph(e: Exports, g: PreparedGraph): void {
  if (graphKey === g && layout.n === g.n) return;
  const n = g.n, nnz = g.cols.length;
  const L = { rowPtr: 0, cols: 0, slots: 0, F: 0, G: 0, A: 0, B: 0, Z: 0, W2: 0, W1: 0, acc: 0, end: 0, n };
  let o = 64;
  L.rowPtr = o; o = align(o + 4 * (n + 1));
  L.cols = o; o = align(o + 4 * nnz);
  L.slots = o; o = align(o + 2 * 4 * n);
  for (const k of ["F", "G", "A", "B", "Z"] as const) { L[k] = o; o = align(o + 32 * n); }
  L.W2 = o; o += 256; L.W1 = o; o += 256; L.acc = o; o += 512;
  L.end = o;
  const need = o - e.mem.buffer.byteLength;
  if (need > 0) e.mem.grow(Math.ceil(need / 65536));
  views(e);
  i32.set(g.rowPtr, L.rowPtr >> 2);
  i32.set(g.cols, L.cols >> 2);
  layout = L;
  graphKey = g;
  scaleSlots = [];
}

/**
 * Byte offset of a per-node scaling vector in memory (uploaded once per graph), 0 for null.
 * Two slots; `keep` is an offset the current call still uses and must not be evicted.
 */
function slot(arr: Float32Array | null, keep = -1): number {
  if (!arr) return 0;
  const hit = scaleSlots.find((s) => s.arr === arr);
  if (hit) return hit.off;
  const offs = [layout.slots, layout.slots + 4 * graphKey!.n];
  const used = new Set(scaleSlots.map((s) => s.off));
  let off = offs.find((o) => !used.has(o));
  if (off === undefined) {
    off = offs.find((o) => o !== keep)!;
    scaleSlots = scaleSlots.filter((s) => s.off !== off);
  }
  f32.set(arr, off >> 2);
  scaleSlots.push({ arr, off });
  return off;
}

function transpose8(W: Float32Array, out: number): void {
  for (let j = 0; j < 8; j++) for (let k = 0; k < 8; k++) f32[(out >> 2) + k * 8 + j] = W[j * 8 + k];
}

/**
 * Z (N×8) = diag(r) A diag(c) (F W2) + F W1 for an operator without a self term (sc.s null).
 * Returns false (doing nothing) when SIMD is unavailable or the operator has a self term.
 */
export function conv8Forward(g: PreparedGraph, sc: OperatorScaling, F: Float32Array, W2: Float32Array, W1: Float32Array | null, Z: Float32Array): boolean {
  const e = enabled ? load() : null;
  if (!e || sc.s) return false;
  ensureGraph(e, g);
  views(e);
  const n = g.n, L = layout;
  f32.set(F.subarray(0, 8 * n), L.F >> 2);
  f32.set(W2, L.W2 >> 2);
  e.mm8(L.F, L.W2, L.A, n, 0);
  let src = L.A;
  const cOff = slot(sc.c), rOff = slot(sc.r, cOff);
  if (cOff) { e.scale8(n, L.A, cOff, L.B); src = L.B; }
  e.prop8(n, L.rowPtr, L.cols, src, L.Z, rOff);
  if (W1) { f32.set(W1, L.W1 >> 2); e.mm8(L.F, L.W1, L.Z, n, 1); }
  Z.set(f32.subarray(L.Z >> 2, (L.Z >> 2) + 8 * n));
  return true;
}

/**
 * Backward of conv8Forward: S = Âᵀ G, dW2 += Fᵀ S, dW1 += Fᵀ G (float64 sums), dF = S W2ᵀ + G W1ᵀ.
 * Returns false when SIMD is unavailable or the operator has a self term.
 */
export function conv8Backward(
  g: PreparedGraph, sc: OperatorScaling, F: Float32Array, G: Float32Array, W2: Float32Array, W1: Float32Array | null,
  dW2: Float64Array, dW1: Float64Array | null, dF: Float32Array,
): boolean {
  const e = enabled ? load() : null;
  if (!e || sc.s) return false;
  ensureGraph(e, g);
  views(e);
  const n = g.n, L = layout;
  f32.set(F.subarray(0, 8 * n), L.F >> 2);
  f32.set(G.subarray(0, 8 * n), L.G >> 2);
  // Âᵀ = diag(c) A diag(r): scale by r first, sum, then scale by c.
  const rOff = slot(sc.r), cOff = slot(sc.c, rOff);
  let src = L.G;
  if (rOff) { e.scale8(n, L.G, rOff, L.B); src = L.B; }
  e.prop8(n, L.rowPtr, L.cols, src, L.A, cOff); // A region now holds S
  const accum = (S: number, into: Float64Array) => {
    for (let i0 = 0; i0 < n; i0 += CHUNK) {
      const m = Math.min(CHUNK, n - i0);
      e.atb8(L.F + 32 * i0, S + 32 * i0, L.acc, m);
      const a = L.acc >> 2;
      for (let t = 0; t < 64; t++) into[t] += f32[a + t];
    }
  };
  accum(L.A, dW2);
  if (W1 && dW1) accum(L.G, dW1);
  transpose8(W2, L.W2);
  e.mm8(L.A, L.W2, L.Z, n, 0);
  if (W1) { transpose8(W1, L.W1); e.mm8(L.G, L.W1, L.Z, n, 1); }
  dF.set(f32.subarray(L.Z >> 2, (L.Z >> 2) + 8 * n));
  return true;
}
