/**
 * `gnc generate` through the real CLI (test/helpers/cli.ts): files written, what is printed, the
 * graph read back (parsed here independently of the io module) matches the printed N, m and class
 * sizes, regular-sbm output is an equitable partition, same seed → byte-identical files, and bad
 * flags give one line on stderr with exit code 2.
 */
import { describe, expect, it } from "vitest";
import { mkdtempSync, readFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { gnc } from "../helpers/cli.js";

const dir = mkdtempSync(path.join(tmpdir(), "gnc-generate-"));

/** Non-comment lines of a text file. */
function dataLines(file: string): string[] {
  return readFileSync(file, "utf8").split("\n").filter((l) => l.trim() !== "" && !l.startsWith("#"));
}

function readBack(prefix: string): { edges: [number, number][]; labels: number[] } {
  const edges = dataLines(prefix + ".edges").map((l) => l.trim().split(/\s+/).map(Number) as [number, number]);
  const labels = dataLines(prefix + ".labels").map(Number);
  return { edges, labels };
}

describe("gnc generate", () => {
  it("sbm: writes PREFIX.edges + PREFIX.labels and reports N, m, class sizes, seed", () => {
    const out = path.join(dir, "sub", "sbm");
    const r = gnc(["generate", "sbm", "--n", "300", "--classes", "3", "--p-in", "0.05", "--p-out", "0.01", "--prior", "0.2,0.3,0.5", "--seed", "7", "--out", out]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const { edges, labels } = readBack(out);
    expect(labels.length).toBe(300);
    const sizes = [0, 1, 2].map((c) => labels.filter((y) => y === c).length);
    expect(sizes).toEqual([60, 90, 150]);
    expect(r.stdout).toContain(`m: ${edges.length}`);
    expect(r.stdout).toContain("class sizes: 60,90,150");
    expect(r.stdout).toContain("seed: 7");
    expect(r.stdout).toContain(out + ".edges");
    // Simple undirected graph on 0..299.
    const seen = new Set<string>();
    for (const [a, b] of edges) {
      expect(a >= 0 && b >= 0 && a < 300 && b < 300 && a !== b).toBe(true);
      const k = `${Math.min(a, b)},${Math.max(a, b)}`;
      expect(seen.has(k)).toBe(false);
      seen.add(k);
    }
    // Same seed → byte-identical files.
    const out2 = path.join(dir, "sbm2");
    const r2 = gnc(["generate", "sbm", "--n", "300", "--classes", "3", "--p-in", "0.05", "--p-out", "0.01", "--prior", "0.2,0.3,0.5", "--seed", "7", "--out", out2]);
    expect(r2.code).toBe(0);
    expect(readFileSync(out2 + ".edges", "utf8")).toBe(readFileSync(out + ".edges", "utf8"));
    expect(readFileSync(out2 + ".labels", "utf8")).toBe(readFileSync(out + ".labels", "utf8"));
  });

  it("regular-sbm --k-in 2 --k-out 5: every node has 2 neighbours in its class and 5 in the other", () => {
    const out = path.join(dir, "reg");
    const r = gnc(["generate", "regular-sbm", "--n", "100", "--k-in", "2", "--k-out", "5", "--seed", "1", "--format", "edgelist", "--out", out]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("k_in: 2, k_out: 5");
    const { edges, labels } = readBack(out);
    const K = labels.map(() => [0, 0]);
    for (const [a, b] of edges) { K[a][labels[b]]++; K[b][labels[a]]++; }
    expect(K.every((row, i) => row[labels[i]] === 2 && row[1 - labels[i]] === 5)).toBe(true);
  });

  it("--format graphml writes PREFIX.graphml with the labels", () => {
    const out = path.join(dir, "g");
    const r = gnc(["generate", "sbm", "--n", "40", "--p-in", "0.2", "--p-out", "0.05", "--format", "graphml", "--pair-sampling", "or", "--no-permute", "--out", out]);
    expect(r.code).toBe(0);
    expect(existsSync(out + ".graphml")).toBe(true);
    expect(readFileSync(out + ".graphml", "utf8")).toContain("<graphml");
    expect(r.stdout).toContain("pair sampling: or");
    expect(r.stdout).toContain("permuted: false");
    const labels = dataLines(out + ".labels").map(Number);
    expect(labels).toEqual([...new Array(20).fill(0), ...new Array(20).fill(1)]);
  });

  const badCases: [string, string[], RegExp][] = [
    ["p > 1", ["sbm", "--n", "100", "--p-in", "1.5", "--p-out", "0.1"], /--p-in must be a probability/],
    ["C < 2", ["sbm", "--n", "100", "--classes", "1", "--p-in", "0.1", "--p-out", "0.1"], /--classes must be an integer ≥ 2/],
    ["N < C", ["sbm", "--n", "3", "--classes", "4", "--p-in", "0.1", "--p-out", "0.1"], /--n \(3\) must be at least --classes \(4\)/],
    ["bad prior", ["sbm", "--n", "100", "--p-in", "0.1", "--p-out", "0.1", "--prior", "0.5,0.6"], /--prior must sum to 1/],
    ["impossible regular degrees", ["regular-sbm", "--n", "20", "--k-in", "10", "--k-out", "1"], /gnc\/graphs\/regular-sbm: kIn = 10/],
    ["unknown format", ["sbm", "--n", "100", "--p-in", "0.1", "--p-out", "0.1", "--format", "csv"], /--format: "csv" is not one of edgelist, mtx/],
  ];
  for (const [name, args, re] of badCases) {
    it(`bad flags: ${name} → one line on stderr, exit 2`, () => {
      const r = gnc(["generate", ...args, "--out", path.join(dir, "bad")]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(re);
      expect(r.stderr.trimEnd().split("\n").length).toBe(1);
      expect(r.stderr).toMatch(/^gnc[/:]/);
      expect(existsSync(path.join(dir, "bad.labels"))).toBe(false);
    });
  }
});
