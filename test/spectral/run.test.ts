import { describe, expect, it } from "vitest";
import { mkdtempSync, readFileSync, readdirSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseCsv } from "../../src/util/csv.js";
import { resolveSpectralConfig } from "../../src/runs/schema/spectral.js";
import { runSpectral } from "../../src/spectral/run.js";
import { summarize } from "../../src/collapse/summary.js";

const tmp = () => mkdtempSync(path.join(os.tmpdir(), "gnc-spectral-run-"));
const quiet = () => {
  const lines: string[] = [];
  return { lines, log: (l: string) => lines.push(l) };
};

function tiny(extra: Record<string, unknown> = {}, spectral: Record<string, unknown> = {}) {
  return resolveSpectralConfig({
    flags: { name: "t", seed: 3, graph: { n: 200, classes: 2, pIn: 0.08, pOut: 0.008, ...extra }, spectral: { graphs: 3, iterations: 6, operators: ["bh", "nl"], ...spectral } },
  });
}

function rows(file: string): Record<string, string>[] {
  const t = parseCsv(readFileSync(file, "utf8"), file);
  return t.records.map((r) => Object.fromEntries(t.header.map((h, i) => [h, r.fields[i]])));
}

describe("runSpectral", () => {
  it("writes the tidy metrics (per iteration + direct at T+1) that agree with the per-graph log", async () => {
    const out = tmp();
    const cfg = tiny();
    const q = quiet();
    const res = await runSpectral(cfg, { outDir: out, log: q.log });
    expect(res.status).toBe("done");
    const m = rows(path.join(res.runDir, "metrics.csv"));
    const log = rows(path.join(res.runDir, "spectral-log.csv"));
    expect(log).toHaveLength(3 * 2);
    for (const op of ["bh", "nl"]) {
      for (let t = 1; t <= 6; t++) {
        for (const v of ["H", "HA"]) for (const metric of ["nc1", "nc1Tilde", "trSigmaW", "trSigmaB"]) {
          const r = m.filter((x) => x.kind === op && +x.layer === t && x.variant === v && x.metric === metric);
          expect(r, `${op} ${t} ${v} ${metric}`).toHaveLength(1);
          expect(+r[0].step).toBe(t);
          expect(+r[0].epoch).toBe(0);
          expect(Number.isFinite(+r[0].meanLog10)).toBe(true);
        }
        expect(m.filter((x) => x.kind === op && +x.layer === t && x.variant === "out" && x.metric === "overlap")).toHaveLength(1);
      }
      // The direct answer at T + 1 and the last iteration, checked against the log's per-graph overlaps.
      const direct = m.find((x) => x.kind === `${op}-eig` && +x.layer === 7 && x.variant === "out" && x.metric === "overlap")!;
      const last = m.find((x) => x.kind === op && +x.layer === 6 && x.variant === "out" && x.metric === "overlap")!;
      const mine = log.filter((r) => r.operator === op);
      expect(+direct.mean).toBeCloseTo(summarize(mine.map((r) => +r.overlapDirect)).mean, 12);
      expect(+last.mean).toBeCloseTo(summarize(mine.map((r) => +r.overlapLast)).mean, 12);
      expect(+direct.mean).toBeGreaterThan(0.9);
      expect(mine.every((r) => +r.lanczosIterations > 0 && +r.residual >= 0 && +r.shift > 0)).toBe(true);
    }
    expect(readFileSync(path.join(res.runDir, "metrics.csv"), "utf8")).not.toMatch(/NaN/);
    const manifest = JSON.parse(readFileSync(path.join(res.runDir, "manifest.json"), "utf8"));
    expect(manifest.study).toBe("spectral");
    expect(manifest.status).toBe("done");
    expect(res.summary.map((s) => s.operator)).toEqual(["bh", "nl"]);
    // Same config again: already complete.
    expect((await runSpectral(cfg, { outDir: out, log: q.log })).status).toBe("already-done");
  });

  it("is reproducible: same seed → byte-identical files; an operator's numbers do not depend on the others listed", async () => {
    const a = await runSpectral(tiny(), { outDir: tmp(), log: quiet().log });
    const b = await runSpectral(tiny(), { outDir: tmp(), log: quiet().log });
    expect(readFileSync(path.join(a.runDir, "metrics.csv"), "utf8")).toBe(readFileSync(path.join(b.runDir, "metrics.csv"), "utf8"));
    const onlyNl = await runSpectral(tiny({}, { operators: ["nl"] }), { outDir: tmp(), log: quiet().log });
    const nlRows = (dir: string) => rows(path.join(dir, "metrics.csv")).filter((r) => r.kind.startsWith("nl")).map((r) => ({ ...r, run: "" }));
    expect(nlRows(onlyNl.runDir)).toEqual(nlRows(a.runDir));
  });

  it("resumes an interrupted run to the same result", async () => {
    const cfg = tiny({}, { graphs: 12 });
    const ref = await runSpectral(cfg, { outDir: tmp(), log: quiet().log });
    const out = tmp();
    const ctrl = new AbortController();
    const first = await runSpectral(cfg, { outDir: out, log: quiet().log, signal: ctrl.signal, onEvent: (e) => { if (e.graph === 11) ctrl.abort(); } });
    expect(first.status).toBe("interrupted");
    expect(first.message).toMatch(/after 11 of 12 graphs/);
    const events: number[] = [];
    const second = await runSpectral(cfg, { outDir: out, log: quiet().log, onEvent: (e) => events.push(e.graph) });
    expect(second.status).toBe("done");
    expect(events[0]).toBe(11); // resumed from the checkpoint written on interrupt
    expect(readFileSync(path.join(second.runDir, "metrics.csv"), "utf8")).toBe(readFileSync(path.join(ref.runDir, "metrics.csv"), "utf8"));
    expect(readFileSync(path.join(second.runDir, "spectral-log.csv"), "utf8")).toBe(readFileSync(path.join(ref.runDir, "spectral-log.csv"), "utf8"));
  });

  it("warns (once) about disconnected graphs and isolated nodes and still produces finite numbers", async () => {
    const q = quiet();
    const res = await runSpectral(tiny({ pIn: 0.02, pOut: 0.002 }, { operators: ["bh", "nl", "adj"] }), { outDir: tmp(), log: q.log });
    expect(res.status).toBe("done");
    const w = q.lines.filter((l) => /connected components/.test(l));
    expect(w).toHaveLength(1);
    expect(w[0]).toMatch(/graph 1: \d+ connected components \(the largest has \d+ of 200 nodes\), \d+ isolated node/);
    const text = readFileSync(path.join(res.runDir, "metrics.csv"), "utf8");
    expect(text).not.toMatch(/NaN/);
    const manifest = JSON.parse(readFileSync(path.join(res.runDir, "manifest.json"), "utf8"));
    expect(manifest.warnings.disconnected).toBeGreaterThanOrEqual(1);
  });

  it("fails with one clear line when Lanczos does not converge (residual reached) or C exceeds the spectrum", async () => {
    const out = tmp();
    const bad = tiny({}, { maxIter: 3, tol: 1e-14 });
    await expect(runSpectral(bad, { outDir: out, log: quiet().log })).rejects.toThrow(/Lanczos did not converge .* residual \d\.\d+e[-+]\d+ > tol·‖M‖ .*graph 1 of 3/);
    const dir = path.join(out, "t", readdirSync(path.join(out, "t"))[0]);
    const manifest = JSON.parse(readFileSync(path.join(dir, "manifest.json"), "utf8"));
    expect(manifest.status).toBe("failed");
    expect(manifest.message).toMatch(/did not converge/);
    const tooMany = resolveSpectralConfig({ flags: { name: "c", graph: { n: 6, classes: 6, pIn: 0.9, pOut: 0.5 }, spectral: { graphs: 1, iterations: 2 } } });
    await expect(runSpectral(tooMany, { outDir: tmp(), log: quiet().log })).rejects.toThrow(/C = 6 classes need 6 eigenvectors .* dimension 6/);
  });

  it("says when the Bethe Hessian spectrum does not support C groups (below Kesten–Stigum)", async () => {
    const q = quiet();
    const res = await runSpectral(tiny({ n: 400, pIn: 0.0125, pOut: 0.01 }, { operators: ["bh"] }), { outDir: tmp(), log: q.log });
    expect(res.status).toBe("done");
    expect(q.lines.some((l) => /negative eigenvalue\(s\) among its 2 smallest/.test(l))).toBe(true);
  });
});

