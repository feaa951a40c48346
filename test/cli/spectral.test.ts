import { describe, expect, it } from "vitest";
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { gnc } from "../helpers/cli.js";

const TINY = ["--n", "120", "--p-in", "0.12", "--p-out", "0.01", "--graphs", "2", "--iterations", "4"];

describe("gnc spectral", () => {
  it("runs a tiny config, prints the per-operator summary, draws the figure, and reports completion on a rerun", () => {
    const out = mkdtempSync(path.join(os.tmpdir(), "gnc-cli-spectral-"));
    const r = gnc(["spectral", ...TINY, "--operator", "bh,adj", "--out", out, "--name", "cli"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/overlap at iteration 1, 2, 4 and direct/);
    expect(r.stdout).toMatch(/^ {2}bh +overlap( +-?[\d.]+){3} +direct [\d.]+ +\| log10 NC1( +-?[\d.]+){3} +direct -?[\d.]+ +\| iterations to direct overlap: /m);
    expect(r.stdout).toMatch(/^ {2}adj /m);
    expect(r.stdout).not.toMatch(/^ {2}nl /m);
    const runs = readdirSync(path.join(out, "cli"));
    expect(runs).toHaveLength(1);
    const dir = path.join(out, "cli", runs[0]);
    for (const f of ["config.json", "manifest.json", "metrics.csv", "spectral-log.csv", "DONE", "figures/spectral-nc1.svg", "figures/spectral-nc1.png"]) {
      expect(existsSync(path.join(dir, f)), f).toBe(true);
    }
    expect(readFileSync(path.join(dir, "figures/spectral-nc1.svg"), "utf8")).toMatch(/Bethe Hessian/);
    expect(JSON.parse(readFileSync(path.join(dir, "config.json"), "utf8")).spectral.operators).toEqual(["bh", "adj"]);
    const again = gnc(["spectral", ...TINY, "--operator", "bh,adj", "--out", out, "--name", "cli"]);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/already complete/);
  });

  it("bad input exits 2 with one line naming the field or flag", () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "gnc-cli-spectral-"));
    const badFile = path.join(dir, "bad.json");
    writeFileSync(badFile, JSON.stringify({ study: "spectral", spectral: { iterationz: 3 } }));
    const cases: [string[], RegExp][] = [
      [["--operator", "bh,xx"], /--operator: "xx" is not one of bh, nl, adj/],
      [["--iterations", "0"], /spectral\.iterations/],
      [["--shift", "max"], /shift/],
      [["--bethe-r", "-1"], /spectral\.r/],
      [["--config", badFile], /unknown key "iterationz"/],
      [["--preset", "paper"], /not spectral/],
      [["--max-iter", "2", "--tol", "1e-14", "--graphs", "1"], /Lanczos did not converge .*residual/],
    ];
    for (const [args, re] of cases) {
      const base: string[] = [];
      for (let i = 0; i < TINY.length; i += 2) if (!args.includes(TINY[i])) base.push(TINY[i], TINY[i + 1]);
      const r = gnc(["spectral", ...base, ...args, "--out", dir, "--no-figures"]);
      expect(r.code, `${args.join(" ")}: ${r.stderr}`).toBe(2);
      expect(r.stderr.trim().split("\n"), r.stderr).toHaveLength(1);
      expect(r.stderr).toMatch(re);
    }
  });

  it("--print-config prints the resolved config of a preset", () => {
    const r = gnc(["spectral", "--preset", "spectral-reference", "--print-config"]);
    expect(r.code).toBe(0);
    const cfg = JSON.parse(r.stdout);
    expect(cfg).toMatchObject({ study: "spectral", spectral: { shift: "frobenius", iterations: 32, graphs: 100 }, graph: { pairSampling: "or" } });
    expect(r.stderr).toMatch(/^hash [0-9a-f]{64}$/m);
  });
});
