/**
 * What `gnc sweep` and `gnc reproduce` share once the sweep is defined: signals (Ctrl-C / SIGTERM
 * stop the workers at their next checkpoint), progress (a bar on a TTY, a line every 10 s
 * otherwise, a line per finished run), the figures and report.html at the end, and the printed
 * summary. Exit code: 0 when every run of the sweep succeeded, 1 when some failed, 130/143 when
 * interrupted (rerun the same command to continue).
 */
import { readFileSync } from "node:fs";
import os from "node:os";
import { GncError } from "../util/errors.js";
import { parseCsv } from "../util/csv.js";
import { checkOutputDir } from "../util/fs.js";
import { createProgress, formatDuration, type Progress } from "../util/progress.js";
import { runSweep, type SettingFilter, type Shard } from "../sweep/run.js";
import type { SweepSpec } from "../sweep/spec.js";
import { interruptOnSignals } from "./signals.js";

export interface SweepCliOptions {
  prog: string;
  out: string;
  jobs?: number;
  shard?: Shard;
  only?: SettingFilter;
  merge?: boolean;
  figures?: boolean;
  configFile?: string;
  command: string;
  /** redis[s]:// URL: run the sweep through a BullMQ queue served by `gnc worker` processes (src/sweep/queue/). */
  queue?: string;
  /** Attempts per queued run (a run's own failure is retried up to this many times in all). */
  attempts?: number;
}

const fmt = (v: string | undefined, digits = 3) => {
  const x = Number(v);
  return v === undefined || v === "" || !Number.isFinite(x) ? "–" : x.toFixed(digits);
};

