/**
 * Small-width GraphConv forward/backward on WebAssembly SIMD (kernels: simd-wat.ts, binary:
 * simd-binary.ts). Used by the fused network kernels for the shapes compiled there — square
 * 8×8 (the paper's C = 2 width) and 16×16 (its C = 4 width), and 16×4 (the C = 4 final layer) —
 * when the runtime supports wasm SIMD (Node ≥ 16 does). `GNC_SIMD=0` turns it off (the scalar JS
 * kernels then run; tests compare both against float64 references).
 *
 * Data is copied into the module's memory per call (two N×w copies each way, ~µs) and the graph
 * (rowPtr, cols, degree scalings) once per graph. Layout (bytes): graph region, then work buffers
 * of N × (the widest width seen for this graph) floats. Weight-gradient sums run in f32 inside
 * wasm over chunks of CHUNK rows, then add into float64.
 */
import { KERNELS_WASM_BASE64 } from "./simd-binary.js";
import type { OperatorScaling, PreparedGraph } from "./graph-tensors.js";

/** The few WebAssembly JS-API pieces used (tsconfig's lib has no WebAssembly typings). */
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
}
type Prop = (n: number, rowPtr: number, cols: number, src: number, out: number, r: number) => void;
type Mm = (F: number, W: number, out: number, n: number, add: number) => void;
type Atb = (F: number, S: number, acc: number, n: number) => void;
type Scale = (n: number, src: number, c: number, dst: number) => void;
/** Exports: mem, prop{w}, scale{w}, mm{a}x{b}, atb{a}x{b} for the shapes in simd-wat.ts. */
interface Exports {
  mem: { buffer: ArrayBuffer; grow(pages: number): number };
  [kernel: string]: unknown;
}

const CHUNK = 4096;

/** An environment variable in Node; undefined in a browser (no `process` there). */
function envFlag(name: string): string | undefined {
  const p = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process;
  return p?.env?.[name];
}

/** Base64 → bytes with atob (Node ≥ 16 and every browser), so this module bundles for the web. */
function fromBase64(b64: string): Uint8Array {
  const bin = (globalThis as unknown as { atob(s: string): string }).atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}
let ex: Exports | null | undefined;

