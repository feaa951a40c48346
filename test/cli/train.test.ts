import { describe, expect, it } from "vitest";
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { gnc } from "../helpers/cli.js";

const TINY = ["--n", "60", "--p-in", "0.3", "--p-out", "0.03", "--depth", "3", "--hidden", "4", "--feature-dim", "4",
  "--train-graphs", "4", "--test-graphs", "2", "--backend", "wasm", "--no-figures"];

describe("gnc train", () => {
  it("bad values exit 2 with one line naming the field", () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "gnc-cli-train-"));
    const badFile = path.join(dir, "bad.json");
    writeFileSync(badFile, JSON.stringify({ model: { depht: 3 } }));
    const cases: [string[], RegExp][] = [
      [["--lr", "-1"], /train\.lr/],
      [["--depth", "0"], /model\.depth/],
      [["--p-in", "1.5"], /graph\.pIn/],
      [["--backend", "tpu"], /backend/],
      [["--config", badFile], /unknown key "depht"/],
      [["--preset", "nope"], /unknown preset "nope"/],
      [["--prior", "0.5,x"], /--prior/],
    ];
    for (const [args, re] of cases) {
      const r = gnc(["train", ...args, "--out", dir]);
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.stderr.trim().split("\n")).toHaveLength(1);
      expect(r.stderr).toMatch(re);
    }
  });

  it("trains a tiny run, prints a summary, and reports completion on a rerun", () => {
    const out = mkdtempSync(path.join(os.tmpdir(), "gnc-cli-train-"));
    const r = gnc(["train", ...TINY, "--epochs", "2", "--out", out, "--name", "cli"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/test overlap [\d.]+/);
    expect(r.stdout).toMatch(/NC1 \(bn features\) layer 1: .*layer 3: /);
    const runs = readdirSync(path.join(out, "cli"));
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatch(/^[0-9a-f]{12}$/);
    const dir = path.join(out, "cli", runs[0]);
    for (const f of ["config.json", "manifest.json", "metrics.csv", "train-log.csv", "DONE", "checkpoints/latest.json"]) {
      expect(existsSync(path.join(dir, f)), f).toBe(true);
    }
    const again = gnc(["train", ...TINY, "--epochs", "2", "--out", out, "--name", "cli"]);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/already complete/);
  });

  it("a diverging run exits 1 naming the step and keeps its files", () => {
    const out = mkdtempSync(path.join(os.tmpdir(), "gnc-cli-train-"));
    const r = gnc(["train", ...TINY, "--lr", "1e6", "--epochs", "4", "--out", out, "--name", "div"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/the loss became \S+ at step \d+ \(epoch \d+\)/);
    const dir = path.join(out, "div", readdirSync(path.join(out, "div"))[0]);
    expect(existsSync(path.join(dir, "metrics.csv"))).toBe(true);
    expect(existsSync(path.join(dir, "DONE"))).toBe(false);
  });
});
