/**
 * gnc — the library's public surface. The CLI (src/cli) is a thin layer over these exports.
 */
export { Rng, rngFromSeed } from "./util/rng.js";
export { GncError } from "./util/errors.js";
export type { CsrGraph, BuildStats } from "./graphs/csr.js";
export { csrFromEdges, csrToEdges, degrees, edgeCount, hasEdge, permuteCsr, validateCsr, validateLabels, classCounts } from "./graphs/csr.js";

// Graph files, labels, adapters
export { readGraph, writeGraph, readLabels, writeLabels, loadLabelledGraph, formatFromPath, parseFormat, GRAPH_FORMATS } from "./graphs/io/index.js";
export type { GraphFormat, ReadGraphOptions, LoadedGraph } from "./graphs/io/index.js";
export { fromGraphology, toGraphology, fromNgraph, toNgraph } from "./graphs/adapters.js";
export type { NgraphLike } from "./graphs/adapters.js";
export type { GraphologyLike, KeyedGraph } from "./graphs/io/build.js";

// Collapse metrics (float64, no tfjs)
export type { Matrix, CollapseMetrics } from "./collapse/types.js";
export { collapseMetrics, classStatistics, centredMeans, nc1Pinv, nc1TraceRatio, nc2EtfError, nc2OfError, nc2Equinorm, nc2Equiangularity, nc3SelfDuality, nc3EtfError, nc3OfError, nc4NccAgreement, nearestClassMean, argmaxPredictions, snr, traceRatioBounds, aggregateMean, summarize, LOG10_FLOOR } from "./collapse/index.js";
export type { ClassStats, CollapseOptions, CollapseResult, Summary, TraceRatioBounds, TraceRatioBoundsInput } from "./collapse/index.js";
export { readNpy, writeNpy } from "./util/npy.js";
export type { NpyArray, NpyDtype } from "./util/npy.js";
export { readMatrixFile, readIntVectorFile } from "./util/matrix-file.js";

// Figures
export { drawRunFigures, renderVegaLite, renderVega, svgToPng, loadMetrics, loadTrainLog, GNC_THEME } from "./report/index.js";
export type { DrawRunFiguresOptions, FigureFormat, RenderedFigure, RenderOptions } from "./report/index.js";
export { drawSweepFigures, writeSweepReport, loadSweep } from "./report/index.js";
export type { DrawSweepFiguresOptions, SweepData, SweepManifest } from "./report/index.js";

// The exact-collapse condition
export { checkCondition, neighbourClassCounts, rareEventBound, rareEventMonteCarlo, countConditionHolds } from "./condition/index.js";
export type { ConditionReport, CheckOptions, RareEventBound, RareEventMonteCarlo } from "./condition/index.js";

// Graph generators and input features
export { sampleSbm, classSizes, type SbmOptions, type SbmSample } from "./graphs/sbm.js";
export { sampleRegularSbm, type RegularSbmOptions, type RegularSbmSample } from "./graphs/regular-sbm.js";
export { makeFeatures, FEATURE_STRATEGIES, type FeatureStrategy } from "./graphs/features.js";

// Tensor backend, aggregation op, layers and the network (tfjs)
export { initBackend, backendInfo, BACKEND_NAMES } from "./tensor/backend.js";
export type { BackendInfo, BackendRequest } from "./tensor/backend.js";
export { prepareGraph, PROPAGATION_MODES } from "./tensor/graph-tensors.js";
export type { PreparedGraph, PropagationMode } from "./tensor/graph-tensors.js";
export { aggregate } from "./tensor/aggregate.js";
export { simdAvailable, setSimdEnabled } from "./tensor/simd.js";
export { createNetwork, paramLayout } from "./models/network.js";
export { graphConv, gcnConv, batchNorm } from "./models/layers.js";
export type { NetworkConfig, Network, ForwardResult, ForwardOptions, BlockCapture, ConvWeights, GraphTensors, LayerKind, Aggregation } from "./models/types.js";

