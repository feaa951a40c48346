import { describe, expect, it } from "vitest";
import { formatLabels, labelsFromValues, parseLabels, resolveLabels } from "../../../src/graphs/io/labels.js";
import { expectInputError, Rng } from "./support.js";

const enc = (s: string) => new TextEncoder().encode(s);
const read = (s: string, ref?: { n: number; nodeIds?: string[] }) => resolveLabels(parseLabels(enc(s), "y.txt"), "y.txt", ref);

describe("labels files", () => {
  it("round-trips random label vectors", () => {
    const rng = Rng.seeded(3);
    for (let t = 0; t < 10; t++) {
      const y = new Int32Array(1 + rng.int(50)).map(() => rng.int(5));
      expect(Array.from(read(formatLabels(y), { n: y.length }))).toEqual(Array.from(y));
    }
  });

  it("reads node,label pairs in any order, matched through node ids, with a header", () => {
    const ids = ["a", "b", "c"];
    expect(Array.from(read("node,label\nc,2\na,0\nb,1\n", { n: 3, nodeIds: ids }))).toEqual([0, 1, 2]);
    expect(Array.from(read("2 1\n0 0\n1 1\n"))).toEqual([0, 1, 1]);
    expect(Array.from(read("# x\nlabel\n3\n1\n"))).toEqual([3, 1]);
    // Leading zeros still match numeric ids.
    expect(Array.from(read("01 1\n02 0\n", { n: 2, nodeIds: ["1", "2"] }))).toEqual([1, 0]);
  });

  it("errors name the file and the line", () => {
    expectInputError(() => read("0\n1\nx1\n"), "y.txt", 3, /not a number/);
    expectInputError(() => read("0\n-1\n"), "y.txt", 2, /negative/);
    expectInputError(() => read("0\n1.5\n"), "y.txt", 2, /not an integer/);
    expectInputError(() => read("0\n1\n0\n", { n: 2 }), "y.txt", 3, /more labels than the graph's 2/);
    expectInputError(() => read("0\n1\n", { n: 3 }), "y.txt", 2, /2 labels, fewer than the graph's 3 nodes/);
    expectInputError(() => read("a 0\nz 1\n", { n: 2, nodeIds: ["a", "b"] }), "y.txt", 2, /"z" is not in the graph/);
    expectInputError(() => read("a 0\na 1\n", { n: 2, nodeIds: ["a", "b"] }), "y.txt", 2, /twice \(first on line 1\)/);
    expectInputError(() => read("a 0\n", { n: 2, nodeIds: ["a", "b"] }), "y.txt", 1, /without a label for node "b"/);
    expectInputError(() => read("0\n1 1\n"), "y.txt", 2, /1 column/);
    expectInputError(() => read("1 2 3\n"), "y.txt", 1, /columns/);
    expectInputError(() => read("\n \n"), "y.txt", undefined, /empty/);
    expectInputError(() => read("# only\nlabel\n"), "y.txt", undefined, /no labels/);
  });
});

describe("labels from node attributes", () => {
  const ids = ["p", "q", "r", "s"];
  it("uses non-negative integers (numbers or digit strings) as they are", () => {
    expect(labelsFromValues([2, 0, 1, 2], ids, "y", "f")).toEqual({ labels: Int32Array.from([2, 0, 1, 2]) });
    expect(labelsFromValues(["2", "0", "1", "2"], ids, "y", "f").labels).toEqual(Int32Array.from([2, 0, 1, 2]));
  });
  it("maps categorical values to 0..C-1 in sorted order, keeping the names", () => {
    const r = labelsFromValues(["Officer", "Mr. Hi", "Officer", "Mr. Hi"], ids, "club", "f");
    expect(Array.from(r.labels)).toEqual([1, 0, 1, 0]);
    expect(r.labelNames).toEqual(["Mr. Hi", "Officer"]);
    const num = labelsFromValues([10, -1, 2.5, 10], ids, "y", "f");
    expect(Array.from(num.labels)).toEqual([2, 0, 1, 2]);
    expect(num.labelNames).toEqual(["-1", "2.5", "10"]);
  });
  it("a node without the attribute is an error naming the node", () => {
    expectInputError(() => labelsFromValues([0, undefined, 1, 1], ids, "y", "f.json"), "f.json", undefined, /node "q" has no "y"/);
  });
});
