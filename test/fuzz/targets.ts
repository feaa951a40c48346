/**
 * The readers under fuzz (issue 11), shared by test/fuzz/readers.test.ts (a bounded, seeded run in
 * the suite) and scripts/fuzz.ts (`npm run fuzz`, many more cases).
 *
 * Each target has valid seed files (made by gnc's own writers, so they parse) and `read(bytes)`,
 * which runs the reader the commands use on those bytes; `check(out)` states what a CORRECT parse
 * means for that reader (a CSR graph that is symmetric, sorted, loop-free and in range; labels ≥ 0;
 * finite matrices of the announced shape; numbers that are what their cells say). The property
 * (`fuzzOutcome`) is: a correct parse, or a GncError with exit code 2 and a one-line message —
 * never another exception, never a parse taking seconds, never NaN or partial output.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { GncError } from "../../src/util/errors.js";
import { Rng } from "../../src/util/rng.js";
import type { CsrGraph } from "../../src/graphs/csr.js";
import { formatEdgeList, parseEdgeList } from "../../src/graphs/io/edgelist.js";
import { formatMtx, parseMtx } from "../../src/graphs/io/mtx.js";
import { formatGraphologyJson, parseGraphologyJson } from "../../src/graphs/io/json.js";
import { formatGexf, formatGraphml, parseGexf, parseGraphml } from "../../src/graphs/io/xml.js";
import { formatLabels, parseLabels, resolveLabels } from "../../src/graphs/io/labels.js";
import { parseIntVector, parseMatrixCsv, readMatrixFile } from "../../src/util/matrix-file.js";
import { encodeNpy } from "../../src/util/npy.js";
import { readConfigFile, canonicalJson } from "../../src/runs/schema/common.js";
import { validateConfig } from "../../src/runs/schema/gnn.js";
import { loadMetrics, METRIC_COLUMNS } from "../../src/report/run-data.js";
import { parseCsv, requireColumns } from "../../src/report/csv.js";
import { csrFromEdges } from "../../src/graphs/csr.js";

export interface FuzzTarget {
  name: string;
  /** Valid files: truncated at every offset and mutated by the properties. */
  valid: Uint8Array[];
  /** Bytes that matter to this format's syntax (mutations draw from them half the time). */
  alphabet: string;
  read(bytes: Uint8Array): unknown;
  /** Throw (a plain Error) when `out` is not a correct parse of `bytes`. */
  check(out: unknown, bytes: Uint8Array): void;
}

const enc = (s: string) => new TextEncoder().encode(s);
const text = (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString("utf8");

function must(cond: unknown, what: string): asserts cond {
  if (!cond) throw new Error(`incorrect parse: ${what}`);
}

/** The CSR invariants (src/graphs/csr.ts): every reader's graph must satisfy them. */
export function checkCsr(g: CsrGraph): void {
  const { n, rowPtr, cols } = g;
  must(Number.isInteger(n) && n >= 0, `n = ${n}`);
  must(rowPtr.length === n + 1 && rowPtr[0] === 0 && rowPtr[n] === cols.length, "rowPtr shape");
  for (let i = 0; i < n; i++) {
    must(rowPtr[i] <= rowPtr[i + 1], `rowPtr decreases at ${i}`);
    for (let k = rowPtr[i]; k < rowPtr[i + 1]; k++) {
      const j = cols[k];
      must(j >= 0 && j < n && j !== i, `neighbour ${j} of ${i}`);
      if (k > rowPtr[i]) must(cols[k - 1] < j, `row ${i} not strictly sorted`);
      // symmetric: i in row j (linear scan is fine for fuzz-sized graphs)
      let found = false;
      for (let t = rowPtr[j]; t < rowPtr[j + 1] && !found; t++) found = cols[t] === i;
      must(found, `edge ${i}→${j} without ${j}→${i}`);
    }
  }
}

function checkKeyed(out: unknown): void {
  const r = out as { graph: CsrGraph; nodeIds: string[]; labels?: Int32Array };
  checkCsr(r.graph);
  must(r.nodeIds.length === r.graph.n, "one id per node");
  must(new Set(r.nodeIds).size === r.nodeIds.length, "ids unique");
  if (r.labels) checkLabels(r.labels, r.graph.n);
}

function checkLabels(y: Int32Array, n?: number): void {
  must(y instanceof Int32Array && y.length > 0, "labels array");
  if (n !== undefined) must(y.length === n, "one label per node");
  for (const v of y) must(v >= 0, `label ${v}`);
}

function checkMatrix(out: unknown): void {
  const m = out as { data: Float64Array; rows: number; cols: number };
  must(m.rows >= 1 && m.cols >= 1 && m.data.length === m.rows * m.cols, `shape ${m.rows}×${m.cols} with ${m.data.length} values`);
  for (const v of m.data) must(Number.isFinite(v), `value ${v}`);
}

/** A small random labelled graph (seeded), the input of the writers. */
function sample(seed: number, n: number, p: number): { graph: CsrGraph; labels: Int32Array } {
  const rng = Rng.seeded(seed);
  const src: number[] = [], dst: number[] = [];
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) if (rng.uniform() < p) { src.push(i); dst.push(j); }
  const labels = Int32Array.from({ length: n }, () => rng.int(3));
  return { graph: csrFromEdges(n, src, dst).graph, labels };
}

