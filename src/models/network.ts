/**
 * The GNN of REFERENCE.md §2 and of the reference code (gnn_collapse GraphConvModel): projection
 * conv (d_in→d) → ReLU → BN, then L hidden blocks conv (d→d) → ReLU → BN, then a final conv (d→C).
 * L = 32 gives 34 convolutions and 33 BatchNorms. The projection has its own ReLU + BN exactly as
 * in the reference (`proj_layer` → relu → `norm`); only the L hidden blocks are captured for
 * collapse metrics (BlockCapture l = 1..L).
 *
 * Parameters live in a few stacked variables (fixed order, see `paramLayout`): one tfjs variable
 * per parameter kind rather than per layer, because the optimiser's per-variable op dispatch
 * dominated the step time at the paper's sizes (measured in bench/step.bench.ts).
 * Init: weights and biases uniform in ±1/√fan_in drawn from the run's Rng in layer order
 * (conv 0..L+1: W2, then W1, then b); BN γ = 1, β = 0.
 *
 * Two forward implementations with the same variables (`impl`, resolved by resolveImpl): "fused"
 * runs the whole stack as one op over typed-array kernels (tensor/kernels/fused-op.ts) — the
 * default on wasm/cpu; "ops" composes tfjs layers (layers.ts) whose aggregation is a kernel per
 * backend (tensor/kernels/) — the default on GPU backends, where it never leaves the device.
 * Tests check that they agree in values and gradients on every backend.
 */
import * as tf from "@tensorflow/tfjs";
import type { Rng } from "../util/rng.js";
import { GncError } from "../util/errors.js";
import { asPrepared, PROPAGATION_MODES, type PropagationMode } from "../tensor/graph-tensors.js";
import { graphConv, batchNorm } from "./layers.js";
import { Workspace, type StackParams } from "../tensor/kernels/fused-stack.js";
import { fusedStack, type FusedStackBinding } from "../tensor/kernels/fused-op.js";
import type { BlockCapture, ConvWeights, ForwardOptions, ForwardResult, GraphTensors, Network, NetworkConfig, NetworkImpl } from "./types.js";

/** Backends where the fused typed-array kernels are the fast path. */
const FUSED_BACKENDS = new Set(["wasm", "cpu"]);

/** "auto" → "fused" on wasm/cpu, "ops" elsewhere; explicit choices pass through. */
export function resolveImpl(impl: NetworkImpl | undefined, backendName: string = tf.getBackend()): "fused" | "ops" {
  if (impl === "fused" || impl === "ops") return impl;
  return FUSED_BACKENDS.has(backendName) ? "fused" : "ops";
}

const MOD = "models/network";
let networkCount = 0;

/** One stacked parameter variable: which convs (or BNs) it holds and what each slice is. */
interface ParamSpec {
  name: string;
  shape: number[];
  kind: "W2" | "W1" | "b" | "gamma" | "beta";
  /** Conv indices (W2/W1/b) or BN indices (gamma/beta) stacked in this variable, in order. */
  layers: number[];
}

/** Width (din, dout) of conv k, k = 0..L+1. */
function convDims(c: NetworkConfig, k: number): [number, number] {
  if (k === 0) return [c.inDim, c.hidden];
  if (k === c.depth + 1) return [c.hidden, c.classes];
  return [c.hidden, c.hidden];
}

function hasW1(c: NetworkConfig): boolean {
  return c.layer === "graphconv" && c.useW1;
}

/** The variables of a network in their fixed order (checkpoints rely on it). */
export function paramLayout(c: NetworkConfig): ParamSpec[] {
  const L = c.depth, d = c.hidden, specs: ParamSpec[] = [];
  const hidden = Array.from({ length: L }, (_, i) => i + 1);
  const groups: { prefix: string; layers: number[]; stacked: boolean }[] = [
    { prefix: "proj", layers: [0], stacked: false },
    { prefix: "hidden", layers: hidden, stacked: true },
    { prefix: "final", layers: [L + 1], stacked: false },
  ];
  for (const gp of groups) {
    if (gp.layers.length === 0) continue;
    const [din, dout] = convDims(c, gp.layers[0]);
    const lead = gp.stacked ? [gp.layers.length] : [];
    specs.push({ name: `${gp.prefix}.W2`, shape: [...lead, din, dout], kind: "W2", layers: gp.layers });
    if (hasW1(c)) specs.push({ name: `${gp.prefix}.W1`, shape: [...lead, din, dout], kind: "W1", layers: gp.layers });
    if (c.bias) specs.push({ name: `${gp.prefix}.b`, shape: [...lead, dout], kind: "b", layers: gp.layers });
  }
  if (c.batchNorm) {
    const bnLayers = Array.from({ length: L + 1 }, (_, i) => i);
    specs.push({ name: "bn.gamma", shape: [L + 1, d], kind: "gamma", layers: bnLayers });
    specs.push({ name: "bn.beta", shape: [L + 1, d], kind: "beta", layers: bnLayers });
  }
  return specs;
}