function load(): Exports | null {
  if (ex !== undefined) return ex;
  if (envFlag("GNC_SIMD") === "0") return (ex = null);
  try {
    const WA = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;
    const mod = new WA.Module(fromBase64(KERNELS_WASM_BASE64));
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

// Memory state: which graph and scalings are resident, and the work-region offsets. Work
// buffers hold N×width floats; a call with a wider layer than the layout re-lays it out.
const MAX_WEIGHTS = 16 * 16;
let graphKey: PreparedGraph | null = null;
let scaleSlots: { arr: Float32Array; off: number }[] = [];
let layout = { rowPtr: 0, cols: 0, slots: 0, F: 0, G: 0, A: 0, B: 0, Z: 0, W2: 0, W1: 0, acc: 0, end: 0, n: 0, width: 0 };
let f32 = new Float32Array(0), i32 = new Int32Array(0);

function views(e: Exports): void {
  if (f32.buffer !== e.mem.buffer) { f32 = new Float32Array(e.mem.buffer); i32 = new Int32Array(e.mem.buffer); }
}

const align = (b: number) => (b + 63) & ~63;

function ensureGraph(e: Exports, g: PreparedGraph, width: number): void {
  if (graphKey === g && layout.n === g.n && layout.width >= width) return;
  if (graphKey === g && layout.n === g.n) width = Math.max(width, layout.width);
  const n = g.n, nnz = g.cols.length;
  const L = { rowPtr: 0, cols: 0, slots: 0, F: 0, G: 0, A: 0, B: 0, Z: 0, W2: 0, W1: 0, acc: 0, end: 0, n, width };
  let o = 64;
  L.rowPtr = o; o = align(o + 4 * (n + 1));
  L.cols = o; o = align(o + 4 * nnz);
  L.slots = o; o = align(o + 2 * 4 * n);
  for (const k of ["F", "G", "A", "B", "Z"] as const) { L[k] = o; o = align(o + 4 * width * n); }
  L.W2 = o; o += 4 * MAX_WEIGHTS; L.W1 = o; o += 4 * MAX_WEIGHTS; L.acc = o; o += 4 * MAX_WEIGHTS;
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

/** Wᵀ (dout×din) of a din×dout W, written at byte offset out. */
function transposeInto(W: Float32Array, din: number, dout: number, out: number): void {
  const o = out >> 2;
  for (let j = 0; j < din; j++) for (let k = 0; k < dout; k++) f32[o + k * din + j] = W[j * dout + k];
}

/** The kernels for one layer shape, or null when that shape is not compiled. */
interface ShapeKernels { prop: Prop; scale: Scale; mm: Mm; mmT: Mm; atb: Atb }
const shapeCache = new Map<string, ShapeKernels | null>();
function shapeKernels(e: Exports, din: number, dout: number): ShapeKernels | null {
  const key = `${din}x${dout}`;
  let k = shapeCache.get(key);
  if (k === undefined) {
    const f = (name: string) => (typeof e[name] === "function" ? (e[name] as never) : null);
    const prop = f(`prop${dout}`), scale = f(`scale${dout}`), mm = f(`mm${din}x${dout}`), mmT = f(`mm${dout}x${din}`), atb = f(`atb${din}x${dout}`);
    k = prop && scale && mm && mmT && atb ? { prop, scale, mm, mmT, atb } : null;
    shapeCache.set(key, k);
  }
  return k;
}

/** True when a din×dout GraphConv has SIMD kernels (and SIMD is loaded and enabled). */
export function simdSupports(din: number, dout: number): boolean {
  const e = enabled ? load() : null;
  return !!e && shapeKernels(e, din, dout) !== null;
}

/**
 * The kernels for a din→dout layer with the graph loaded and the memory views fresh, or null when
 * SIMD is off, the shape is not compiled, or the operator has a self term (the JS kernels run then).
 */
function readyKernels(g: PreparedGraph, sc: OperatorScaling, din: number, dout: number): ShapeKernels | null {
  const e = enabled ? load() : null;
  if (!e || sc.s) return null;
  const k = shapeKernels(e, din, dout);
  if (!k) return null;
  ensureGraph(e, g, Math.max(din, dout));
  views(e);
  return k;
}

/**
 * Z (N×dout) = diag(r) A diag(c) (F W2) + F W1 for an operator without a self term (sc.s null);
 * F: N×din, W2/W1: din×dout row-major. Returns false (doing nothing) when SIMD is unavailable,
 * the shape is not compiled, or the operator has a self term.
 */
export function convSimdForward(
  g: PreparedGraph, sc: OperatorScaling, F: Float32Array, W2: Float32Array, W1: Float32Array | null, Z: Float32Array, din: number, dout: number,
): boolean {
  const k = readyKernels(g, sc, din, dout);
  if (!k) return false;
  const n = g.n, L = layout;
  f32.set(F.subarray(0, din * n), L.F >> 2);
  f32.set(W2, L.W2 >> 2);
  k.mm(L.F, L.W2, L.A, n, 0);
  let src = L.A;
  const cOff = slot(sc.c), rOff = slot(sc.r, cOff);
  if (cOff) { k.scale(n, L.A, cOff, L.B); src = L.B; }
  k.prop(n, L.rowPtr, L.cols, src, L.Z, rOff);
  if (W1) { f32.set(W1, L.W1 >> 2); k.mm(L.F, L.W1, L.Z, n, 1); }
  Z.set(f32.subarray(L.Z >> 2, (L.Z >> 2) + dout * n));
  return true;
}

/**
 * Backward of convSimdForward: S = Âᵀ G, dW2 += Fᵀ S, dW1 += Fᵀ G (float64 sums), dF = S W2ᵀ + G W1ᵀ.
 * G: N×dout, dF: N×din. Returns false when convSimdForward would.
 */
export function convSimdBackward(
  g: PreparedGraph, sc: OperatorScaling, F: Float32Array, G: Float32Array, W2: Float32Array, W1: Float32Array | null,
  dW2: Float64Array, dW1: Float64Array | null, dF: Float32Array, din: number, dout: number,
): boolean {
  const k = readyKernels(g, sc, din, dout);
  if (!k) return false;
  const n = g.n, L = layout, nw = din * dout;
  f32.set(F.subarray(0, din * n), L.F >> 2);
  f32.set(G.subarray(0, dout * n), L.G >> 2);
  // Âᵀ = diag(c) A diag(r): scale by r first, sum, then scale by c.
  const rOff = slot(sc.r), cOff = slot(sc.c, rOff);
  let src = L.G;
  if (rOff) { k.scale(n, L.G, rOff, L.B); src = L.B; }
  k.prop(n, L.rowPtr, L.cols, src, L.A, cOff); // A region now holds S
  const accum = (S: number, into: Float64Array) => {
    for (let i0 = 0; i0 < n; i0 += CHUNK) {
      const m = Math.min(CHUNK, n - i0);
      k.atb(L.F + 4 * din * i0, S + 4 * dout * i0, L.acc, m);
      const a = L.acc >> 2;
      for (let t = 0; t < nw; t++) into[t] += f32[a + t];
    }
  };
  accum(L.A, dW2);
  if (W1 && dW1) accum(L.G, dW1);
  transposeInto(W2, din, dout, L.W2);
  k.mmT(L.A, L.W2, L.Z, n, 0);
  if (W1) { transposeInto(W1, din, dout, L.W1); k.mmT(L.G, L.W1, L.Z, n, 1); }
  dF.set(f32.subarray(L.Z >> 2, (L.Z >> 2) + din * n));
  return true;
}

/** The width-8 square case (kept for callers and tests of the original API). */
export function conv8Forward(g: PreparedGraph, sc: OperatorScaling, F: Float32Array, W2: Float32Array, W1: Float32Array | null, Z: Float32Array): boolean {
  return convSimdForward(g, sc, F, W2, W1, Z, 8, 8);
}

/** Backward of conv8Forward. */
export function conv8Backward(
  g: PreparedGraph, sc: OperatorScaling, F: Float32Array, G: Float32Array, W2: Float32Array, W1: Float32Array | null,
  dW2: Float64Array, dW1: Float64Array | null, dF: Float32Array,
): boolean {
  return convSimdBackward(g, sc, F, G, W2, W1, dW2, dW1, dF, 8, 8);
}
