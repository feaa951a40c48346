/**
 * A gUFM study run (`gnc ufm`, `gnc sweep --study ufm`) through the run store (src/runs/store.ts):
 * sample the K graphs, check each one's exact-collapse condition (REFERENCE.md §5, condition/), then
 * follow the dynamics of REFERENCE.md §4 — cyclic gradient descent (gd.ts) or the DOPRI5 gradient
 * flow (flow.ts) — evaluating collapse (tracking.ts) at every ncInterval steps of GD, or at the flow
 * times t = j·ncInterval·η the GD evaluations pass through (gd.ts: step s ↔ t = s·η).
 *
 * Files: metrics.csv (tidy, kind "ufm"), flow-log.csv (run, step, time, gradEvals, loss, overlap per
 * evaluation; gradEvals counts evaluations of the full gradient ∇F — for GD, steps/K, the same
 * cost), graph-log.csv (per-graph NC1 of H and ÂH per evaluation), manifest.json (with each graph's condition verdict and score), checkpoints/latest.json
 * (the state vector as base64 float64, counters, CSV byte lengths), figures/.
 *
 * Streams: the run seed's master Rng splits into the graph stream (one 53-bit seed per graph, each
 * graph sampled from its own Rng) and the init stream (H_0 … H_{K−1}, then W1 unless useW1 is off,
 * then W2, all N(0, initScale²), in the state layout's order). Same seed and config → byte-identical
 * CSVs, and a resumed run (truncate the CSVs to the checkpoint, restore the state) writes the same
 * bytes as an uninterrupted one.
 * Divergence (a non-finite loss): status "diverged", manifest "failed" with the one-line message,
 * every file written so far kept (plus a flow-log row at the divergence).
 */
import { rmSync } from "node:fs";
import path from "node:path";
import { checkCondition } from "../condition/index.js";
import { GncError } from "../util/errors.js";
import { Rng } from "../util/rng.js";
import { drawSeed, sampleLabelledGraph } from "../runs/graphs.js";
import { loadFileGraph, resolveFileGraph } from "../runs/file-graph.js";
import { RunStore } from "../runs/store.js";
import { f64ToB64, b64ToF64 } from "../runs/codec.js";
import type { UfmConfig } from "../runs/schema/ufm.js";
import { UfmObjective, type UfmGraph } from "./objective.js";
import { gdSteps, UfmDivergence } from "./gd.js";
import { Dopri5, type FlowCheckpoint } from "./flow.js";
import { evaluateUfm } from "./tracking.js";

export const FLOW_LOG = "flow-log.csv";
export const FLOW_LOG_COLUMNS = ["run", "step", "time", "gradEvals", "loss", "overlap"] as const;
export interface FlowLogRow { run: string; step: number; time: number; gradEvals: number; loss: number; overlap: number }
/** Per-graph NC1 at each evaluation (the figure draws one line per graph). */
export const GRAPH_LOG = "graph-log.csv";
export const GRAPH_LOG_COLUMNS = ["run", "epoch", "step", "time", "graph", "nc1H", "nc1HA"] as const;
export interface GraphLogRow { run: string; epoch: number; step: number; time: number; graph: number; nc1H: number; nc1HA: number }

export type UfmStatus = "done" | "already-done" | "stopped" | "interrupted" | "diverged";

/** One graph's exact-collapse condition (condition/check.ts). */
export interface GraphVerdict {
  graph: number;
  /** Count form: every node of class c has the same number of neighbours in each class c'. */
  satisfied: boolean;
  /** Fraction form (what mean aggregation sees). */
  fractionSatisfied: boolean;
  /** The form the run's aggregation needs: fraction for mean, count for sum and sym. */
  holds: boolean;
  /** Graded violation (NC1 of the neighbour-label fractions; 0 iff the fraction form holds). */
  score: number;
  violatingNodes: number;
}

export interface UfmSummary {
  evaluation: number;
  step: number;
  time: number;
  gradEvals: number;
  loss: number;
  overlap: number;
  /** Mean over graphs of NC1 of H and of ÂH. */
  nc1H: number;
  nc1HA: number;
  /** Mean over graphs of log10 NC1 (the paper's aggregate). */
  log10Nc1H: number;
  log10Nc1HA: number;
}

