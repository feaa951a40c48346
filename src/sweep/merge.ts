/**
 * The sweep's outputs, built from whatever runs are complete (a finished sweep, `--merge` of a
 * partial or sharded one): in OUT/sweeps/NAME/
 *   sweep.json   the resolved grid: fields, seeds, base config, every setting's values, label and
 *                runs (seed, study, methods, hash, run directory, status, message)
 *   summary.csv  one row per (setting, method): the swept fields, N, C, what (p, q) means
 *                (derived.ts), run counts, and mean + Sd across seeds of the test overlap, log10 NC1
 *                of H and ÂH at the first / middle / last layer (or power iteration), NC2 (classifier
 *                ETF error), NC3 (self-duality) and NC4 at the classifier; status and messages
 *   runs.csv     one row per run: status, message, seconds, run directory (what differs between
 *                machines and sessions lives here, so summary.csv and layers.csv are byte-identical
 *                for the same sweep whatever ran it)
 *   layers.csv   every complete run's metrics.csv rows, prefixed with setting, seed, study, method and
 *                the swept fields
 * Rows come in plan order, so the files never depend on --jobs, shards or interruptions.
 */
import { closeSync, existsSync, openSync, readFileSync, writeSync, renameSync } from "node:fs";
import path from "node:path";
import { stringify } from "csv-stringify/sync";
import { parseCsv, requireColumns } from "../util/csv.js";
import { writeFileAtomic } from "../util/fs.js";
import { readManifest } from "../runs/store.js";
import { lockHolder } from "../runs/lock.js";
import { METRICS_COLUMNS } from "../runs/tidy-csv.js";
import { sbmQuantities } from "./derived.js";
import type { PlannedRun, SweepPlan } from "./plan.js";

export type RunState = "done" | "failed" | "running" | "missing";

export interface RunStatusInfo {
  status: RunState;
  message?: string;
  seconds?: number;
}

/** Where a planned run stands, from its directory. */
export function runState(outDir: string, run: PlannedRun): RunStatusInfo {
  const dir = path.join(outDir, run.runDir);
  const m = readManifest(dir);
  const seconds = m && m.timings && typeof m.timings === "object"
    ? Object.values(m.timings as Record<string, number>).reduce((a, b) => a + (Number(b) || 0), 0)
    : m?.endTime && m.startTime ? (Date.parse(m.endTime) - Date.parse(m.startTime)) / 1000 : undefined;
  if (existsSync(path.join(dir, "DONE"))) return { status: "done", seconds };
  if (!m) return { status: "missing" };
  if (m.status === "failed") return { status: "failed", message: m.message, seconds };
  if (m.status === "running" && lockHolder(dir)) return { status: "running", seconds };
  return { status: "missing", message: m.status === "running" ? "interrupted (resumes from its checkpoint)" : m.message, seconds };
}

/** The metrics.csv kind holding a method's per-layer curves. */
export function curveKind(study: string, method: string): string {
  return study === "gnn" ? "bn" : study === "spectral" ? method : "ufm";
}

interface MetricsTable {
  rows: { epoch: number; layer: number; kind: string; variant: string; metric: string; mean: number; meanLog10: number }[];
}

function readMetrics(file: string): MetricsTable {
  const t = parseCsv(readFileSync(file, "utf8"), file, "sweep");
  const c = requireColumns(t, METRICS_COLUMNS, file, "sweep");
  return {
    rows: t.records.map(({ fields: f }) => ({
      epoch: Number(f[c.epoch]), layer: Number(f[c.layer]), kind: f[c.kind], variant: f[c.variant], metric: f[c.metric],
      mean: f[c.mean] === "" ? NaN : Number(f[c.mean]), meanLog10: f[c.meanLog10] === "" ? NaN : Number(f[c.meanLog10]),
    })),
  };
}

/** summary.csv's fixed columns: the first four, then (after the swept fields) the setting's graph and counts, …, the last two. */
export const SUMMARY_COLUMNS = ["setting", "label", "study", "method", "n", "classes", "pIn", "pOut", "noSignal", "homophily", "degIn", "degOut", "snr", "ksRatio", "runs", "done", "failed", "status", "message"] as const;

export const SUMMARY_VALUES = [
  "overlap",
  "log10Nc1HFirst", "log10Nc1HMid", "log10Nc1HLast",
  "log10Nc1HAFirst", "log10Nc1HAMid", "log10Nc1HALast",
  "nc2WEtf", "nc3", "nc4",
] as const;
type SummaryValue = (typeof SUMMARY_VALUES)[number];

