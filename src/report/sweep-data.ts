/**
 * Read a sweep directory (OUT/sweeps/NAME/, written by `gnc sweep`) and aggregate it for the sweep
 * figures and report.html:
 *   sweep.json   the resolved grid: fields, seeds, base config, settings → runs (status, message)
 *   summary.csv  one row per (setting, method); columns depend on the swept fields, kept as text
 *   layers.csv   setting, seedIndex, seed, study, method, <field columns>, then every metrics.csv
 *                column of the runs (run, epoch, step, split, layer, kind, variant, metric, mean, std,
 *                meanLog10, stdLog10)
 *
 * Aggregation (the node-wise collapse plot of Kothapalli, Tirer & Bruna, NeurIPS 2023, over seeds):
 * for each run, take its rows of one split ("test", else "train", else the first seen) at its LAST
 * evaluation (largest epoch, then largest step) and of the representative feature kind — GNN: the
 * BatchNorm output "bn" (the block's output, what the next layer sees); spectral: the operator itself
 * ("bh", "nl", "adj"; layer = power iteration); gUFM: "ufm" — and read meanLog10 (the mean over that
 * run's graphs of log10 of the metric, REFERENCE.md §3). Across the seeds of a setting this gives
 *   mean = (1/K) Σ_s x_s,   sd = sqrt(Σ_s (x_s − mean)² / (K − 1))   (sample sd; NaN when K < 2),
 * over the seeds whose value is finite (failed and missing runs have no rows and simply count less;
 * `n` says how many seeds contributed). The same per-epoch for the NC1-vs-epoch figure, at the first,
 * middle (⌊(first + last)/2⌋) and last layer of each run.
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { inputError } from "../util/errors.js";
import { parseCsv, requireColumns, type CsvTable } from "./csv.js";
import { METRIC_COLUMNS, metricRow, numCell, readJsonIfExists, type MetricRow } from "./run-data.js";

const MODULE = "report/sweep";

export type SweepStudy = "gnn" | "spectral" | "ufm";
export type RunStatus = "done" | "failed" | "missing" | "running";

export interface SweepRunRef {
  seedIndex: number;
  seed: number;
  study: SweepStudy;
  method: string;
  hash: string;
  runDir: string;
  status: RunStatus;
  message?: string;
}

export interface SweepSetting {
  setting: number;
  values: Record<string, unknown>;
  label: string;
  runs: SweepRunRef[];
}

/** sweep.json, version 1. */
export interface SweepManifest {
  version: 1;
  name: string;
  command: string;
  gnc: string;
  fields: string[];
  seeds: number;
  base: Record<string, unknown>;
  settings: SweepSetting[];
  /** The swept field that colours the figures and the one that splits them into panels, when the sweep names them. */
  figures?: { color?: string; facet?: string };
}

/** A layers.csv row: the run's metrics.csv row plus which setting/seed/method it belongs to. */
export interface SweepLayerRow extends MetricRow {
  setting: number;
  seedIndex: number;
  seed: number;
  study: string;
  method: string;
}

/** summary.csv as text cells (its columns depend on the sweep), with a numeric accessor. */
export interface SweepSummary {
  header: string[];
  rows: Record<string, string>[];
}

export interface SweepData {
  dir: string;
  manifest: SweepManifest;
  summary: SweepSummary | null;
  layers: SweepLayerRow[];
}

/** Mean and sample sd across seeds (see the banner). */
export interface SeedStat {
  mean: number;
  sd: number;
  n: number;
}

export interface LayerCurvePoint extends SeedStat {
  setting: number;
  method: string;
  study: string;
  metric: string;
  variant: string;
  layer: number;
}

export type LayerRole = "first" | "middle" | "last";

export interface EpochCurvePoint extends SeedStat {
  setting: number;
  method: string;
  study: string;
  role: LayerRole;
  /** The layer this role is in the runs of this setting (e.g. 1, 16, 32). */
  layer: number;
  epoch: number;
}