export interface UfmEvent {
  type: "start" | "progress" | "eval";
  /** GD steps done, or for the flow the GD-step equivalent t/η. */
  position: number;
  total: number;
  fromPosition?: number;
  summary?: UfmSummary;
}

export interface UfmRunOptions {
  outDir?: string;
  signal?: AbortSignal;
  force?: boolean;
  /** Draw figures at the end (default true). */
  figures?: boolean;
  /** Stop (checkpointed) at the first evaluation at or after this many steps (GD-step equivalents). */
  stopAfterSteps?: number;
  onEvent?: (e: UfmEvent) => void;
  log?: (line: string) => void;
}

export interface UfmResult {
  status: UfmStatus;
  runDir: string;
  message?: string;
  /** Seconds per phase in this session (graphs, dynamics, tracking, figures). */
  timings: Record<string, number>;
  last: UfmSummary | null;
  verdicts: GraphVerdict[];
  figures: string[];
}

interface UfmCheckpoint {
  version: 1;
  configHash: string;
  /** Index of the next evaluation. */
  next: number;
  /** GD steps done (gd). */
  step: number;
  flow: FlowCheckpoint | null;
  state: string;
  /** GD-step position of the last checkpoint (for checkpointInterval). */
  lastCheckpoint: number;
  files: { metrics: number; flowLog: number; graphLog: number };
  timings: Record<string, number>;
}

/** The K labelled graphs of a run, each from its own seed (kind "file": the one loaded graph). */
export function ufmGraphs(cfg: UfmConfig): UfmGraph[] {
  const master = Rng.seeded(cfg.seed);
  const graphStream = master.split();
  const seeds = Array.from({ length: cfg.ufm.graphs }, () => drawSeed(graphStream));
  return seeds.map((s) => sampleLabelledGraph(cfg.graph, Rng.seeded(s)));
}

/** The initial state (see banner): H_k, W1 (unless useW1 is off), W2 ~ N(0, initScale²). */
export function ufmInitialState(cfg: UfmConfig, obj: UfmObjective): Float64Array {
  const master = Rng.seeded(cfg.seed);
  master.split();
  const init = master.split();
  const x = new Float64Array(obj.size);
  const s = cfg.ufm.initScale;
  for (let i = 0; i < obj.w1Offset; i++) x[i] = s * init.normal();
  if (cfg.ufm.useW1) for (let i = obj.w1Offset; i < obj.w2Offset; i++) x[i] = s * init.normal();
  for (let i = obj.w2Offset; i < obj.size; i++) x[i] = s * init.normal();
  return x;
}

export function ufmVerdicts(graphs: UfmGraph[], classes: number, aggregation: string): GraphVerdict[] {
  return graphs.map((g, k) => {
    const r = checkCondition(g.graph, g.labels, classes);
    return {
      graph: k, satisfied: r.satisfied, fractionSatisfied: r.fractionSatisfied,
      holds: aggregation === "mean" ? r.fractionSatisfied : r.satisfied, score: r.score, violatingNodes: r.violatingNodes,
    };
  });
}

const now = () => performance.now();

/**
 * Run (or resume, or report as complete) the gUFM study of cfg. Bad configs and graphs throw
 * GncError (manifest "failed" once the run directory is claimed); a divergence resolves with
 * status "diverged" (manifest "failed") and a one-line message.
 */
export async function runUfm(cfg: UfmConfig, opts: UfmRunOptions = {}): Promise<UfmResult> {
  if (cfg.graph.kind === "file") cfg = resolveFileGraph(cfg);
  const store = RunStore.forConfig(opts.outDir ?? "out", cfg);
  if (!opts.force && store.isDone()) {
    return { status: "already-done", runDir: store.dir, timings: {}, last: null, verdicts: [], figures: [] };
  }
  store.claim(cfg, { force: opts.force });
  try {
    return await runClaimed(cfg, store, opts);
  } catch (err) {
    store.finish("failed", (err as Error).message.split("\n")[0]);
    throw err;
  } finally {
    store.release();
  }
}

