import { afterAll, describe, expect, it } from "vitest";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { gnc } from "../helpers/cli.js";
import { writeSyntheticRun } from "../report/synthetic-run.js";

const tmp = mkdtempSync(path.join(os.tmpdir(), "gnc-plot-cli-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe("gnc plot", () => {
  it("writes the figures and prints their paths", () => {
    const dir = writeSyntheticRun(path.join(tmp, "ok"), { depth: 3, epochs: 2, stepsPerEpoch: 10 }).dir;
    const out = path.join(tmp, "figs");
    const r = gnc(["plot", dir, "--format", "svg", "--out", out]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const files = r.stdout.trim().split("\n");
    expect(files.map((f) => path.basename(f)).sort()).toEqual(
      ["nc1-epochs.svg", "nc1-layers.svg", "nc1tilde-layers.svg", "traces-layers.svg", "training.svg"],
    );
    for (const f of files) expect(readFileSync(f, "utf8").startsWith("<svg")).toBe(true);
  }, 60_000);

  it("an --out that cannot be a folder (a path under a file, /proc): one line, exit 2, before drawing", () => {
    const dir = writeSyntheticRun(path.join(tmp, "out-check"), { depth: 2, epochs: 1, stepsPerEpoch: 4 }).dir;
    for (const [out, re] of [["/dev/null/x", /\/dev\/null is a file/], ["/proc/x", /under \/proc/]] as const) {
      const r = gnc(["plot", dir, "--out", out]);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr.trim().split("\n")).toHaveLength(1);
      expect(r.stderr).toMatch(re);
    }
  }, 60_000);

  it("a missing directory or one without metrics.csv: one line, exit 2", () => {
    const r1 = gnc(["plot", path.join(tmp, "missing")]);
    expect(r1.code).toBe(2);
    expect(r1.stderr.trim().split("\n")).toHaveLength(1);
    expect(r1.stderr).toMatch(/run directory not found/);
    mkdirSync(path.join(tmp, "empty"));
    const r2 = gnc(["plot", path.join(tmp, "empty")]);
    expect(r2.code).toBe(2);
    expect(r2.stderr.trim().split("\n")).toHaveLength(1);
    expect(r2.stderr).toMatch(/no metrics\.csv/);
  }, 60_000);

  it("a malformed CSV: one line naming the file and line, exit 2, nothing written", () => {
    const dir = path.join(tmp, "bad");
    mkdirSync(dir);
    writeFileSync(
      path.join(dir, "metrics.csv"),
      "run,epoch,step,split,layer,kind,variant,metric,mean,std,meanLog10,stdLog10\nr,1,10,test,1,conv,H,nc1,0.1,0.01,-1,0.1\nr,1,10,test,\"2,conv\n",
    );
    const r = gnc(["plot", dir]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(/^gnc\/report: .*metrics\.csv: line 3: unterminated quoted field/);
    expect(existsSync(path.join(dir, "figures"))).toBe(false);
  }, 60_000);
});
