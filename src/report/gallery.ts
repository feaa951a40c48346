/**
 * The results gallery (docs/results.md): one section per study gnc runs, each built from the outputs
 * of its `gnc reproduce` sweep (OUT/sweeps/NAME-SCALE/: sweep.json, summary.csv, runs.csv, figures/)
 * and the runs' manifests — the exact command, the machine, the wall time, figures, a table of
 * mean ± sd over seeds, and statements derived from those numbers only:
 *
 *   collapse across depth   for each setting, log10 NC1 of H at layer 1 and at the last layer;
 *   comparisons             within each panel group (the sweep's facet field, e.g. the graph setting),
 *                           every value of the compared field against the reference value (e.g. each
 *                           loss against MSE): Δ = mean_v − mean_ref of the last-layer log10 NC1, with the
 *                           standard error SE = √(sd_v²/n_v + sd_ref²/n_ref) (n = seeds). |Δ| ≥ 2·SE is
 *                           reported as a difference; otherwise as not resolved by these seeds, with the
 *                           number of seeds per arm that would put a difference of this size at 2·SE:
 *                           ⌈n·(2·SE/|Δ|)²⌉ (SE shrinks as 1/√n at the same spread). No test statistic
 *                           beyond that is claimed.
 *
 * Wall time: how long at least one run was running — the union of the runs' [start, end] intervals
 * from their manifests (the last session of a resumed run) — beside the span from the first start to
 * the last end, which includes any pause between resumed parts, and the summed run time of runs.csv.
 * Pure function of the sweep folders; figures are copied as PNG next to the page.
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { parseCsv } from "../util/csv.js";
import { formatDuration } from "../util/progress.js";
import { loadSweep, type SweepData } from "./sweep-data.js";
import { readJsonIfExists } from "./run-data.js";

export interface GallerySection {
  /** experiments/reproduce/NAME.json */
  experiment: string;
  heading: string;
  /** What the section asks, one paragraph. */
  question: string;
  /** Sweep figures shown, in order (those that exist). */
  figures: string[];
  /** Compare every value of this field (a swept field, or "method") with the reference value. */
  compare?: { field: string; reference: string };
}

export const GALLERY: GallerySection[] = [
  { experiment: "nodewise", heading: "Node-wise collapse, homophilic vs heterophilic (C = 2)", question: "Does within-class variability fall layer by layer on both sides of the no-signal line?", figures: ["nc1-layers", "final-dots"] },
  { experiment: "w1", heading: "The root weight W1 on and off", question: "Does the GraphConv root weight change how far the features collapse?", figures: ["nc1-layers", "final-dots"], compare: { field: "model.useW1", reference: "true" } },
  { experiment: "depth", heading: "Depth 32, 64, 128", question: "Does NC1 keep falling as the network gets deeper?", figures: ["nc1-layers", "final-dots"], compare: { field: "model.depth", reference: "32" } },
  { experiment: "c4", heading: "Four classes (C = 4)", question: "The same picture with four classes, homophilic and heterophilic.", figures: ["nc1-layers", "final-dots"] },
  { experiment: "losses", heading: "Loss family: MSE, CE, label smoothing, focal", question: "Are all losses equal for node-wise collapse (Zhou et al. 2022, asked of GNNs across depth)?", figures: ["nc1-layers", "final-dots", "classifier-nc"], compare: { field: "loss", reference: "MSE" } },
  { experiment: "normalized", heading: "Features on the sphere: normalisation × temperature", question: "Does projecting the penultimate features and the classifier to unit norm (Yaras et al. 2022) change collapse, and how does the temperature τ matter?", figures: ["nc1-layers", "final-dots", "classifier-nc"], compare: { field: "features", reference: "unnormalised" } },
  { experiment: "gnn-vs-spectral", heading: "GNN layers vs spectral power iterations", question: "How does the GNN's layer-wise collapse compare with projected power iteration on the Bethe Hessian and the normalised Laplacian?", figures: ["nc1-layers"], compare: { field: "method", reference: "gnn" } },
  { experiment: "ufm", heading: "The gUFM gradient flow: SBM samples vs regular SBMs", question: "Free features under the graph unconstrained features model: exact collapse where the structural condition holds, a plateau where it does not.", figures: ["nc1-epochs"] },
  { experiment: "pq-grid", heading: "A (p, q) grid through the no-signal line", question: "Last-layer collapse and accuracy over a grid of edge probabilities, against p = q and the Kesten–Stigum threshold.", figures: ["heatmap-nc1", "heatmap-overlap"] },
];

