/**
 * Progress reporting for long commands (DESIGN.md: cli-progress on stderr only when it is a TTY).
 * On a TTY: a single bar with percentage, ETA and a few live fields. Otherwise (logs, CI, pipes):
 * one plain line every `intervalMs` and on demand, so log files stay readable.
 * stdout is never touched: it carries the command's results.
 */
import cliProgress from "cli-progress";

export interface Progress {
  /** Set the current count and the live fields (numbers are shown with 4 significant digits). */
  update(value: number, fields?: Record<string, number | string>): void;
  /** Print a line without tearing the bar. */
  log(line: string): void;
  stop(): void;
}

export interface ProgressOptions {
  total: number;
  /** Counter start (e.g. when resuming). */
  start?: number;
  /** Prefix of the plain log lines, e.g. "gnc train". */
  label: string;
  /** Unit name shown with the count, e.g. "step". */
  unit?: string;
  stream?: NodeJS.WriteStream;
  /** Plain mode: seconds between lines (default 10 s). */
  intervalMs?: number;
  /** Force plain mode (default: plain unless the stream is a TTY). */
  plain?: boolean;
}

function fmt(v: number | string): string {
  return typeof v === "number" ? (Number.isFinite(v) ? Number(v.toPrecision(4)).toString() : String(v)) : v;
}

/** "1h02m", "4m05s", "12s". */
export function formatDuration(sec: number): string {
  if (!Number.isFinite(sec) || sec < 0) return "?";
  const s = Math.round(sec);
  const h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), r = s % 60;
  if (h > 0) return `${h}h${String(m).padStart(2, "0")}m`;
  if (m > 0) return `${m}m${String(r).padStart(2, "0")}s`;
  return `${r}s`;
}

export function createProgress(o: ProgressOptions): Progress {
  const stream = o.stream ?? process.stderr;
  const unit = o.unit ?? "step";
  const start = o.start ?? 0;
  const plain = o.plain ?? !stream.isTTY;
  const t0 = Date.now();
  let fieldsNow: Record<string, number | string> = {};
  const fieldText = () => Object.entries(fieldsNow).map(([k, v]) => `${k} ${fmt(v)}`).join(" | ");

  if (!plain) {
    const bar = new cliProgress.SingleBar(
      { stream, format: `${o.label} [{bar}] {percentage}% | ${unit} {value}/{total} | ETA {eta_formatted} | {fields}`, hideCursor: true, etaBuffer: 50, fps: 5 },
      cliProgress.Presets.shades_classic,
    );
    bar.start(o.total, start, { fields: "" });
    return {
      update(value, fields) {
        if (fields) fieldsNow = { ...fieldsNow, ...fields };
        bar.update(value, { fields: fieldText() });
      },
      log(line) {
        // cli-progress redraws on the next update; clear the line first so the text is not mangled.
        stream.write("\r\x1b[K" + line + "\n");
      },
      stop() {
        bar.stop();
      },
    };
  }

  const every = o.intervalMs ?? 10_000;
  // The first line waits a full interval: an ETA from the first step (start-up, warm-up) misleads.
  let lastLine = t0;
  let value = start;
  const line = () => {
    const done = value - start;
    const elapsed = (Date.now() - t0) / 1000;
    const eta = done > 0 ? ((o.total - value) * elapsed) / done : NaN;
    const pct = o.total > 0 ? ((100 * value) / o.total).toFixed(1) : "100";
    const f = fieldText();
    stream.write(`${o.label}: ${unit} ${value}/${o.total} (${pct}%)${f ? " | " + f : ""} | elapsed ${formatDuration(elapsed)}, ETA ${formatDuration(eta)}\n`);
  };
  return {
    update(v, fields) {
      value = v;
      if (fields) fieldsNow = { ...fieldsNow, ...fields };
      const now = Date.now();
      if (now - lastLine >= every) {
        lastLine = now;
        line();
      }
    },
    log(l) {
      stream.write(l + "\n");
    },
    stop() {},
  };
}

/**
 * A progress that shows nothing for the first `delayMs` (default 1 s), then behaves as
 * createProgress: quick jobs stay silent, long ones (sampling a 1e6-node graph) report. The bar or
 * the first plain line appears at the first update after the delay.
 */
export function createDelayedProgress(o: ProgressOptions, delayMs = 1000): Progress {
  const t0 = Date.now();
  let inner: Progress | undefined;
  return {
    update(value, fields) {
      if (!inner && Date.now() - t0 >= delayMs) {
        inner = createProgress(o);
        // Plain mode: say at once that work is going on, then every interval.
        if (o.plain ?? !(o.stream ?? process.stderr).isTTY) inner.log(`${o.label}: ${o.unit ?? "step"} ${value}/${o.total} (${((100 * value) / o.total).toFixed(1)}%)`);
      }
      inner?.update(value, fields);
    },
    log(line) {
      if (inner) inner.log(line);
      else (o.stream ?? process.stderr).write(line + "\n");
    },
    stop() {
      inner?.stop();
    },
  };
}
