/**
 * tfjs backend selection in a browser (the counterpart of tensor/backend.ts, which reads files with
 * node: modules): webgl first (the graph aggregation then runs as a GPU program, tensor/kernels/),
 * then wasm (the tfjs .wasm binaries are served beside the bundle, `setWasmPaths`), then cpu.
 */
import * as tf from "@tensorflow/tfjs";
import { setWasmPaths } from "@tensorflow/tfjs-backend-wasm";

export type BrowserBackend = "webgl" | "wasm" | "cpu";

/** Start the first backend of `order` that works; resolves to its name. `wasmDir` ends with "/". */
export async function initBrowserBackend(order: BrowserBackend[] = ["webgl", "wasm", "cpu"], wasmDir = "./"): Promise<string> {
  setWasmPaths(wasmDir);
  for (const name of order) {
    try {
      if ((await tf.setBackend(name)) && tf.getBackend() === name) {
        await tf.ready();
        // webgl defaults to 16-bit-precision epsilon checks; gnc passes its own epsilons, and the
        // kernels need float32 render targets (WebGL 2 provides them).
        return name;
      }
    } catch {
      // try the next one
    }
  }
  throw new Error(`gnc/web/backend: none of ${order.join(", ")} could be started`);
}
