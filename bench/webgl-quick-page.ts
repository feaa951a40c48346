/**
 * Browser page for bench/webgl-quick.bench.ts: trains a run config with bench/quick-loop.ts on the
 * page's webgl backend (impl auto → ops: the aggregation as the GPU program of tensor/kernels/,
 * the optimiser on the device). window.gncQuick.start(cfg, epochs) starts the run and returns at
 * once; status() reports progress (steps, the epochs evaluated so far, the result or the error),
 * so that no single page.evaluate lasts the whole run.
 */
import * as tf from "@tensorflow/tfjs";
import type { RunConfig } from "../src/runs/schema/gnn.js";
import { trainQuick, type QuickEpoch, type QuickResult } from "./quick-loop.js";

const state: { step: number; epochs: QuickEpoch[]; result: QuickResult | null; error: string | null; backend: string } = { step: 0, epochs: [], result: null, error: null, backend: "" };

async function start(cfg: RunConfig, epochs: number): Promise<string> {
  await tf.setBackend("webgl");
  await tf.ready();
  state.backend = tf.getBackend();
  trainQuick(cfg, { epochs, onStep: (s) => { state.step = s; }, onEpoch: (e) => { state.epochs.push(e); } })
    .then((r) => { state.result = r; }, (err: unknown) => { state.error = String((err as Error)?.stack ?? err); });
  return state.backend;
}

(globalThis as unknown as { gncQuick: unknown }).gncQuick = { start, status: () => state };
(globalThis as unknown as { gncQuickReady: boolean }).gncQuickReady = true;
