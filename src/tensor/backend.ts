/**
 * tfjs backend selection (DESIGN.md "Decisions already measured": tfjs union package + wasm as the
 * embedded default; tfjs-node-gpu → tfjs-node → wasm → cpu, first that loads; `GNC_BACKEND`
 * overrides). tfjs-node(-gpu) are optional: they are loaded by dynamic import only when the user
 * installed them, and their absence is not an error under "auto".
 *
 * Wasm: the .wasm binaries are read from node_modules/@tensorflow/tfjs-backend-wasm/dist (a file
 * path works in Node). tfjs picks the SIMD build when the runtime supports it; under Node 20 its
 * WASM_HAS_MULTITHREAD_SUPPORT flag is false (checked here), so the threaded build is never chosen
 * and tfjs runs one thread. That costs gnc little: the network's heavy lifting runs in gnc's own
 * fused kernels (tensor/kernels/fused-stack.ts), not in tfjs kernels.
 */
import { createRequire } from "node:module";
import path from "node:path";
import * as tf from "@tensorflow/tfjs";
import { GncError } from "../util/errors.js";

export type BackendRequest = "auto" | "wasm" | "cpu" | "tensorflow" | "node-gpu";
export const BACKEND_NAMES: readonly BackendRequest[] = ["auto", "wasm", "cpu", "tensorflow", "node-gpu"];

export interface BackendInfo {
  /** tfjs backend name in use ("wasm", "cpu", "tensorflow"). */
  name: string;
  /** tfjs version string. */
  version: string;
  /** Every candidate tried, in order, with the reason it was skipped ("wasm" or "node-gpu: not installed"). */
  tried: string[];
}

const require_ = createRequire(import.meta.url);
let current: BackendInfo | null = null;

/** The backend chosen by the last successful initBackend, or null. */
export function backendInfo(): BackendInfo | null {
  return current;
}

/** Load an optional package by dynamic import; null when it is not installed or fails to load. */
async function tryImport(pkg: string): Promise<{ ok: boolean; why: string }> {
  try {
    require_.resolve(pkg);
  } catch {
    return { ok: false, why: "not installed" };
  }
  try {
    await import(pkg);
    return { ok: true, why: "" };
  } catch (e) {
    return { ok: false, why: `failed to load (${(e as Error).message.split("\n")[0]})` };
  }
}

let wasmPathsSet = false;
async function setupWasm(): Promise<void> {
  const wasm = await import("@tensorflow/tfjs-backend-wasm");
  if (!wasmPathsSet) {
    const dir = path.dirname(require_.resolve("@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm"));
    wasm.setWasmPaths(dir + path.sep);
    wasmPathsSet = true;
  }
}

/** Select one tfjs backend by its tfjs name; true when it became active. */
async function activate(name: string): Promise<boolean> {
  try {
    const ok = await tf.setBackend(name);
    if (!ok) return false;
    await tf.ready();
    return tf.getBackend() === name;
  } catch {
    return false;
  }
}

/** The cpu backend prints a "you are running TensorFlow.js in Node" banner on first use: mute it. */
function muteCpuBanner(): void {
  const b = tf.backend() as unknown as { firstUse?: boolean };
  if (b && "firstUse" in b) b.firstUse = false;
}

/**
 * Initialise tfjs on the requested backend (default: `GNC_BACKEND` or "auto").
 * "auto" tries node-gpu → tensorflow (tfjs-node) → wasm → cpu. An explicit request that cannot be
 * satisfied throws a GncError naming the reason. Resolves to the backend in use and what was tried.
 */
export async function initBackend(requested?: BackendRequest | string): Promise<BackendInfo> {
  const req = (requested ?? process.env.GNC_BACKEND ?? "auto").trim().toLowerCase();
  if (!(BACKEND_NAMES as readonly string[]).includes(req)) {
    throw new GncError(`gnc/tensor/backend: unknown backend "${req}" (valid: ${BACKEND_NAMES.join(", ")})`);
  }
  const order: BackendRequest[] = req === "auto" ? ["node-gpu", "tensorflow", "wasm", "cpu"] : [req as BackendRequest];
  const tried: string[] = [];
  for (const cand of order) {
    if (cand === "node-gpu" || cand === "tensorflow") {
      const pkg = cand === "node-gpu" ? "@tensorflow/tfjs-node-gpu" : "@tensorflow/tfjs-node";
      const r = await tryImport(pkg);
      if (!r.ok) { tried.push(`${cand}: ${r.why}`); continue; }
      // Both packages register the backend under the name "tensorflow".
      if (await activate("tensorflow")) { tried.push(cand); return done("tensorflow", tried); }
      tried.push(`${cand}: backend did not start`);
      continue;
    }
    if (cand === "wasm") {
      try {
        await setupWasm();
      } catch (e) {
        tried.push(`wasm: failed to load (${(e as Error).message.split("\n")[0]})`);
        continue;
      }
      if (await activate("wasm")) { tried.push("wasm"); return done("wasm", tried); }
      tried.push("wasm: backend did not start");
      continue;
    }
    if (await activate("cpu")) { muteCpuBanner(); tried.push("cpu"); return done("cpu", tried); }
    tried.push("cpu: backend did not start");
  }
  throw new GncError(`gnc/tensor/backend: no tfjs backend could be started for "${req}" (tried: ${tried.join("; ")})`);
}

function done(name: string, tried: string[]): BackendInfo {
  current = { name, version: tf.version.tfjs, tried };
  return current;
}