export const GALLERY_SCALES = ["paper", "quick"] as const;

interface Stat {
  mean: number;
  sd: number;
  n: number;
}

const num = (s: string | undefined) => (s === undefined || s.trim() === "" ? NaN : Number(s));
/** A summary value and its across-seed sd; n = the setting's complete runs. */
const stat = (row: Record<string, string>, col: string): Stat => ({ mean: num(row[col]), sd: num(row[`${col}Sd`]), n: num(row.done) });
/** Two decimals; numbers too small for that (NC2/NC3 near 0) in 2-digit scientific notation. */
const f2 = (x: number) => (Number.isFinite(x) ? (Math.abs(x) < 0.005 && x !== 0 ? x.toExponential(1) : x.toFixed(2)) : "–");
/** mean ± sd with the sd at the mean's precision ("1.00 ± 0.00", not "± 1.6e-16"). */
export function pm(s: Stat): string {
  if (!Number.isFinite(s.mean)) return "–";
  if (!Number.isFinite(s.sd)) return f2(s.mean);
  const sci = Math.abs(s.mean) < 0.005 && s.mean !== 0;
  return `${f2(s.mean)} ± ${sci ? (s.sd < Math.abs(s.mean) / 100 ? "0" : s.sd.toExponential(1)) : s.sd.toFixed(2)}`;
}

/** Δ of last-layer log10 NC1 against the reference, with its standard error and the verdict (see the banner). */
export function compareStats(v: Stat, ref: Stat): { delta: number; se: number; resolved: boolean; seedsNeeded: number | null } {
  const delta = v.mean - ref.mean;
  const se = Math.sqrt((v.sd * v.sd) / v.n + (ref.sd * ref.sd) / ref.n);
  const resolved = Number.isFinite(se) && Math.abs(delta) >= 2 * se;
  const n = Math.min(v.n, ref.n);
  const seedsNeeded = !resolved && Number.isFinite(se) && delta !== 0 ? Math.ceil(n * ((2 * se) / Math.abs(delta)) ** 2) : null;
  return { delta, se, resolved, seedsNeeded };
}

/** A finished section at one scale: markdown and the figures to copy (source → file name under the figure folder). */
export interface RenderedSection {
  markdown: string;
  figures: { from: string; name: string }[];
}

function fieldValue(row: Record<string, string>, field: string): string {
  return field === "method" ? row.method : row[field] ?? "";
}

/** Total length of the union of [start, end] intervals (ms). */
export function unionLength(intervals: [number, number][]): number {
  const xs = intervals.filter(([a, b]) => Number.isFinite(a) && Number.isFinite(b) && b > a).sort((x, y) => x[0] - y[0]);
  let total = 0;
  let [cs, ce] = [NaN, NaN];
  for (const [a, b] of xs) {
    if (!(a <= ce)) {
      if (ce > cs) total += ce - cs;
      [cs, ce] = [a, b];
    } else ce = Math.max(ce, b);
  }
  if (ce > cs) total += ce - cs;
  return total;
}

