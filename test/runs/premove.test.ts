/**
 * `gnc train` keeps its exact outputs across the move of the config and run store to src/runs/:
 * test/fixtures/premove/ holds a run made by the code before the move (commit 89f279c): its config,
 * config hash, metrics.csv and train-log.csv. The same config must give the same hash and the same
 * bytes today.
 */
import { describe, expect, it } from "vitest";
import { mkdtempSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { resolveConfig } from "../../src/runs/schema/gnn.js";
import { configHash } from "../../src/runs/schema/common.js";
import { trainRun } from "../../src/train/loop.js";
import { ROOT } from "../helpers/cli.js";

const FIX = path.join(ROOT, "test/fixtures/premove");

describe("outputs are unchanged by the run-store move", () => {
  it("same config → same hash and byte-identical metrics.csv / train-log.csv as a run made before the move", async () => {
    const cfg = resolveConfig({ configFile: path.join(FIX, "config.json") });
    expect(configHash(cfg)).toBe(readFileSync(path.join(FIX, "hash"), "utf8").trim());
    const out = mkdtempSync(path.join(os.tmpdir(), "gnc-premove-"));
    const r = await trainRun(cfg, { outDir: out, log: () => {} });
    expect(r.status).toBe("done");
    expect(path.basename(r.runDir)).toBe(configHash(cfg).slice(0, 12));
    for (const f of ["metrics.csv", "train-log.csv"]) {
      expect(readFileSync(path.join(r.runDir, f), "utf8"), f).toBe(readFileSync(path.join(FIX, f), "utf8"));
    }
  });
});