// Training
export { trainRun, type TrainOptions, type TrainResult, type TrainEvent, type EvalSummary } from "./train/loop.js";
export { permutationInvariantLoss, perTargetLoss, type LossSpec, type LossKind } from "./train/losses.js";
export { overlap, overlapFromPredictions, argmaxRows } from "./train/overlap.js";
export { minCostAssignment, hungarian } from "./train/assignment.js";
export { SgdMomentum } from "./train/optimizer.js";
export { loadCheckpoint, type Checkpoint } from "./train/checkpoint.js";

// Runs: config schemas (the single source of every flag), the run store every study writes
export { resolveConfig, defaultConfig, runConfigSchema, type RunConfig, type ModelConfig } from "./runs/schema/gnn.js";
export { configHash, canonicalJson, presetNames, graphSchema, type GraphConfig } from "./runs/schema/common.js";
export { schemaFlags, type FlagSpec } from "./runs/flags.js";
export { RunStore, readManifest, type Manifest, type RunStatus } from "./runs/store.js";
export { METRICS_COLUMNS, type MetricRow } from "./runs/tidy-csv.js";
export { sampleGraph, sampleLabelledGraph, runStreams, drawSeed } from "./runs/graphs.js";
export { loadFileGraph, resolveFileGraph, edgeDensities, type FileGraph } from "./runs/file-graph.js";

// Sweeps: grids of settings × seeds over any study, local workers, shards, merged CSVs
export { sweepSpecSchema, loadExperiment, experimentNames, atScale, reproduction, type SweepSpec } from "./sweep/spec.js";
export { planSweep, expandAxes, type SweepPlan, type PlannedRun, type PlannedSetting } from "./sweep/plan.js";
export { runSweep, parseShard, type SweepOptions, type SweepResult } from "./sweep/run.js";
export { mergeSweep, summarizeRun, SUMMARY_VALUES } from "./sweep/merge.js";
export { sbmQuantities, type SbmQuantities } from "./sweep/derived.js";
export { archiveSweep, restoreSweep, readArchive, slimMetrics, ARCHIVE_FORMAT, type ArchivedRun, type ArchiveResult } from "./sweep/archive.js";
export { parseList } from "./sweep/lists.js";

// Spectral baselines (float64, no tfjs): operators, Lanczos, power iteration, the spectral study
export { makeOperator, orientedApply, betheR, components, OPERATOR_NAMES, type GraphOperator, type OperatorName, type BetheR } from "./spectral/operators.js";
export { lanczos, spectralNorm, type LanczosOptions, type LanczosResult, type MatVec } from "./spectral/lanczos.js";
export { spectralBasis, powerShift, type SpectralBasis, type ShiftRule } from "./spectral/direct.js";
export { projectedPowerIteration, type PowerOptions } from "./spectral/power.js";
export { kmeans, type KMeansResult } from "./spectral/kmeans.js";
export { evaluateEmbedding, clusterEmbedding, type EmbeddingEvaluation } from "./spectral/evaluate.js";
export { runSpectral, type SpectralRunOptions, type SpectralResult, type OperatorSummary } from "./spectral/run.js";
export { resolveSpectralConfig, defaultSpectralConfig, spectralConfigSchema, type SpectralConfig } from "./runs/schema/spectral.js";

// The graph unconstrained features model (float64, no tfjs): objective, GD, DOPRI5 flow, the gUFM study
export { UfmObjective, aggOperator, AGGREGATIONS as UFM_AGGREGATIONS, type UfmSpec, type UfmGraph, type Aggregation as UfmAggregation } from "./ufm/objective.js";
export { gdSteps, gdFlowTime, UfmDivergence } from "./ufm/gd.js";
export { Dopri5, type FlowOptions, type FlowCheckpoint } from "./ufm/flow.js";
export { evaluateUfm, type UfmEvaluation } from "./ufm/tracking.js";
export { runUfm, ufmGraphs, ufmVerdicts, type UfmRunOptions, type UfmResult, type UfmEvent, type UfmSummary, type GraphVerdict } from "./ufm/run.js";
export { drawUfmFigures, drawUfmComparison, loadUfmRun } from "./ufm/figures.js";
export { resolveUfmConfig, defaultUfmConfig, ufmConfigSchema, type UfmConfig } from "./runs/schema/ufm.js";