function validateConfig(c: NetworkConfig): void {
  const posInt = (v: number, what: string, min: number) => {
    if (!Number.isInteger(v) || v < min) throw new GncError(`gnc/${MOD}: ${what} must be an integer ≥ ${min}, got ${v}`);
  };
  posInt(c.inDim, "inDim", 1);
  posInt(c.hidden, "hidden", 1);
  posInt(c.classes, "classes", 1);
  posInt(c.depth, "depth", 0);
  if (c.layer !== "graphconv" && c.layer !== "gcn") throw new GncError(`gnc/${MOD}: layer must be graphconv or gcn, got "${c.layer as string}"`);
  if (!(PROPAGATION_MODES as readonly string[]).includes(c.aggregation) || (c.aggregation as string) === "gcn") {
    throw new GncError(`gnc/${MOD}: aggregation must be mean, sum or sym, got "${c.aggregation as string}"`);
  }
  if (c.impl !== undefined && c.impl !== "auto" && c.impl !== "fused" && c.impl !== "ops") throw new GncError(`gnc/${MOD}: impl must be auto, fused or ops, got "${c.impl as string}"`);
  if (c.activation !== "relu" && c.activation !== "none") throw new GncError(`gnc/${MOD}: activation must be relu or none, got "${c.activation as string}"`);
}

