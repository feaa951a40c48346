/**
 * Sizes a file declares are checked before anything is allocated (found by test/fuzz): an edge
 * list's "# gnc: nodes=" directive or one huge id, a Matrix Market size line, a labels file's
 * largest node index, an empty .npy — each a GncError in words, never a RangeError or gigabytes.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import path from "node:path";
import { writeFileSync } from "node:fs";
import { parseEdgeList } from "../../../src/graphs/io/edgelist.js";
import { parseMtx } from "../../../src/graphs/io/mtx.js";
import { parseLabels, resolveLabels } from "../../../src/graphs/io/labels.js";
import { loadLabelledGraph } from "../../../src/graphs/io/index.js";
import { readMatrixFile } from "../../../src/util/matrix-file.js";
import { encodeNpy } from "../../../src/util/npy.js";
import { GncError } from "../../../src/util/errors.js";
import { tempDir } from "./support.js";

const enc = (s: string) => new TextEncoder().encode(s);
const dir = tempDir();

function refused(f: () => unknown, re: RegExp): void {
  const t0 = performance.now();
  let err: unknown;
  try { f(); } catch (e) { err = e; }
  expect(err).toBeInstanceOf(GncError);
  expect((err as Error).message).toMatch(re);
  expect(performance.now() - t0).toBeLessThan(1000);
}

describe("declared sizes", () => {
  let saved: string | undefined;
  beforeEach(() => { saved = process.env.GNC_MAX_MEMORY; process.env.GNC_MAX_MEMORY = "64M"; });
  afterEach(() => { if (saved === undefined) delete process.env.GNC_MAX_MEMORY; else process.env.GNC_MAX_MEMORY = saved; });

  it("edge list: a huge nodes= directive, and one huge id", () => {
    refused(() => parseEdgeList(enc("# gnc: nodes=21474836480 base=0\n0 1\n"), "g.edges"), /g\.edges: line 1: 21474836480 nodes is above the 2\^31 − 2/);
    refused(() => parseEdgeList(enc("# gnc: nodes=100000000\n0 1\n"), "g.edges"), /line 1: 100000000 nodes need about [0-9.]+ GB of memory, above the budget of 64 MB \(GNC_MAX_MEMORY/);
    refused(() => parseEdgeList(enc("0 1\n1 2147483000\n"), "g.edges"), /g\.edges: line 2: 2147483001 nodes need about/);
    expect(parseEdgeList(enc("# gnc: nodes=1000 base=0\n0 1\n"), "g.edges").graph.n).toBe(1000);
  });

  it("Matrix Market: a huge size line", () => {
    refused(() => parseMtx(enc("%%MatrixMarket matrix coordinate pattern symmetric\n2000000000 2000000000 0\n"), "g.mtx"), /g\.mtx: line 2: 2000000000 nodes need about/);
  });

  it("labels: node indices far beyond the entries given", () => {
    const p = parseLabels(enc("0,1\n99999999999999999999,0\n"), "y.labels");
    refused(() => resolveLabels(p, "y.labels"), /nodes are 0-based indices up to 100000000000000000000, but only 2 node\(s\) are labelled/);
    const g = path.join(dir, "g.edges"), y = path.join(dir, "g.labels");
    writeFileSync(g, "0 1\n1 2\n");
    writeFileSync(y, "0,1\n1,0\n2,1\n999999999,0\n");
    refused(() => loadLabelledGraph(g, { labels: y }), /g\.labels: 1000000000 nodes need about/);
  });

  it(".npy: an empty array is not a matrix", () => {
    const f = path.join(dir, "e.npy");
    writeFileSync(f, encodeNpy({ dtype: "<f8", shape: [0, 99999999999], data: new Float64Array(0) }));
    refused(() => readMatrixFile(f), /the array is empty, shape \(0, 99999999999\)/);
  });
});
