import { describe, expect, it } from "vitest";
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { gnc } from "../helpers/cli.js";

const tmp = () => mkdtempSync(path.join(os.tmpdir(), "gnc-cli-ufm-"));
const TINY = ["--graph-kind", "regular-sbm", "-n", "24", "--p-in", "0.25", "--p-out", "0.1", "--graphs", "2", "--dim", "3", "--steps", "400", "--nc-interval", "100"];

function runDir(out: string, name = "ufm"): string {
  const base = path.join(out, name);
  return path.join(base, readdirSync(base)[0]);
}

describe("gnc ufm", () => {
  it("runs a tiny config: summary with the verdicts, run files, figures", () => {
    const out = tmp();
    const r = gnc(["ufm", ...TINY, "--out", out]);
    expect(r.stderr).not.toMatch(/Error|at .*\.ts/);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^gnc ufm: done — /);
    expect(r.stdout).toMatch(/at step 400 \(flow time 40\): loss \d\.\d\de[-+]\d+, overlap/);
    expect(r.stdout).toMatch(/NC1 of H \d\.\d\de[-+]\d+ \(mean log10 -?\d+\.\d\d\)/);
    expect(r.stdout).toContain("exact-collapse condition, fraction form (mean aggregation): holds on 2/2 graphs");
    const dir = runDir(out);
    for (const f of ["config.json", "manifest.json", "metrics.csv", "flow-log.csv", "graph-log.csv", "DONE", "figures/ufm-nc1.svg", "figures/ufm-nc1.png"]) {
      expect(existsSync(path.join(dir, f))).toBe(true);
    }
    expect(readFileSync(path.join(dir, "figures/ufm-nc1.svg"), "utf8")).toContain("graph 1: condition holds");
    const again = gnc(["ufm", ...TINY, "--out", out]);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/already complete/);
  });

  it("a divergence: exit 2, one line, files kept, manifest failed", () => {
    const out = tmp();
    const r = gnc(["ufm", ...TINY, "--lr", "200", "--out", out, "--no-figures"]);
    expect(r.code).toBe(2);
    const lines = r.stderr.trim().split("\n").filter((l) => l.startsWith("gnc"));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^gnc\/ufm: diverged at gradient-descent step \d+ \(graph \d\): the loss is (Infinity|NaN) .*files so far are kept in /);
    const dir = runDir(out);
    expect(JSON.parse(readFileSync(path.join(dir, "manifest.json"), "utf8")).status).toBe("failed");
    expect(existsSync(path.join(dir, "metrics.csv"))).toBe(true);
  });

  it("bad input is one line and exit 2: a non-positive step, a graph without labels", () => {
    const r = gnc(["ufm", ...TINY, "--lr", "0"]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(/^gnc\/runs\/config: flags: ufm\.lr: /);
    const dir = tmp();
    writeFileSync(path.join(dir, "g.edges"), "0 1\n1 2\n");
    const g = gnc(["ufm", "--graph", path.join(dir, "g.edges"), "--out", dir]);
    expect(g.code).toBe(2);
    expect(g.stderr.trim().split("\n")).toHaveLength(1);
    expect(g.stderr).toMatch(/g\.labels/);
  });

  it("--print-config resolves a preset with flag overrides", () => {
    const r = gnc(["ufm", "--preset", "ufm-hetero-regular", "--method", "dopri5", "--print-config"]);
    expect(r.code).toBe(0);
    const cfg = JSON.parse(r.stdout);
    expect(cfg).toMatchObject({ study: "ufm", name: "ufm-hetero-regular", graph: { kind: "regular-sbm", pIn: 0.0017, pOut: 0.025 }, ufm: { method: "dopri5", steps: 500000 } });
    expect(r.stderr).toMatch(/^hash [0-9a-f]{64}$/m);
  });
});
