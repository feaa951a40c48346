/**
 * The run configuration of `gnc train`: ONE zod schema with the paper's defaults (REFERENCE.md §7:
 * homophilic SBM, N = 1000, C = 2, p = 0.025, q = 0.0017, L = 32, d = 8, SGD lr 0.004, momentum 0.9,
 * weight decay 5e-4, 8 epochs of K_train = 1000 graphs, K_test = 100, MSE, BatchNorm, ReLU, no bias,
 * random_normal inputs of width d, W1 on).
 *
 * Resolution order: defaults → preset (experiments/<name>.json) → --config FILE → CLI flags. Each
 * layer is deep-merged onto the previous one and the result re-validated, so an error names the
 * layer that introduced it. Unknown keys are rejected at every level (`.strict()`).
 *
 * The resolved config is hashed (SHA-256 of canonical JSON: keys sorted, numbers at full precision
 * as JSON.stringify writes them — the shortest string that round-trips the double).
 */
import { createHash } from "node:crypto";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { GncError } from "../util/errors.js";
import { validatePrior } from "../graphs/sbm.js";
import { resolveFileGraph } from "./file-graph.js";

const prob = z.number().min(0).max(1);
const posInt = z.number().int().positive();
const sha256 = z.string().regex(/^[0-9a-f]{64}$/, "a SHA-256 is 64 lowercase hex digits");

export const graphSchema = z
  .object({
    /** "file": a user's labelled graph (path, labels | labelAttr); see file-graph.ts. */
    kind: z.enum(["sbm", "regular-sbm", "file"]).default("sbm"),
    n: z.number().int().min(2).default(1000),
    classes: z.number().int().min(2).default(2),
    pIn: prob.default(0.025),
    pOut: prob.default(0.0017),
    /** Class prior π (default uniform). */
    prior: z.array(z.number().nonnegative()).optional(),
    /** "or" reproduces the reference's OR of two directed draws (edge prob 2p − p²). */
    pairSampling: z.enum(["single", "or"]).default("single"),
    permute: z.boolean().default(true),
    /** kind "file": the graph file (any format src/graphs/io reads). */
    path: z.string().min(1).optional(),
    /** kind "file": labels file (default: path with its extension replaced by .labels). */
    labels: z.string().min(1).optional(),
    /** kind "file": node attribute holding the labels (json, gexf, graphml). */
    labelAttr: z.string().min(1).optional(),
    /** kind "file": SHA-256 of the graph / labels file (filled in by resolution; in the hash). */
    sha256: sha256.optional(),
    labelsSha256: sha256.optional(),
  })
  .strict();

export const featuresSchema = z
  .object({
    strategy: z
      .enum(["empty", "degree", "random", "random_normal", "degree_random", "degree_random_normal"])
      .default("random_normal"),
    dim: posInt.default(8),
  })
  .strict();

export const modelSchema = z
  .object({
    layer: z.enum(["graphconv", "gcn"]).default("graphconv"),
    aggregation: z.enum(["mean", "sum", "sym"]).default("mean"),
    depth: posInt.default(32),
    hidden: posInt.default(8),
    useW1: z.boolean().default(true),
    bias: z.boolean().default(false),
    batchNorm: z.boolean().default(true),
    activation: z.enum(["relu", "none"]).default("relu"),
  })
  .strict();