/** The metrics of the layer figures. */
export const LAYER_METRICS = ["nc1", "nc1Tilde", "trSigmaW", "trSigmaB"] as const;

/** The feature kind whose layer curve represents a run (see the banner). */
export function representativeKind(study: string, method: string): string {
  if (study === "gnn") return "bn";
  if (study === "ufm") return "ufm";
  return method;
}

/** Mean and sample sd (ddof 1) of the finite values; sd NaN with fewer than two. */
export function seedStats(values: readonly number[]): SeedStat {
  const xs = values.filter(Number.isFinite);
  const n = xs.length;
  if (n === 0) return { mean: NaN, sd: NaN, n: 0 };
  const mean = xs.reduce((s, v) => s + v, 0) / n;
  if (n < 2) return { mean, sd: NaN, n };
  let v = 0;
  for (const x of xs) v += (x - mean) * (x - mean);
  return { mean, sd: Math.sqrt(v / (n - 1)), n };
}

const num = (cell: string, column: string, file: string, line: number) => numCell(cell, column, file, line, MODULE);

function readTable(file: string): CsvTable {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    throw inputError(MODULE, `cannot read (${(err as NodeJS.ErrnoException).code ?? String(err)})`, file);
  }
  return text.includes('"') ? parseCsv(text, file, MODULE) : splitCsv(text, file);
}

/**
 * The same table as parseCsv for text without any quote character (what csv-stringify writes when
 * no cell holds a comma, quote or newline — layers.csv in practice): split lines, then commas. About
 * 10× faster on a sweep's layers.csv (hundreds of thousands of rows).
 */
export function splitCsv(text: string, file: string): CsvTable {
  const lines = text.split("\n");
  if (lines.length && lines[0].charCodeAt(0) === 0xfeff) lines[0] = lines[0].slice(1);
  const records: CsvTable["records"] = [];
  for (let i = 0; i < lines.length; i++) {
    let l = lines[i];
    if (l.endsWith("\r")) l = l.slice(0, -1);
    if (l === "") continue;
    records.push({ line: i + 1, fields: l.split(",") });
  }
  if (records.length === 0) throw inputError(MODULE, "empty file (expected a header row)", file, 1);
  const header = records.shift()!.fields.map((h) => h.trim());
  for (const r of records) {
    if (r.fields.length !== header.length) throw inputError(MODULE, `expected ${header.length} fields as in the header, got ${r.fields.length}`, file, r.line);
  }
  return { header, records };
}

/** Validate sweep.json's shape (what the report relies on); one-line GncError naming the file. */
export function parseSweepManifest(raw: unknown, file: string): SweepManifest {
  const bad = (what: string): never => {
    throw inputError(MODULE, what, file);
  };
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) bad("expected a JSON object");
  const o = raw as Record<string, unknown>;
  if (o.version !== 1) bad(`unsupported version ${JSON.stringify(o.version)} (this gnc reads version 1)`);
  if (!Array.isArray(o.fields) || !o.fields.every((f) => typeof f === "string")) bad('"fields" must be an array of strings');
  if (!Array.isArray(o.settings)) bad('"settings" must be an array');
  const settings = (o.settings as unknown[]).map((s, i): SweepSetting => {
    const so = s as Record<string, unknown>;
    if (typeof so !== "object" || so === null) bad(`settings[${i}] must be an object`);
    if (typeof so.setting !== "number") bad(`settings[${i}].setting must be a number`);
    if (typeof so.values !== "object" || so.values === null) bad(`settings[${i}].values must be an object`);
    if (!Array.isArray(so.runs)) bad(`settings[${i}].runs must be an array`);
    const runs = (so.runs as Record<string, unknown>[]).map((r, j): SweepRunRef => {
      if (typeof r !== "object" || r === null || typeof r.method !== "string" || typeof r.status !== "string") {
        bad(`settings[${i}].runs[${j}] needs "method" and "status" strings`);
      }
      return {
        seedIndex: Number(r.seedIndex),
        seed: Number(r.seed),
        study: String(r.study ?? "gnn") as SweepStudy,
        method: String(r.method),
        hash: String(r.hash ?? ""),
        runDir: String(r.runDir ?? ""),
        status: String(r.status) as RunStatus,
        ...(typeof r.message === "string" ? { message: r.message } : {}),
      };
    });
    return { setting: so.setting as number, values: so.values as Record<string, unknown>, label: String(so.label ?? `setting ${so.setting}`), runs };
  });
  return {
    version: 1,
    name: String(o.name ?? ""),
    command: String(o.command ?? ""),
    gnc: String(o.gnc ?? ""),
    fields: o.fields as string[],
    seeds: Number(o.seeds ?? 1),
    base: (typeof o.base === "object" && o.base !== null ? o.base : {}) as Record<string, unknown>,
    settings,
    ...(figureLayout(o.figures, o.fields as string[], bad)),
  };
}

