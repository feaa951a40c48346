/**
 * The config of a GNN training run (`gnc train`, and the "gnn" study of `gnc sweep`): ONE zod schema
 * with the paper's defaults (REFERENCE.md §7: homophilic SBM, N = 1000, C = 2, p = 0.025,
 * q = 0.0017, L = 32, d = 8, SGD lr 0.004, momentum 0.9, weight decay 5e-4, 8 epochs of K_train =
 * 1000 graphs, K_test = 100, MSE, BatchNorm, ReLU, no bias, random_normal inputs of width d, W1 on).
 * The schema is the single source of the CLI flags (flags.ts), the enums (the exported arrays) and
 * the types (RunConfig; the model block is the network's config).
 *
 * Resolution order: defaults → preset (experiments/<name>.json) → --config FILE → CLI flags
 * (common.ts). Unknown keys are rejected at every level (`.strict()`).
 */
import { z } from "zod";
import { GncError } from "../../util/errors.js";
import { FEATURE_STRATEGIES, type FeatureStrategy } from "../../graphs/features.js";
import { modelSchema } from "../../models/schema.js";
import { resolveFileGraph } from "../file-graph.js";
import {
  MODULE, checkGraph, graphSchema, mergeLayers, nameSchema, posInt, seedSchema, setsGraphKey, validateWith, type ResolveOptions,
} from "./common.js";

export { LAYERS, AGGREGATIONS, ACTIVATIONS, IMPLS, modelSchema } from "../../models/schema.js";
export const LOSSES = ["mse", "ce", "ls-ce", "focal"] as const;
export const GRAPH_SCHEDULES = ["fixed", "fresh"] as const;
export const BACKENDS = ["auto", "wasm", "cpu", "tensorflow", "node-gpu"] as const;

export const featuresSchema = z
  .object({
    strategy: z.enum(FEATURE_STRATEGIES as unknown as [FeatureStrategy, ...FeatureStrategy[]]).default("random_normal").meta({ flag: "features", describe: "input features" }),
    dim: posInt.default(8).meta({ flag: "feature-dim", describe: "input feature width d_in" }),
  })
  .strict();

export const trainSchema = z
  .object({
    loss: z.enum(LOSSES).default("mse").meta({ describe: "permutation-invariant loss" }),
    /** ε of label-smoothing CE: targets (1 − ε)·onehot + ε/C. */
    labelSmoothing: z.number().min(0).max(1).default(0.1).meta({ describe: "ε of ls-ce" }),
    /** γ of the focal loss −(1 − p_y)^γ log p_y. */
    focalGamma: z.number().min(0).default(2).meta({ describe: "γ of focal" }),
    /** Yaras et al. 2022: unit-norm penultimate rows and classifier columns, logits × temperature. */
    normalizeFeatures: z.boolean().default(false).meta({ describe: "unit-norm penultimate rows and classifier columns (Yaras et al. 2022)" }),
    temperature: z.number().positive().default(1).meta({ describe: "logit scale τ with --normalize-features" }),
    lr: z.number().positive().default(0.004).meta({ describe: "SGD learning rate" }),
    momentum: z.number().min(0).max(1).default(0.9).meta({ describe: "SGD momentum" }),
    weightDecay: z.number().min(0).default(5e-4).meta({ describe: "weight decay (all parameters)" }),
    epochs: posInt.default(8).meta({ describe: "epochs" }),
    /** K_train: graphs (= SGD steps) per epoch. */
    trainGraphs: posInt.default(1000).meta({ describe: "K_train graphs (steps) per epoch" }),
    /** K_test: test graphs drawn once from their own stream. */
    testGraphs: posInt.default(100).meta({ describe: "K_test test graphs" }),
    /** "fixed" (reference): K_train graphs drawn once, reused in order; "fresh": a new graph per step. */
    graphs: z.enum(GRAPH_SCHEDULES).default("fixed").meta({ describe: "fixed: K_train graphs reused each epoch (reference); fresh: new graph per step" }),
    /** Also evaluate every ncInterval steps (0 = after each epoch only). */
    ncInterval: z.number().int().min(0).default(0).meta({ describe: "also track collapse every N steps (0 = per epoch)" }),
    /**
     * Test graphs used by the intermediate evaluations (epoch 0, epochs before the last, ncInterval),
     * the first ones of the K_test; 0 = all. The final evaluation always uses all K_test graphs.
     * Tracking every layer on all 100 test graphs after every epoch costs ~30 % of the paper run;
     * 10 graphs keeps the per-epoch curves and the overhead under 10 % (README, measured).
     */
    trackGraphs: z.number().int().min(0).default(10).meta({ describe: "test graphs whose collapse metrics intermediate evaluations compute (0 = all)" }),
    /** Also checkpoint every checkpointInterval steps (0 = at epoch end only). */
    checkpointInterval: z.number().int().min(0).default(250).meta({ describe: "also checkpoint every N steps (0 = per epoch)" }),
  })
  .strict();