export const trainSchema = z
  .object({
    loss: z.enum(["mse", "ce", "ls-ce", "focal"]).default("mse"),
    /** ε of label-smoothing CE: targets (1 − ε)·onehot + ε/C. */
    labelSmoothing: z.number().min(0).max(1).default(0.1),
    /** γ of the focal loss −(1 − p_y)^γ log p_y. */
    focalGamma: z.number().min(0).default(2),
    /** Yaras et al. 2022: unit-norm penultimate rows and classifier columns, logits × temperature. */
    normalizeFeatures: z.boolean().default(false),
    temperature: z.number().positive().default(1),
    lr: z.number().positive().default(0.004),
    momentum: z.number().min(0).max(1).default(0.9),
    weightDecay: z.number().min(0).default(5e-4),
    epochs: posInt.default(8),
    /** K_train: graphs (= SGD steps) per epoch. */
    trainGraphs: posInt.default(1000),
    /** K_test: test graphs drawn once from their own stream. */
    testGraphs: posInt.default(100),
    /** "fixed" (reference): K_train graphs drawn once, reused in order; "fresh": a new graph per step. */
    graphs: z.enum(["fixed", "fresh"]).default("fixed"),
    /** Also evaluate every ncInterval steps (0 = after each epoch only). */
    ncInterval: z.number().int().min(0).default(0),
    /**
     * Test graphs used by the intermediate evaluations (epoch 0, epochs before the last, ncInterval),
     * the first ones of the K_test; 0 = all. The final evaluation always uses all K_test graphs.
     * Tracking every layer on all 100 test graphs after every epoch costs ~30 % of the paper run;
     * 10 graphs keeps the per-epoch curves and the overhead under 10 % (README, measured).
     */
    trackGraphs: z.number().int().min(0).default(10),
    /** Also checkpoint every checkpointInterval steps (0 = at epoch end only). */
    checkpointInterval: z.number().int().min(0).default(250),
  })
  .strict();

export const runConfigSchema = z
  .object({
    name: z
      .string()
      .regex(/^[A-Za-z0-9._-]+$/, "use letters, digits, '.', '_' or '-' (it names a folder)")
      .default("run"),
    seed: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).default(0),
    graph: graphSchema.default(graphSchema.parse({})),
    features: featuresSchema.default(featuresSchema.parse({})),
    model: modelSchema.default(modelSchema.parse({})),
    train: trainSchema.default(trainSchema.parse({})),
    backend: z.enum(["auto", "wasm", "cpu", "tensorflow", "node-gpu"]).default("auto"),
  })
  .strict();

export type RunConfig = z.infer<typeof runConfigSchema>;
/** A partial config as written in a preset or config file (any subset of fields, nested). */
export type PartialRunConfig = { [K in keyof RunConfig]?: RunConfig[K] extends object ? Partial<RunConfig[K]> : RunConfig[K] };

/** The defaults (the paper's homophilic C = 2 configuration). */
export function defaultConfig(): RunConfig {
  return runConfigSchema.parse({});
}

/** Folder holding the preset / paper configs (experiments/ at the package root). */
export function experimentsDir(): string {
  // src/train/config.ts and dist/train/config.js both sit two levels below the package root.
  return path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../experiments");
}

/** Names of the shipped presets (experiments/*.json). */
export function presetNames(): string[] {
  const dir = experimentsDir();
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .map((f) => f.slice(0, -5))
    .sort();
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Deep merge: objects merge key by key, everything else (arrays included) is replaced. */
export function deepMerge(base: unknown, over: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(over)) return over === undefined ? base : over;
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) {
    if (v === undefined) continue;
    out[k] = deepMerge(base[k], v);
  }
  return out;
}

/** Validate a full config; errors name the source and the offending field, on one line. */
export function validateConfig(raw: unknown, source: string): RunConfig {
  const r = runConfigSchema.safeParse(raw);
  if (!r.success) {
    const issue = r.error.issues[0];
    let where = issue.path.join(".");
    let msg = issue.message;
    if (issue.code === "unrecognized_keys") {
      const keys = (issue as { keys: string[] }).keys;
      msg = `unknown key${keys.length > 1 ? "s" : ""} ${keys.map((k) => `"${k}"`).join(", ")}`;
    }
    throw new GncError(`gnc/train/config: ${source}: ${where ? where + ": " : ""}${msg.replace(/\s+/g, " ")}`);
  }
  const c = r.data;
  const where = `gnc/train/config: ${source}`;
  const fileKeys = (["path", "labels", "labelAttr", "sha256", "labelsSha256"] as const).filter((k) => c.graph[k] !== undefined);
  if (c.graph.kind === "file") {
    if (c.graph.path === undefined) throw new GncError(`${where}: graph.kind "file" needs graph.path (--graph FILE)`);
    if (c.graph.labels !== undefined && c.graph.labelAttr !== undefined) {
      throw new GncError(`${where}: give graph.labels (--labels) or graph.labelAttr (--label-attr), not both`);
    }
    if (c.graph.prior !== undefined) throw new GncError(`${where}: graph.prior applies to sampled graphs only, not graph.kind "file"`);
  } else if (fileKeys.length > 0) {
    throw new GncError(`${where}: graph.${fileKeys[0]} applies to graph.kind "file" only (graph.kind is "${c.graph.kind}")`);
  }
  if (c.graph.n < c.graph.classes) throw new GncError(`${where}: graph.n (${c.graph.n}) must be at least graph.classes (${c.graph.classes})`);
  if (c.graph.prior !== undefined) {
    // The sampler's own rule, reported with this config's source.
    try {
      validatePrior(c.graph.prior, c.graph.classes);
    } catch (err) {
      throw new GncError(`${where}: graph.${(err as Error).message.replace(/^gnc\/graphs\/sbm: /, "")}`);
    }
  }
  if (c.features.strategy === "empty") {
    throw new GncError(`${where}: features.strategy "empty" gives the network no input; use degree or random_normal`);
  }
  if (c.train.normalizeFeatures && c.model.layer !== "graphconv") {
    throw new GncError(`${where}: train.normalizeFeatures needs model.layer "graphconv"`);
  }
  return c;
}