const G1 = sample(1, 9, 0.35), G2 = sample(2, 14, 0.2);

/** Temp files for the readers that take a path. */
const scratch = mkdtempSync(path.join(tmpdir(), "gnc-fuzz-"));
let fileNo = 0;
function viaFile<T>(ext: string, bytes: Uint8Array, read: (file: string) => T): T {
  const file = path.join(scratch, `f${fileNo++ % 8}${ext}`);
  writeFileSync(file, bytes);
  return read(file);
}
export function cleanupFuzzFiles(): void {
  rmSync(scratch, { recursive: true, force: true });
}

const NUMERIC = "0123456789-+.eE,\n \t#%";

function metricsCsv(): string {
  const rows = [METRIC_COLUMNS.join(",")];
  rows.push("r1,0,0,test,1,H,out,nc1,0.5,0.1,-0.3,0.02");
  rows.push("r1,1,500,test,2,HA,out,overlap,0.75,,NaN,Infinity");
  rows.push('"r,2",2,1000,test,3,H,"a ""q""",trSigmaW,1e-3,2,-3,0');
  return rows.join("\n") + "\n";
}

const NONFINITE_CELLS = new Set(["", "NaN", "nan"]);

export const TARGETS: FuzzTarget[] = [
  {
    name: "edge list",
    valid: [enc(formatEdgeList(G1.graph)), enc("# a comment\nsource,target\n1,2\n2,3,0.5\n3 1\n\n")],
    alphabet: NUMERIC + "gnc:nodes=base",
    read: (b) => parseEdgeList(b, "g.edges"),
    check: checkKeyed,
  },
  {
    name: "Matrix Market",
    valid: [enc(formatMtx(G1.graph)), enc("%%MatrixMarket matrix coordinate real general\n% c\n4 4 3\n1 2 0.5\n3 4 1\n2 2 7\n")],
    alphabet: NUMERIC + "%MatrixMarket coordinate pattern real symmetric general",
    read: (b) => parseMtx(b, "g.mtx"),
    check: checkKeyed,
  },
  {
    name: "graphology JSON",
    valid: [enc(formatGraphologyJson(G1.graph, G1.labels)), enc(formatGraphologyJson(G2.graph))],
    alphabet: '{}[]":,0123456789 \nkeysourcetargetnodesedgesattributesundirected',
    read: (b) => parseGraphologyJson(text(b), "g.json", b.length % 2 === 0 ? "label" : undefined),
    check: checkKeyed,
  },
  {
    name: "GEXF",
    valid: [enc(formatGexf(G1.graph, G1.labels))],
    alphabet: '<>/="? \nnodeedgeidsourcetargetattvalue0123456789',
    read: (b) => parseGexf(text(b), "g.gexf", "label"),
    check: checkKeyed,
  },
  {
    name: "GraphML",
    valid: [enc(formatGraphml(G2.graph, G2.labels))],
    alphabet: '<>/="? \nnodeedgeidsourcetargetdatakey0123456789',
    read: (b) => parseGraphml(text(b), "g.graphml", "label"),
    check: checkKeyed,
  },
  {
    name: "labels",
    valid: [enc(formatLabels(G1.labels)), enc("node,label\na,1\nb,0\nc,2\n")],
    alphabet: NUMERIC + "abnodelabel",
    read: (b) => {
      const p = parseLabels(b, "y.labels");
      // The pairs layout without a graph needs 0-based node indices; either way the result is labels.
      return resolveLabels(p, "y.labels", p.kind === "pairs" ? { n: p.nodes.length, nodeIds: p.nodes } : undefined);
    },
    check: (out) => checkLabels(out as Int32Array),
  },
  {
    name: "CSV matrix",
    valid: [enc("f0,f1,f2\n0.5,-1,2e-3\n1,2,3\n# c\n\n4,5,6\n"), enc("1\n2\n3\n")],
    alphabet: NUMERIC + "nanifinityNaNInf",
    read: (b) => parseMatrixCsv(text(b), "f.csv"),
    check: checkMatrix,
  },
  {
    name: "integer vector",
    valid: [enc("label\n0\n1\n2\n-3\n")],
    alphabet: NUMERIC + "label",
    read: (b) => parseIntVector(text(b), "y.txt"),
    check: (out) => {
      const y = out as Int32Array;
      must(y instanceof Int32Array && y.length > 0, "non-empty Int32Array");
    },
  },
  {
    name: ".npy",
    valid: [
      encodeNpy({ dtype: "<f8", shape: [3, 2], data: Float64Array.from([0.5, -1, 2, 3, 1e-300, 7]) }),
      encodeNpy({ dtype: "<i4", shape: [2, 2], data: Int32Array.from([1, -2, 3, 4]) }, { version: 2 }),
      encodeNpy({ dtype: "<f4", shape: [1, 3], data: Float32Array.from([1, 2, 3]) }),
    ],
    alphabet: "\x93NUMPY{}()'<>:, descrfortran_ordershapeTrueFalsef8i4u1\x00\x01\x02\x03\xff",
    read: (b) => viaFile(".npy", b, readMatrixFile),
    check: checkMatrix,
  },
  {
    name: "config JSON",
    valid: [enc(JSON.stringify({ name: "x", seed: 3, graph: { n: 50, classes: 2, pIn: 0.1, pOut: 0.01 }, train: { epochs: 2, lr: 0.01 } }))],
    alphabet: '{}[]":,.0123456789- \nnameseedgraphtrainpInpOutclassestruefalsenull',
    read: (b) => viaFile(".json", b, (f) => validateConfig(readConfigFile(f), f)),
    check: (out) => {
      must(typeof out === "object" && out !== null, "a config object");
      canonicalJson(out); // throws on a non-finite number
    },
  },
  {
    name: "metrics.csv",
    valid: [enc(metricsCsv())],
    alphabet: NUMERIC + '"\r' + METRIC_COLUMNS.join(","),
    read: (b) => viaFile(".csv", b, loadMetrics),
    check: (out, bytes) => {
      const rows = out as Record<string, unknown>[];
      // Each number is what its cell says; NaN only from an empty or NaN cell (the reader's rule).
      const table = parseCsv(text(bytes), "m.csv");
      const col = requireColumns(table, METRIC_COLUMNS, "m.csv");
      must(Array.isArray(rows) && rows.length === table.records.length, "one row per record");
      rows.forEach((r, i) => {
        for (const k of ["epoch", "step", "layer", "mean", "std", "meanLog10", "stdLog10"]) {
          const cell = table.records[i].fields[col[k]].trim();
          const v = r[k] as number;
          if (NONFINITE_CELLS.has(cell)) must(Number.isNaN(v), `${k} "${cell}" → ${v}`);
          else must(Object.is(v, Number(cell)) && !Number.isNaN(v), `${k} "${cell}" → ${v}`);
        }
      });
    },
  },
];

export type Outcome = { kind: "parsed" } | { kind: "refused"; message: string };

/**
 * Run one reader on one input and judge it: a correct parse or a one-line GncError (exit 2).
 * Anything else throws an Error describing the failure (fast-check then shrinks the input).
 */
export function fuzzOutcome(t: FuzzTarget, bytes: Uint8Array, maxMs = 2000): Outcome {
  const t0 = performance.now();
  let out: unknown;
  try {
    out = t.read(bytes);
  } catch (err) {
    if (!(err instanceof GncError)) {
      throw new Error(`${t.name}: ${(err as Error)?.constructor?.name ?? typeof err} instead of a GncError: ${(err as Error)?.message ?? String(err)}`);
    }
    if (err.exitCode !== 2) throw new Error(`${t.name}: GncError with exit code ${err.exitCode}: ${err.message}`);
    if (err.message.includes("\n")) throw new Error(`${t.name}: a message of several lines: ${JSON.stringify(err.message)}`);
    return { kind: "refused", message: err.message };
  } finally {
    const ms = performance.now() - t0;
    if (ms > maxMs) throw new Error(`${t.name}: ${ms.toFixed(0)} ms on ${bytes.length} bytes`);
  }
  t.check(out, bytes);
  return { kind: "parsed" };
}
