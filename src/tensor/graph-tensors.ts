/**
 * A graph prepared for propagation (REFERENCE.md §2): the CSR arrays, degree scalings of every
 * propagation operator, and — built lazily, only when the tfjs-op path needs them — the index
 * tensors for tf.sparse.sparseSegmentSum.
 *
 * Every operator gnc propagates with is written  Â = diag(r) · A · diag(c) + diag(s)  (A symmetric,
 * 0/1, no self-loops), so its transpose is diag(c) · A · diag(r) + diag(s):
 *   mean : r = 1/deg (0 for isolated nodes: they get zeros, never NaN), c = 1, s = 0   (D⁻¹A)
 *   sum  : r = c = 1, s = 0                                                            (A)
 *   sym  : r = c = deg^-½ (0 for isolated), s = 0                                       (D^-½AD^-½)
 *   gcn  : r = c = (deg+1)^-½, s = 1/(deg+1)                   (D̃^-½(A+I)D̃^-½, Kipf & Welling)
 * null scalings mean "all ones" / "zero" so kernels can skip the multiply.
 */
import * as tf from "@tensorflow/tfjs";
import type { CsrGraph } from "../graphs/csr.js";
import type { GraphTensors } from "../models/types.js";
import { GncError } from "../util/errors.js";

export type PropagationMode = "mean" | "sum" | "sym" | "gcn";
export const PROPAGATION_MODES: readonly PropagationMode[] = ["mean", "sum", "sym", "gcn"];

/** Scalings of Â = diag(r) A diag(c) + diag(s); null = ones (r, c) or zeros (s). Length N each. */
export interface OperatorScaling {
  r: Float32Array | null;
  c: Float32Array | null;
  s: Float32Array | null;
}

/** GraphTensors as built by prepareGraph (the interface in models/types.ts, plus internals). */
export interface PreparedGraph extends GraphTensors {
  readonly rowPtr: Int32Array;
  readonly cols: Int32Array;
  readonly deg: Int32Array;
  /** Scalings of one propagation operator (computed once per graph and mode). */
  scaling(mode: PropagationMode): OperatorScaling;
  /** Index tensors for sparseSegmentSum (built on first call, freed by dispose). */
  segmentTensors(): { indices: tf.Tensor1D; segmentIds: tf.Tensor1D; rows: number };
  /** Scaling vectors as N×1 tensors for the tfjs-op path (cached, freed by dispose). */
  scalingTensors(mode: PropagationMode): { r: tf.Tensor2D | null; c: tf.Tensor2D | null; s: tf.Tensor2D | null };
  readonly disposed: boolean;
  /** Process-unique id: kernels (tensor/kernels/) find the graph by it (lookupGraph). */
  readonly id: number;
  /**
   * The CSR on the tensor backend for GPU kernels (built on first call, freed by dispose):
   * rowPtr int32 [N+1], cols int32 [max(nnz, 1)] (a dummy 0 when there are no edges).
   */
  csrTensors(): { rowPtr: tf.Tensor1D; cols: tf.Tensor1D };
  /** One N×3 float32 tensor [r | c | s] of a mode's scalings, ones/zeros where null (cached). */
  scaleTensor(mode: PropagationMode): tf.Tensor2D;
}

// Weak: a graph the caller dropped without dispose() must still be collectable.
const live = new Map<number, WeakRef<PreparedGraph>>();
const forget = new FinalizationRegistry<number>((id) => live.delete(id));
let nextId = 0;

/** The live (not disposed) prepared graph with this id, or null. */
export function lookupGraph(id: number): PreparedGraph | null {
  return live.get(id)?.deref() ?? null;
}

/**
 * Prepare a CSR graph for propagation. O(N + m) typed-array work; no tensor is created until the
 * tfjs-op path asks for one. Call dispose() when done with the graph (frees the lazy tensors).
 */
