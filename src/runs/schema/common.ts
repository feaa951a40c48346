/**
 * What every study's config schema shares (GNN training, spectral power iteration, gUFM flow): the
 * graph block, the name and seed fields, canonical JSON + hashing, layered resolution (defaults →
 * preset → config file → flags) and one-line validation errors.
 *
 * The hash of a resolved config is the SHA-256 of its canonical JSON: keys sorted at every level,
 * undefined fields dropped, numbers as JSON.stringify writes them (the shortest string that
 * round-trips the double). Optional fields without a default therefore never change the hash of a
 * config that does not set them, which is how new options are added without moving old runs.
 *
 * Flag metadata: `.meta({ flag, describe })` on a field names its CLI flag (flags.ts derives the
 * yargs options from the schema; `flag: false` hides a field). Library messages name fields
 * ("graph.pIn"), never flags.
 */
import { createHash } from "node:crypto";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { GncError } from "../../util/errors.js";
import { validatePrior } from "../../graphs/sbm.js";

export const MODULE = "gnc/runs/config";

export const prob = z.number().min(0).max(1);
export const posInt = z.number().int().positive();
const sha256 = z.string().regex(/^[0-9a-f]{64}$/, "a SHA-256 is 64 lowercase hex digits");

export const GRAPH_KINDS = ["sbm", "regular-sbm", "file"] as const;
export const PAIR_SAMPLINGS = ["single", "or"] as const;

export const graphSchema = z
  .object({
    /** "file": a user's labelled graph (path, labels | labelAttr); see file-graph.ts. */
    kind: z.enum(GRAPH_KINDS).default("sbm").meta({ flag: "graph-kind", describe: "graph family (file: --graph FILE)" }),
    n: z.number().int().min(2).default(1000).meta({ describe: "nodes per graph N" }),
    classes: z.number().int().min(2).default(2).meta({ describe: "classes C" }),
    pIn: prob.default(0.025).meta({ describe: "within-class edge probability p" }),
    pOut: prob.default(0.0017).meta({ describe: "between-class edge probability q" }),
    /** Class prior π (default uniform). */
    prior: z.array(z.number().nonnegative()).optional().meta({ describe: "class prior, comma-separated (default uniform)" }),
    /** "or" reproduces the reference's OR of two directed draws (edge prob 2p − p²). */
    pairSampling: z.enum(PAIR_SAMPLINGS).default("single").meta({ describe: "'or' = reference quirk (edge prob 2p − p²)" }),
    permute: z.boolean().default(true).meta({ describe: "randomly permute node order" }),
    /** kind "file": the graph file (any format src/graphs/io reads). */
    path: z.string().min(1).optional().meta({ flag: "graph", describe: "use this labelled graph file (implies --graph-kind file; n, classes from the file)" }),
    /** kind "file": labels file (default: path with its extension replaced by .labels). */
    labels: z.string().min(1).optional().meta({ describe: "labels file of --graph (default: GRAPH with .labels)" }),
    /** kind "file": node attribute holding the labels (json, gexf, graphml). */
    labelAttr: z.string().min(1).optional().meta({ describe: "node attribute of --graph holding the labels (json, gexf, graphml)" }),
    /** kind "file": SHA-256 of the graph / labels file (filled in by resolution; in the hash). */
    sha256: sha256.optional().meta({ flag: false }),
    labelsSha256: sha256.optional().meta({ flag: false }),
  })
  .strict();

export type GraphConfig = z.infer<typeof graphSchema>;

export const nameSchema = z
  .string()
  .regex(/^[A-Za-z0-9._-]+$/, "use letters, digits, '.', '_' or '-' (it names a folder)")
  .meta({ describe: "run name (folder under --out)" });
export const seedSchema = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).meta({ describe: "run seed (graphs, init)" });

