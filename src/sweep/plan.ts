/**
 * From a sweep definition to the list of runs: the settings (Cartesian product of the axes and then
 * the variant axes, last fastest, or all lists zipped; a variant value contributes its label to the
 * setting's values and its partial config — and preset — to the runs), K seeds per setting (seed_k = base seed + k, so seed k of every setting shares its
 * random streams — common random numbers across the grid — and any run can be repeated alone with
 * `gnc train --seed`), and per (setting, seed) the study's run plus, for GNN sweeps with spectral
 * baselines, one spectral run on the same graph setting (iterations = the GNN's depth, graphs = its
 * test graphs). Each run is a fully resolved config; its directory is OUT/<sweep name>/<hash12>.
 * Every setting is validated here, before anything is written: an error names the setting.
 */
import { createHash } from "node:crypto";
import { GncError } from "../util/errors.js";
import { configHash, deepMerge } from "../runs/schema/common.js";
import { fieldSpec, setPath } from "../runs/flags.js";
import { HASH_PREFIX } from "../runs/store.js";
import { METRICS_COLUMNS } from "../runs/tidy-csv.js";
import { SUMMARY_COLUMNS, SUMMARY_VALUES } from "./merge.js";
import { study, type StudyConfig, type StudyName } from "./studies.js";
import type { SweepSpec } from "./spec.js";
import path from "node:path";

export interface PlannedRun {
  /** Position in the plan (shards take index % n). */
  index: number;
  setting: number;
  seedIndex: number;
  seed: number;
  study: StudyName;
  /** The metrics.csv kinds of this run that are separate methods in the summary (gnn: ["gnn"]; spectral: its operators). */
  methods: string[];
  config: StudyConfig;
  hash: string;
  /** Relative to the output folder. */
  runDir: string;
}

export interface PlannedSetting {
  setting: number;
  values: Record<string, unknown>;
  label: string;
  runs: PlannedRun[];
}

export interface SweepPlan {
  name: string;
  study: StudyName;
  fields: string[];
  seeds: number;
  settings: PlannedSetting[];
  runs: PlannedRun[];
  /** SHA-256 over the run hashes and fields: two sweeps with the same name must agree on it. */
  sweepHash: string;
  /** The resolved config of setting 0, seed 0 (what the report shows as the base). */
  base: StudyConfig;
  /** Which swept field colours the figures' lines and which splits them into panels (from the spec). */
  figures?: { color?: string; facet?: string };
}

/** Columns the sweep outputs (summary.csv, runs.csv, layers.csv) always have: no variant axis may take their names. */
const RESERVED_COLUMNS = new Set([
  ...SUMMARY_COLUMNS, ...SUMMARY_VALUES.flatMap((v) => [v, `${v}Sd`]), "seedIndex", "seed", "seconds", "runDir", "hash", ...METRICS_COLUMNS,
]);

const SHORT: Record<string, string> = { "graph.pIn": "p", "graph.pOut": "q", "graph.n": "N", "graph.classes": "C" };

export function fieldLabel(field: string): string {
  return SHORT[field] ?? field.split(".").pop()!;
}

function settingLabel(values: Record<string, unknown>): string {
  return Object.entries(values).map(([k, v]) => `${fieldLabel(k)}=${v}`).join(" ");
}

/** The settings of the axes: product (last axis fastest) or zip. */
export function expandAxes(axes: Record<string, unknown[]>, zip: boolean, prog = "gnc sweep"): Record<string, unknown>[] {
  const fields = Object.keys(axes);
  if (fields.length === 0) return [{}];
  for (const f of fields) if (axes[f].length === 0) throw new GncError(`${prog}: the list of ${f} is empty`);
  if (zip) {
    const n = axes[fields[0]].length;
    const bad = fields.find((f) => axes[f].length !== n);
    if (bad) throw new GncError(`${prog}: zipped lists must have equal lengths (${fields[0]} has ${n}, ${bad} has ${axes[bad].length})`);
    return Array.from({ length: n }, (_, i) => Object.fromEntries(fields.map((f) => [f, axes[f][i]])));
  }
  let out: Record<string, unknown>[] = [{}];
  for (const f of fields) out = out.flatMap((o) => axes[f].map((v) => ({ ...o, [f]: v })));
  return out;
}

