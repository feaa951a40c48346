import { describe, it, expect, afterEach } from "vitest";
import * as tf from "@tensorflow/tfjs";
import { initBackend, backendInfo } from "../../src/tensor/backend.js";
import { GncError } from "../../src/util/errors.js";

describe("initBackend", () => {
  const saved = process.env.GNC_BACKEND;
  afterEach(() => { if (saved === undefined) delete process.env.GNC_BACKEND; else process.env.GNC_BACKEND = saved; });

  it("auto skips the absent tfjs-node packages and lands on wasm", async () => {
    delete process.env.GNC_BACKEND;
    const info = await initBackend("auto");
    expect(info.name).toBe("wasm");
    expect(tf.getBackend()).toBe("wasm");
    expect(info.tried[0]).toMatch(/^node-gpu: not installed/);
    expect(info.tried[1]).toMatch(/^tensorflow: not installed/);
    expect(info.tried.at(-1)).toBe("wasm");
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

  it("an explicit request for a missing package says why", async () => {
    await expect(initBackend("node-gpu")).rejects.toThrow(/node-gpu: not installed/);
  });
});
