/**
 * The online SGD training loop of the paper (REFERENCE.md §2 "Training", §7): one graph per step,
 * K_train steps per epoch (graphs "fixed": drawn once and reused in order — the reference; "fresh":
 * a new graph each step), SGD with momentum and weight decay, a permutation-invariant loss. After
 * every epoch (and every ncInterval steps) the K_test test graphs are evaluated and the collapse
 * metrics written to metrics.csv (tracking.ts). Before the first step, epoch 0 is evaluated too (the
 * untrained network: collapse is a result of training, this row shows it is not there at init).
 *
 * Reproducibility: every random draw comes from the run seed's streams (data.ts); a checkpoint holds
 * weights, momentum, stream states, counters and CSV lengths, so stop + resume writes byte-identical
 * CSVs to an uninterrupted run on the same backend.
 */
import { rmSync } from "node:fs";
import * as tf from "@tensorflow/tfjs";
import { initBackend, type BackendInfo } from "../tensor/backend.js";
import { prepareGraph } from "../tensor/graph-tensors.js";
import { createNetwork } from "../models/network.js";
import type { GraphTensors, Network, NetworkConfig } from "../models/types.js";
import { GncError } from "../util/errors.js";
import { Rng } from "../util/rng.js";
import type { RunConfig } from "../runs/schema/gnn.js";
import { drawSeed, runStreams, sampleGraph } from "../runs/graphs.js";
import { loadFileGraph, resolveFileGraph } from "../runs/file-graph.js";
import type { LossSpec } from "./losses.js";
import { SgdMomentum } from "./optimizer.js";
import { trainStep } from "./step.js";
import { TRAIN_LOG_COLUMNS, type TrainLogRow } from "../runs/tidy-csv.js";
import { loadCheckpoint, saveCheckpoint, type Checkpoint } from "./checkpoint.js";
import { MetricAccumulator, trackGraph, type EvalGraph, type TrackingContext } from "./tracking.js";
import { outputTransform } from "./normalized.js";
import { RunStore } from "../runs/store.js";

export type TrainStatus = "done" | "already-done" | "stopped" | "interrupted" | "diverged";

export interface TrainEvent {
  /** "prepare": test graph `step` of `totalSteps` sampled (before training starts); "evalGraph": one test graph evaluated. */
  type: "start" | "step" | "eval" | "prepare" | "evalGraph";
  step: number;
  totalSteps: number;
  epoch: number;
  loss?: number;
  overlap?: number;
  /** Present on "start": the step the session starts from (> 0 when resuming). */
  fromStep?: number;
  /** Present on "eval": a short summary of the evaluation. */
  summary?: EvalSummary;
}

export interface EvalSummary {
  epoch: number;
  step: number;
  /** Test graphs evaluated (loss, overlap). */
  graphs: number;
  /** The first `trackedGraphs` of them also had their collapse metrics computed. */
  trackedGraphs: number;
  testLoss: number;
  testOverlap: number;
  /** Mean over the tracked test graphs of log10 NC1 (bn features, H) at the first and last hidden layer (the paper's convention, as in the figures). */
  log10Nc1First: number;
  log10Nc1Last: number;
}

export interface TrainOptions {
  /** Base output folder (the run goes to <outDir>/<name>/<hash12>/). Default "out". */
  outDir?: string;
  /** Stop (with a checkpoint) once this many steps in total are done — for tests and budgets. */
  stopAfterSteps?: number;
  /** Aborting writes a checkpoint at the next step boundary and returns "interrupted". */
  signal?: AbortSignal;
  /** Delete an existing run directory first (under the run lock). */
  force?: boolean;
  onEvent?: (e: TrainEvent) => void;
  /** Warnings and notes (default: stderr). */
  log?: (line: string) => void;
}

export interface TrainResult {
  status: TrainStatus;
  runDir: string;
  step: number;
  totalSteps: number;
  backend: string;
  last: EvalSummary | null;
  message?: string;
  /** Seconds per phase in this session (graphs = sampling, train = SGD steps, eval = test forward + loss, tracking = collapse metrics). */
  timings: Record<string, number>;
}

function networkConfig(cfg: RunConfig, inDim: number): NetworkConfig {
  return { ...cfg.model, inDim, classes: cfg.graph.classes };
}

