/**
 * Load the tidy CSV files of a training run directory (written by src/train) for plotting:
 *   metrics.csv   run, epoch, step, split, layer, kind, variant, metric, mean, std, meanLog10, stdLog10
 *   train-log.csv run, epoch, step, loss, overlap
 * Numbers: an empty cell or NaN/±Infinity (as csv-stringify writes them) is kept as a non-finite
 * value and simply not plotted; anything else that is not a number is an input error with file and
 * line. Extra columns and unknown metric/kind names are ignored by the figures, not rejected here.
 */
import { readFileSync } from "node:fs";
import { inputError } from "../util/errors.js";
import { parseCsv, requireColumns, type CsvTable } from "./csv.js";
// The file schema is the writer's (src/runs/tidy-csv.ts); the reader shares it rather than restating it.
import { METRICS_COLUMNS as METRIC_COLUMNS, TRAIN_LOG_COLUMNS, type MetricRow, type TrainLogRow } from "../runs/tidy-csv.js";

export { METRIC_COLUMNS, TRAIN_LOG_COLUMNS, type MetricRow, type TrainLogRow };

function readTable(file: string): CsvTable {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw inputError("report", code === "ENOENT" ? "file not found" : `cannot read (${code ?? String(err)})`, file);
  }
  return parseCsv(text, file);
}

/** Parse a numeric cell: "" / NaN / ±Infinity → non-finite, garbage → GncError(file, line) from `module`. */
export function numCell(cell: string, column: string, file: string, line: number, module = "report"): number {
  const s = cell.trim();
  if (s === "" || s === "NaN" || s === "nan") return NaN;
  const v = Number(s);
  if (Number.isNaN(v)) throw inputError(module, `column "${column}": "${cell}" is not a number`, file, line);
  return v;
}
const num = (cell: string, column: string, file: string, line: number) => numCell(cell, column, file, line);

/** One metrics.csv row from its cells (`c`: column → index, as requireColumns returns), for any file holding those columns. */
export function metricRow(f: string[], c: Record<string, number>, file: string, line: number, module = "report"): MetricRow {
  const n = (column: (typeof METRIC_COLUMNS)[number]) => numCell(f[c[column]], column, file, line, module);
  return {
    run: f[c.run],
    epoch: n("epoch"),
    step: n("step"),
    split: f[c.split].trim(),
    layer: n("layer"),
    kind: f[c.kind].trim(),
    variant: f[c.variant].trim(),
    metric: f[c.metric].trim(),
    mean: n("mean"),
    std: n("std"),
    meanLog10: n("meanLog10"),
    stdLog10: n("stdLog10"),
  };
}

/** Read metrics.csv rows. Throws GncError (file + line) on malformed input. */
export function loadMetrics(file: string): MetricRow[] {
  const t = readTable(file);
  const c = requireColumns(t, METRIC_COLUMNS, file);
  return t.records.map(({ line, fields: f }) => metricRow(f, c, file, line));
}

/** Read train-log.csv rows. Throws GncError (file + line) on malformed input. */
export function loadTrainLog(file: string): TrainLogRow[] {
  const t = readTable(file);
  const c = requireColumns(t, TRAIN_LOG_COLUMNS, file);
  return t.records.map(({ line, fields: f }) => ({
    run: f[c.run],
    epoch: num(f[c.epoch], "epoch", file, line),
    step: num(f[c.step], "step", file, line),
    loss: num(f[c.loss], "loss", file, line),
    overlap: num(f[c.overlap], "overlap", file, line),
  }));
}

/** Read a JSON file, or null when it does not exist; GncError when it is not valid JSON. */
export function readJsonIfExists(file: string): unknown | null {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    return null;
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw inputError("report", `invalid JSON (${(err as Error).message})`, file);
  }
}