/** Read a JSON config file (preset or --config). */
export function readConfigFile(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    throw new GncError(`gnc/train/config: ${file}: cannot read the file`);
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new GncError(`gnc/train/config: ${file}: not valid JSON (${(err as Error).message.split("\n")[0]})`);
  }
}

/** Load a preset by name from experiments/<name>.json. */
export function loadPreset(name: string): unknown {
  const file = path.join(experimentsDir(), `${name}.json`);
  if (!/^[A-Za-z0-9._-]+$/.test(name) || !existsSync(file)) {
    throw new GncError(`gnc/train/config: unknown preset "${name}" (known: ${presetNames().join(", ") || "none"})`);
  }
  return readConfigFile(file);
}

/** Does a config layer set graph.<key>? */
function setsGraphKey(layer: unknown, key: string): boolean {
  return isPlainObject(layer) && isPlainObject(layer.graph) && layer.graph[key] !== undefined;
}

/**
 * Resolve defaults → preset → config file → flags. `flags` is a partial nested config with
 * undefined for every flag the user did not give.
 *
 * graph.kind "file" is then completed from the files (file-graph.ts): n, classes, the labels path,
 * the files' SHA-256 and the empirical p, q. n and classes set by the config file or the flags must
 * match the file; the defaults' and a preset's (SBM) values are replaced.
 */
export function resolveConfig(opts: { preset?: string; configFile?: string; flags?: unknown }): RunConfig {
  let cur: unknown = defaultConfig();
  let fileLayer: unknown;
  if (opts.preset) {
    cur = deepMerge(cur, loadPreset(opts.preset));
    validateConfig(cur, `preset ${opts.preset}`);
  }
  if (opts.configFile) {
    fileLayer = readConfigFile(opts.configFile);
    cur = deepMerge(cur, fileLayer);
    // When the flags switch graph.kind (--graph implies "file"), this layer may hold keys of the
    // other kind; the final check below judges the merged result.
    if (!setsGraphKey(opts.flags, "kind")) validateConfig(cur, opts.configFile);
  }
  if (opts.flags) cur = deepMerge(cur, opts.flags);
  const cfg = validateConfig(cur, "flags");
  if (cfg.graph.kind !== "file") return cfg;
  const given = (key: string) => setsGraphKey(fileLayer, key) || setsGraphKey(opts.flags, key);
  return resolveFileGraph(cfg, { n: given("n"), classes: given("classes") });
}

/** Canonical JSON: keys sorted at every level, no whitespace, numbers as JSON.stringify writes them. */
export function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(",")}]`;
  if (isPlainObject(v)) {
    const keys = Object.keys(v).filter((k) => v[k] !== undefined).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(v[k])}`).join(",")}}`;
  }
  if (typeof v === "number" && !Number.isFinite(v)) throw new GncError(`gnc/train/config: non-finite number ${v} in config`);
  return JSON.stringify(v);
}

/** SHA-256 (hex) of the canonical JSON of a resolved config. */
export function configHash(c: RunConfig): string {
  return createHash("sha256").update(canonicalJson(c)).digest("hex");
}
