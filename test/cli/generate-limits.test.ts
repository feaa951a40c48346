/**
 * `gnc generate` refuses before any work (real child processes): too large for the Int32 CSR or
 * for --max-memory, unwritable output locations, negative seeds — one line, exit 2, nothing written.
 */
import { describe, expect, it } from "vitest";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { gnc } from "../helpers/cli.js";

const dir = mkdtempSync(path.join(tmpdir(), "gnc-generate-limits-"));
const SBM = ["generate", "sbm", "--p-in", "0.025", "--p-out", "0.0017"];

function refused(args: string[], re: RegExp) {
  const r = gnc(args);
  expect(r.code, r.stderr).toBe(2);
  expect(r.stdout).toBe("");
  expect(r.stderr.trim().split("\n")).toHaveLength(1);
  expect(r.stderr).toMatch(re);
  expect(r.stderr).not.toMatch(/RangeError|internal error/);
}

describe("gnc generate: early refusals", () => {
  it.each([
    // E[m] = p·2·C(5e7, 2) + q·(5e7)² = 6.675e13
    [["-n", "1e8"], /about 6\.675e\+13 edges expected, above the 1\.074e\+9 that 32-bit CSR offsets allow/],
    [["--n", "1e5", "--p-in", "0.5"], /^gnc: --p-in given twice/],
    [["--n", "3e9"], /--n = 3000000000 is too large/],
    [["--n", "2e4", "--max-memory", "10M"], /needs about .* above --max-memory of 10 MB/],
    [["--n", "100", "--max-memory", "lots"], /--max-memory must be a size like 4G or 512M, got "lots"/],
    [["--n", "100", "--seed", "-3"], /--seed must be an integer in \[0, 2\^53 − 1\], got -3/],
  ])("%j", (extra, re) => {
    const out = path.join(dir, "refused");
    refused([...SBM, ...extra, "--out", out], re);
    expect(existsSync(out + ".labels")).toBe(false);
  });

  it("the edge-count estimate is the sampler's: p = 0.5 on 1e5 nodes is refused without sampling", () => {
    refused(["generate", "sbm", "--n", "1e5", "--p-in", "0.5", "--p-out", "0.1", "--out", path.join(dir, "x")], /about 1\.500e\+9 edges expected/);
  });

  it.each([
    ["a path under a file", "/dev/null/x", /--out \/dev\/null\/x\.edges: \/dev\/null is a file, so nothing can be created under it/],
    ["/proc", "/proc/gnc-test/x", /is under \/proc, a virtual file system/],
    ["an existing folder named like the output", "DIR", /exists and is a folder/],
  ])("output location: %s", (_name, out, re) => {
    let target = out;
    if (out === "DIR") {
      target = path.join(dir, "taken");
      mkdirSync(target + ".edges");
    }
    refused([...SBM, "--n", "100", "--out", target], re);
  });

  it("a prefix under a regular file writes nothing", () => {
    const f = path.join(dir, "plain");
    writeFileSync(f, "x");
    refused([...SBM, "--n", "100", "--out", path.join(f, "g")], /plain is a file, so nothing can be created under it/);
    expect(readdirSync(dir)).not.toContain("g.labels");
  });
});