/** Busy time (union of run intervals), span (first start → last end) and machines, from the run manifests. */
function runFacts(outDir: string, data: SweepData): { busy: number; elapsed: number; machines: string[]; runSeconds: number; done: number; total: number } {
  let first = Infinity;
  let last = -Infinity;
  const intervals: [number, number][] = [];
  const machines = new Set<string>();
  let done = 0;
  let total = 0;
  for (const s of data.manifest.settings) {
    for (const r of s.runs) {
      total++;
      if (r.status === "done") done++;
      const m = readJsonIfExists(path.join(outDir, r.runDir, "manifest.json")) as Record<string, any> | null;
      if (!m || r.status !== "done") continue;
      first = Math.min(first, Date.parse(m.startTime));
      last = Math.max(last, Date.parse(m.endTime));
      intervals.push([Date.parse(m.startTime), Date.parse(m.endTime)]);
      for (const ses of m.sessions ?? []) if (typeof ses.machine === "string") machines.add(ses.machine);
    }
  }
  let runSeconds = 0;
  const runsFile = path.join(data.dir, "runs.csv");
  if (existsSync(runsFile)) {
    const t = parseCsv(readFileSync(runsFile, "utf8"), runsFile, "report/gallery");
    const c = t.header.indexOf("seconds");
    for (const r of t.records) runSeconds += num(r.fields[c]) || 0;
  }
  return { busy: unionLength(intervals) / 1000, elapsed: last > first ? (last - first) / 1000 : NaN, machines: [...machines], runSeconds, done, total };
}

/** The section of one experiment at one scale, from its sweep folder (null when it has no complete run). */
export function renderSection(sec: GallerySection, scale: string, outDir: string, sweepDir: string): RenderedSection | null {
  if (!existsSync(path.join(sweepDir, "sweep.json")) || !existsSync(path.join(sweepDir, "summary.csv"))) return null;
  const data = loadSweep(sweepDir, { layers: false });
  const rows = data.summary!.rows.filter((r) => num(r.done) > 0);
  if (rows.length === 0) return null;
  const m = data.manifest;
  const facts = runFacts(outDir, data);
  const facet = m.figures?.facet;
  const shownFields = m.fields.filter((f) => f !== facet);
  const multiMethod = new Set(rows.map((r) => r.method)).size > 1;
  const anyC4 = rows.some((r) => num(r.classes) > 2);
  const out: string[] = [];
  out.push(`### ${scale === "paper" ? "Paper scale" : "Quick scale"}`, "");
  out.push("```sh", `gnc reproduce ${sec.experiment} --scale ${scale}`, "```", "");
  out.push(
    `- Runs: ${facts.done} of ${facts.total} complete (${m.settings.length} settings × ${m.seeds} seeds)` +
      (facts.done < facts.total ? ` — the table and figures show the complete ones; rerun the command to finish` : "") + ".",
  );
  out.push(`- Machine: ${facts.machines.length ? facts.machines.join("; ") : "not recorded in the run manifests"}.`);
  const span = Number.isFinite(facts.elapsed) && facts.elapsed > facts.busy * 1.05 ? ` (${formatDuration(facts.elapsed)} from the first start to the last end, pauses between resumed parts included)` : "";
  out.push(`- Wall time: ${facts.busy > 0 ? formatDuration(facts.busy) : "–"} with runs in progress${span}; ${formatDuration(facts.runSeconds)} of run time summed over runs.`);
  out.push("");
  const figures: { from: string; name: string }[] = [];
  for (const base of sec.figures) {
    const from = path.join(sweepDir, "figures", `${base}.png`);
    if (!existsSync(from)) continue;
    const name = `${m.name}-${base}.png`;
    figures.push({ from, name });
    out.push(`![${sec.heading}: ${base} (${scale} scale)](results/${name})`, "");
  }
  // table
  const head = [...(facet ? [facet] : []), ...shownFields, ...(multiMethod ? ["method"] : []), "seeds", "log10 NC1 (H), first layer / iteration", "last", "ÂH, last", "test overlap", ...(anyC4 ? ["NC2 (W, ETF)", "NC3"] : [])];
  out.push(`| ${head.join(" | ")} |`, `|${head.map(() => "---").join("|")}|`);
  for (const r of rows) {
    const cells = [
      ...(facet ? [r[facet]] : []), ...shownFields.map((f) => r[f]), ...(multiMethod ? [r.method] : []),
      `${r.done}/${r.runs}`, pm(stat(r, "log10Nc1HFirst")), pm(stat(r, "log10Nc1HLast")), pm(stat(r, "log10Nc1HALast")), pm(stat(r, "overlap")),
      ...(anyC4 ? (num(r.classes) > 2 ? [pm(stat(r, "nc2WEtf")), pm(stat(r, "nc3"))] : ["(C = 2)", "(C = 2)"]) : []),
    ];
    out.push(`| ${cells.map((c) => String(c ?? "").replace(/\|/g, "\\|")).join(" | ")} |`);
  }
  out.push("", "Mean ± sd over the seeds of each setting (sample sd); log10 NC1 is the mean over test graphs of log10 Tr(Σ_W Σ_B⁺)/C at the last evaluation.", "");
  out.push(...statements(sec, rows, facet));
  return { markdown: out.join("\n") + "\n", figures };
}

