/**
 * The spectral study (REFERENCE.md §6; Kothapalli, Tirer, Bruna 2023, the spectral-vs-GNN
 * comparison): for each of `graphs` test graphs and each operator, the direct spectral clustering
 * (Lanczos eigenvectors, direct.ts) and T iterations of projected power iteration (power.ts), with
 * the NC1 metrics of every iterate (evaluate.ts), written through the run store like every study:
 *
 *   metrics.csv      epoch 0, step = layer = iteration t (1..T), kind = operator ("bh", "nl", "adj"),
 *                    variants H / HA × nc1, nc1Tilde, trSigmaW, trSigmaB, plus variant "out" metric
 *                    "overlap"; the direct answer as kind "<op>-eig" at step = layer = T + 1. Each
 *                    row aggregates the graphs with collapse/summarize (mean, std, mean/std log10).
 *   spectral-log.csv one row per (graph, operator): Lanczos operator applications and residual,
 *                    convergence, shift, direct and last-iteration overlap.
 *
 * Randomness: the run seed's master Rng splits into the graph stream (one 53-bit seed per graph);
 * each graph seed splits into the sampling stream and one stream per operator in the fixed order
 * bh, nl, adj (so adding an operator never changes another's numbers). A checkpoint after every
 * 10 graphs (and on interrupt) holds the per-graph values so a rerun resumes where it stopped.
 *
 * Bad input (GncError, the run marked failed): an operator that is undefined on the graph (no
 * edges), C larger than the spectrum supports, a Lanczos solve that does not converge within
 * spectral.maxIter applications (the message gives the residual reached). Disconnected graphs,
 * isolated nodes and a Bethe Hessian with fewer than C negative eigenvalues run with a warning.
 */
import { rmSync } from "node:fs";
import path from "node:path";
import { GncError } from "../util/errors.js";
import { Rng } from "../util/rng.js";
import { summarize } from "../collapse/summary.js";
import { RunStore } from "../runs/store.js";
import type { MetricRow } from "../runs/tidy-csv.js";
import { drawSeed, sampleLabelledGraph } from "../runs/graphs.js";
import { resolveFileGraph } from "../runs/file-graph.js";
import type { SpectralConfig } from "../runs/schema/spectral.js";
import { components, degreeInfo, makeOperator, orientedApply, OPERATOR_NAMES, type OperatorName } from "./operators.js";
import { powerShift, spectralBasis } from "./direct.js";
import { columnsToRows, projectedPowerIteration } from "./power.js";
import { evaluateEmbedding, NC1_METRICS, type EmbeddingEvaluation } from "./evaluate.js";

export const SPECTRAL_LOG = "spectral-log.csv";
export const SPECTRAL_LOG_COLUMNS = [
  "run", "graph", "operator", "lanczosIterations", "residual", "converged", "shift", "overlapDirect", "overlapLast",
] as const;

export interface SpectralLogRow {
  run: string; graph: number; operator: string; lanczosIterations: number; residual: number;
  converged: boolean; shift: number; overlapDirect: number; overlapLast: number;
}

export interface SpectralEvent {
  type: "start" | "graph";
  /** Graphs finished so far. */
  graph: number;
  graphs: number;
}

export interface SpectralRunOptions {
  outDir?: string;
  signal?: AbortSignal;
  force?: boolean;
  /** Figures are drawn by the caller (report/ sits above spectral/); accepted for the common runner shape. */
  figures?: boolean;
  onEvent?: (e: SpectralEvent) => void;
  log?: (line: string) => void;
}

export interface OperatorSummary {
  operator: OperatorName;
  /** Mean overlap at each iteration t = 1..T (index t − 1). */
  overlap: number[];
  /** Mean over graphs of log10 NC1 of the iterate (variant H) at each iteration. */
  nc1Log10: number[];
  overlapDirect: number;
  nc1Log10Direct: number;
  /** First t whose mean overlap is within 0.01 of the direct one (null: not within T). */
  iterationsToConverged: number | null;
}

export interface SpectralResult {
  status: "done" | "already-done" | "interrupted" | "failed";
  runDir: string;
  message?: string;
  /** Seconds per phase in this session: graphs (sampling), lanczos (eigenvectors + shift), power, metrics. */
  timings: Record<string, number>;
  summary: OperatorSummary[];
  warnings: string[];
}

