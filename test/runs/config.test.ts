import { describe, expect, it } from "vitest";
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { defaultConfig, resolveConfig } from "../../src/runs/schema/gnn.js";
import { canonicalJson, configHash, deepMerge, presetNames } from "../../src/runs/schema/common.js";
import { GncError } from "../../src/util/errors.js";

describe("run config", () => {
  it("defaults are the paper's homophilic C = 2 configuration (REFERENCE §7)", () => {
    const c = defaultConfig();
    expect(c.graph).toMatchObject({ kind: "sbm", n: 1000, classes: 2, pIn: 0.025, pOut: 0.0017, pairSampling: "single" });
    expect(c.model).toMatchObject({ depth: 32, hidden: 8, useW1: true, bias: false, batchNorm: true, activation: "relu" });
    expect(c.features).toEqual({ strategy: "random_normal", dim: 8 });
    expect(c.train).toMatchObject({ loss: "mse", lr: 0.004, momentum: 0.9, weightDecay: 5e-4, epochs: 8, trainGraphs: 1000, testGraphs: 100, graphs: "fixed" });
  });

  it("resolves defaults → preset → file → flags in that order", () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "gnc-cfg-"));
    const file = path.join(dir, "c.json");
    writeFileSync(file, JSON.stringify({ model: { depth: 5 }, train: { lr: 0.01 } }));
    const c = resolveConfig({ preset: "paper-c4", configFile: file, flags: { train: { lr: 0.02 } } });
    expect(c.graph.classes).toBe(4); // preset
    expect(c.model.depth).toBe(5); // file over preset
    expect(c.model.hidden).toBe(16); // preset kept where the file is silent
    expect(c.train.lr).toBe(0.02); // flag over file
    expect(c.train.momentum).toBe(0.9); // default
  });

  it("every shipped preset validates", () => {
    expect(presetNames()).toEqual(expect.arrayContaining(["quick", "paper", "paper-hetero", "paper-c4"]));
    for (const p of presetNames()) expect(() => resolveConfig({ preset: p })).not.toThrow();
    const h = resolveConfig({ preset: "paper-hetero" });
    expect(h.graph.pIn).toBeLessThan(h.graph.pOut);
  });

  it("rejects bad values and unknown keys with one-line GncErrors", () => {
    const bad: unknown[] = [
      { train: { lr: -1 } },
      { model: { depth: 0 } },
      { graph: { pIn: 1.5 } },
      { backend: "tpu" },
      { train: { lrr: 1 } },
      { extra: 1 },
      { graph: { classes: 3, prior: [0.5, 0.5] } },
      { graph: { prior: [0.7, 0.7] } },
      { graph: { n: 1, classes: 2 } },
    ];
    for (const flags of bad) {
      let err: unknown;
      try {
        resolveConfig({ flags });
      } catch (e) {
        err = e;
      }
      expect(err, JSON.stringify(flags)).toBeInstanceOf(GncError);
      expect((err as Error).message).toMatch(/^gnc\/runs\/config: /);
      expect((err as Error).message).not.toContain("\n");
    }
  });

  it("hash is canonical: key order does not matter, any value change does", () => {
    const a = defaultConfig();
    const b = JSON.parse(JSON.stringify({ train: a.train, model: a.model, graph: a.graph, backend: a.backend, features: a.features, seed: a.seed, name: a.name }));
    expect(configHash(b)).toBe(configHash(a));
    expect(canonicalJson({ b: 1, a: [2, { d: 0.1, c: 3 }] })).toBe('{"a":[2,{"c":3,"d":0.1}],"b":1}');
    const c = deepMerge(a, { train: { lr: 0.004000000000000001 } }) as typeof a;
    expect(configHash(c)).not.toBe(configHash(a));
  });
});
