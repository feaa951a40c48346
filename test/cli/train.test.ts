import { describe, expect, it } from "vitest";
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
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
    expect(r.stdout).toMatch(/log10 NC1 \(bn features, mean over test graphs\) layer 1: -?\d+\.\d\d, layer 3: -?\d+\.\d\d/);
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

describe("gnc train --graph FILE (a user's labelled graph)", () => {
  const SMALL = ["--depth", "3", "--hidden", "4", "--feature-dim", "4", "--train-graphs", "3", "--test-graphs", "2",
    "--epochs", "2", "--backend", "wasm", "--no-figures", "--seed", "5"];
  const metricsOf = (out: string, name: string) => {
    const runs = readdirSync(path.join(out, name));
    expect(runs).toHaveLength(1);
    return readFileSync(path.join(out, name, runs[0], "metrics.csv"), "utf8");
  };

  it("trains on graphs/karate.gexf --label-attr club and writes metrics.csv; the same seed gives the same metrics.csv", () => {
    const runs = [0, 1].map(() => {
      const out = mkdtempSync(path.join(os.tmpdir(), "gnc-cli-train-file-"));
      const r = gnc(["train", "--graph", "graphs/karate.gexf", "--label-attr", "club", ...SMALL, "--out", out, "--name", "karate"]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toMatch(/test overlap [\d.]+/);
      return metricsOf(out, "karate");
    });
    expect(runs[0].split("\n").some((l) => l.startsWith("karate,2,6,test,3,bn,H,nc1,"))).toBe(true);
    expect(runs[1]).toBe(runs[0]);
  });

  it("classes that do not match the labels, a missing file, -n that disagrees: exit 2, one line naming the file", () => {
    const out = mkdtempSync(path.join(os.tmpdir(), "gnc-cli-train-file-"));
    const cases: [string[], RegExp][] = [
      [["--graph", "graphs/karate.edges", "--classes", "3"], /graphs\/karate\.edges: graph\.classes is 3 but the labels \(graphs\/karate\.labels\) have 2 classes/],
      [["--graph", "graphs/no-such.edges"], /graphs\/no-such\.edges: cannot read: no such file/],
      [["--graph", "graphs/karate.edges", "--labels", "graphs/no-such.labels"], /graphs\/no-such\.labels: cannot read: no such file/],
      [["--graph", "graphs/karate.edges", "--n", "50"], /graphs\/karate\.edges: graph\.n is 50 but the graph has 34 nodes/],
      [["--graph", "graphs/karate.gexf", "--label-attr", "nope"], /karate\.gexf/],
    ];
    for (const [args, re] of cases) {
      const r = gnc(["train", ...args, ...SMALL, "--out", out]);
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.stderr.trim().split("\n"), args.join(" ")).toHaveLength(1);
      expect(r.stderr).toMatch(re);
    }
    expect(existsSync(path.join(out, "run"))).toBe(false);
  });
});
