/**
 * The trainer's tidy CSV files (DESIGN.md "Results are tidy"), written with csv-stringify:
 *   metrics.csv    run, epoch, step, split, layer, kind, variant, metric, mean, std, meanLog10, stdLog10
 *                  (one row per evaluation × layer × feature kind × variant × metric, aggregated over
 *                  the evaluated graphs by collapse/summary's summarize)
 *   train-log.csv  run, epoch, step, loss, overlap (one row per SGD step, on the step's training graph)
 *
 * Rows are appended (never rewritten), so finished epochs survive a crash; a checkpoint stores each
 * file's byte length and a resume truncates back to it, so rows written after the last checkpoint
 * are dropped and then recomputed identically.
 */
import { appendFileSync, existsSync, statSync, truncateSync, writeFileSync } from "node:fs";
import { stringify } from "csv-stringify/sync";

export const METRICS_COLUMNS = [
  "run", "epoch", "step", "split", "layer", "kind", "variant", "metric", "mean", "std", "meanLog10", "stdLog10",
] as const;
export const TRAIN_LOG_COLUMNS = ["run", "epoch", "step", "loss", "overlap"] as const;

export interface MetricRow {
  run: string;
  epoch: number;
  step: number;
  /** "test" (tracking runs on the test graphs) or "train". */
  split: string;
  layer: number;
  kind: string;
  variant: string;
  metric: string;
  mean: number;
  std: number;
  meanLog10: number;
  stdLog10: number;
}

export interface TrainLogRow {
  run: string;
  epoch: number;
  step: number;
  loss: number;
  overlap: number;
}

/** An append-only CSV file with a header row. */
export class CsvAppender<Row extends object> {
  constructor(readonly file: string, readonly columns: readonly (keyof Row & string)[]) {
    if (!existsSync(file)) writeFileSync(file, stringify([columns as unknown as string[]]));
  }

  append(rows: Row[]): void {
    if (rows.length === 0) return;
    const cells = rows.map((r) => this.columns.map((c) => (r as Record<string, unknown>)[c]));
    appendFileSync(this.file, stringify(cells));
  }

  /** Current size in bytes (stored in checkpoints). */
  size(): number {
    return statSync(this.file).size;
  }

  /** Drop everything after byte `len` (rows written after the checkpoint being resumed). */
  truncate(len: number): void {
    if (this.size() > len) truncateSync(this.file, len);
  }
}
