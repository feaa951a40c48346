/**
 * The study kinds a sweep can hold, behind one interface: how to resolve a config (defaults →
 * preset → config file → flags, each study's own schema), its flags (derived from that schema),
 * which metrics.csv `kind` carries its per-layer curves, and its runner (imported lazily: the
 * coordinator of a sweep never loads tfjs; the workers do).
 */
import type { FlagSpec } from "../runs/flags.js";
import { schemaFlags } from "../runs/flags.js";
import type { ResolveOptions } from "../runs/schema/common.js";
import { resolveConfig, runConfigSchema } from "../runs/schema/gnn.js";
import { resolveUfmConfig, ufmConfigSchema } from "../runs/schema/ufm.js";
import { resolveSpectralConfig, spectralConfigSchema } from "../runs/schema/spectral.js";

export type StudyName = "gnn" | "spectral" | "ufm";
export const STUDIES = ["gnn", "spectral", "ufm"] as const;

/** What every study runner takes and returns (trainRun's shape). */
export interface StudyRunOptions {
  outDir?: string;
  signal?: AbortSignal;
  force?: boolean;
  log?: (line: string) => void;
  /** The study's own progress events (trainRun's TrainEvent, runSpectral's, runUfm's). */
  onEvent?: (e: any) => void;
}

export interface StudyRunResult {
  status: string;
  runDir: string;
  message?: string;
}

export type StudyConfig = { name: string; seed: number } & Record<string, any>;

export interface StudyKind {
  name: StudyName;
  flags(): FlagSpec[];
  resolve(opts: ResolveOptions): StudyConfig;
  run(cfg: StudyConfig, opts: StudyRunOptions): Promise<StudyRunResult>;
}

const gnn: StudyKind = {
  name: "gnn",
  flags: () => schemaFlags(runConfigSchema),
  resolve: (opts) => resolveConfig({ ...opts, env: process.env }),
  run: async (cfg, opts) => {
    const { trainRun } = await import("../train/loop.js");
    return trainRun(cfg as Parameters<typeof trainRun>[0], opts);
  },
};

const ufm: StudyKind = {
  name: "ufm",
  flags: () => schemaFlags(ufmConfigSchema),
  resolve: (opts) => resolveUfmConfig(opts),
  run: async (cfg, opts) => {
    const { runUfm } = await import("../ufm/run.js");
    return runUfm(cfg as Parameters<typeof runUfm>[0], opts);
  },
};

const spectral: StudyKind = {
  name: "spectral",
  flags: () => schemaFlags(spectralConfigSchema),
  resolve: (opts) => resolveSpectralConfig(opts),
  run: async (cfg, opts) => {
    const { runSpectral } = await import("../spectral/run.js");
    return runSpectral(cfg as Parameters<typeof runSpectral>[0], opts);
  },
};

const registry: Record<StudyName, StudyKind> = { gnn, spectral, ufm };

export function study(name: string): StudyKind {
  const k = (registry as Partial<Record<string, StudyKind>>)[name];
  if (!k) throw new Error(`gnc/sweep: unknown study "${name}" (known: ${Object.keys(registry).join(", ")})`);
  return k;
}