/** One run's headline numbers for one method, at its last evaluation. */
export function summarizeRun(t: MetricsTable, study: string, method: string): Partial<Record<SummaryValue, number>> {
  const lastEpoch = t.rows.reduce((m, r) => Math.max(m, r.epoch), -Infinity); // no spread: a run can hold 10⁵+ rows
  const rows = t.rows.filter((r) => r.epoch === lastEpoch);
  const out: Partial<Record<SummaryValue, number>> = {};
  const kind = curveKind(study, method);
  const outKind = study === "gnn" ? "final" : kind;
  const ov = rows.filter((r) => r.metric === "overlap" && r.variant === "out" && r.kind === outKind).sort((a, b) => a.layer - b.layer);
  if (ov.length) out.overlap = ov[ov.length - 1].mean;
  for (const variant of ["H", "HA"] as const) {
    const curve = rows.filter((r) => r.kind === kind && r.variant === variant && r.metric === "nc1").sort((a, b) => a.layer - b.layer);
    if (!curve.length) continue;
    const v = variant === "H" ? "H" : "HA";
    out[`log10Nc1${v}First` as SummaryValue] = curve[0].meanLog10;
    out[`log10Nc1${v}Mid` as SummaryValue] = curve[Math.floor((curve.length - 1) / 2)].meanLog10;
    out[`log10Nc1${v}Last` as SummaryValue] = curve[curve.length - 1].meanLog10;
  }
  const at = (metric: string) => rows.find((r) => r.metric === metric && r.variant === "H" && (study !== "gnn" || r.kind === "final"))?.mean;
  if (study !== "spectral") {
    out.nc2WEtf = at("nc2WEtfError");
    out.nc3 = at("nc3SelfDuality");
    out.nc4 = at("nc4NccAgreement");
  }
  return out;
}

const meanSd = (xs: number[]): [number, number] | null => {
  const v = xs.filter(Number.isFinite);
  if (!v.length) return null;
  const m = v.reduce((a, b) => a + b, 0) / v.length;
  if (v.length < 2) return [m, NaN];
  const sd = Math.sqrt(v.reduce((a, b) => a + (b - m) ** 2, 0) / (v.length - 1));
  return [m, sd];
};

const cell = (x: unknown) => (typeof x === "number" && !Number.isFinite(x) ? "" : x === undefined || x === null ? "" : typeof x === "boolean" ? String(x) : x);

export interface MergeResult {
  sweepDir: string;
  files: string[];
  states: RunStatusInfo[];
  complete: boolean;
  missing: PlannedRun[];
  failed: { run: PlannedRun; message: string }[];
}