export function planSweep(spec: SweepSpec, opts: { configFile?: string; prog?: string } = {}): SweepPlan {
  const prog = opts.prog ?? "gnc sweep";
  const kind = study(spec.study);
  const flags = kind.flags();
  for (const f of Object.keys(spec.axes)) {
    if (!fieldSpec(flags, f)) throw new GncError(`${prog}: unknown field "${f}" for a ${spec.study} sweep (fields are dotted config paths, e.g. model.depth, graph.pIn)`);
  }
  const variants = spec.variants ?? {};
  for (const v of Object.keys(variants)) {
    if (v in spec.axes) throw new GncError(`${prog}: "${v}" is both an axis and a variant axis`);
    if (RESERVED_COLUMNS.has(v)) throw new GncError(`${prog}: variant axis "${v}" would clash with the output column of that name; choose another name`);
    const labels = variants[v].map((x) => x.label);
    const dup = labels.find((l, i) => labels.indexOf(l) !== i);
    if (dup !== undefined) throw new GncError(`${prog}: variant axis "${v}" has the label "${dup}" twice`);
  }
  // Variant values enter the expansion by index, so that zip and product treat them like any axis.
  const indexAxes = Object.fromEntries(Object.entries(variants).map(([v, xs]) => [v, xs.map((_, i) => i)]));
  const combos = expandAxes({ ...(spec.axes as Record<string, unknown[]>), ...indexAxes }, spec.zip, prog).map((c) => {
    const values: Record<string, unknown> = {};
    let config: Record<string, unknown> = {};
    let preset = spec.preset;
    let presetFrom: string | undefined;
    for (const [f, v] of Object.entries(c)) {
      if (!(f in variants)) {
        values[f] = v;
        continue;
      }
      const x = variants[f][v as number];
      values[f] = x.label;
      config = deepMerge(config, x.config) as Record<string, unknown>;
      if (x.preset !== undefined) {
        if (presetFrom) throw new GncError(`${prog}: variants "${presetFrom}" and "${f}=${x.label}" both name a preset`);
        preset = x.preset;
        presetFrom = `${f}=${x.label}`;
      }
    }
    return { values, config, preset };
  });
  const fields = [...Object.keys(spec.axes), ...Object.keys(variants)];
  const settings: PlannedSetting[] = [];
  const runs: PlannedRun[] = [];
  const add = (r: Omit<PlannedRun, "index" | "hash" | "runDir">) => {
    const hash = configHash(r.config);
    const run: PlannedRun = { ...r, index: runs.length, hash, runDir: path.join(r.config.name, hash.slice(0, HASH_PREFIX)) };
    runs.push(run);
    return run;
  };
  combos.forEach(({ values, config, preset }, s) => {
    const label = settingLabel(values);
    const setting: PlannedSetting = { setting: s, values, label, runs: [] };
    for (let k = 0; k < spec.seeds; k++) {
      const over: Record<string, any> = {};
      for (const [f, v] of Object.entries(values)) if (!(f in variants)) setPath(over, fieldSpec(flags, f)!.path, v);
      const partial = deepMerge(deepMerge(spec.config, config), over);
      let cfg: StudyConfig;
      try {
        const base = kind.resolve({ preset, configFile: opts.configFile, flags: partial });
        cfg = kind.resolve({ preset, configFile: opts.configFile, flags: deepMerge(partial, { seed: base.seed + k, name: spec.name }) });
      } catch (e) {
        throw new GncError(`${prog}: setting ${s}${label ? ` (${label})` : ""}: ${(e as Error).message.replace(/^gnc\/[\w/-]+: (flags: )?/, "")}`);
      }
      setting.runs.push(add({ setting: s, seedIndex: k, seed: cfg.seed, study: spec.study, methods: [spec.study], config: cfg }));
      if (spec.spectral.length > 0) {
        const sp = study("spectral");
        const scfg = sp.resolve({
          flags: { study: "spectral", name: spec.name, seed: cfg.seed, graph: cfg.graph, spectral: { operators: spec.spectral, iterations: cfg.model.depth, graphs: cfg.train.testGraphs } },
        });
        setting.runs.push(add({ setting: s, seedIndex: k, seed: cfg.seed, study: "spectral", methods: [...spec.spectral], config: scfg }));
      }
    }
    settings.push(setting);
  });
  const sweepHash = createHash("sha256").update(JSON.stringify({ fields, runs: runs.map((r) => r.hash) })).digest("hex");
  for (const [role, f] of Object.entries(spec.figures ?? {})) {
    if (f !== undefined && !fields.includes(f)) throw new GncError(`${prog}: figures.${role}: "${f}" is not a swept field (swept: ${fields.join(", ") || "nothing"})`);
  }
  return { name: spec.name, study: spec.study, fields, seeds: spec.seeds, settings, runs, sweepHash, base: runs[0].config, ...(spec.figures ? { figures: spec.figures } : {}) };
}