/** What the numbers say (see the banner); only what the seeds resolve. */
function statements(sec: GallerySection, rows: Record<string, string>[], facet: string | undefined): string[] {
  const lines: string[] = ["What the numbers show:", ""];
  const groups = new Map<string, Record<string, string>[]>();
  for (const r of rows) {
    const g = facet ? r[facet] : "";
    if (!groups.has(g)) groups.set(g, []);
    groups.get(g)!.push(r);
  }
  const label = (r: Record<string, string>) => (sec.compare ? fieldValue(r, sec.compare.field) : r.label) || r.label;
  for (const [g, rs] of groups) {
    const where = g ? `${g}: ` : "";
    if (!sec.compare) {
      for (const r of rs) {
        const a = stat(r, "log10Nc1HFirst");
        const b = stat(r, "log10Nc1HLast");
        if (!Number.isFinite(a.mean) || !Number.isFinite(b.mean)) continue;
        if (r.study === "ufm") {
          // free features: one "layer", collapse is over the flow (the nc1-epochs figure)
          lines.push(`- ${where}${r.label}: after the flow, log10 NC1 of the free features H is ${pm(b)} and of ÂH ${pm(stat(r, "log10Nc1HALast"))} (${r.done} seeds).`);
          continue;
        }
        lines.push(`- ${where}${r.label}${r.method !== "gnn" ? ` (${r.method})` : ""}: log10 NC1 of H goes from ${pm(a)} at layer 1 to ${pm(b)} at the last layer (${f2(a.mean - b.mean)} orders), test overlap ${pm(stat(r, "overlap"))} (${r.done} seeds).`);
      }
      continue;
    }
    const ref = rs.find((r) => fieldValue(r, sec.compare!.field) === sec.compare!.reference);
    if (!ref) {
      lines.push(`- ${where}no complete run of the reference ${sec.compare.field} = ${sec.compare.reference}; no comparison.`);
      continue;
    }
    const rs0 = stat(ref, "log10Nc1HLast");
    lines.push(`- ${where}reference ${sec.compare.reference}: last-layer log10 NC1 ${pm(rs0)}, overlap ${pm(stat(ref, "overlap"))} (${ref.done} seeds).`);
    for (const r of rs) {
      if (r === ref) continue;
      const v = stat(r, "log10Nc1HLast");
      if (!Number.isFinite(v.mean) || !Number.isFinite(rs0.mean)) continue;
      const c = compareStats(v, rs0);
      const dir = c.delta > 0 ? "higher (less collapsed)" : "lower (more collapsed)";
      if (!Number.isFinite(c.se)) {
        lines.push(`  - ${label(r)}: Δ = ${f2(c.delta)} orders from ${Math.min(v.n, rs0.n)} seed — no spread across seeds yet, not a comparison.`);
      } else if (c.resolved) {
        lines.push(`  - ${label(r)} ends ${f2(Math.abs(c.delta))} ± ${f2(c.se)} orders ${dir} than ${sec.compare.reference} (${v.n} vs ${rs0.n} seeds; |Δ| ≥ 2 SE).`);
      } else {
        lines.push(`  - ${label(r)}: Δ = ${f2(c.delta)} ± ${f2(c.se)} orders — not resolved by ${Math.min(v.n, rs0.n)} seeds` + (c.seedsNeeded ? `; about ${c.seedsNeeded} seeds per arm would resolve a difference of this size.` : "."));
      }
    }
  }
  return [...lines, ""];
}