export function prepareGraph(csr: CsrGraph): PreparedGraph {
  const { n, rowPtr, cols } = csr;
  if (!Number.isInteger(n) || n < 1) throw new GncError(`gnc/tensor/graph: graph must have at least one node, got ${n}`);
  if (rowPtr.length !== n + 1 || rowPtr[n] !== cols.length) {
    throw new GncError("gnc/tensor/graph: rowPtr must have N + 1 entries ending at cols.length");
  }
  const deg = new Int32Array(n);
  for (let i = 0; i < n; i++) deg[i] = rowPtr[i + 1] - rowPtr[i];
  const scalings = new Map<PropagationMode, OperatorScaling>();
  const scalingT = new Map<PropagationMode, { r: tf.Tensor2D | null; c: tf.Tensor2D | null; s: tf.Tensor2D | null }>();
  let seg: { indices: tf.Tensor1D; segmentIds: tf.Tensor1D; rows: number } | null = null;
  let csrT: { rowPtr: tf.Tensor1D; cols: tf.Tensor1D } | null = null;
  const scale3 = new Map<PropagationMode, tf.Tensor2D>();
  let disposed = false;
  const id = ++nextId;

  const g: PreparedGraph = {
    n,
    csr,
    rowPtr,
    cols,
    deg,
    id,
    get disposed() { return disposed; },
    scaling(mode) {
      let sc = scalings.get(mode);
      if (!sc) { sc = computeScaling(deg, mode); scalings.set(mode, sc); }
      return sc;
    },
    segmentTensors() {
      if (disposed) throw new GncError("gnc/tensor/graph: graph tensors used after dispose()");
      if (!seg) {
        const ids = new Int32Array(cols.length);
        for (let i = 0; i < n; i++) for (let p = rowPtr[i]; p < rowPtr[i + 1]; p++) ids[p] = i;
        // sparseSegmentSum returns (last segment id + 1) rows; the caller pads up to N.
        const rows = cols.length === 0 ? 0 : ids[cols.length - 1] + 1;
        // tf.keep: first use happens inside a tidy() whose end must not free these cached tensors.
        seg = { indices: tf.keep(tf.tensor1d(cols, "int32")), segmentIds: tf.keep(tf.tensor1d(ids, "int32")), rows };
      }
      return seg;
    },
    scalingTensors(mode) {
      if (disposed) throw new GncError("gnc/tensor/graph: graph tensors used after dispose()");
      let t = scalingT.get(mode);
      if (!t) {
        const sc = g.scaling(mode);
        const col = (a: Float32Array | null) => (a ? tf.keep(tf.tensor2d(a, [n, 1])) : null);
        t = { r: col(sc.r), c: col(sc.c), s: col(sc.s) };
        scalingT.set(mode, t);
      }
      return t;
    },
    csrTensors() {
      if (disposed) throw new GncError("gnc/tensor/graph: graph tensors used after dispose()");
      if (!csrT) {
        const c = cols.length > 0 ? cols : new Int32Array(1);
        csrT = { rowPtr: tf.keep(tf.tensor1d(rowPtr, "int32")), cols: tf.keep(tf.tensor1d(c, "int32")) };
      }
      return csrT;
    },
    scaleTensor(mode) {
      if (disposed) throw new GncError("gnc/tensor/graph: graph tensors used after dispose()");
      let t = scale3.get(mode);
      if (!t) {
        const sc = g.scaling(mode), a = new Float32Array(3 * n);
        for (let i = 0; i < n; i++) {
          a[3 * i] = sc.r ? sc.r[i] : 1;
          a[3 * i + 1] = sc.c ? sc.c[i] : 1;
          a[3 * i + 2] = sc.s ? sc.s[i] : 0;
        }
        t = tf.keep(tf.tensor2d(a, [n, 3]));
        scale3.set(mode, t);
      }
      return t;
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      live.delete(id);
      if (csrT) { csrT.rowPtr.dispose(); csrT.cols.dispose(); csrT = null; }
      for (const t of scale3.values()) t.dispose();
      scale3.clear();
      if (seg) { seg.indices.dispose(); seg.segmentIds.dispose(); seg = null; }
      for (const t of scalingT.values()) { t.r?.dispose(); t.c?.dispose(); t.s?.dispose(); }
      scalingT.clear();
    },
  };
  live.set(id, new WeakRef(g));
  forget.register(g, id);
  return g;
}

function computeScaling(deg: Int32Array, mode: PropagationMode): OperatorScaling {
  const n = deg.length;
  switch (mode) {
    case "sum":
      return { r: null, c: null, s: null };
    case "mean": {
      const r = new Float32Array(n);
      for (let i = 0; i < n; i++) r[i] = deg[i] > 0 ? 1 / deg[i] : 0;
      return { r, c: null, s: null };
    }
    case "sym": {
      const r = new Float32Array(n);
      for (let i = 0; i < n; i++) r[i] = deg[i] > 0 ? 1 / Math.sqrt(deg[i]) : 0;
      return { r, c: r, s: null };
    }
    case "gcn": {
      const r = new Float32Array(n), s = new Float32Array(n);
      for (let i = 0; i < n; i++) { r[i] = 1 / Math.sqrt(deg[i] + 1); s[i] = 1 / (deg[i] + 1); }
      return { r, c: r, s };
    }
    default:
      throw new GncError(`gnc/tensor/graph: unknown propagation mode "${mode as string}" (valid: ${PROPAGATION_MODES.join(", ")})`);
  }
}

/** Narrow a GraphTensors from the models contract to the prepared form (it must come from prepareGraph). */
export function asPrepared(g: GraphTensors): PreparedGraph {
  const p = g as PreparedGraph;
  if (typeof p.scaling !== "function" || !(p.rowPtr instanceof Int32Array)) {
    throw new GncError("gnc/tensor/graph: GraphTensors must be built with prepareGraph()");
  }
  if (p.disposed) throw new GncError("gnc/tensor/graph: graph tensors used after dispose()");
  return p;
}
