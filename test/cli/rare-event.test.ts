/** `gnc rare-event` end to end through the real CLI. */
import { describe, it, expect } from "vitest";
import { gnc } from "../helpers/cli.js";
import { rareEventBound, rareEventMonteCarlo } from "../../src/condition/rare-event.js";

function expectOneLineError(args: string[], what: RegExp): void {
  const r = gnc(args);
  expect(r.code).toBe(2);
  expect(r.stdout).toBe("");
  const lines = r.stderr.trimEnd().split("\n");
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(what);
  expect(r.stderr).not.toMatch(/\n\s+at /);
}

describe("gnc rare-event", () => {
  it("prints the paper's bound (~1e-185) as text and JSON", () => {
    const t = gnc(["rare-event", "--n", "1000", "--classes", "2", "--p-out", "0.0017"]);
    expect(t.code).toBe(0);
    expect(t.stdout).toMatch(/1\.85\d*e-185/);
    const j = JSON.parse(gnc(["rare-event", "--n", "1000", "--classes", "4", "--p-out", "0.0068", "--json"]).stdout);
    expect(j.log10Probability).toBe(rareEventBound({ n: 1000, classes: 4, pOut: 0.0068 }).log10Probability);
    expect(j.probability).toBe(0);
    expect(j.pairs).toBe(6);
  });

  it("adds the Monte-Carlo estimate with --samples, same numbers as the library", () => {
    const r = gnc(["rare-event", "--n", "6", "--classes", "2", "--p-in", "0.5", "--p-out", "0.5", "--samples", "300", "--seed", "4", "--json"]);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.monteCarlo).toEqual(rareEventMonteCarlo({ n: 6, classes: 2, pIn: 0.5, pOut: 0.5, samples: 300, seed: 4 }));
    expect(j.monteCarlo.ciLow).toBeLessThanOrEqual(j.probability);
  });

  it("bad input: one line, exit 2", () => {
    expectOneLineError(["rare-event", "--n", "10", "--classes", "2", "--p-out", "1.5"], /--p-out must be a probability in \[0, 1\], got 1.5/);
    expectOneLineError(["rare-event", "--n", "10", "--classes", "2", "--p-out", "-0.1"], /p-out/);
    expectOneLineError(["rare-event", "--n", "10", "--classes", "1", "--p-out", "0.1"], /classes/);
    expectOneLineError(["rare-event", "--n", "3", "--classes", "4", "--p-out", "0.1"], /--n \(3\) must be at least --classes \(4\)/);
    expectOneLineError(["rare-event", "--n", "10", "--classes", "2", "--p-out", "0.1", "--p-in", "0.2", "--samples", "5", "--seed", "-3"], /--seed must be an integer in \[0, 2\^53 − 1\], got -3/);
    expectOneLineError(["rare-event", "--n", "10", "--classes", "2", "--p-out", "0.1", "--p-in", "0.2", "--samples", "2.5"], /--samples must be an integer ≥ 1, got 2.5/);
    expectOneLineError(["rare-event", "--n", "10", "--classes", "2", "--p-out", "0.1", "--p-in", "2", "--samples", "5"], /p-in/);
    expectOneLineError(["rare-event", "--n", "10", "--classes", "2", "--p-out", "0.1", "--samples", "5"], /--p-in/);
  });
});