/** sweep.json's optional "figures": { color?, facet? }, each a swept field. */
function figureLayout(raw: unknown, fields: string[], bad: (what: string) => never): { figures?: { color?: string; facet?: string } } {
  if (raw === undefined) return {};
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) bad('"figures" must be an object');
  const o = raw as Record<string, unknown>;
  const out: { color?: string; facet?: string } = {};
  for (const k of ["color", "facet"] as const) {
    if (o[k] === undefined) continue;
    if (typeof o[k] !== "string" || !fields.includes(o[k] as string)) bad(`"figures.${k}" must name a swept field (${fields.join(", ")})`);
    out[k] = o[k] as string;
  }
  return { figures: out };
}

const LAYER_KEYS = ["setting", "seedIndex", "seed", "study", "method"] as const;

/** Which layers.csv rows to keep, decided on the raw cells before any number is parsed. */
export type LayerRowFilter = (study: string, method: string, kind: string, metric: string) => boolean;

/** The rows the sweep figures use: the layer metrics of each run's representative kind. */
export const FIGURE_ROWS: LayerRowFilter = (study, method, kind, metric) =>
  kind === representativeKind(study, method) && (LAYER_METRICS as readonly string[]).includes(metric);

/** Read layers.csv (only the rows `keep` accepts). Throws GncError (file + line) on malformed input. */
export function loadSweepLayers(file: string, keep?: LayerRowFilter): SweepLayerRow[] {
  const t = readTable(file);
  const c = requireColumns(t, [...LAYER_KEYS, ...METRIC_COLUMNS], file, MODULE);
  const records = keep ? t.records.filter(({ fields: f }) => keep(f[c.study].trim(), f[c.method].trim(), f[c.kind].trim(), f[c.metric].trim())) : t.records;
  return records.map(({ line, fields: f }) => ({
    setting: num(f[c.setting], "setting", file, line),
    seedIndex: num(f[c.seedIndex], "seedIndex", file, line),
    seed: num(f[c.seed], "seed", file, line),
    study: f[c.study].trim(),
    method: f[c.method].trim(),
    ...metricRow(f, c, file, line, MODULE),
  }));
}

/** Read summary.csv as text cells (requires the setting and method columns). */
export function loadSweepSummary(file: string): SweepSummary {
  const t = readTable(file);
  requireColumns(t, ["setting", "method"], file, MODULE);
  return {
    header: t.header,
    rows: t.records.map(({ fields }) => Object.fromEntries(t.header.map((h, i) => [h, fields[i]]))),
  };
}

/** A summary cell as a number (NaN when empty, absent or not numeric). */
export function summaryNumber(row: Record<string, string>, column: string): number {
  const s = (row[column] ?? "").trim();
  return s === "" ? NaN : Number(s);
}

/**
 * Load a sweep directory: sweep.json is required; summary.csv and layers.csv are read when present
 * (a sweep whose runs all failed may have neither); `layers: false` skips layers.csv (the report
 * page needs only sweep.json and summary.csv), `keep` reads only some of its rows (FIGURE_ROWS).
 */