export async function executeSweep(spec: SweepSpec, o: SweepCliOptions): Promise<number> {
  checkOutputDir(o.out, "--out");
  if (o.jobs !== undefined && !(Number.isInteger(o.jobs) && o.jobs >= 1)) throw new GncError(`${o.prog}: --jobs must be a positive integer, got ${o.jobs}`);
  const queueUrl = o.queue !== undefined ? (await import("../sweep/queue/url.js")).parseQueueUrl(o.queue) : null;
  if (o.attempts !== undefined && !(Number.isInteger(o.attempts) && o.attempts >= 1)) throw new GncError(`${o.prog}: --attempts must be a positive integer, got ${o.attempts}`);
  const executor = queueUrl
    ? (await import("../sweep/queue/coordinator.js")).queueExecutor(queueUrl, { attempts: o.attempts, status: (l) => process.stderr.write(`${o.prog}: ${l}\n`) })
    : undefined;
  const signals = interruptOnSignals(o.prog, queueUrl ? "leaving the queued runs to the workers (run the same command again to re-attach)" : "stopping the workers at their next checkpoint");
  let progress: Progress | null = null;
  const t0 = Date.now();
  try {
    const res = await runSweep(spec, {
      outDir: o.out, jobs: o.jobs, shard: o.shard, only: o.only, mergeOnly: o.merge, command: o.command, configFile: o.configFile, signal: signals.signal, executor,
      onPlan: (plan, todo, selected) => {
        const skipped = o.merge ? 0 : selected - todo.length;
        const noSignal = plan.settings.filter((s) => s.runs[0].config.graph.pIn === s.runs[0].config.graph.pOut).length;
        process.stderr.write(
          `${o.prog}: ${plan.name}: ${plan.settings.length} settings × ${plan.seeds} seed${plan.seeds > 1 ? "s" : ""} = ${plan.runs.length} runs` +
            (o.shard ? `, shard ${o.shard.index}/${o.shard.count}` : "") +
            (o.only ? `, ${selected} selected by --only` : "") +
            (skipped > 0 ? `, ${skipped} already complete` : "") +
            (noSignal > 0 ? `; ${noSignal} setting${noSignal > 1 ? "s have" : " has"} p = q (no signal)` : "") +
            (todo.length > 0 && queueUrl ? `; queueing ${todo.length} on ${queueUrl.redacted}` : "") +
            (todo.length > 0 && !queueUrl ? `; running ${todo.length} on ${Math.min(o.jobs ?? os.availableParallelism(), todo.length)} worker(s)` : "") + "\n",
        );
        if (todo.length > 0) progress = createProgress({ total: todo.length, label: o.prog, unit: "run" });
      },
      onProgress: (done, total, frac) => progress?.update(Math.min(total, Math.floor((done + frac) * 10) / 10), { done }),
      onRunDone: (run, r) => {
        const what = `setting ${run.setting} seed ${run.seedIndex} (${run.study === "spectral" ? "spectral " + run.methods.join("+") : run.study})`;
        if (r.status === "failed") progress?.log(`${o.prog}: ${what} FAILED: ${r.message}`);
        else if (r.status === "done") progress?.log(`${o.prog}: ${what} done in ${formatDuration(r.seconds)}`);
      },
    });
    (progress as Progress | null)?.stop();
    if (res.aborted) {
      process.stdout.write(`${o.prog}: interrupted; finished runs are kept — run the same command again to continue\n`);
      return signals.exitCode();
    }
    const out = process.stdout;
    if (!res.merged) {
      out.write(`${o.prog}: ${o.only ? "the selected runs are" : "this shard is"} complete; the sweep's outputs are written when every run is complete (or with --merge)\n`);
      return res.results.some((r) => r.status === "failed") ? 1 : 0;
    }
    const m = res.merged;
    let figures: string[] = [];
    let report: string | null = null;
    if (o.figures !== false) {
      const { drawSweepFigures } = await import("../report/sweep-figures.js");
      const { writeSweepReport } = await import("../report/html.js");
      try {
        figures = await drawSweepFigures(res.sweepDir);
        report = writeSweepReport(res.sweepDir);
      } catch (err) {
        process.stderr.write(`${o.prog}: figures/report were not drawn (${(err as Error).message.split("\n")[0]}); try gnc plot ${res.sweepDir}\n`);
      }
    }
    printSummary(res.sweepDir);
    out.write(`${o.prog}: ${res.plan.name} — ${m.complete ? "complete" : `${m.missing.length} run(s) missing`}, ${m.failed.length} failed, wall ${formatDuration((Date.now() - t0) / 1000)}\n`);
    for (const f of m.failed.slice(0, 10)) out.write(`  failed: setting ${f.run.setting} seed ${f.run.seedIndex} (${f.run.runDir}): ${f.message}\n`);
    for (const r of m.missing.slice(0, 10)) out.write(`  missing: setting ${r.setting} seed ${r.seedIndex} (${r.runDir})\n`);
    out.write(`  outputs: ${res.sweepDir}/{sweep.json,summary.csv,runs.csv,layers.csv}\n`);
    if (figures.length) out.write(`  figures: ${res.sweepDir}/figures/ (${figures.length} files)\n`);
    if (report) out.write(`  report:  ${report}\n`);
    return m.failed.length > 0 ? 1 : 0;
  } finally {
    signals.dispose();
  }
}

/** A few columns of summary.csv as a table on stdout. */
function printSummary(sweepDir: string): void {
  const t = parseCsv(readFileSync(`${sweepDir}/summary.csv`, "utf8"), `${sweepDir}/summary.csv`, "sweep");
  const col = (n: string) => t.header.indexOf(n);
  const rows = t.records.slice(0, 40);
  const lines = [["setting", "method", "label", "overlap", "log10 NC1 H first→last", "ÂH last", "status"]];
  for (const { fields: f } of rows) {
    const sd = (n: string) => (f[col(n + "Sd")] ? `±${fmt(f[col(n + "Sd")], 2)}` : "");
    lines.push([
      f[col("setting")], f[col("method")], f[col("label")] + (f[col("noSignal")] === "true" ? " (no signal)" : ""),
      `${fmt(f[col("overlap")])}${sd("overlap")}`,
      `${fmt(f[col("log10Nc1HFirst")], 2)} → ${fmt(f[col("log10Nc1HLast")], 2)}${sd("log10Nc1HLast")}`,
      fmt(f[col("log10Nc1HALast")], 2), f[col("status")],
    ]);
  }
  const w = lines[0].map((_, j) => Math.max(...lines.map((l) => l[j].length)));
  for (const l of lines) process.stdout.write(l.map((c, j) => c.padEnd(w[j])).join("  ").trimEnd() + "\n");
  if (t.records.length > rows.length) process.stdout.write(`… ${t.records.length - rows.length} more rows in summary.csv\n`);
}
