/**
 * The config of a spectral study (`gnc spectral`, and spectral runs in `gnc sweep`): ONE zod schema
 * with the paper's spectral defaults (REFERENCE.md §6, §7: 100 test graphs of an SBM with N = 1000,
 * C = 2, p = 0.025, q = 0.0017, 32 power iterations, Bethe Hessian and normalised Laplacian). The
 * schema is the single source of the `gnc spectral` flags (flags.ts).
 *
 * spectral.shift "spectral" (‖M‖₂, correct, default) or "frobenius" (‖M‖_F, the reference code's
 * quirk that its published curves show). spectral.r: the Bethe Hessian's r — "sqrt-mean"
 * (sqrt⟨d⟩, default), "degree-moment" (sqrt(⟨d²⟩/⟨d⟩ − 1)) or a positive number. spectral.tol and
 * spectral.maxIter bound each Lanczos solve (relative residual, operator applications).
 * Resolution: defaults → preset (experiments/<name>.json with "study": "spectral") → --config → flags.
 */
import { z } from "zod";
import { GncError } from "../../util/errors.js";
import { resolveFileGraph } from "../file-graph.js";
import {
  MODULE, checkGraph, graphSchema, mergeLayers, nameSchema, posInt, seedSchema, setsGraphKey, validateWith, type ResolveOptions,
} from "./common.js";

export const SPECTRAL_OPERATORS = ["bh", "nl", "adj"] as const;
export const SPECTRAL_SHIFTS = ["spectral", "frobenius"] as const;
export const BETHE_R_RULES = ["sqrt-mean", "degree-moment"] as const;

export const spectralSchema = z
  .object({
    operators: z.array(z.enum(SPECTRAL_OPERATORS)).min(1).default(["bh", "nl"])
      .meta({ flag: "operator", describe: "operators, comma-separated: bh (Bethe Hessian), nl (normalised Laplacian), adj (normalised adjacency)" }),
    iterations: posInt.default(32).meta({ describe: "power iterations T (the spectral 'depth')" }),
    graphs: posInt.default(100).meta({ describe: "test graphs the metrics are aggregated over" }),
    shift: z.enum(SPECTRAL_SHIFTS).default("spectral").meta({ describe: "power-iteration shift: spectral ‖M‖₂, or frobenius ‖M‖_F (reference quirk)" }),
    r: z.union([z.enum(BETHE_R_RULES), z.coerce.number().positive()], { error: "expected sqrt-mean, degree-moment or a positive number" }).default("sqrt-mean")
      .meta({ flag: "bethe-r", describe: "Bethe Hessian r: sqrt-mean, degree-moment or a positive number" }),
    tol: z.number().positive().max(0.1).default(1e-8).meta({ describe: "Lanczos relative residual tolerance ‖Mx − λx‖ ≤ tol·‖M‖" }),
    maxIter: posInt.default(5000).meta({ describe: "Lanczos budget: operator applications per solve" }),
  })
  .strict();

export const spectralConfigSchema = z
  .object({
    study: z.literal("spectral"),
    name: nameSchema.default("spectral"),
    seed: seedSchema.default(0),
    graph: graphSchema.default(graphSchema.parse({})),
    spectral: spectralSchema.default(spectralSchema.parse({})),
  })
  .strict();

export type SpectralConfig = z.infer<typeof spectralConfigSchema>;

export function defaultSpectralConfig(): SpectralConfig {
  return spectralConfigSchema.parse({ study: "spectral" });
}

/** Validate a full spectral config; one-line errors naming the source and field. */
export function validateSpectralConfig(raw: unknown, source: string): SpectralConfig {
  const c = validateWith(spectralConfigSchema, raw, source);
  checkGraph(c.graph, `${MODULE}: ${source}`);
  const ops = c.spectral.operators;
  const dup = ops.find((o, i) => ops.indexOf(o) !== i);
  if (dup) throw new GncError(`${MODULE}: ${source}: spectral.operators lists "${dup}" twice`);
  return c;
}

/** Resolve defaults → preset → config file → flags; kind "file" is completed from the files. */
export function resolveSpectralConfig(opts: ResolveOptions): SpectralConfig {
  const flags = opts.flags;
  // A user's graph is one graph: evaluating it 100 times would repeat the same numbers.
  const defaults = defaultSpectralConfig();
  if ((flags as { graph?: { kind?: string } } | undefined)?.graph?.kind === "file") defaults.spectral.graphs = 1;
  const { merged, fileLayer } = mergeLayers(defaults, "spectral", opts, validateSpectralConfig);
  const cfg = validateSpectralConfig(merged, "flags");
  if (cfg.graph.kind !== "file") return cfg;
  const given = (key: string) => setsGraphKey(fileLayer, key) || setsGraphKey(flags, key);
  return resolveFileGraph(cfg, { n: given("n"), classes: given("classes") });
}
