/**
 * The backend test matrix, the tfjs-core way (its `describeWithFlags(ALL_ENVS)`): one spec runs on
 * every tfjs backend this machine can start — wasm and cpu always, tensorflow (tfjs-node or
 * tfjs-node-gpu) when installed. Nothing here asserts that a backend is absent. webgl/webgpu run in
 * a real browser (test/web/), against the same reference values.
 */
import { createRequire } from "node:module";
import { beforeAll, describe } from "vitest";
import { initBackend } from "../../src/tensor/backend.js";

const require_ = createRequire(import.meta.url);
const installed = (pkg: string) => { try { require_.resolve(pkg); return true; } catch { return false; } };

/** Backends to test: wasm, cpu, and "tensorflow" when @tensorflow/tfjs-node(-gpu) is installed. */
export function testBackends(): string[] {
  const out = ["wasm", "cpu"];
  if (installed("@tensorflow/tfjs-node") || installed("@tensorflow/tfjs-node-gpu")) out.push("tensorflow");
  return out;
}

/** describe(`${name} on ${backend}`) for every available backend, with the backend active in it. */
export function describeOnBackends(name: string, body: (backend: string) => void): void {
  for (const backend of testBackends()) {
    describe(`${name} [${backend}]`, () => {
      beforeAll(async () => { await initBackend(backend); });
      body(backend);
    });
  }
}
