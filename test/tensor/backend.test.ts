import { describe, it, expect, afterEach } from "vitest";
import * as tf from "@tensorflow/tfjs";
import { initBackend, backendInfo } from "../../src/tensor/backend.js";
import { GncError } from "../../src/util/errors.js";
import { createRequire } from "node:module";

const require_ = createRequire(import.meta.url);
const installed = (pkg: string) => { try { require_.resolve(pkg); return true; } catch { return false; } };
const NODE = installed("@tensorflow/tfjs-node"), NODE_GPU = installed("@tensorflow/tfjs-node-gpu");

describe("initBackend", () => {
  const saved = process.env.GNC_BACKEND;
  afterEach(() => { if (saved === undefined) delete process.env.GNC_BACKEND; else process.env.GNC_BACKEND = saved; });

  it("auto tries node-gpu → tensorflow → wasm and records why it skipped each", async () => {
    delete process.env.GNC_BACKEND;
    const info = await initBackend("auto");
    // Whatever is installed here: an absent package is skipped as "not installed", and without
    // tfjs-node(-gpu) auto lands on wasm.
    if (!NODE_GPU) expect(info.tried[0]).toMatch(/^node-gpu: not installed/);
    if (!NODE && !NODE_GPU) {
      expect(info.tried[1]).toMatch(/^tensorflow: not installed/);
      expect(info.name).toBe("wasm");
      expect(info.tried.at(-1)).toBe("wasm");
    } else {
      expect(["tensorflow", "wasm"]).toContain(info.name);
    }
    expect(tf.getBackend()).toBe(info.name);
    expect(info.version).toBe(tf.version.tfjs);
    expect(backendInfo()).toEqual(info);
  });

  it("GNC_BACKEND overrides the default, and cpu works", async () => {
    process.env.GNC_BACKEND = "cpu";
    const info = await initBackend();
    expect(info.name).toBe("cpu");
    expect(tf.getBackend()).toBe("cpu");
    expect(Array.from(tf.add(tf.tensor1d([1, 2]), 1).dataSync())).toEqual([2, 3]);
  });

  it("an unknown name is a GncError listing the valid ones", async () => {
    await expect(initBackend("cuda")).rejects.toThrow(GncError);
    await expect(initBackend("cuda")).rejects.toThrow(/unknown backend "cuda" \(valid: auto, wasm, cpu, tensorflow, node-gpu\)/);
  });

  it.skipIf(NODE_GPU)("an explicit request for a missing package says why", async () => {
    await expect(initBackend("node-gpu")).rejects.toThrow(/node-gpu: not installed/);
  });
});