/** Build a network with fresh parameters drawn from rng (reproducible: same seed, same weights). */
export function createNetwork(config: NetworkConfig, rng: Rng): Network {
  validateConfig(config);
  const cfg: NetworkConfig = { ...config };
  const L = cfg.depth, C = cfg.classes, d = cfg.hidden;
  const mode: PropagationMode = cfg.layer === "gcn" ? "gcn" : cfg.aggregation;
  const specs = paramLayout(cfg);
  const ws = new Workspace(); // per-network buffer pool, reused across steps
  const impl = resolveImpl(cfg.impl);

  // Draw per conv in layer order (W2, W1, b), then scatter into the stacked arrays.
  const values = specs.map((s) => new Float32Array(s.shape.reduce((a, b) => a * b, 1)));
  const find = (kind: ParamSpec["kind"], layer: number) => {
    const i = specs.findIndex((s) => s.kind === kind && s.layers.includes(layer));
    return i < 0 ? null : { i, off: specs[i].layers.indexOf(layer) };
  };
  for (let k = 0; k <= L + 1; k++) {
    const [din, dout] = convDims(cfg, k);
    const bound = 1 / Math.sqrt(din);
    for (const kind of ["W2", "W1", "b"] as const) {
      const f = find(kind, k);
      if (!f) continue;
      const size = kind === "b" ? dout : din * dout;
      const arr = values[f.i].subarray(f.off * size, (f.off + 1) * size);
      for (let t = 0; t < size; t++) arr[t] = (2 * rng.uniform() - 1) * bound;
    }
  }
  for (let i = 0; i < specs.length; i++) if (specs[i].kind === "gamma") values[i].fill(1);
  const id = ++networkCount; // tfjs variable names must be unique per process
  const variables = specs.map((s, i) => tf.variable(tf.tensor(values[i], s.shape), true, `gnc.net${id}.${s.name}`));

  /** StackParams as views into the variables' current values. */
  function stackParams(vals: Float32Array[]): StackParams {
    const convs = [];
    for (let k = 0; k <= L + 1; k++) {
      const [din, dout] = convDims(cfg, k);
      const view = (kind: ParamSpec["kind"], size: number) => {
        const f = find(kind, k);
        return f ? vals[f.i].subarray(f.off * size, (f.off + 1) * size) : null;
      };
      convs.push({ W2: view("W2", din * dout)!, W1: view("W1", din * dout), b: view("b", dout), din, dout });
    }
    let bns = null;
    if (cfg.batchNorm) {
      const gi = specs.findIndex((s) => s.kind === "gamma"), bi = specs.findIndex((s) => s.kind === "beta");
      bns = Array.from({ length: L + 1 }, (_, k) => ({ gamma: vals[gi].subarray(k * d, (k + 1) * d), beta: vals[bi].subarray(k * d, (k + 1) * d) }));
    }
    return { convs, bns, relu: cfg.activation === "relu" };
  }

  function checkInput(x: tf.Tensor2D, g: GraphTensors) {
    if (x.rank !== 2 || x.shape[0] !== g.n || x.shape[1] !== cfg.inDim) {
      throw new GncError(`gnc/${MOD}: input features must be N×d_in = ${g.n}×${cfg.inDim}, got [${x.shape.join(", ")}]`);
    }
  }

  /** How the fused op finds each layer's parameters in the stacked variables, and back. */
  const binding: FusedStackBinding = {
    params: stackParams,
    variableGrads(gr, vals) {
      return specs.map((s, i) => {
        const arr = new Float32Array(vals[i].length);
        s.layers.forEach((layer, off) => {
          let src: Float64Array | null;
          if (s.kind === "gamma" || s.kind === "beta") src = s.kind === "gamma" ? gr.bns![layer].dGamma : gr.bns![layer].dBeta;
          else src = s.kind === "W2" ? gr.convs[layer].dW2 : s.kind === "W1" ? gr.convs[layer].dW1 : gr.convs[layer].db;
          arr.set(src!, off * src!.length);
        });
        return arr;
      });
    },
  };

  function forwardFused(x: tf.Tensor2D, g: GraphTensors, capture: boolean): ForwardResult {
    const pg = asPrepared(g), n = pg.n;
    const r = fusedStack(x, variables, pg, mode, binding, { classes: C, hidden: d, depth: L }, capture, ws);
    const res: ForwardResult = { out: r.out, penultimate: r.penultimate };
    if (r.captured) {
      // Tensors are made on first access only, so tracking reads the host arrays without an
      // upload and a download.
      const lazy = (a: Float32Array) => { let t: tf.Tensor2D | null = null; return { get: () => (t ??= tf.tensor2d(a, [n, d])), enumerable: true }; };
      res.blocks = r.captured.map((host) => Object.defineProperties({ host } as unknown as BlockCapture, { conv: lazy(host.conv), relu: lazy(host.relu), bn: lazy(host.bn) }));
    }
    return res;
  }

  // Host copies of variables, valid while the variable's dataId is unchanged (assign replaces it):
  // tracking asks for every layer's weights, and on a GPU backend each read is a download.
  const hostCopies = new Map<number, { dataId: object; data: Float32Array }>();
  function readVariable(i: number): Float32Array {
    const v = variables[i], hit = hostCopies.get(i);
    if (hit && hit.dataId === v.dataId) return hit.data;
    const data = v.dataSync() as Float32Array;
    hostCopies.set(i, { dataId: v.dataId, data });
    return data;
  }

  function forwardOps(x: tf.Tensor2D, g: GraphTensors, capture: boolean): ForwardResult {
    // Per-layer tensors of the stacked variables: one unstack per variable, whose gradient is one
    // stack (per-layer slices would cost a pad per layer plus the adds summing them, ~250 GPU
    // programs per step on webgl; same values and gradients).
    const parts = new Map<number, tf.Tensor[]>();
    const get = (kind: ParamSpec["kind"], layer: number): tf.Tensor | null => {
      const f = find(kind, layer);
      if (!f) return null;
      const v = variables[f.i], s = specs[f.i];
      if (!(s.name.startsWith("hidden.") || s.name.startsWith("bn."))) return v;
      let p = parts.get(f.i);
      // (tfjs's Unpack gradient cannot take a single output: a stack of one is a reshape.)
      if (!p) parts.set(f.i, (p = v.shape[0] === 1 ? [tf.reshape(v, v.shape.slice(1))] : tf.unstack(v, 0)));
      return p[f.off];
    };
    const blocks: BlockCapture[] = [];
    let f: tf.Tensor2D = x;
    for (let k = 0; k <= L; k++) {
      const z = graphConv(f, g, { W2: get("W2", k) as tf.Tensor2D, W1: get("W1", k) as tf.Tensor2D | null, b: get("b", k) as tf.Tensor1D | null }, mode);
      const r = cfg.activation === "relu" ? tf.relu(z) : z;
      const b = cfg.batchNorm ? batchNorm(r, get("gamma", k) as tf.Tensor1D, get("beta", k) as tf.Tensor1D) : r;
      if (capture && k >= 1) blocks.push({ conv: z, relu: r, bn: b });
      f = b;
    }
    const out = graphConv(f, g, { W2: get("W2", L + 1) as tf.Tensor2D, W1: get("W1", L + 1) as tf.Tensor2D | null, b: get("b", L + 1) as tf.Tensor1D | null }, mode);
    return capture ? { out, penultimate: f, blocks } : { out, penultimate: f };
  }

  return {
    config: cfg,
    impl,
    variables,
    forward(x, g, opts: ForwardOptions = {}) {
      checkInput(x, g);
      const fused = opts.fused ?? impl === "fused";
      return fused ? forwardFused(x, g, !!opts.capture) : forwardOps(x, g, !!opts.capture);
    },
    convWeights(k: number): ConvWeights {
      if (!Number.isInteger(k) || k < 0 || k > L + 1) throw new GncError(`gnc/${MOD}: conv index must be 0..${L + 1}, got ${k}`);
      const [din, dout] = convDims(cfg, k);
      const slice = (kind: ParamSpec["kind"]) => {
        const f = find(kind, k);
        if (!f) return null;
        return readVariable(f.i).slice(f.off * din * dout, (f.off + 1) * din * dout);
      };
      return { W2: slice("W2")!, W1: slice("W1"), inDim: din, outDim: dout };
    },
    dispose() {
      ws.clear();
      hostCopies.clear();
      for (const v of variables) v.dispose();
    },
  };
}