/** Per-graph values, keyed `${kind}|${layer}|${variant}|${metric}`, in graph order. */
type Values = Record<string, number[]>;

interface Checkpoint {
  version: 1;
  graphsDone: number;
  graphRng: number[];
  values: Values;
  log: SpectralLogRow[];
  warnings: Record<string, number>;
}

const CHECKPOINT_EVERY = 10;
const MOD = "gnc/spectral/run";

function record(values: Values, kind: string, layer: number, ev: EmbeddingEvaluation): void {
  const add = (variant: string, metric: string, v: number) => {
    (values[`${kind}|${layer}|${variant}|${metric}`] ??= []).push(v);
  };
  for (const m of NC1_METRICS) { add("H", m, ev.H[m]); add("HA", m, ev.HA[m]); }
  add("out", "overlap", ev.overlap);
}

function metricRows(run: string, values: Values): MetricRow[] {
  return Object.entries(values).map(([key, vs]) => {
    const [kind, layer, variant, metric] = key.split("|");
    const s = summarize(vs);
    return { run, epoch: 0, step: +layer, split: "test", layer: +layer, kind, variant, metric, mean: s.mean, std: s.std, meanLog10: s.meanLog10, stdLog10: s.stdLog10 };
  });
}

/** The per-operator summary of the aggregated values. */
export function summarizeOperators(values: Values, operators: readonly OperatorName[], T: number): OperatorSummary[] {
  const mean = (k: string) => summarize(values[k] ?? []).mean;
  const log = (k: string) => summarize(values[k] ?? []).meanLog10;
  return operators.map((op) => {
    const overlap = Array.from({ length: T }, (_, t) => mean(`${op}|${t + 1}|out|overlap`));
    const nc1Log10 = Array.from({ length: T }, (_, t) => log(`${op}|${t + 1}|H|nc1`));
    const overlapDirect = mean(`${op}-eig|${T + 1}|out|overlap`);
    const hit = overlap.findIndex((o) => o >= overlapDirect - 0.01);
    return { operator: op, overlap, nc1Log10, overlapDirect, nc1Log10Direct: log(`${op}-eig|${T + 1}|H|nc1`), iterationsToConverged: hit < 0 ? null : hit + 1 };
  });
}