describe("spectral config", () => {
  it("defaults are the paper's spectral setting and bad values are one-line errors naming the field", () => {
    const d = resolveSpectralConfig({});
    expect(d.spectral).toEqual({ operators: ["bh", "nl"], iterations: 32, graphs: 100, shift: "spectral", r: "sqrt-mean", tol: 1e-8, maxIter: 5000 });
    expect(d.graph).toMatchObject({ n: 1000, classes: 2, pIn: 0.025, pOut: 0.0017 });
    expect(() => resolveSpectralConfig({ flags: { spectral: { iterations: 0 } } })).toThrow(/spectral\.iterations/);
    expect(() => resolveSpectralConfig({ flags: { spectral: { operators: ["bh", "xx"] } } })).toThrow(/spectral\.operators/);
    expect(() => resolveSpectralConfig({ flags: { spectral: { r: -2 } } })).toThrow(/spectral\.r/);
    expect(() => resolveSpectralConfig({ flags: { spectral: { bogus: 1 } } })).toThrow(/unknown key "bogus"/);
    expect(resolveSpectralConfig({ flags: { spectral: { r: 2.5 } } }).spectral.r).toBe(2.5);
    for (const p of ["spectral-paper", "spectral-reference", "spectral-c4", "spectral-quick"]) expect(resolveSpectralConfig({ preset: p }).study).toBe("spectral");
  });
});