export const runConfigSchema = z
  .object({
    name: nameSchema.default("run"),
    seed: seedSchema.default(0),
    graph: graphSchema.default(graphSchema.parse({})),
    features: featuresSchema.default(featuresSchema.parse({})),
    model: modelSchema.default(modelSchema.parse({})),
    train: trainSchema.default(trainSchema.parse({})),
    backend: z.enum(BACKENDS).default("auto").meta({ describe: "tfjs backend (auto: GNC_BACKEND, else node-gpu → tensorflow → wasm → cpu)" }),
  })
  .strict();

export type RunConfig = z.infer<typeof runConfigSchema>;
/** The network's part of the config (models/schema.ts). */
export type { ModelConfig } from "../../models/schema.js";
/** A partial config as written in a preset or config file (any subset of fields, nested). */
export type PartialRunConfig = { [K in keyof RunConfig]?: RunConfig[K] extends object ? Partial<RunConfig[K]> : RunConfig[K] };

/** The defaults (the paper's homophilic C = 2 configuration). */
export function defaultConfig(): RunConfig {
  return runConfigSchema.parse({});
}

/** Validate a full config; errors name the source and the offending field, on one line. */
export function validateConfig(raw: unknown, source: string): RunConfig {
  const c = validateWith(runConfigSchema, raw, source);
  const where = `${MODULE}: ${source}`;
  checkGraph(c.graph, where);
  if (c.features.strategy === "empty") {
    throw new GncError(`${where}: features.strategy "empty" gives the network no input; use degree or random_normal`);
  }
  if (c.train.normalizeFeatures && c.model.layer !== "graphconv") {
    throw new GncError(`${where}: train.normalizeFeatures needs model.layer "graphconv"`);
  }
  return c;
}

/**
 * Resolve defaults → preset → config file → flags. `flags` is a partial nested config with
 * undefined for every flag the user did not give. `env.GNC_BACKEND` fills in backend "auto" (so the
 * config, its hash and the manifest say which backend was asked for).
 *
 * graph.kind "file" is then completed from the files (file-graph.ts): n, classes, the labels path,
 * the files' SHA-256 and the empirical p, q. n and classes set by the config file or the flags must
 * match the file; the defaults' and a preset's (SBM) values are replaced.
 */
export function resolveConfig(opts: ResolveOptions & { env?: Record<string, string | undefined> }): RunConfig {
  const { merged, fileLayer } = mergeLayers(defaultConfig(), "gnn", opts, validateConfig);
  let cfg = validateConfig(merged, "flags");
  const envBackend = opts.env?.GNC_BACKEND?.trim().toLowerCase();
  if (cfg.backend === "auto" && envBackend && envBackend !== "auto") {
    cfg = validateConfig({ ...cfg, backend: envBackend }, "GNC_BACKEND");
  }
  if (cfg.graph.kind !== "file") return cfg;
  const given = (key: string) => setsGraphKey(fileLayer, key) || setsGraphKey(opts.flags, key);
  return resolveFileGraph(cfg, { n: given("n"), classes: given("classes") });
}
