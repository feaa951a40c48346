/**
 * The graph aggregation op Â·X (REFERENCE.md §2: mean D⁻¹A, sum A, sym D^-½AD^-½, gcn
 * D̃^-½(A+I)D̃^-½), the tfjs-core way: one kernel name, one kernel per backend, one gradient.
 *
 *   kernel "GncAggregate", inputs {x: N×d} (+ {rowPtr, cols, scale} on GPU backends),
 *   attrs {graphId, mode, transpose}; output Â x (or Âᵀ x when transpose).
 *   gradient: dx = Âᵀ dy — the same kernel with transpose flipped (Â = diag(r)A diag(c) + diag(s)
 *   with A symmetric, so Âᵀ = diag(c)A diag(r) + diag(s)).
 *
 * Kernels: cpu and wasm run the typed-array CSR loop (tensor/aggregate.ts propagateInto); webgl runs
 * a gather-sum GPU program per output row (aggregate-webgl.ts). Every other backend (tensorflow,
 * i.e. tfjs-node / tfjs-node-gpu, and webgpu) composes stock ops — sparseSegmentSum over the CSR
 * column indices, degree scalings as multiplies — which TensorFlow runs on CUDA; its gradient is
 * the same composition transposed (tf.customGrad). Nothing N×N is ever formed: O(nnz·d).
 * The graph travels as an attribute id (tensor/graph-tensors.ts lookupGraph) so the CPU kernels
 * read the CSR arrays without a copy; GPU kernels get the CSR as cached device tensors.
 */
import * as tf from "@tensorflow/tfjs";
import { propagateInto } from "../aggregate-cpu.js";
import { lookupGraph, type PreparedGraph, type PropagationMode } from "../graph-tensors.js";
import { aggregateProgram } from "./aggregate-webgl.js";

export const AGGREGATE_KERNEL = "GncAggregate";

/** Backends with a registered GncAggregate kernel; others get the composed-ops path. */
export const KERNEL_BACKENDS = ["cpu", "wasm", "webgl"] as const;
const GPU_KERNEL_BACKENDS = new Set<string>(["webgl"]);

interface AggAttrs { graphId: number; mode: PropagationMode; transpose: boolean }

interface KernelBackend {
  readSync(dataId: object): unknown;
  makeTensorInfo?(shape: number[], dtype: "float32", values?: Float32Array): tf.TensorInfo;
  /** wasm: allocate an output in the module heap, and view a tensor's heap memory. */
  makeOutput?(shape: number[], dtype: "float32"): tf.TensorInfo;
  typedArrayFromHeap?(t: tf.TensorInfo): Float32Array;
  runWebGLProgram?(program: object, inputs: tf.TensorInfo[], dtype: "float32"): tf.TensorInfo;
}

function graphOf(attrs: AggAttrs): PreparedGraph {
  const g = lookupGraph(attrs.graphId);
  if (!g) throw new Error(`gnc/tensor/kernels: graph ${attrs.graphId} was disposed before its aggregation ran`);
  return g;
}

/** cpu / wasm: the typed-array CSR loop on the backend's copy of x. */
function typedArrayKernel({ inputs, backend, attrs }: { inputs: tf.NamedTensorInfoMap; backend: unknown; attrs?: unknown }): tf.TensorInfo {
  const a = attrs as unknown as AggAttrs, b = backend as KernelBackend;
  const g = graphOf(a), x = inputs.x!, d = x.shape[1];
  const sc = g.scaling(a.mode);
  const tmp = (a.transpose ? sc.r : sc.c) ? new Float32Array(g.n * d) : new Float32Array(0);
  if (b.makeOutput && b.typedArrayFromHeap) {
    // wasm: write straight into the heap. Views are taken after the allocation (it may grow memory).
    const info = b.makeOutput([g.n, d], "float32");
    propagateInto(g, sc, a.transpose, b.typedArrayFromHeap(x), d, b.typedArrayFromHeap(info), tmp);
    return info;
  }
  const out = new Float32Array(g.n * d);
  propagateInto(g, sc, a.transpose, b.readSync(x.dataId) as Float32Array, d, out, tmp);
  return b.makeTensorInfo!([g.n, d], "float32", out);
}