/** Write sweep.json, summary.csv, runs.csv and layers.csv for the plan from the run directories under outDir. */
export function mergeSweep(plan: SweepPlan, outDir: string, sweepDir: string, command: string, gncVersion: string): MergeResult {
  const states = plan.runs.map((r) => runState(outDir, r));
  const tables = new Map<number, MetricsTable>();
  const metricsFile = (r: PlannedRun) => path.join(outDir, r.runDir, "metrics.csv");
  plan.runs.forEach((r, i) => {
    if (states[i].status === "done" && existsSync(metricsFile(r))) tables.set(r.index, readMetrics(metricsFile(r)));
  });

  // sweep.json
  const sweepJson = {
    version: 1, name: plan.name, command, gnc: gncVersion, study: plan.study, fields: plan.fields, seeds: plan.seeds, sweepHash: plan.sweepHash,
    ...(plan.figures ? { figures: plan.figures } : {}),
    base: plan.base,
    settings: plan.settings.map((s) => ({
      setting: s.setting, values: s.values, label: s.label,
      runs: s.runs.map((r) => ({
        seedIndex: r.seedIndex, seed: r.seed, study: r.study, method: r.methods.join("+"), methods: r.methods, hash: r.hash, runDir: r.runDir,
        status: states[r.index].status, ...(states[r.index].message ? { message: states[r.index].message } : {}),
      })),
    })),
  };
  const files: string[] = [];
  const put = (name: string, text: string) => {
    const f = path.join(sweepDir, name);
    writeFileAtomic(f, text);
    files.push(f);
  };
  put("sweep.json", JSON.stringify(sweepJson, null, 2) + "\n");

  // summary.csv
  const head = [...SUMMARY_COLUMNS.slice(0, 4), ...plan.fields, ...SUMMARY_COLUMNS.slice(4, -2), ...SUMMARY_VALUES.flatMap((v) => [v, `${v}Sd`]), ...SUMMARY_COLUMNS.slice(-2)];
  const summary: unknown[][] = [head];
  for (const s of plan.settings) {
    const methods: { study: string; method: string; runs: PlannedRun[] }[] = [];
    for (const r of s.runs) {
      for (const m of r.methods) {
        let e = methods.find((x) => x.method === m && x.study === r.study);
        if (!e) methods.push((e = { study: r.study, method: m, runs: [] }));
        e.runs.push(r);
      }
    }
    for (const m of methods) {
      const g = m.runs[0].config.graph;
      const q = sbmQuantities(g.n, g.classes, g.pIn, g.pOut);
      const st = m.runs.map((r) => states[r.index]);
      const done = st.filter((x) => x.status === "done").length;
      const failed = st.filter((x) => x.status === "failed").length;
      const vals = m.runs.filter((r) => tables.has(r.index)).map((r) => summarizeRun(tables.get(r.index)!, m.study, m.method));
      const stats = SUMMARY_VALUES.flatMap((v): (number | string)[] => {
        const ms = meanSd(vals.map((x) => x[v] ?? NaN));
        return ms ? [ms[0], ms[1]] : ["", ""];
      });
      const status = done === m.runs.length ? "done" : done === 0 && failed > 0 ? "failed" : "partial";
      const messages = [...new Set(st.map((x) => (x.status === "failed" ? x.message : undefined)).filter(Boolean))].join(" | ");
      summary.push([s.setting, s.label, m.study, m.method, ...plan.fields.map((f) => s.values[f]), g.n, g.classes, g.pIn, g.pOut, q.noSignal, q.homophily, q.degIn, q.degOut, q.snr, q.ksRatio,
        m.runs.length, done, failed, ...stats, status, messages].map(cell));
    }
  }
  put("summary.csv", stringify(summary));

  // runs.csv
  const runsRows: unknown[][] = [["setting", "seedIndex", "seed", "study", "method", ...plan.fields, "status", "message", "seconds", "runDir", "hash"]];
  for (const r of plan.runs) {
    const st = states[r.index];
    const s = plan.settings[r.setting];
    runsRows.push([r.setting, r.seedIndex, r.seed, r.study, r.methods.join("+"), ...plan.fields.map((f) => s.values[f]), st.status, st.message ?? "", st.seconds !== undefined ? Math.round(st.seconds * 1000) / 1000 : "", r.runDir, r.hash].map(cell));
  }
  put("runs.csv", stringify(runsRows));

  // layers.csv, streamed (it holds every evaluation of every run)
  const layersFile = path.join(sweepDir, "layers.csv");
  const tmp = `${layersFile}.tmp-${process.pid}`;
  const fd = openSync(tmp, "w");
  try {
    writeSync(fd, stringify([["setting", "seedIndex", "seed", "study", "method", ...plan.fields, ...METRICS_COLUMNS]]));
    for (const r of plan.runs) {
      if (!tables.has(r.index)) continue;
      const s = plan.settings[r.setting];
      const lines = readFileSync(metricsFile(r), "utf8").split("\n");
      const kindCol = lines[0].split(",").indexOf("kind");
      let chunk = "";
      for (const line of lines.slice(1)) {
        if (line === "") continue;
        const kind = line.split(",")[kindCol];
        const method = r.study === "gnn" ? "gnn" : r.study === "ufm" ? "ufm" : kind.replace(/-eig$/, "");
        chunk += stringify([[r.setting, r.seedIndex, r.seed, r.study, method, ...plan.fields.map((f) => s.values[f])].map(cell)]).slice(0, -1) + "," + line + "\n";
        if (chunk.length > 1 << 20) {
          writeSync(fd, chunk);
          chunk = "";
        }
      }
      writeSync(fd, chunk);
    }
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, layersFile);
  files.push(layersFile);

  const missing = plan.runs.filter((r) => states[r.index].status !== "done" && states[r.index].status !== "failed");
  const failed = plan.runs.filter((r) => states[r.index].status === "failed").map((run) => ({ run, message: states[run.index].message ?? "" }));
  return { sweepDir, files, states, complete: missing.length === 0, missing, failed };
}
