/** Test support for the graph I/O specs: random graphs, an obvious edge-set view, temp files. */
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect } from "vitest";
import { csrFromEdges, type CsrGraph } from "../../../src/graphs/csr.js";
import { GncError } from "../../../src/util/errors.js";
import { Rng } from "../../../src/util/rng.js";

/** G(n, p)-like random graph built pair by pair (slow and obvious; small n only). */
export function randomGraph(rng: Rng, n: number, p: number): CsrGraph {
  const src: number[] = [], dst: number[] = [];
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) if (rng.uniform() < p) { src.push(i); dst.push(j); }
  return csrFromEdges(n, src, dst).graph;
}

/** The undirected edge set as sorted "i-j" strings with i < j, straight from the CSR rows. */
export function edgeSet(g: CsrGraph): string[] {
  const out: string[] = [];
  for (let i = 0; i < g.n; i++) {
    for (let k = g.rowPtr[i]; k < g.rowPtr[i + 1]; k++) if (g.cols[k] > i) out.push(`${i}-${g.cols[k]}`);
  }
  return out.sort();
}

export function tempDir(): string {
  return mkdtempSync(path.join(os.tmpdir(), "gnc-io-"));
}

export function tempFile(dir: string, name: string, content: string): string {
  const f = path.join(dir, name);
  writeFileSync(f, content);
  return f;
}

/** Expect fn to throw a GncError whose message names `file` and, when given, `line N`. */
export function expectInputError(fn: () => unknown, file: string, line?: number, contains?: RegExp): GncError {
  let caught: unknown;
  try { fn(); } catch (err) { caught = err; }
  expect(caught, "expected a GncError").toBeInstanceOf(GncError);
  const msg = (caught as GncError).message;
  expect(msg).toContain(file);
  if (line !== undefined) expect(msg).toContain(`line ${line}:`);
  if (contains) expect(msg).toMatch(contains);
  expect(msg.includes("\n")).toBe(false);
  return caught as GncError;
}

export { Rng };