/** webgl: the gather-sum program on device tensors; nothing is read back. */
function webglKernel({ inputs, backend, attrs }: { inputs: tf.NamedTensorInfoMap; backend: unknown; attrs?: unknown }): tf.TensorInfo {
  const a = attrs as unknown as AggAttrs, b = backend as KernelBackend;
  const g = graphOf(a), sc = g.scaling(a.mode);
  const { x, rowPtr, cols, scale } = inputs as Record<string, tf.TensorInfo>;
  const prog = aggregateProgram(g.n, x.shape[1], a.transpose, { r: !!sc.r, c: !!sc.c, s: !!sc.s });
  return b.runWebGLProgram!(prog, [x, rowPtr, cols, scale], "float32");
}

let registered = false;

/** Register the kernels and the gradient (idempotent; done on first use of aggregate()). */
export function registerAggregateKernels(): void {
  if (registered) return;
  registered = true;
  for (const backendName of ["cpu", "wasm"]) tf.registerKernel({ kernelName: AGGREGATE_KERNEL, backendName, kernelFunc: typedArrayKernel as never });
  tf.registerKernel({ kernelName: AGGREGATE_KERNEL, backendName: "webgl", kernelFunc: webglKernel as never });
  tf.registerGradient({
    kernelName: AGGREGATE_KERNEL,
    gradFunc: (dy, _saved, attrs) => {
      const a = attrs as unknown as AggAttrs, g = graphOf(a);
      const zeros = () => tf.zerosLike(dy as tf.Tensor);
      return {
        x: () => runAggregate(dy as tf.Tensor2D, g, a.mode, !a.transpose),
        rowPtr: zeros, cols: zeros, scale: zeros, // constants: never on a gradient path
      };
    },
  });
}

/** Â x through the registered kernel (the caller checked that one exists for this backend). */
function runAggregate(x: tf.Tensor2D, g: PreparedGraph, mode: PropagationMode, transpose: boolean): tf.Tensor2D {
  const inputs: tf.NamedTensorMap = { x };
  if (GPU_KERNEL_BACKENDS.has(tf.getBackend())) {
    const csr = g.csrTensors();
    inputs.rowPtr = csr.rowPtr; inputs.cols = csr.cols; inputs.scale = g.scaleTensor(mode);
  }
  const attrs = { graphId: g.id, mode, transpose } as unknown as tf.NamedAttrMap;
  return tf.engine().runKernel(AGGREGATE_KERNEL, inputs, attrs) as tf.Tensor2D;
}

/** Â X (or Âᵀ X) composed from stock tfjs ops (sparseSegmentSum + multiplies). */
export function composedOperator(x: tf.Tensor2D, g: PreparedGraph, mode: PropagationMode, transpose: boolean): tf.Tensor2D {
  return tf.tidy(() => {
    const sc = g.scalingTensors(mode);
    const r = transpose ? sc.c : sc.r;
    const c = transpose ? sc.r : sc.c;
    const d = x.shape[1];
    const src = c ? tf.mul(x, c) : x;
    const seg = g.segmentTensors();
    let y: tf.Tensor2D;
    if (seg.rows === 0) {
      y = tf.zeros([g.n, d]);
    } else {
      y = tf.sparse.sparseSegmentSum(src, seg.indices, seg.segmentIds) as tf.Tensor2D;
      // Nodes after the last one with a neighbour are missing from the segment sum: pad with zeros.
      if (seg.rows < g.n) y = tf.pad(y, [[0, g.n - seg.rows], [0, 0]]);
    }
    if (r) y = tf.mul(y, r);
    if (sc.s) y = tf.add(y, tf.mul(x, sc.s));
    return y;
  });
}

/** The composed path with its own gradient (the transposed composition). */
function composedAggregate(x: tf.Tensor2D, g: PreparedGraph, mode: PropagationMode): tf.Tensor2D {
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => ({
    value: composedOperator(args[0] as tf.Tensor2D, g, mode, false),
    gradFunc: (dy: tf.Tensor) => composedOperator(dy as tf.Tensor2D, g, mode, true),
  }));
  return op(x) as tf.Tensor2D;
}

/** How aggregation runs on a backend: a registered kernel, or composed stock ops. */
export function aggregationPath(backendName: string = tf.getBackend()): "kernel" | "composed" {
  return (KERNEL_BACKENDS as readonly string[]).includes(backendName) ? "kernel" : "composed";
}

/**
 * Differentiable Â x (x: N×d float32) on the current backend: its registered kernel when it has
 * one, else the composed path; `path` forces one (tests compare them on every backend).
 */
export function aggregateOp(x: tf.Tensor2D, g: PreparedGraph, mode: PropagationMode, path: "kernel" | "composed" = aggregationPath()): tf.Tensor2D {
  if (path === "composed") return composedAggregate(x, g, mode);
  registerAggregateKernels();
  return runAggregate(x, g, mode, false);
}
