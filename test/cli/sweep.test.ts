/**
 * `gnc sweep` end to end with real processes: a tiny sweep (graphs, training, metrics, figures,
 * report.html); kill -9 of the sweep midway and a rerun give every finished run once and CSVs
 * byte-identical to an uninterrupted sweep; --jobs 1 equals --jobs 2; shards 0/2 + 1/2 merged
 * equal the unsharded sweep; bad input is one line and exit 2.
 */
import { describe, expect, it } from "vitest";
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { gnc, ROOT } from "../helpers/cli.js";

const TINY = ["--p-in", "0.3,0.05", "--p-out", "0.05,0.3", "--zip", "--seeds", "2", "-n", "60", "--depth", "3", "--hidden", "4", "--feature-dim", "4",
  "--epochs", "2", "--train-graphs", "40", "--test-graphs", "3", "--checkpoint-interval", "10", "--backend", "wasm", "--name", "t"];
const tmp = () => mkdtempSync(path.join(os.tmpdir(), "gnc-sweep-"));
const read = (out: string, f: string) => readFileSync(path.join(out, "sweeps", "t", f), "utf8");
const runDirs = (out: string) => readdirSync(path.join(out, "t")).map((h) => path.join(out, "t", h));

// Real processes on a 2-core machine that may be busy: generous per-test limits.
const LIMIT = 300_000;

describe("gnc sweep", () => {
  const ref = tmp();

  it("runs a tiny sweep end to end: summary, layers, figures, report.html", () => {
    const r = gnc(["sweep", ...TINY, "--jobs", "2", "--out", ref]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/report: .*report\.html/);
    const summary = read(ref, "summary.csv").trim().split("\n");
    expect(summary.length).toBe(3); // header + 2 settings × 1 method
    expect(summary[0]).toMatch(/^setting,label,study,method,graph\.pIn,graph\.pOut,n,classes/);
    expect(summary[1]).toMatch(/,done,$/);
    const sweep = JSON.parse(read(ref, "sweep.json"));
    expect(sweep.settings.flatMap((s: any) => s.runs.map((x: any) => x.status))).toEqual(["done", "done", "done", "done"]);
    expect(read(ref, "layers.csv").split("\n")[0]).toBe("setting,seedIndex,seed,study,method,graph.pIn,graph.pOut,run,epoch,step,split,layer,kind,variant,metric,mean,std,meanLog10,stdLog10");
    for (const f of ["nc1-layers.svg", "nc1-layers.png", "traces-layers.png"]) expect(existsSync(path.join(ref, "sweeps", "t", "figures", f)), f).toBe(true);
    expect(existsSync(path.join(ref, "sweeps", "t", "report.html"))).toBe(true);
    expect(runDirs(ref).length).toBe(4);
    // rerunning finds everything complete and runs nothing
    const again = gnc(["sweep", ...TINY, "--jobs", "2", "--out", ref, "--no-figures"]);
    expect(again.code).toBe(0);
    expect(again.stderr).toMatch(/4 already complete/);
  }, LIMIT);

  it("kill -9 midway, rerun: finished runs kept, none duplicated, CSVs identical to the uninterrupted --jobs 2 sweep", async () => {
    const out = tmp();
    const child = spawn(process.execPath, ["--import", "tsx", path.join(ROOT, "src/cli/main.ts"), "sweep", ...TINY, "--jobs", "1", "--out", out, "--no-figures"], { cwd: ROOT, stdio: "ignore" });
    const doneCount = () => (existsSync(path.join(out, "t")) ? runDirs(out).filter((d) => existsSync(path.join(d, "DONE"))).length : 0);
    const deadline = Date.now() + 120_000;
    while (doneCount() < 1 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    const before = runDirs(out).filter((d) => existsSync(path.join(d, "DONE")));
    child.kill("SIGKILL");
    await new Promise((r) => child.once("exit", r));
    expect(before.length).toBeGreaterThanOrEqual(1);
    expect(before.length).toBeLessThan(4);
    const doneAt = before.map((d) => readFileSync(path.join(d, "DONE"), "utf8"));
    const r = gnc(["sweep", ...TINY, "--jobs", "1", "--out", out, "--no-figures"]);
    expect(r.code, r.stderr).toBe(0);
    // finished runs were kept, not redone
    expect(before.map((d) => readFileSync(path.join(d, "DONE"), "utf8"))).toEqual(doneAt);
    // no run has a duplicated step
    for (const d of runDirs(out)) {
      const steps = readFileSync(path.join(d, "train-log.csv"), "utf8").trim().split("\n").slice(1).map((l) => Number(l.split(",")[2]));
      expect(steps).toEqual(Array.from({ length: 80 }, (_, i) => i + 1));
    }
    expect(read(out, "summary.csv")).toBe(read(ref, "summary.csv"));
    expect(read(out, "layers.csv")).toBe(read(ref, "layers.csv"));
  }, LIMIT);

  it("shards 0/2 and 1/2 merged equal the unsharded sweep; --merge lists what is missing", () => {
    const out = tmp();
    const s0 = gnc(["sweep", ...TINY, "--jobs", "1", "--out", out, "--shard", "0/2", "--no-figures"]);
    expect(s0.code, s0.stderr).toBe(0);
    expect(s0.stdout).toMatch(/this shard is complete/);
    const partial = gnc(["sweep", ...TINY, "--out", out, "--merge", "--no-figures"]);
    expect(partial.code).toBe(0);
    expect(partial.stdout).toMatch(/2 run\(s\) missing/);
    const s1 = gnc(["sweep", ...TINY, "--jobs", "1", "--out", out, "--shard", "1/2", "--no-figures"]);
    expect(s1.code, s1.stderr).toBe(0);
    expect(read(out, "summary.csv")).toBe(read(ref, "summary.csv"));
    expect(read(out, "layers.csv")).toBe(read(ref, "layers.csv"));
  }, LIMIT);

  it("bad input: one line, exit 2", () => {
    const other = tmp();
    expect(gnc(["sweep", ...TINY, "--out", other, "--merge", "--no-figures"]).code).toBe(0); // claims sweeps/t, runs nothing
    const cases: [string[], RegExp][] = [
      [["--p-in", "", "--p-out", "0.1"], /--p-in: empty list/],
      [["--p-in", "0.1:0.2", "--p-out", "0.1"], /--p-in: cannot read "0\.1:0\.2"/],
      [["--p-in", "1.5", "--p-out", "0.1"], /setting 0 \(p=1\.5 q=0\.1\): graph\.pIn/],
      [["--p-in", "0.1", "--p-out", "0.1", "--sweep", "model.nope=1,2"], /--sweep: unknown field "model\.nope"/],
      [["--p-in", "0.1", "--p-out", "0.1", "--shard", "3/2"], /--shard: expected i\/n/],
      [[...TINY.map((a, i) => (TINY[i - 1] === "--depth" ? "4" : a)), "--out", other], /holds a different sweep named "t"/],
    ];
    for (const [args, re] of cases) {
      const full = args.includes("--name") ? args : [...args, "--out", tmp()];
      const r = gnc(["sweep", ...full]);
      expect(r.code, `${args.join(" ")}: ${r.stderr}`).toBe(2);
      expect(r.stderr.trim().split("\n").length, r.stderr).toBe(1);
      expect(r.stderr).toMatch(re);
    }
  }, LIMIT);
});
