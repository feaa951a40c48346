import { describe, expect, it } from "vitest";
import { formatMtx, parseMtx } from "../../../src/graphs/io/mtx.js";
import { edgeSet, expectInputError, randomGraph, Rng } from "./support.js";

const enc = (s: string) => new TextEncoder().encode(s);
const parse = (s: string) => parseMtx(enc(s), "a.mtx");
const H = "%%MatrixMarket matrix coordinate";

describe("Matrix Market", () => {
  it("round-trips random graphs (pattern symmetric, lower triangle)", () => {
    const rng = Rng.seeded(7);
    for (let t = 0; t < 20; t++) {
      const g = randomGraph(rng, 1 + rng.int(40), rng.uniform() * 0.3);
      const text = formatMtx(g);
      for (const line of text.split("\n").slice(3, -1)) {
        const [i, j] = line.split(" ").map(Number);
        expect(i).toBeGreaterThan(j); // lower triangle, 1-based
      }
      const back = parseMtx(enc(text), "a.mtx");
      expect(back.graph.n).toBe(g.n);
      expect(edgeSet(back.graph)).toEqual(edgeSet(g));
      expect(back.warnings).toEqual([]);
      expect(back.nodeIds[0]).toBe("1");
    }
  });

  it("reads a symmetric general matrix without warnings, symmetrises an asymmetric one with one", () => {
    const sym = parse(`${H} pattern general\n% c\n3 3 4\n1 2\n2 1\n2 3\n3 2\n`);
    expect(edgeSet(sym.graph)).toEqual(["0-1", "1-2"]);
    expect(sym.warnings).toEqual([]);
    const asym = parse(`${H} pattern general\n3 3 2\n1 2\n3 2\n`);
    expect(edgeSet(asym.graph)).toEqual(["0-1", "1-2"]);
    expect(asym.warnings.join()).toMatch(/not symmetric/);
  });

  it("ignores values with one warning and drops the diagonal", () => {
    const r = parse(`${H} real symmetric\n3 3 3\n2 1 0.5\n3 3 1e3\n3 1 -2\n`);
    expect(edgeSet(r.graph)).toEqual(["0-1", "0-2"]);
    expect(r.warnings.filter((w) => /values/.test(w))).toHaveLength(1);
    expect(r.warnings.join()).toMatch(/1 diagonal/);
  });

  it("validates header, size line and entries with file and line", () => {
    expectInputError(() => parse(`${H} complex general\n2 2 0\n`), "a.mtx", 1, /field/);
    expectInputError(() => parse(`${H} pattern hermitian\n2 2 0\n`), "a.mtx", 1, /symmetry/);
    expectInputError(() => parse(`%%MatrixMarket vector coordinate pattern general\n2 2 0\n`), "a.mtx", 1, /object/);
    expectInputError(() => parse(`${H} pattern general\n% c\n2 3 0\n`), "a.mtx", 3, /square/);
    expectInputError(() => parse(`${H} pattern general\n2 2\n`), "a.mtx", 2, /size line/);
    expectInputError(() => parse(`${H} pattern general\n2 2 1\n1 x\n`), "a.mtx", 3, /"x" is not a number/);
    expectInputError(() => parse(`${H} pattern general\n2 2 1\n0 1\n`), "a.mtx", 3, /outside 1\.\.2/);
    expectInputError(() => parse(`${H} integer general\n2 2 1\n1 2\n`), "a.mtx", 3, /expected 3 numbers/);
    expectInputError(() => parse(`${H} pattern general\n2 2 1\n1 2\n2 1\n`), "a.mtx", 4, /more entries than the 1/);
    expectInputError(() => parse(`${H} pattern general\n% only comments\n`), "a.mtx", undefined, /size line/);
    expectInputError(() => parse(`${H} pattern general\n9 9 1000000000\n1 2\n`), "a.mtx", 3, /ends after 1 of/);
    expectInputError(() => parse(""), "a.mtx", undefined, /empty/);
  });
});
