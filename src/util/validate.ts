/**
 * One validator per concept shared by every command and config schema (issue 11: "one concept,
 * one check, one message"): seeds, sizes, probabilities, class priors.
 *
 *   seed         an integer in [0, 2^53 − 1] (Number.MAX_SAFE_INTEGER; util/rng.ts mixes all 53 bits)
 *   size         an integer in [min, max] (node and class counts, degrees, sample counts)
 *   probability  a number in [0, 1]
 *   prior        C non-negative finite numbers summing to 1 (tolerance 1e-9)
 *
 * Each check returns the value or throws a GncError "gnc/<module>: <name> must be …, got …".
 * `name` is the user's word for the value: a field in the library ("graph.pIn"), a flag at the
 * CLI ("--p-in") — the library never names flags, the CLI passes its own. The `is…` predicates
 * are for zod refinements (src/runs/schema), whose messages come from `…Rule` below.
 */
import { GncError } from "./errors.js";

export const SEED_RULE = "an integer in [0, 2^53 − 1]";
export const PROBABILITY_RULE = "a probability in [0, 1]";

function fail(module: string, what: string): never {
  throw new GncError(`gnc/${module}: ${what}`);
}

function show(v: unknown): string {
  return typeof v === "string" ? JSON.stringify(v) : Array.isArray(v) ? `[${v.join(", ")}]` : String(v);
}

export function isSeed(v: unknown): v is number {
  return typeof v === "number" && Number.isSafeInteger(v) && v >= 0;
}

export function isProbability(v: unknown): v is number {
  return typeof v === "number" && v >= 0 && v <= 1;
}

/** A seed (see banner). */
export function checkSeed(v: unknown, name: string, module: string): number {
  if (!isSeed(v)) fail(module, `${name} must be ${SEED_RULE}, got ${show(v)}`);
  return v;
}

/** An integer in [min, max] (default max: 2^31 − 1, what 32-bit node ids allow). */
export function checkSize(v: unknown, name: string, module: string, min = 0, max = 2 ** 31 - 1): number {
  if (typeof v !== "number" || !Number.isInteger(v) || v < min) fail(module, `${name} must be an integer ≥ ${min}, got ${show(v)}`);
  if (v > max) fail(module, `${name} = ${v} is too large (at most ${max})`);
  return v;
}

/** A probability in [0, 1]. */
export function checkProbability(v: unknown, name: string, module: string): number {
  if (!isProbability(v)) fail(module, `${name} must be ${PROBABILITY_RULE}, got ${show(v)}`);
  return v;
}

/** A class prior of C entries: non-negative, finite, summing to 1 within 1e-9. */
export function checkPrior(v: unknown, C: number, name: string, module: string): number[] {
  if (!Array.isArray(v)) fail(module, `${name} must be a list of ${C} numbers, got ${show(v)}`);
  if (v.length !== C) fail(module, `${name} needs ${C} entries (one per class), got ${v.length}`);
  let s = 0;
  for (const x of v) {
    if (!(typeof x === "number" && Number.isFinite(x) && x >= 0)) fail(module, `${name} entries must be non-negative numbers, got ${show(x)}`);
    s += x;
  }
  if (Math.abs(s - 1) > 1e-9) fail(module, `${name} must sum to 1, got ${s}`);
  return v as number[];
}

/** "0.3,0.7" → [0.3, 0.7], then checkPrior. */
export function parsePrior(text: string, C: number, name: string, module: string): number[] {
  const parts = text.split(",").map((s) => s.trim());
  const nums = parts.map((s) => (s === "" ? NaN : Number(s)));
  if (nums.some((x) => !Number.isFinite(x))) fail(module, `${name} must be ${C} numbers separated by commas, got ${show(text)}`);
  return checkPrior(nums, C, name, module);
}