/** Run (or resume, or report as complete) the spectral study of cfg. */
export async function runSpectral(cfg: SpectralConfig, opts: SpectralRunOptions = {}): Promise<SpectralResult> {
  const log = opts.log ?? ((l: string) => process.stderr.write(l + "\n"));
  if (cfg.graph.kind === "file") cfg = resolveFileGraph(cfg);
  const store = RunStore.forConfig(opts.outDir ?? "out", cfg);
  const T = cfg.spectral.iterations, K = cfg.spectral.graphs, C = cfg.graph.classes;
  const ops = OPERATOR_NAMES.filter((o) => cfg.spectral.operators.includes(o));
  if (!opts.force && store.isDone()) return { status: "already-done", runDir: store.dir, timings: {}, summary: [], warnings: [] };
  store.claim(cfg, { force: opts.force });
  const session = { graphs: 0, lanczos: 0, power: 0, metrics: 0 };
  const secs = () => Object.fromEntries(Object.entries(session).map(([k, v]) => [k, +(v / 1000).toFixed(3)]));
  let ck: Checkpoint | null;
  try {
    ck = store.loadCheckpoint<Checkpoint>();
  } catch (err) {
    store.release();
    throw err;
  }
  if (ck && ck.version !== 1) ck = null;
  const values: Values = ck?.values ?? {};
  const logRows: SpectralLogRow[] = ck?.log ?? [];
  const warnCounts: Record<string, number> = ck?.warnings ?? {};
  const graphRng = ck ? Rng.fromState(ck.graphRng) : Rng.seeded(cfg.seed).split();
  let done = ck?.graphsDone ?? 0;
  const warn = (key: string, line: string) => {
    if (!warnCounts[key]) log(`${line}${K > 1 ? " (further graphs with this warning are counted in the manifest)" : ""}`);
    warnCounts[key] = (warnCounts[key] ?? 0) + 1;
  };
  const saveCheckpoint = () => store.saveCheckpoint({ version: 1, graphsDone: done, graphRng: graphRng.state(), values, log: logRows, warnings: warnCounts } satisfies Checkpoint);
  store.start({ study: "spectral", seed: cfg.seed, fromStep: done, operators: ops, graphs: K, iterations: T });
  const now = () => performance.now();
  try {
    opts.onEvent?.({ type: "start", graph: done, graphs: K });
    for (; done < K; ) {
      if (opts.signal?.aborted) {
        saveCheckpoint();
        const message = `interrupted after ${done} of ${K} graphs; run the same command again to resume`;
        store.finish("interrupted", message, { warnings: warnCounts, timings: secs() });
        return { status: "interrupted", runDir: store.dir, message, timings: secs(), summary: [], warnings: Object.keys(warnCounts) };
      }
      let t0 = now();
      const streams = Rng.seeded(drawSeed(graphRng));
      const { graph, labels } = sampleLabelledGraph(cfg.graph, streams.split());
      const opRngs = OPERATOR_NAMES.map(() => streams.split());
      session.graphs += now() - t0;
      const gi = done + 1;
      const deg = degreeInfo(graph);
      const comp = components(graph);
      if (comp.count > 1) {
        warn("disconnected", `${MOD}: graph ${gi}: ${comp.count} connected components (the largest has ${comp.largest} of ${graph.n} nodes), ${deg.isolated} isolated node(s); ` +
          "nl and adj then have extra trivial eigenvectors, results are still computed");
      }
      for (const name of ops) {
        const rng = opRngs[OPERATOR_NAMES.indexOf(name)];
        const [rBasis, rShift, rStart, rKmeans] = [rng.split(), rng.split(), rng.split(), rng.split()];
        t0 = now();
        const op = makeOperator(name, graph, { r: cfg.spectral.r });
        const basis = spectralBasis(op, C, rBasis, { tol: cfg.spectral.tol, maxMatvecs: cfg.spectral.maxIter });
        for (const w of basis.warnings) warn(`${name}-support`, `${w} (graph ${gi})`);
        const shift = powerShift(op, cfg.spectral.shift, rShift);
        const t1 = now();
        session.lanczos += t1 - t0;
        const direct = evaluateEmbedding(columnsToRows(basis.vectors, graph.n), graph, labels, C, rKmeans);
        record(values, `${name}-eig`, T + 1, direct);
        let last = NaN, metricsMs = 0;
        const t2 = now();
        session.metrics += t2 - t1;
        projectedPowerIteration(orientedApply(op), {
          iterations: T, k: C - 1, shift, trivial: basis.trivial, rng: rStart,
          onIterate: (t, W) => {
            const m0 = now();
            const ev = evaluateEmbedding(W, graph, labels, C, rKmeans);
            record(values, name, t, ev);
            last = ev.overlap;
            metricsMs += now() - m0;
          },
        });
        session.metrics += metricsMs;
        session.power += now() - t2 - metricsMs;
        logRows.push({ run: cfg.name, graph: gi, operator: name, lanczosIterations: basis.matvecs, residual: basis.residual, converged: true, shift, overlapDirect: direct.overlap, overlapLast: last });
      }
      done++;
      opts.onEvent?.({ type: "graph", graph: done, graphs: K });
      if (done % CHECKPOINT_EVERY === 0 && done < K) saveCheckpoint();
      await new Promise((r) => setImmediate(r)); // let signal handlers run between graphs
    }
    // Aggregates only exist once every graph is in: write them (and the log) at the end, whole.
    rmSync(store.files.metrics, { force: true });
    store.metrics().append(metricRows(cfg.name, values));
    rmSync(path.join(store.dir, SPECTRAL_LOG), { force: true });
    store.appender<SpectralLogRow>(SPECTRAL_LOG, SPECTRAL_LOG_COLUMNS).append(logRows);
    saveCheckpoint();
    const summary = summarizeOperators(values, ops, T);
    store.finish("done", undefined, { warnings: warnCounts, timings: secs(), summary });
    return { status: "done", runDir: store.dir, timings: secs(), summary, warnings: Object.keys(warnCounts) };
  } catch (err) {
    const message = (err as Error).message.split("\n")[0];
    store.finish("failed", message, { warnings: warnCounts, timings: secs() });
    if (err instanceof GncError) throw new GncError(`${message} (graph ${done + 1} of ${K})`, err.exitCode);
    throw err;
  } finally {
    store.release();
  }
}
