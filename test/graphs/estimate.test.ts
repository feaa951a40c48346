/**
 * Size estimates before sampling (src/graphs/estimate.ts): E[m] against an independent sum over
 * every node pair (float64, small N) and against the mean of real samples; byte sizes parsed.
 */
import { describe, expect, it } from "vitest";
import { checkGraphLimits, checkMemory, expectedSbmEdges, parseByteSize, regularSbmEdges } from "../../src/graphs/estimate.js";
import { sampleSbm } from "../../src/graphs/sbm.js";
import { sampleRegularSbm } from "../../src/graphs/regular-sbm.js";
import { edgeCount } from "../../src/graphs/csr.js";
import { GncError } from "../../src/util/errors.js";
import { Rng } from "../../src/util/rng.js";

/** Σ over pairs i < j of P[c_i][c_j], block layout with sizes floor(N·π_c), last the rest. */
function pairSum(n: number, prior: number[], p: number, q: number, or: boolean): number {
  const cls: number[] = [];
  let used = 0;
  prior.forEach((pi, c) => {
    const s = c < prior.length - 1 ? Math.floor(n * pi) : n - used;
    used += s;
    for (let k = 0; k < s; k++) cls.push(c);
  });
  let sum = 0;
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) {
    const x = cls[i] === cls[j] ? p : q;
    sum += or ? 1 - (1 - x) * (1 - x) : x;
  }
  return sum;
}

describe("expected SBM edges", () => {
  it("equals the sum over all pairs (random settings)", () => {
    const rng = Rng.seeded(5);
    for (let t = 0; t < 20; t++) {
      const C = 2 + rng.int(4);
      const n = C + rng.int(120);
      const raw = Array.from({ length: C }, () => rng.uniform() + 0.05);
      const s = raw.reduce((a, b) => a + b, 0);
      const prior = raw.map((x) => x / s);
      const p = rng.uniform(), q = rng.uniform() * 0.3;
      const or = rng.uniform() < 0.5;
      const e = expectedSbmEdges({ n, classes: C, pIn: p, pOut: q, prior, pairSampling: or ? "or" : "single" });
      const ref = pairSum(n, prior, p, q, or);
      expect(Math.abs(e - ref)).toBeLessThanOrEqual(1e-9 * Math.max(1, ref));
    }
  });

  it("matches the mean edge count of real samples (within 4 standard errors)", () => {
    const rng = Rng.seeded(11);
    const o = { n: 300, classes: 3, pIn: 0.05, pOut: 0.01, prior: [0.2, 0.3, 0.5] };
    const counts = Array.from({ length: 40 }, () => edgeCount(sampleSbm(o, rng).graph));
    const mean = counts.reduce((a, b) => a + b, 0) / counts.length;
    const sd = Math.sqrt(counts.reduce((a, b) => a + (b - mean) ** 2, 0) / (counts.length - 1));
    expect(Math.abs(mean - expectedSbmEdges(o))).toBeLessThan(4 * sd / Math.sqrt(counts.length));
  });

  it("regular SBM: exact", () => {
    const r = sampleRegularSbm({ n: 60, classes: 3, kIn: 4, kOut: 2 }, Rng.seeded(1));
    expect(edgeCount(r.graph)).toBe(regularSbmEdges(60, 3, 4, 2));
  });
});

describe("limits", () => {
  it("parses byte sizes", () => {
    expect(parseByteSize("512M")).toBe(512 * 2 ** 20);
    expect(parseByteSize("8G")).toBe(8 * 2 ** 30);
    expect(parseByteSize("1.5GB")).toBe(1.5 * 2 ** 30);
    expect(parseByteSize("2e9")).toBe(2e9);
    expect(parseByteSize("4 KiB")).toBe(4096);
    for (const bad of ["", "G", "-1G", "0", "1X", "abc"]) expect(parseByteSize(bad)).toBeUndefined();
  });

  it("refuses above the budget with the numbers, and Int32 overflows", () => {
    expect(() => checkMemory([{ label: "a", bytes: 100 }], 100)).not.toThrow();
    expect(() => checkMemory([{ label: "edges", bytes: 3 * 2 ** 30 }, { label: "csr", bytes: 2 ** 30 }], 2 ** 30, "the budget"))
      .toThrowError(/needs about 4 GB \(edges 3 GB, csr 1 GB\), above the budget of 1 GB/);
    expect(() => checkGraphLimits(1e8, 1.25e14)).toThrowError(GncError);
    expect(() => checkGraphLimits(2 ** 31, 10)).toThrowError(/32-bit node ids/);
    expect(() => checkGraphLimits(1e6, 1e8)).not.toThrow();
  });
});