function lossSpec(cfg: RunConfig): LossSpec {
  return { kind: cfg.train.loss, labelSmoothing: cfg.train.labelSmoothing, focalGamma: cfg.train.focalGamma };
}

/**
 * Build the graph + tensors of one sample. `shared`: the graph tensors of a kind "file" run's one
 * graph, prepared once and reused by every sample (freed by the caller at the end).
 */
function loadEvalGraph(cfg: RunConfig, seed: number, shared: GraphTensors | null): EvalGraph {
  const s = sampleGraph(cfg, seed);
  return { graph: s.graph, labels: s.labels, x: tf.tensor2d(s.x.data as Float32Array, [s.x.rows, s.x.cols], "float32"), g: shared ?? prepareGraph(s.graph) };
}

function freeEvalGraph(e: EvalGraph, shared: GraphTensors | null): void {
  e.x.dispose();
  if (e.g !== shared) e.g.dispose();
}

const now = () => performance.now();

/**
 * Train (or resume, or report as complete) the run described by cfg. Bad configs throw GncError;
 * divergence (a non-finite loss) stops the run and resolves with status "diverged" and a message
 * naming the step, leaving every file written so far.
 */
export async function trainRun(cfg: RunConfig, opts: TrainOptions = {}): Promise<TrainResult> {
  const log = opts.log ?? ((l: string) => process.stderr.write(l + "\n"));
  // Kind "file": check the config against the files (n, classes, digests) and complete it, so the
  // hash below covers the files' contents.
  if (cfg.graph.kind === "file") cfg = resolveFileGraph(cfg);
  const store = RunStore.forConfig(opts.outDir ?? "out", cfg);
  const runDir = store.dir;
  const totalSteps = cfg.train.trainGraphs * cfg.train.epochs;
  const backend = await initBackend(cfg.backend);
  if (!opts.force && store.isDone()) {
    return { status: "already-done", runDir, step: totalSteps, totalSteps, backend: backend.name, last: null, message: undefined, timings: {} };
  }
  // Problems a sample reveals (a regular SBM's degree rules, empty classes) surface before the run
  // directory exists: draw one graph from a probe seed first (the run's own streams are untouched).
  sampleGraph(cfg, cfg.seed);
  store.claim(cfg, { force: opts.force });
  try {
    return await trainClaimed(cfg, store, backend, opts, log);
  } catch (err) {
    // Any failure leaves the manifest "failed" with the message (the files so far are kept).
    store.finish("failed", (err as Error).message.split("\n")[0]);
    throw err;
  } finally {
    store.release();
  }
}

