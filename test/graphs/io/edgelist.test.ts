import { describe, expect, it } from "vitest";
import { parseEdgeList, formatEdgeList } from "../../../src/graphs/io/edgelist.js";
import { csrFromEdges } from "../../../src/graphs/csr.js";
import { edgeSet, expectInputError, randomGraph, Rng } from "./support.js";

const enc = (s: string) => new TextEncoder().encode(s);
const parse = (s: string, base?: 0 | 1 | "auto") => parseEdgeList(enc(s), "g.edges", { base });

/** Slow, obvious reference reader: split lines and tokens with regexes. */
function referenceParse(text: string): { n: number; edges: string[] } {
  const pairs: [number, number][] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/[#%].*$/, "").trim();
    if (line === "") continue;
    const t = line.split(/[\s,]+/);
    if (t.length < 2) throw new Error(`bad reference line ${JSON.stringify(raw)}`);
    pairs.push([Number(t[0]), Number(t[1])]);
  }
  const ids = pairs.flat();
  const min = Math.min(...ids), max = Math.max(...ids);
  const base = min === 1 ? 1 : 0;
  const set = new Set<string>();
  for (const [a, b] of pairs) {
    if (a === b) continue;
    const [i, j] = a < b ? [a - base, b - base] : [b - base, a - base];
    set.add(`${i}-${j}`);
  }
  return { n: max + 1 - base, edges: [...set].sort() };
}

describe("edge lists", () => {
  it("matches a regex reference on random files with mixed separators, comments and duplicates", () => {
    const rng = Rng.seeded(11);
    const seps = [" ", "\t", ",", ", ", "  \t"];
    for (let trial = 0; trial < 40; trial++) {
      const n = 2 + rng.int(30), m = 1 + rng.int(60), base = rng.int(2);
      const lines: string[] = [];
      for (let k = 0; k < m; k++) {
        const a = rng.int(n) + base, b = rng.int(n) + base;
        const r = rng.uniform();
        if (r < 0.1) lines.push("# comment " + k);
        else if (r < 0.15) lines.push("");
        else if (r < 0.2) lines.push("% other comment");
        lines.push(`${a}${seps[rng.int(seps.length)]}${b}${rng.uniform() < 0.2 ? " # trailing" : ""}`);
      }
      const text = lines.join(rng.uniform() < 0.5 ? "\n" : "\r\n");
      const ref = referenceParse(text);
      const got = parse(text);
      expect(got.graph.n).toBe(ref.n);
      expect(edgeSet(got.graph)).toEqual(ref.edges);
    }
  });

  it("auto base: 1-based only when the smallest id is 1", () => {
    expect(parse("1 2\n2 3\n").base).toBe(1);
    expect(parse("1 2\n2 3\n").graph.n).toBe(3);
    expect(parse("1 2\n2 3\n").nodeIds).toEqual(["1", "2", "3"]);
    expect(parse("0 2\n2 3\n").base).toBe(0);
    expect(parse("2 3\n").base).toBe(0);
    expect(parse("2 3\n").graph.n).toBe(4);
    expect(parse("1 2\n", 0).graph.n).toBe(3);
  });

  it("rejects id 0 when told the ids are 1-based", () => {
    expectInputError(() => parse("1 2\n0 2\n", 1), "g.edges", 2, /id 0/);
  });

  it("ignores a weight column with one warning, and counts self-loops and duplicates", () => {
    const r = parse("0 1 0.5\n1 2 3\n2 1\n2 2\n0 1\n");
    expect(edgeSet(r.graph)).toEqual(["0-1", "1-2"]);
    expect(r.warnings.filter((w) => w.includes("weights"))).toHaveLength(1);
    expect(r.warnings.some((w) => w.includes("line 1"))).toBe(true);
    expect(r.stats).toEqual({ given: 5, selfLoops: 1, duplicates: 2 });
    expect(r.warnings.some((w) => /1 self-loop/.test(w))).toBe(true);
    expect(r.warnings.some((w) => /2 duplicate/.test(w))).toBe(true);
  });

  it("skips a header line of words with a warning", () => {
    const r = parse("source,target\n0,1\n1,2\n");
    expect(edgeSet(r.graph)).toEqual(["0-1", "1-2"]);
    expect(r.warnings[0]).toMatch(/line 1.*header/);
  });

  it("names file and line for bad ids and column counts", () => {
    expectInputError(() => parse("0 1\n1 x\n"), "g.edges", 2, /"x" is not a number/);
    expectInputError(() => parse("0 1\n# c\n-1 2\n"), "g.edges", 3, /negative/);
    expectInputError(() => parse("0 1\n1.5 2\n"), "g.edges", 2, /not an integer/);
    expectInputError(() => parse("0 1 2 3\n"), "g.edges", 1, /2 or 3 columns/);
    expectInputError(() => parse("0\n"), "g.edges", 1, /2 or 3 columns/);
    expectInputError(() => parse("0 1\nsource target\n"), "g.edges", 2, /not a number/);
  });

  it("rejects empty files and files without edges", () => {
    expectInputError(() => parse(""), "g.edges", undefined, /empty/);
    expectInputError(() => parse("  \n\n"), "g.edges", undefined, /empty/);
    expectInputError(() => parse("# nothing\n"), "g.edges", undefined, /no edges/);
  });

  it("round-trips random graphs through the writer, isolated trailing nodes included", () => {
    const rng = Rng.seeded(5);
    for (let trial = 0; trial < 20; trial++) {
      const n = 1 + rng.int(40);
      const g = randomGraph(rng, n, rng.uniform() * 0.3);
      const back = parse(formatEdgeList(g));
      expect(back.graph.n).toBe(n);
      expect(back.nFromIds).toBe(false);
      expect(Array.from(back.graph.rowPtr)).toEqual(Array.from(g.rowPtr));
      expect(Array.from(back.graph.cols)).toEqual(Array.from(g.cols));
      expect(back.warnings).toEqual([]);
    }
    // A graph without edges still round-trips through the directive.
    const empty = csrFromEdges(3, [], []).graph;
    expect(parse(formatEdgeList(empty)).graph.n).toBe(3);
  });

  it("the directive's node count bounds the ids", () => {
    expectInputError(() => parse("# gnc: nodes=2 base=0\n0 1\n1 2\n"), "g.edges", 3, /outside the declared 2 nodes/);
  });
});
