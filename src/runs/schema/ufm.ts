/**
 * The config of a gUFM study (`gnc ufm`, and `gnc sweep --study ufm`): ONE zod schema with the
 * paper's gUFM defaults (REFERENCE.md §4, §7: K = 10 graphs of an SBM with N = 1000, C = 2,
 * p = 0.025, q = 0.0017, d = 8, λ_W1 = λ_W2 = λ_H = 5e-3, plain GD with lr 0.1 for 500 000 steps,
 * init N(0, 1), W1 on). The schema is the single source of the `gnc ufm` flags (flags.ts).
 *
 * method "gd": cyclic gradient descent (ufm/gd.ts), evaluated every ncInterval steps.
 * method "dopri5": the gradient flow of the mean objective (ufm/flow.ts) to flow time
 * ufm.flowTime (default steps·lr, the time steps GD steps correspond to), evaluated at the flow
 * times ncInterval·lr apart that GD evaluations pass through.
 * Resolution: defaults → preset (experiments/<name>.json with "study": "ufm") → --config → flags.
 */
import { z } from "zod";
import { resolveFileGraph } from "../file-graph.js";
import {
  MODULE, checkGraph, graphSchema, mergeLayers, nameSchema, posInt, seedSchema, setsGraphKey, validateWith, type ResolveOptions,
} from "./common.js";

export const UFM_AGGREGATIONS = ["mean", "sum", "sym"] as const;
export const UFM_METHODS = ["gd", "dopri5"] as const;

const lambda = z.number().min(0);

export const ufmSchema = z
  .object({
    dim: posInt.default(8).meta({ describe: "feature width d" }),
    useW1: z.boolean().default(true).meta({ describe: "root classifier W1 (--no-use-w1: W1 ≡ 0)" }),
    lambdaW1: lambda.default(5e-3).meta({ describe: "weight decay λ_W1 of W1" }),
    lambdaW2: lambda.default(5e-3).meta({ describe: "weight decay λ_W2 of W2" }),
    lambdaH: lambda.default(5e-3).meta({ describe: "weight decay λ_H of the features" }),
    graphs: posInt.default(10).meta({ describe: "graphs K (each with its own free features H_k)" }),
    initScale: z.number().positive().default(1).meta({ describe: "init H, W ~ N(0, s²)" }),
    aggregation: z.enum(UFM_AGGREGATIONS).default("mean").meta({ describe: "Â: mean D⁻¹A, sum A, sym D^-½AD^-½" }),
    method: z.enum(UFM_METHODS).default("gd").meta({ describe: "gd: cyclic gradient descent (reference); dopri5: adaptive gradient flow" }),
    lr: z.number().positive().default(0.1).meta({ describe: "GD step size η (flow time of one step)" }),
    steps: posInt.default(500_000).meta({ describe: "GD steps (dopri5: flow time steps·lr unless --flow-time)" }),
    ncInterval: posInt.default(1000).meta({ describe: "evaluate collapse every N steps (dopri5: every N·lr of flow time)" }),
    rtol: z.number().positive().default(1e-6).meta({ describe: "dopri5 relative tolerance" }),
    atol: z.number().positive().default(1e-9).meta({ describe: "dopri5 absolute tolerance" }),
    flowTime: z.number().positive().optional().meta({ describe: "dopri5: integrate to this flow time (default steps·lr)" }),
    checkpointInterval: posInt.default(10_000).meta({ describe: "checkpoint every N steps (at the next evaluation)" }),
  })
  .strict();

export const ufmConfigSchema = z
  .object({
    study: z.literal("ufm"),
    name: nameSchema.default("ufm"),
    seed: seedSchema.default(0),
    graph: graphSchema.default(graphSchema.parse({})),
    ufm: ufmSchema.default(ufmSchema.parse({})),
  })
  .strict();

export type UfmConfig = z.infer<typeof ufmConfigSchema>;

export function defaultUfmConfig(): UfmConfig {
  return ufmConfigSchema.parse({ study: "ufm" });
}

/** Validate a full gUFM config; one-line errors naming the source and field. */
export function validateUfmConfig(raw: unknown, source: string): UfmConfig {
  const c = validateWith(ufmConfigSchema, raw, source);
  checkGraph(c.graph, `${MODULE}: ${source}`);
  return c;
}

/** Resolve defaults → preset → config file → flags; kind "file" is completed from the files. */
export function resolveUfmConfig(opts: ResolveOptions): UfmConfig {
  const flags = opts.flags;
  // A user's graph is one graph: K defaults to 1 there (K > 1 would fit K independent feature
  // matrices on the same graph with shared classifiers — allowed, but not a default).
  const defaults = defaultUfmConfig();
  if ((flags as { graph?: { kind?: string } } | undefined)?.graph?.kind === "file") defaults.ufm.graphs = 1;
  const { merged, fileLayer } = mergeLayers(defaults, "ufm", opts, validateUfmConfig);
  const cfg = validateUfmConfig(merged, "flags");
  if (cfg.graph.kind !== "file") return cfg;
  const given = (key: string) => setsGraphKey(fileLayer, key) || setsGraphKey(flags, key);
  return resolveFileGraph(cfg, { n: given("n"), classes: given("classes") });
}