export function loadSweep(dir: string, opts: { layers?: boolean; keep?: LayerRowFilter } = {}): SweepData {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw inputError(MODULE, "sweep directory not found", dir);
  const file = path.join(dir, "sweep.json");
  const raw = readJsonIfExists(file);
  if (raw === null) throw inputError(MODULE, "no sweep.json in the directory (not a sweep output folder)", dir);
  const manifest = parseSweepManifest(raw, file);
  const summaryFile = path.join(dir, "summary.csv");
  const layersFile = path.join(dir, "layers.csv");
  return {
    dir,
    manifest,
    summary: existsSync(summaryFile) ? loadSweepSummary(summaryFile) : null,
    layers: opts.layers !== false && existsSync(layersFile) ? loadSweepLayers(layersFile, opts.keep) : [],
  };
}

/** Rows of one run (setting × seed × method), keyed "setting|seedIndex|method", in file order. */
export function groupRuns(rows: readonly SweepLayerRow[]): Map<string, SweepLayerRow[]> {
  const runs = new Map<string, SweepLayerRow[]>();
  for (const r of rows) {
    const key = `${r.setting}|${r.seedIndex}|${r.method}`;
    let list = runs.get(key);
    if (!list) runs.set(key, (list = []));
    list.push(r);
  }
  return runs;
}

/** The split a run is summarised on: "test", else "train", else the first one seen. */
export function chooseSplit(rows: readonly SweepLayerRow[]): string {
  const splits = new Set(rows.map((r) => r.split));
  return splits.has("test") ? "test" : splits.has("train") ? "train" : (rows[0]?.split ?? "");
}

/** (epoch, step) order; a missing step sorts before any step. */
function laterThan(a: SweepLayerRow, b: SweepLayerRow): boolean {
  if (a.epoch !== b.epoch) return !(a.epoch < b.epoch) && !Number.isNaN(a.epoch);
  const sa = Number.isFinite(a.step) ? a.step : -Infinity;
  const sb = Number.isFinite(b.step) ? b.step : -Infinity;
  return sa > sb;
}

/** The rows of a run's chosen split at its last evaluation (largest epoch, then step). */
export function lastEvaluation(rows: readonly SweepLayerRow[]): SweepLayerRow[] {
  const split = chooseSplit(rows);
  const mine = rows.filter((r) => r.split === split);
  if (mine.length === 0) return [];
  let last = mine[0];
  for (const r of mine) if (laterThan(r, last)) last = r;
  const sameStep = (r: SweepLayerRow) => (Number.isFinite(last.step) ? r.step === last.step : !Number.isFinite(r.step));
  return mine.filter((r) => r.epoch === last.epoch && sameStep(r));
}

const byNumber = (a: number, b: number) => a - b;

/**
 * Layer curves at the last evaluation, mean ± sd across seeds, for every (setting, method, metric,
 * variant H/HA, layer) of the representative kind. Sorted by setting, method, metric, variant, layer.
 */