/** The training session of a claimed run (trainRun holds the lock and marks failures). */
async function trainClaimed(cfg: RunConfig, store: RunStore, backend: BackendInfo, opts: TrainOptions, log: (l: string) => void): Promise<TrainResult> {
  const { hash, dir: runDir, files } = store;
  const K = cfg.train.trainGraphs;
  const totalSteps = K * cfg.train.epochs;
  const streams = runStreams(cfg.seed);
  const initialGraphSeeds = cfg.train.graphs === "fixed" ? Array.from({ length: K }, () => drawSeed(streams.train)) : [];
  const testSeeds = Array.from({ length: cfg.train.testGraphs }, () => drawSeed(streams.test));

  const session: Record<string, number> = { graphs: 0, train: 0, eval: 0, tracking: 0 };
  let t0 = now();
  let shared: GraphTensors | null = null;
  if (cfg.graph.kind === "file") {
    const fg = loadFileGraph(cfg.graph);
    for (const w of fg.warnings) log(`gnc train: warning: ${fg.file}: ${w}`);
    shared = prepareGraph(fg.graph);
  }
  const testGraphs = testSeeds.map((s, i) => {
    const e = loadEvalGraph(cfg, s, shared);
    opts.onEvent?.({ type: "prepare", step: i + 1, totalSteps: testSeeds.length, epoch: 0 });
    return e;
  });
  session.graphs += now() - t0;
  const inDim = testGraphs[0].x.shape[1];
  const network = createNetwork(networkConfig(cfg, inDim), streams.init);
  const opt = new SgdMomentum(network.variables, { lr: cfg.train.lr, momentum: cfg.train.momentum, weightDecay: cfg.train.weightDecay });
  const spec = lossSpec(cfg);
  const output = outputTransform(cfg, network);
  const ctx: TrackingContext = { network, classes: cfg.graph.classes, loss: spec, pIn: cfg.graph.pIn, pOut: cfg.graph.pOut, output };
  const release = () => {
    for (const e of testGraphs) freeEvalGraph(e, shared);
    shared?.dispose();
    network.dispose();
  };

  let step = 0;
  let graphSeeds = initialGraphSeeds;
  let trainRng: Rng = streams.train;
  let carried: Record<string, number> = {};
  const ck = loadCheckpoint(store);
  if (ck && ck.configHash !== hash) throw new GncError(`gnc/train: ${runDir}: checkpoint belongs to another config`);
  // A fresh start drops partial CSVs of a run that crashed before its first checkpoint.
  if (!ck) for (const f of [files.metrics, files.trainLog]) rmSync(f, { force: true });
  const metricsW = store.metrics();
  const trainLogW = store.appender<TrainLogRow>("train-log.csv", TRAIN_LOG_COLUMNS);
  if (ck) {
    restoreVariables(network, ck);
    opt.setBuffers(ck.momentum);
    trainRng = Rng.fromState(ck.rng.train);
    graphSeeds = ck.graphSeeds;
    step = ck.step;
    carried = ck.timings ?? {};
    metricsW.truncate(ck.files.metrics);
    trainLogW.truncate(ck.files.trainLog);
  }

  const totals = () => {
    const t: Record<string, number> = {};
    for (const k of new Set([...Object.keys(carried), ...Object.keys(session)])) t[k] = (carried[k] ?? 0) + (session[k] ?? 0);
    return t;
  };
  const secs = (t: Record<string, number>) => Object.fromEntries(Object.entries(t).map(([k, v]) => [k, Math.round(v) / 1000]));
  store.start({
    study: "gnn", seed: cfg.seed, fromStep: step, tfjs: tf.version.tfjs, backend: backend.name, backendTried: backend.tried,
    impl: network.impl, steps: step, timings: secs(totals()),
  });

  let pendingLog: TrainLogRow[] = [];
  let last: EvalSummary | null = null;
  const emit = (e: TrainEvent) => opts.onEvent?.(e);

  const evaluate = (epoch: number) => {
    const acc = new MetricAccumulator();
    // Loss and overlap on every test graph; collapse metrics on the first trackGraphs of them
    // (all of them at the final evaluation), which keeps tracking every layer cheap.
    const sub = cfg.train.trackGraphs;
    const tracked = step >= totalSteps || sub === 0 ? testGraphs.length : Math.min(sub, testGraphs.length);
    const graphs = testGraphs;
    let lossSum = 0, ovSum = 0;
    const tEval = now();
    let tTrack = 0;
    for (const [i, eg] of graphs.entries()) {
      const r = trackGraph(ctx, eg, acc, { collapse: i < tracked });
      lossSum += r.loss;
      ovSum += r.overlap;
      tTrack += r.trackingMs;
      emit({ type: "evalGraph", step: i + 1, totalSteps: graphs.length, epoch });
    }
    session.tracking += tTrack;
    session.eval += now() - tEval - tTrack;
    const rows = acc.rows({ run: cfg.name, epoch, step, split: "test" });
    metricsW.append(rows);
    const nc1At = (layer: number) => rows.find((r) => r.layer === layer && r.kind === "bn" && r.variant === "H" && r.metric === "nc1")?.meanLog10 ?? NaN;
    last = { epoch, step, graphs: graphs.length, trackedGraphs: tracked, testLoss: lossSum / graphs.length, testOverlap: ovSum / graphs.length, log10Nc1First: nc1At(1), log10Nc1Last: nc1At(cfg.model.depth) };
    emit({ type: "eval", step, totalSteps, epoch, summary: last });
  };

  const checkpoint = (atEpochEnd: boolean) => {
    trainLogW.append(pendingLog);
    pendingLog = [];
    const c: Checkpoint = {
      version: 1, configHash: hash, step, epoch: Math.floor(step / K), stepInEpoch: step % K,
      variables: network.variables.map((v) => ({ shape: v.shape.slice(), data: (v.dataSync() as Float32Array).slice() })),
      momentum: opt.buffers, rng: { train: trainRng.state() }, graphSeeds,
      files: { metrics: metricsW.size(), trainLog: trainLogW.size() }, timings: totals(),
    };
    saveCheckpoint(store, c, atEpochEnd);
    store.update({ steps: step, timings: secs(totals()) });
  };

  const finish = (status: "done" | "stopped" | "interrupted" | "diverged", message?: string): TrainResult => {
    release();
    store.finish(status === "diverged" ? "failed" : status, message, { steps: step, timings: secs(totals()) });
    return { status, runDir, step, totalSteps, backend: backend.name, last, message, timings: secs(session) };
  };

  try {
    emit({ type: "start", step, totalSteps, epoch: Math.floor(step / K), fromStep: step });
    if (!ck) {
      // A fresh run evaluates the untrained network first; a resume (even from the step-0 checkpoint,
      // which already holds those rows) does not repeat it.
      evaluate(0);
      checkpoint(false);
    }
    const ncEvery = cfg.train.ncInterval;
    const ckEvery = cfg.train.checkpointInterval;
    if (opts.stopAfterSteps !== undefined && step >= opts.stopAfterSteps && step < totalSteps) {
      return finish("stopped", `already at step ${step} of ${totalSteps} (stop after ${opts.stopAfterSteps}); run again without a stop (or with a larger one) to continue`);
    }
    while (step < totalSteps) {
      if (opts.signal?.aborted) {
        checkpoint(false);
        return finish("interrupted", `interrupted at step ${step}; run the same command again to resume`);
      }
      const epochIdx = Math.floor(step / K);
      const k = step % K;
      t0 = now();
      const seed = cfg.train.graphs === "fixed" ? graphSeeds[k] : drawSeed(trainRng);
      const eg = loadEvalGraph(cfg, seed, shared);
      const t1 = now();
      session.graphs += t1 - t0;
      const { loss: lossValue, overlap: ov } = trainStep(network, opt, eg.x, eg.g, eg.labels, spec, output);
      freeEvalGraph(eg, shared);
      if (!Number.isFinite(lossValue)) {
        trainLogW.append(pendingLog);
        pendingLog = [];
        const msg = `gnc train: the loss became ${lossValue} at step ${step + 1} (epoch ${epochIdx + 1}); stopped. Files written so far are kept in ${runDir}. Try a smaller learning rate.`;
        return finish("diverged", msg);
      }
      step++;
      session.train += now() - t1;
      pendingLog.push({ run: cfg.name, epoch: epochIdx + 1, step, loss: lossValue, overlap: ov });
      emit({ type: "step", step, totalSteps, epoch: epochIdx + 1, loss: lossValue, overlap: ov });
      const epochEnd = step % K === 0;
      if (epochEnd) evaluate(step / K);
      else if (ncEvery > 0 && step % ncEvery === 0) evaluate(step / K);
      if (epochEnd) checkpoint(true);
      else if ((ckEvery > 0 && step % ckEvery === 0) || (ncEvery > 0 && step % ncEvery === 0)) checkpoint(false);
      if (opts.stopAfterSteps !== undefined && step >= opts.stopAfterSteps && step < totalSteps) {
        if (!epochEnd && !(ckEvery > 0 && step % ckEvery === 0)) checkpoint(false);
        return finish("stopped", `stopped after step ${step} of ${totalSteps}; run again without a stop (or with a larger one) to continue`);
      }
      // Let signal handlers (Ctrl-C, SIGTERM) run between steps.
      await new Promise<void>((r) => setImmediate(r));
    }
    return finish("done");
  } catch (err) {
    release();
    throw err;
  }
}

function restoreVariables(network: Network, ck: Checkpoint): void {
  const vars = network.variables;
  if (ck.variables.length !== vars.length) throw new GncError(`gnc/train/checkpoint: checkpoint has ${ck.variables.length} variables, the network ${vars.length}`);
  vars.forEach((v, i) => {
    const s = ck.variables[i];
    if (s.shape.join("x") !== v.shape.join("x")) throw new GncError(`gnc/train/checkpoint: variable ${i} has shape ${s.shape} in the checkpoint, ${v.shape} in the network`);
    const t = tf.tensor(s.data, v.shape, "float32");
    v.assign(t);
    t.dispose();
  });
}
