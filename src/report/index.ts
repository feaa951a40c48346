/**
 * report/: figures of training runs and of sweeps (vega-lite → SVG → PNG), a sweep's report.html,
 * and the CSV loading they need. The public surface of the folder; src/index.ts re-exports from here.
 */
export { drawRunFigures, type DrawRunFiguresOptions, type FigureFormat } from "./run-figures.js";
export { renderVegaLite, renderVega, svgToPng, textWidth, embeddedFontFile, GNC_THEME, FONT_FAMILY, type RenderedFigure, type RenderOptions } from "./render.js";
export { loadMetrics, loadTrainLog, type MetricRow, type TrainLogRow } from "./run-data.js";
export { parseCsv, type CsvTable, type CsvRecord } from "./csv.js";
export { layerCollapseSpec, epochEvolutionSpec, traceSpec, trainingSpec, selectRun, type RunSelection } from "./figures.js";
export { drawSweepFigures, SWEEP_FIGURES, type DrawSweepFiguresOptions } from "./sweep-figures.js";
export { writeSweepReport } from "./html.js";
export { loadSweep, layerCurves, epochCurves, type SweepData, type SweepManifest, type LayerCurvePoint, type EpochCurvePoint } from "./sweep-data.js";