export function layerCurves(rows: readonly SweepLayerRow[], metrics: readonly string[] = LAYER_METRICS): LayerCurvePoint[] {
  const want = new Set(metrics);
  const acc = new Map<string, { p: Omit<LayerCurvePoint, "mean" | "sd" | "n">; xs: number[] }>();
  for (const runRows of groupRuns(rows).values()) {
    for (const r of lastEvaluation(runRows)) {
      if (!want.has(r.metric) || (r.variant !== "H" && r.variant !== "HA") || !Number.isFinite(r.layer)) continue;
      if (r.kind !== representativeKind(r.study, r.method)) continue;
      const key = `${r.setting}|${r.method}|${r.metric}|${r.variant}|${r.layer}`;
      let a = acc.get(key);
      if (!a) acc.set(key, (a = { p: { setting: r.setting, method: r.method, study: r.study, metric: r.metric, variant: r.variant, layer: r.layer }, xs: [] }));
      a.xs.push(r.meanLog10);
    }
  }
  const out = [...acc.values()].map(({ p, xs }) => ({ ...p, ...seedStats(xs) })).filter((p) => p.n > 0);
  return out.sort(
    (a, b) =>
      a.setting - b.setting ||
      cmp(a.method, b.method) ||
      metrics.indexOf(a.metric) - metrics.indexOf(b.metric) ||
      cmp(a.variant, b.variant) ||
      a.layer - b.layer,
  );
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The first, middle (⌊(first + last)/2⌋) and last of a set of layers, deduplicated in that order. */
export function chosenLayers(layers: Iterable<number>): { role: LayerRole; layer: number }[] {
  const ls = [...new Set(layers)].filter(Number.isFinite).sort(byNumber);
  if (ls.length === 0) return [];
  const first = ls[0];
  const last = ls[ls.length - 1];
  const target = Math.floor((first + last) / 2);
  const middle = ls.reduce((best, l) => (Math.abs(l - target) < Math.abs(best - target) ? l : best), ls[0]);
  const out: { role: LayerRole; layer: number }[] = [{ role: "first", layer: first }];
  if (middle !== first) out.push({ role: "middle", layer: middle });
  if (last !== middle) out.push({ role: "last", layer: last });
  return out;
}

/**
 * `metric` (meanLog10, variant `variant`, representative kind) against epoch at the first, middle
 * and last layer of each run, mean ± sd across seeds per epoch. When a run evaluated several times
 * in one epoch, its last evaluation of that epoch counts. Only runs with ≥ 2 epochs contribute.
 */
export function epochCurves(rows: readonly SweepLayerRow[], metric = "nc1", variant = "H"): EpochCurvePoint[] {
  const acc = new Map<string, { p: Omit<EpochCurvePoint, "mean" | "sd" | "n">; xs: number[] }>();
  for (const runRows of groupRuns(rows).values()) {
    const split = chooseSplit(runRows);
    const mine = runRows.filter(
      (r) => r.split === split && r.metric === metric && r.variant === variant && r.kind === representativeKind(r.study, r.method) && Number.isFinite(r.epoch),
    );
    // last step of each epoch
    const lastStep = new Map<number, number>();
    for (const r of mine) {
      const s = Number.isFinite(r.step) ? r.step : -Infinity;
      lastStep.set(r.epoch, Math.max(lastStep.get(r.epoch) ?? -Infinity, s));
    }
    if (lastStep.size < 2) continue;
    const atEpochEnd = mine.filter((r) => (Number.isFinite(r.step) ? r.step : -Infinity) === lastStep.get(r.epoch));
    const roles = chosenLayers(atEpochEnd.map((r) => r.layer));
    for (const r of atEpochEnd) {
      for (const { role, layer } of roles) {
        if (r.layer !== layer) continue;
        const key = `${r.setting}|${r.method}|${role}|${r.epoch}`;
        let a = acc.get(key);
        if (!a) acc.set(key, (a = { p: { setting: r.setting, method: r.method, study: r.study, role, layer, epoch: r.epoch }, xs: [] }));
        a.xs.push(r.meanLog10);
      }
    }
  }
  const roleOrder: LayerRole[] = ["first", "middle", "last"];
  const out = [...acc.values()].map(({ p, xs }) => ({ ...p, ...seedStats(xs) })).filter((p) => p.n > 0);
  return out.sort((a, b) => a.setting - b.setting || cmp(a.method, b.method) || roleOrder.indexOf(a.role) - roleOrder.indexOf(b.role) || a.epoch - b.epoch);
}

/** The runs of the manifest that did not finish: failed ones (with message) and missing/running ones. */
export function unfinishedRuns(m: SweepManifest): { setting: SweepSetting; run: SweepRunRef }[] {
  const out: { setting: SweepSetting; run: SweepRunRef }[] = [];
  for (const s of m.settings) for (const r of s.runs) if (r.status !== "done") out.push({ setting: s, run: r });
  return out;
}
