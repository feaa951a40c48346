/** One validator per concept (src/util/validate.ts): the boundary values either side of each rule. */
import { describe, expect, it } from "vitest";
import { checkPrior, checkProbability, checkSeed, checkSize, parsePrior } from "../../src/util/validate.js";
import { GncError } from "../../src/util/errors.js";

function msg(f: () => unknown): string {
  try { f(); } catch (e) { expect(e).toBeInstanceOf(GncError); return (e as Error).message; }
  throw new Error("expected a GncError");
}

describe("validators", () => {
  it("seeds: integers in [0, 2^53 − 1]", () => {
    for (const s of [0, 1, 2 ** 53 - 1]) expect(checkSeed(s, "seed", "m")).toBe(s);
    for (const s of [-1, -3, 0.5, 2 ** 53, NaN, "1", undefined]) expect(msg(() => checkSeed(s, "--seed", "m"))).toMatch(/^gnc\/m: --seed must be an integer in \[0, 2\^53 − 1\], got /);
  });

  it("sizes: integers in [min, max]", () => {
    expect(checkSize(5, "n", "m", 1)).toBe(5);
    expect(msg(() => checkSize(0, "n", "m", 1))).toBe("gnc/m: n must be an integer ≥ 1, got 0");
    expect(msg(() => checkSize(2.5, "n", "m", 1))).toBe("gnc/m: n must be an integer ≥ 1, got 2.5");
    expect(msg(() => checkSize(2 ** 31, "n", "m", 1))).toBe(`gnc/m: n = ${2 ** 31} is too large (at most ${2 ** 31 - 1})`);
  });

  it("probabilities: [0, 1], NaN refused", () => {
    for (const p of [0, 1e-300, 0.5, 1]) expect(checkProbability(p, "p", "m")).toBe(p);
    for (const p of [-1e-12, 1 + 1e-12, NaN, Infinity, "0.5"]) expect(msg(() => checkProbability(p, "graph.pIn", "m"))).toMatch(/graph.pIn must be a probability in \[0, 1\]/);
  });

  it("priors: C entries, non-negative, summing to 1 within 1e-9", () => {
    expect(checkPrior([0.3, 0.7], 2, "prior", "m")).toEqual([0.3, 0.7]);
    expect(checkPrior([0.1, 0.2, 0.7 + 5e-10], 3, "prior", "m")).toHaveLength(3);
    expect(msg(() => checkPrior([0.5, 0.5], 3, "prior", "m"))).toMatch(/needs 3 entries/);
    expect(msg(() => checkPrior([1.5, -0.5], 2, "prior", "m"))).toMatch(/non-negative numbers, got -0.5/);
    expect(msg(() => checkPrior([0.5, 0.6], 2, "prior", "m"))).toMatch(/must sum to 1, got 1.1/);
    expect(parsePrior(" 0.25, 0.75 ", 2, "--prior", "m")).toEqual([0.25, 0.75]);
    expect(msg(() => parsePrior("0.5,,0.5", 3, "--prior", "m"))).toMatch(/--prior must be 3 numbers separated by commas/);
  });
});