export interface GalleryOptions {
  /** Where the runs and sweeps are (the --out of the reproduce runs). */
  outDir: string;
  /** The markdown file (e.g. docs/results.md); figures go to <its folder>/results/. */
  file: string;
  sections?: GallerySection[];
  /** Written under the title (how the page was produced). */
  preamble?: string;
  /** Sections taken as they are from an earlier page (readGalleryPage) instead of from outDir, by experiment. */
  keep?: Map<string, KeptSection>;
}

/** A section of an existing page: its text below the heading and the scales its index row lists. */
export interface KeptSection {
  lines: string[];
  scales: string[];
}

/**
 * The sections of a page renderGallery wrote, by heading: so that regenerating some studies keeps
 * the others as they are (their figures stay in the figure folder).
 */
export function readGalleryPage(markdown: string): Map<string, KeptSection> {
  const lines = markdown.split("\n");
  const out = new Map<string, KeptSection>();
  const heads = lines.flatMap((l, i) => (l.startsWith("## ") ? [i] : []));
  heads.forEach((h, k) => {
    const heading = lines[h].slice(3);
    const row = lines.find((l) => l.startsWith(`| [${heading}](#`));
    const cell = row?.split(" | ")[1]?.replace(/ \|$/, "").trim() ?? "";
    out.set(heading, { lines: lines.slice(h + 2, heads[k + 1] ?? lines.length), scales: cell && cell !== "not run" ? cell.split(", ") : [] });
  });
  return out;
}

/** Render the whole page; returns its text and the figure copies done. */
export function renderGallery(o: GalleryOptions): { markdown: string; figures: string[]; sections: { experiment: string; heading: string; scales: string[] }[] } {
  const figDir = path.join(path.dirname(o.file), "results");
  const parts: string[] = ["# gnc results gallery", ""];
  if (o.preamble) parts.push(o.preamble, "");
  const copied: string[] = [];
  const index: { experiment: string; heading: string; scales: string[] }[] = [];
  const body: string[] = [];
  for (const sec of o.sections ?? GALLERY) {
    const kept = o.keep?.get(sec.experiment);
    if (kept) {
      index.push({ experiment: sec.experiment, heading: sec.heading, scales: kept.scales });
      body.push(`## ${sec.heading}`, "", ...kept.lines);
      continue;
    }
    const scales: string[] = [];
    const chunks: string[] = [];
    for (const scale of GALLERY_SCALES) {
      const r = renderSection(sec, scale, o.outDir, path.join(o.outDir, "sweeps", `${sec.experiment}-${scale}`));
      if (!r) continue;
      scales.push(scale);
      chunks.push(r.markdown);
      for (const f of r.figures) {
        mkdirSync(figDir, { recursive: true });
        copyFileSync(f.from, path.join(figDir, f.name));
        copied.push(path.join(figDir, f.name));
      }
    }
    index.push({ experiment: sec.experiment, heading: sec.heading, scales });
    body.push(`## ${sec.heading}`, "", `${sec.question} Experiment: \`experiments/reproduce/${sec.experiment}.json\`.`, "");
    if (chunks.length === 0) body.push(`Not run yet: \`gnc reproduce ${sec.experiment} --scale quick\` (or \`--scale paper\`), then \`npm run gallery -- --run none\`.`, "");
    else body.push(...chunks);
  }
  parts.push("| study | scales shown |", "|---|---|", ...index.map((i) => `| [${i.heading}](#${anchor(i.heading)}) | ${i.scales.join(", ") || "not run"} |`), "");
  return { markdown: [...parts, ...body].join("\n"), figures: copied, sections: index };
}

/** GitHub's heading anchor: lower case, punctuation dropped, spaces → '-'. */
export function anchor(heading: string): string {
  return heading.toLowerCase().replace(/[^\p{L}\p{N}\s-]/gu, "").trim().replace(/\s/g, "-");
}
