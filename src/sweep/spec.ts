/**
 * A sweep definition: a study, its base config (preset, config file, partial config from flags),
 * the axes (config field → list of values), the variants (a named axis whose values are labelled
 * partial configs, e.g. loss = MSE | CE | label smoothing ε = 0.1 — one value sets several fields, and
 * may name its own preset), Cartesian product or zipped lists, K seeds per setting, and optional
 * spectral baselines run on every graph setting. `gnc sweep` builds one from its flags;
 * `gnc reproduce NAME` reads one from experiments/reproduce/NAME.json (with `quick` and `paper`
 * scales that override the base config and the seed count).
 */
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { GncError } from "../util/errors.js";
import { deepMerge, experimentsDir, readConfigFile, validateWith } from "../runs/schema/common.js";
import { SPECTRAL_OPERATORS } from "../runs/schema/spectral.js";
import { STUDIES } from "./studies.js";

export const SCALES = ["quick", "paper"] as const;

const axisValue = z.union([z.number(), z.string(), z.boolean()]);

/** One value of a variant axis: a label (what the summary and the figures show) and a partial config. */
const variantSchema = z
  .object({
    label: z.string().min(1),
    /** A preset replacing the sweep's for this value (e.g. paper-c4 for the C = 4 settings). */
    preset: z.string().optional(),
    config: z.record(z.string(), z.unknown()).default({}),
  })
  .strict();

export type SweepVariant = z.infer<typeof variantSchema>;

/** Variant axis name → its labelled values (names are summary columns: letters, digits, '_'). */
const variantsSchema = z.record(z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/, "name variant axes with letters, digits and '_'"), z.array(variantSchema).min(1));

/** Which swept field colours the lines and dots of the sweep figures, and which splits them into panels. */
const figureLayoutSchema = z.object({ color: z.string().optional(), facet: z.string().optional() }).strict();

const scaleSchema = z
  .object({
    /** Partial config merged over `config` at this scale. */
    config: z.record(z.string(), z.unknown()).optional(),
    /** Axes replaced at this scale. */
    axes: z.record(z.string(), z.array(axisValue).min(1)).optional(),
    /** Variant axes replaced at this scale. */
    variants: variantsSchema.optional(),
    seeds: z.number().int().min(1).optional(),
  })
  .strict();

export const sweepSpecSchema = z
  .object({
    name: z.string().regex(/^[A-Za-z0-9._-]+$/, "use letters, digits, '.', '_' or '-' (it names a folder)"),
    title: z.string().optional(),
    /** What the experiment reproduces or asks (shown by --list and in the report). */
    description: z.string().optional(),
    study: z.enum(STUDIES).default("gnn"),
    preset: z.string().optional(),
    /** Partial config of the study (the flags' layer). */
    config: z.record(z.string(), z.unknown()).default({}),
    /** Config field (dotted path) → values. */
    axes: z.record(z.string(), z.array(axisValue).min(1)).default({}),
    /** Variant axis name → labelled partial configs, crossed with the axes (after them). */
    variants: variantsSchema.default({}),
    /** Pair the axes' lists element by element instead of taking their product. */
    zip: z.boolean().default(false),
    seeds: z.number().int().min(1).default(1),
    /** Spectral baselines on every graph setting (GNN sweeps). */
    spectral: z.array(z.enum(SPECTRAL_OPERATORS)).default([]),
    scales: z.object({ quick: scaleSchema.optional(), paper: scaleSchema.optional() }).strict().optional(),
    figures: figureLayoutSchema.optional(),
  })
  .strict();

export type SweepSpec = z.infer<typeof sweepSpecSchema>;

/** Folder of the `gnc reproduce` experiments. */
export function reproduceDir(): string {
  return path.join(experimentsDir(), "reproduce");
}

export function experimentNames(): string[] {
  const dir = reproduceDir();
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter((f) => f.endsWith(".json")).map((f) => f.slice(0, -5)).sort();
}

/** Read and validate experiments/reproduce/NAME.json. */
export function loadExperiment(name: string): SweepSpec {
  const file = path.join(reproduceDir(), `${name}.json`);
  if (!/^[A-Za-z0-9._-]+$/.test(name) || !existsSync(file)) {
    throw new GncError(`gnc/sweep: unknown experiment "${name}" (known: ${experimentNames().join(", ") || "none"})`);
  }
  const spec = validateWith(sweepSpecSchema, readConfigFile(file), file) as SweepSpec;
  if (spec.name !== name) throw new GncError(`gnc/sweep: ${file}: name "${spec.name}" differs from the file name "${name}"`);
  return spec;
}

/**
 * `gnc reproduce NAME --scale S` as a sweep: the experiment at that scale, named NAME-S (so the
 * scales of one experiment live side by side under OUT/sweeps/), with the command that makes it.
 */
export function reproduction(name: string, scale: (typeof SCALES)[number]): { spec: SweepSpec; command: string } {
  const spec = atScale(loadExperiment(name), scale);
  return { spec: { ...spec, name: `${spec.name}-${scale}` }, command: `gnc reproduce ${name} --scale ${scale}` };
}

/** The spec at one scale: the scale's config merged over the base, its axes and seeds replacing the base's. */
export function atScale(spec: SweepSpec, scale: (typeof SCALES)[number] | undefined): SweepSpec {
  const s = scale ? spec.scales?.[scale] : undefined;
  if (!s) return spec;
  return {
    ...spec,
    config: deepMerge(spec.config, s.config ?? {}) as Record<string, unknown>,
    axes: { ...spec.axes, ...(s.axes ?? {}) },
    variants: { ...spec.variants, ...(s.variants ?? {}) },
    seeds: s.seeds ?? spec.seeds,
  };
}