export function isPlainObject(v: unknown): v is Record<string, unknown> {
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

/** Canonical JSON: keys sorted at every level, no whitespace, numbers as JSON.stringify writes them. */
export function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(",")}]`;
  if (isPlainObject(v)) {
    const keys = Object.keys(v).filter((k) => v[k] !== undefined).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(v[k])}`).join(",")}}`;
  }
  if (typeof v === "number" && !Number.isFinite(v)) throw new GncError(`${MODULE}: non-finite number ${v} in config`);
  return JSON.stringify(v);
}

/** SHA-256 (hex) of the canonical JSON of a resolved config. */
export function configHash(c: unknown): string {
  return createHash("sha256").update(canonicalJson(c)).digest("hex");
}

/** Sorted-key, pretty JSON of a config (what config.json holds). */
export function prettyConfig(cfg: unknown): string {
  return JSON.stringify(JSON.parse(canonicalJson(cfg)), null, 2) + "\n";
}

/** Parse with a zod schema; the first issue becomes one GncError line naming the source and field. */
export function validateWith<S extends z.ZodType>(schema: S, raw: unknown, source: string): z.output<S> {
  const r = schema.safeParse(raw);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  const where = issue.path.join(".");
  let msg = issue.message;
  if (issue.code === "unrecognized_keys") {
    const keys = (issue as { keys: string[] }).keys;
    msg = `unknown key${keys.length > 1 ? "s" : ""} ${keys.map((k) => `"${k}"`).join(", ")}`;
  }
  throw new GncError(`${MODULE}: ${source}: ${where ? where + ": " : ""}${msg.replace(/\s+/g, " ")}`);
}

/** Checks of the graph block that a schema cannot express; `where` prefixes the message. */
export function checkGraph(g: GraphConfig, where: string): void {
  const fileKeys = (["path", "labels", "labelAttr", "sha256", "labelsSha256"] as const).filter((k) => g[k] !== undefined);
  if (g.kind === "file") {
    if (g.path === undefined) throw new GncError(`${where}: graph.kind "file" needs graph.path`);
    if (g.labels !== undefined && g.labelAttr !== undefined) throw new GncError(`${where}: give graph.labels or graph.labelAttr, not both`);
    if (g.prior !== undefined) throw new GncError(`${where}: graph.prior applies to sampled graphs only, not graph.kind "file"`);
    return;
  }
  if (fileKeys.length > 0) {
    throw new GncError(`${where}: graph.${fileKeys[0]} applies to graph.kind "file" only (graph.kind is "${g.kind}")`);
  }
  if (g.n < g.classes) throw new GncError(`${where}: graph.n (${g.n}) must be at least graph.classes (${g.classes})`);
  if (g.pIn === 0 && g.pOut === 0) throw new GncError(`${where}: graph.pIn and graph.pOut are both 0: the graphs would have no edges`);
  if (g.prior !== undefined) {
    // The sampler's own rule, reported with this config's source.
    try {
      validatePrior(g.prior, g.classes);
    } catch (err) {
      throw new GncError(`${where}: graph.${(err as Error).message.replace(/^gnc\/graphs\/sbm: /, "")}`);
    }
  }
}

/** Read a JSON config file (preset or --config). */
export function readConfigFile(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    throw new GncError(`${MODULE}: ${file}: cannot read the file`);
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new GncError(`${MODULE}: ${file}: not valid JSON (${(err as Error).message.split("\n")[0]})`);
  }
}

/** Folder holding the presets (experiments/ at the package root). */
export function experimentsDir(): string {
  // src/runs/schema/common.ts and dist/runs/schema/common.js both sit three levels below the root.
  return path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../experiments");
}

/** The study a preset or config object belongs to (no "study" field: the GNN). */
export function studyOf(raw: unknown): string {
  return isPlainObject(raw) && typeof raw.study === "string" ? raw.study : "gnn";
}

/** Names of the shipped presets of one study (experiments/*.json whose "study" matches). */
export function presetNames(study = "gnn"): string[] {
  const dir = experimentsDir();
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .filter((f) => {
      try {
        return studyOf(JSON.parse(readFileSync(path.join(dir, f), "utf8"))) === study;
      } catch {
        return false;
      }
    })
    .map((f) => f.slice(0, -5))
    .sort();
}

/** Load a preset of one study by name from experiments/<name>.json. */
export function loadPreset(name: string, study = "gnn"): unknown {
  const file = path.join(experimentsDir(), `${name}.json`);
  const known = () => presetNames(study).join(", ") || "none";
  if (!/^[A-Za-z0-9._-]+$/.test(name) || !existsSync(file)) throw new GncError(`${MODULE}: unknown preset "${name}" (known: ${known()})`);
  const raw = readConfigFile(file);
  if (studyOf(raw) !== study) throw new GncError(`${MODULE}: preset "${name}" is a ${studyOf(raw)} preset, not ${study} (known: ${known()})`);
  return raw;
}

/** Does a config layer set graph.<key>? */
export function setsGraphKey(layer: unknown, key: string): boolean {
  return isPlainObject(layer) && isPlainObject(layer.graph) && layer.graph[key] !== undefined;
}

export interface ResolveOptions {
  preset?: string;
  configFile?: string;
  /** A partial nested config (only the fields the user set). */
  flags?: unknown;
}

/**
 * Merge defaults → preset → config file → flags, validating after each layer so an error names the
 * layer that introduced it. Returns the merged raw object and the file layer (file-graph resolution
 * needs to know which layer set n / classes).
 */
export function mergeLayers(
  defaults: unknown,
  study: string,
  opts: ResolveOptions,
  validate: (raw: unknown, source: string) => unknown,
): { merged: unknown; fileLayer: unknown } {
  let cur: unknown = defaults;
  let fileLayer: unknown;
  if (opts.preset) {
    cur = deepMerge(cur, loadPreset(opts.preset, study));
    validate(cur, `preset ${opts.preset}`);
  }
  if (opts.configFile) {
    fileLayer = readConfigFile(opts.configFile);
    if (studyOf(fileLayer) !== study && !(study === "gnn" && !isPlainObject(fileLayer))) {
      throw new GncError(`${MODULE}: ${opts.configFile}: a ${studyOf(fileLayer)} config, not ${study}`);
    }
    cur = deepMerge(cur, fileLayer);
    // When the flags switch graph.kind (--graph implies "file"), this layer may hold keys of the
    // other kind; the final check judges the merged result.
    if (!setsGraphKey(opts.flags, "kind")) validate(cur, opts.configFile);
  }
  if (opts.flags) cur = deepMerge(cur, opts.flags);
  return { merged: cur, fileLayer };
}
