import { afterAll, describe, expect, it } from "vitest";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { gnc } from "../helpers/cli.js";
import { writeSyntheticSweep } from "./synthetic-sweep.js";

const tmp = mkdtempSync(path.join(os.tmpdir(), "gnc-plot-sweep-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe("gnc plot SWEEP_DIR", () => {
  it("redraws the sweep figures and report.html and lists them; a bad sweep.json is one line, exit 2", () => {
    const dir = writeSyntheticSweep(path.join(tmp, "s"), { seeds: 1, depth: 3, epochs: 2 }).dir;
    const r = gnc(["plot", dir, "--format", "svg"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split("\n");
    expect(lines.map((l) => path.relative(dir, l)).sort()).toEqual(
      ["final-dots", "heatmap-nc1", "heatmap-overlap", "nc1-epochs", "nc1-layers", "nc1tilde-layers", "traces-layers"].map((b) => `figures/${b}.svg`).concat("report.html").sort(),
    );
    for (const l of lines) expect(existsSync(l)).toBe(true);
    expect(readFileSync(path.join(dir, "report.html"), "utf8")).toContain('<figure id="fig-heatmap-nc1"');

    writeFileSync(path.join(dir, "sweep.json"), JSON.stringify({ version: 2 }));
    const bad = gnc(["plot", dir]);
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim().split("\n")).toEqual([`gnc/report/sweep: ${path.join(dir, "sweep.json")}: unsupported version 2 (this gnc reads version 1)`]);
  }, 120_000);
});