async function runClaimed(cfg: UfmConfig, store: RunStore, opts: UfmRunOptions): Promise<UfmResult> {
  const log = opts.log ?? ((l: string) => process.stderr.write(l + "\n"));
  const u = cfg.ufm;
  const C = cfg.graph.classes;
  const session: Record<string, number> = { graphs: 0, dynamics: 0, tracking: 0, figures: 0 };
  let t0 = now();
  if (cfg.graph.kind === "file") for (const w of loadFileGraph(cfg.graph).warnings) log(`gnc ufm: warning: ${cfg.graph.path}: ${w}`);
  const graphs = ufmGraphs(cfg);
  const obj = new UfmObjective(graphs, {
    dim: u.dim, classes: C, useW1: u.useW1, lambdaW1: u.lambdaW1, lambdaW2: u.lambdaW2, lambdaH: u.lambdaH, aggregation: u.aggregation,
  });
  const verdicts = ufmVerdicts(graphs, C, u.aggregation);
  session.graphs += now() - t0;

  // Schedule: evaluation j at GD step min(j·ncInterval, steps), or flow time min(j·ncInterval·η, T).
  const isFlow = u.method === "dopri5";
  const T = u.flowTime ?? u.steps * u.lr;
  const totalPos = isFlow ? T / u.lr : u.steps;
  const evals = Math.ceil(totalPos / u.ncInterval - 1e-12);
  const target = (j: number) => (isFlow ? Math.min(j * u.ncInterval * u.lr, T) : Math.min(j * u.ncInterval, u.steps));

  const ck = store.loadCheckpoint<UfmCheckpoint>();
  if (ck && ck.configHash !== store.hash) throw new GncError(`gnc/ufm: ${store.dir}: the checkpoint belongs to another config`);
  if (!ck) for (const f of [store.files.metrics, path.join(store.dir, FLOW_LOG), path.join(store.dir, GRAPH_LOG)]) rmSync(f, { force: true });
  const metricsW = store.metrics();
  const flowLogW = store.appender<FlowLogRow>(FLOW_LOG, FLOW_LOG_COLUMNS);
  const graphLogW = store.appender<GraphLogRow>(GRAPH_LOG, GRAPH_LOG_COLUMNS);
  let state: Float64Array;
  let next = 0, step = 0, lastCheckpoint = 0;
  let carried: Record<string, number> = {};
  if (ck) {
    state = b64ToF64(ck.state);
    if (state.length !== obj.size) throw new GncError(`gnc/ufm: ${store.dir}: the checkpoint's state has ${state.length} values, the problem ${obj.size}`);
    next = ck.next; step = ck.step; lastCheckpoint = ck.lastCheckpoint; carried = ck.timings;
    metricsW.truncate(ck.files.metrics);
    flowLogW.truncate(ck.files.flowLog);
    graphLogW.truncate(ck.files.graphLog);
  } else {
    state = ufmInitialState(cfg, obj);
  }
  const flow = isFlow ? new Dopri5(obj, state, { rtol: u.rtol, atol: u.atol }, ck?.flow ?? undefined) : null;
  const position = () => (flow ? flow.t / u.lr : step);
  const gradEvals = () => (flow ? flow.gradEvals : step / obj.K);

  const totals = () => {
    const t: Record<string, number> = {};
    for (const k of new Set([...Object.keys(carried), ...Object.keys(session)])) t[k] = (carried[k] ?? 0) + (session[k] ?? 0);
    return t;
  };
  const secs = (t: Record<string, number>) => Object.fromEntries(Object.entries(t).map(([k, v]) => [k, Math.round(v) / 1000]));
  const holding = verdicts.filter((v) => v.holds).length;
  store.start({
    study: "ufm", seed: cfg.seed, fromStep: position(), method: u.method, steps: position(), timings: secs(totals()),
    condition: { form: u.aggregation === "mean" ? "fraction" : "count", graphsHolding: holding, graphs: verdicts.length },
    conditions: verdicts,
  });
  const emit = (e: UfmEvent) => opts.onEvent?.(e);
  let last: UfmSummary | null = null;

  const evaluate = (j: number) => {
    const t1 = now();
    const time = flow ? flow.t : step * u.lr;
    const mStep = flow ? flow.gradEvals : step;
    const ev = evaluateUfm(obj, state, { run: cfg.name, epoch: j, step: mStep, flowTime: time });
    metricsW.append(ev.rows);
    flowLogW.append([{ run: cfg.name, step: mStep, time, gradEvals: gradEvals(), loss: ev.loss, overlap: ev.overlap }]);
    graphLogW.append(ev.nc1H.map((v, k) => ({ run: cfg.name, epoch: j, step: mStep, time, graph: k, nc1H: v, nc1HA: ev.nc1HA[k] })));
    const lg = (xs: number[]) => xs.reduce((s, v) => s + Math.log10(Math.max(v, 1e-300)), 0) / xs.length;
    const mean = (xs: number[]) => xs.reduce((s, v) => s + v, 0) / xs.length;
    last = {
      evaluation: j, step: mStep, time, gradEvals: gradEvals(), loss: ev.loss, overlap: ev.overlap,
      nc1H: mean(ev.nc1H), nc1HA: mean(ev.nc1HA), log10Nc1H: lg(ev.nc1H), log10Nc1HA: lg(ev.nc1HA),
    };
    session.tracking += now() - t1;
    emit({ type: "eval", position: position(), total: totalPos, summary: last });
  };

  const checkpoint = () => {
    lastCheckpoint = position();
    const c: UfmCheckpoint = {
      version: 1, configHash: store.hash, next, step, flow: flow ? flow.checkpoint() : null, state: f64ToB64(state),
      lastCheckpoint, files: { metrics: metricsW.size(), flowLog: flowLogW.size(), graphLog: graphLogW.size() }, timings: totals(),
    };
    store.saveCheckpoint(c);
    store.update({ steps: position(), gradEvals: gradEvals(), timings: secs(totals()) });
  };

  const finish = (status: Exclude<UfmStatus, "already-done">, message?: string): UfmResult => {
    const manifestStatus = status === "diverged" ? "failed" : status;
    store.finish(manifestStatus, message, { steps: position(), gradEvals: gradEvals(), timings: secs(totals()), last });
    return { status, runDir: store.dir, message, timings: secs(session), last, verdicts, figures: [] };
  };

  emit({ type: "start", position: position(), total: totalPos, fromPosition: position() });
  if (next === 0) {
    evaluate(0);
    next = 1;
    checkpoint();
  }
  const CHUNK_GD = 2000, CHUNK_FLOW = 20;
  while (next <= evals) {
    const goal = target(next);
    // Advance in chunks so that Ctrl-C and progress get a turn.
    for (;;) {
      if (opts.signal?.aborted) {
        checkpoint();
        return finish("interrupted", `interrupted at step ${Math.round(position())}; run the same command again to resume`);
      }
      const t1 = now();
      let reached: boolean;
      try {
        if (flow) reached = flow.advanceTo(goal, CHUNK_FLOW);
        else {
          const to = Math.min(goal, step + CHUNK_GD);
          gdSteps(obj, state, u.lr, step, to);
          step = to;
          reached = step >= goal;
        }
      } catch (err) {
        if (!(err instanceof UfmDivergence)) throw err;
        session.dynamics += now() - t1;
        step = flow ? step : err.step;
        flowLogW.append([{ run: cfg.name, step: flow ? flow.gradEvals : step, time: flow ? flow.t : step * u.lr, gradEvals: gradEvals(), loss: err.loss, overlap: NaN }]);
        return finish("diverged", `${err.message}; files so far are kept in ${store.dir}`);
      }
      session.dynamics += now() - t1;
      emit({ type: "progress", position: position(), total: totalPos });
      if (reached) break;
      await new Promise<void>((r) => setImmediate(r));
    }
    evaluate(next);
    next++;
    const pos = position();
    const stop = opts.stopAfterSteps !== undefined && pos >= opts.stopAfterSteps && next <= evals;
    if (next > evals || stop || Math.floor(pos / u.checkpointInterval) > Math.floor(lastCheckpoint / u.checkpointInterval)) checkpoint();
    if (stop) return finish("stopped", `stopped at step ${Math.round(pos)} of ${Math.round(totalPos)}; run again to continue`);
    await new Promise<void>((r) => setImmediate(r));
  }
  const res = finish("done");
  if (opts.figures !== false) {
    t0 = now();
    try {
      const { drawUfmFigures } = await import("./figures.js");
      res.figures = await drawUfmFigures(store.dir);
    } catch (err) {
      log(`gnc ufm: figures were not drawn (${(err as Error).message.split("\n")[0]})`);
    }
    session.figures += now() - t0;
    res.timings = secs(session);
  }
  return res;
}
