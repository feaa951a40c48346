/**
 * Benchmark: reading a 1e6-edge edge list (and Matrix Market file) with gnc's byte-level reader
 * versus the obvious `split("\n")` + `split(/[\s,]+/)` reader, measured in the same run.
 * Workload: N = 1e5 nodes, 1e6 uniformly random edges (seeded), written by gnc's own writers.
 */
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { csrFromEdges } from "../src/graphs/csr.js";
import { readGraph, writeGraph } from "../src/graphs/io/index.js";
import { Rng } from "../src/util/rng.js";

function time<T>(fn: () => T): { ms: number; value: T } {
  const t0 = performance.now();
  const value = fn();
  return { ms: performance.now() - t0, value };
}

function best<T>(reps: number, fn: () => T): { ms: number; value: T } {
  let out = time(fn);
  for (let r = 1; r < reps; r++) {
    const t = time(fn);
    if (t.ms < out.ms) out = t;
  }
  return out;
}

/** The obvious reader: one string per line, one regex split per line. */
function naiveReadEdgeList(file: string) {
  const src: number[] = [], dst: number[] = [];
  let max = -1;
  for (const line of readFileSync(file, "utf8").split("\n")) {
    const t = line.trim();
    if (t === "" || t[0] === "#" || t[0] === "%") continue;
    const [a, b] = t.split(/[\s,]+/).map(Number);
    src.push(a); dst.push(b);
    if (a > max) max = a;
    if (b > max) max = b;
  }
  return csrFromEdges(max + 1, src, dst).graph;
}

export async function run(): Promise<void> {
  const N = 100_000, M = 1_000_000;
  const rng = Rng.seeded(1);
  const src = new Int32Array(M), dst = new Int32Array(M);
  for (let k = 0; k < M; k++) { src[k] = rng.int(N); dst[k] = rng.int(N); }
  const { graph } = csrFromEdges(N, src, dst);
  const dir = mkdtempSync(path.join(os.tmpdir(), "gnc-bench-io-"));
  try {
    const el = path.join(dir, "g.edges"), mtx = path.join(dir, "g.mtx");
    const wEl = time(() => writeGraph(el, graph));
    const wMtx = time(() => writeGraph(mtx, graph));
    const mb = (f: string) => (statSync(f).size / 1e6).toFixed(1);
    console.log(`graph-io: N=${N}, m=${graph.cols.length / 2} undirected edges (${M} drawn); edge list ${mb(el)} MB, mtx ${mb(mtx)} MB`);
    const ours = best(3, () => readGraph(el));
    const naive = best(3, () => naiveReadEdgeList(el));
    const oursMtx = best(3, () => readGraph(mtx));
    if (ours.value.graph.cols.length !== naive.value.cols.length) throw new Error("readers disagree");
    console.log(`  write edge list  ${wEl.ms.toFixed(0)} ms, write mtx ${wMtx.ms.toFixed(0)} ms`);
    console.log(`  read edge list   gnc ${ours.ms.toFixed(0)} ms   naive split/regex ${naive.ms.toFixed(0)} ms   speed-up ×${(naive.ms / ours.ms).toFixed(2)}`);
    console.log(`  read mtx         gnc ${oursMtx.ms.toFixed(0)} ms`);
    console.log("  (best of 3; shared 2-core machine: noisy upper bounds)");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
