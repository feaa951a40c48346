/** One test per malformed fixture in test/fixtures/bad: a GncError naming the file and line. */
import path from "node:path";
import { describe, it } from "vitest";
import { loadLabelledGraph, readGraph, readLabels } from "../../../src/graphs/io/index.js";
import { ROOT } from "../../helpers/cli.js";
import { expectInputError } from "./support.js";

const bad = (name: string) => path.join(ROOT, "test/fixtures/bad", name);

describe("bad input files", () => {
  it("truncated mtx", () => {
    expectInputError(() => readGraph(bad("truncated.mtx")), "truncated.mtx", 6, /ends after 3 of the 4 entries/);
  });
  it("out-of-range mtx index", () => {
    expectInputError(() => readGraph(bad("out-of-range.mtx")), "out-of-range.mtx", 5, /outside 1\.\.3/);
  });
  it("wrong mtx header", () => {
    expectInputError(() => readGraph(bad("bad-header.mtx")), "bad-header.mtx", 1, /header/);
  });
  it("dense array mtx", () => {
    expectInputError(() => readGraph(bad("array.mtx")), "array.mtx", 1, /array/);
  });
  it("non-numeric node id", () => {
    expectInputError(() => readGraph(bad("non-numeric.edges")), "non-numeric.edges", 3, /"three" is not a number/);
  });
  it("empty graph file", () => {
    expectInputError(() => readGraph(bad("empty.edges")), "empty.edges", undefined, /empty/);
  });
  it("empty labels file", () => {
    expectInputError(() => readLabels(bad("empty.labels"), { n: 3 }), "empty.labels", undefined, /empty/);
  });
  it("labels of the wrong length", () => {
    expectInputError(() => readLabels(bad("wrong-length.labels"), { n: 3 }), "wrong-length.labels", 3, /2 labels, fewer than the graph's 3 nodes/);
    expectInputError(
      () => loadLabelledGraph(bad("path3.edges"), { labels: bad("wrong-length.labels") }),
      "wrong-length.labels", 3, /2 labels, fewer than the graph's 3 nodes/,
    );
  });
  it("non-integer labels", () => {
    expectInputError(() => readLabels(bad("non-integer.labels"), { n: 3 }), "non-integer.labels", 3, /"0\.5" is not an integer/);
  });
});
