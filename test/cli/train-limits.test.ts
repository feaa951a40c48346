/**
 * `gnc train` checks everything it can before the run directory exists: sizes beyond 32-bit CSR,
 * runs above --max-memory (with the numbers), graphs with no edges, a regular SBM its sampler
 * rejects — one line, exit 2, no folder left behind. GNC_BACKEND reaches the config and the manifest.
 */
import { describe, expect, it } from "vitest";
import { existsSync, mkdtempSync, readFileSync, readdirSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { gnc } from "../helpers/cli.js";

const SMALL = ["train", "--epochs", "1", "--train-graphs", "2", "--depth", "2", "--no-figures"];

describe("gnc train: early checks", () => {
  it("refuses impossible or too large runs before creating anything", () => {
    const cases: [string[], RegExp][] = [
      [["-n", "1e8"], /edges expected, above the .* that 32-bit CSR offsets allow/],
      [["-n", "200000", "--p-in", "0.0001", "--p-out", "0.00001", "--max-memory", "100M"], /^gnc\/train: needs about [\d.]+ GB \(100 test graphs .*above --max-memory of 100 MB$/],
      [["--max-memory", "lots"], /--max-memory must be a size like 4G/],
      [["--p-in", "0", "--p-out", "0"], /graph\.pIn and graph\.pOut are both 0/],
      [["--graph-kind", "regular-sbm", "-n", "101", "--p-in", "0.03", "--p-out", "0.01"], /needs equal class sizes/],
    ];
    for (const [args, re] of cases) {
      const out = mkdtempSync(path.join(os.tmpdir(), "gnc-limits-"));
      const r = gnc([...SMALL, ...args, "--out", out]);
      expect(r.code, `${args.join(" ")}: ${r.stderr}`).toBe(2);
      expect(r.stderr.trim().split("\n").length, r.stderr).toBe(1);
      expect(r.stderr.trim()).toMatch(re);
      expect(readdirSync(out), args.join(" ")).toEqual([]);
    }
  });

  it("GNC_BACKEND=cpu reaches the config, its hash and the manifest; --backend wins over it", () => {
    const pc = gnc([...SMALL, "--print-config"], { env: { GNC_BACKEND: "cpu" } });
    expect(pc.code, pc.stderr).toBe(0);
    expect(JSON.parse(pc.stdout).backend).toBe("cpu"); // stdout is pure JSON
    expect(pc.stderr).toMatch(/^hash [0-9a-f]{64}$/m);
    expect(JSON.parse(gnc([...SMALL, "--print-config", "--backend", "wasm"], { env: { GNC_BACKEND: "cpu" } }).stdout).backend).toBe("wasm");
    const out = mkdtempSync(path.join(os.tmpdir(), "gnc-env-"));
    const r = gnc([...SMALL, "--test-graphs", "2", "-n", "40", "--p-in", "0.3", "--p-out", "0.05", "--name", "env", "--out", out], { env: { GNC_BACKEND: "cpu" } });
    expect(r.code, r.stderr).toBe(0);
    const dir = path.join(out, "env", readdirSync(path.join(out, "env"))[0]);
    const m = JSON.parse(readFileSync(path.join(dir, "manifest.json"), "utf8"));
    expect(m).toMatchObject({ backend: "cpu", status: "done", study: "gnn" });
    expect(JSON.parse(readFileSync(path.join(dir, "config.json"), "utf8")).backend).toBe("cpu");
    expect(existsSync(path.join(dir, "LOCK"))).toBe(false);
  });
});
