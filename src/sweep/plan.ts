/**
 * From a sweep definition to the list of runs: the settings (Cartesian product of the axes, or the
 * zipped lists), K seeds per setting (seed_k = base seed + k, so seed k of every setting shares its
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
}

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
  const combos = expandAxes(spec.axes as Record<string, unknown[]>, spec.zip, prog);
  const fields = Object.keys(spec.axes);
  const settings: PlannedSetting[] = [];
  const runs: PlannedRun[] = [];
  const add = (r: Omit<PlannedRun, "index" | "hash" | "runDir">) => {
    const hash = configHash(r.config);
    const run: PlannedRun = { ...r, index: runs.length, hash, runDir: path.join(r.config.name, hash.slice(0, HASH_PREFIX)) };
    runs.push(run);
    return run;
  };
  combos.forEach((values, s) => {
    const label = settingLabel(values);
    const setting: PlannedSetting = { setting: s, values, label, runs: [] };
    for (let k = 0; k < spec.seeds; k++) {
      const over: Record<string, any> = {};
      for (const [f, v] of Object.entries(values)) setPath(over, fieldSpec(flags, f)!.path, v);
      let cfg: StudyConfig;
      try {
        const base = kind.resolve({ preset: spec.preset, configFile: opts.configFile, flags: deepMerge(spec.config, over) });
        cfg = kind.resolve({ preset: spec.preset, configFile: opts.configFile, flags: deepMerge(deepMerge(spec.config, over), { seed: base.seed + k, name: spec.name }) });
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
  return { name: spec.name, study: spec.study, fields, seeds: spec.seeds, settings, runs, sweepHash, base: runs[0].config };
}
