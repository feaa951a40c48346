/**
 * Issue 10's acceptance check, as a benchmark (it takes tens of minutes on SwiftShader, so it is not
 * in the test suite): the quick preset (experiments/quick.json, seed 0: SBM N = 1000, C = 2,
 * GraphConv mean + W1, L = 32, d = 8, ReLU + BN, MSE, SGD, 500 fixed training graphs × 3 epochs,
 * 20 test graphs) trained
 *   - on wasm in Node (impl auto → fused: gnc's typed-array + SIMD kernels), and
 *   - on webgl in headless Chromium (impl auto → ops: tfjs ops, the aggregation as the GPU program
 *     of src/tensor/kernels/aggregate-webgl.ts, SGD on the device; SwiftShader rasterises on the CPU),
 * both with bench/quick-loop.ts, then per epoch the mean test overlap and the mean log10 NC1 of the
 * last hidden layer (bn features, REFERENCE.md §3) side by side, with the differences against the
 * acceptance tolerances (± 0.01 overlap, ± 0.5 log10 NC1). The baseline, measured in the same run,
 * is the wasm run; the step-time ratio webgl/wasm is printed too. First, the wasm run of the loop is
 * checked against `gnc train`'s own loop (src/train/loop.ts, same backend, same config) so that the
 * comparison is about backends and not about a second loop.
 * Env: GNC_QUICK_EPOCHS (default: the preset's), GNC_QUICK_BUDGET_S (stop waiting for webgl after
 * that many seconds and compare the epochs done; default 3600), GNC_QUICK_SKIP_LOOPCHECK=1, and for a
 * smoke test of the script GNC_QUICK_TRAIN_GRAPHS (fewer training graphs per epoch than the preset's).
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { initBackend } from "../src/tensor/backend.js";
import { resolveConfig, type RunConfig } from "../src/runs/schema/gnn.js";
import { trainRun } from "../src/train/loop.js";
import { trainQuick, type QuickEpoch, type QuickResult } from "./quick-loop.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const TOL = { overlap: 0.01, nc1: 0.5 };
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms).unref());

interface PageStatus { step: number; epochs: QuickEpoch[]; result: QuickResult | null; error: string | null; backend: string }

/** The webgl run in headless Chromium; returns the epochs evaluated (all, or those done within the budget). */
async function webglRun(cfg: RunConfig, epochs: number, budgetS: number): Promise<{ epochs: QuickEpoch[]; done: boolean; msPerStep: number; impl: string; reason?: string }> {
  const { findChromium, launchBrowser, serveDir } = await import("../test/helpers/browser.js");
  if (!findChromium()) return { epochs: [], done: false, msPerStep: NaN, impl: "", reason: "no chromium" };
  const { bundlePage, closeBrowser } = await import("../test/web/bundle.js");
  const dir = await bundlePage(path.join(here, "webgl-quick-page.ts"));
  const server = await serveDir(dir);
  const browser = await launchBrowser();
  const t0 = performance.now();
  try {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    await page.goto(server.url);
    await page.waitForFunction("globalThis.gncQuickReady === true", { timeout: 60_000 });
    const backend = await page.evaluate(`gncQuick.start(${JSON.stringify(cfg)}, ${epochs})`) as string;
    if (backend !== "webgl") throw new Error(`the page runs on ${backend}, not webgl`);
    let seen = 0, lastPrint = 0;
    for (;;) {
      await sleep(5000);
      const st = await page.evaluate("gncQuick.status()") as PageStatus;
      if (st.error || errors.length) throw new Error(`webgl run failed: ${st.error ?? errors.join("; ")}`);
      for (; seen < st.epochs.length; seen++) {
        const e = st.epochs[seen];
        console.log(`  webgl epoch ${e.epoch} (step ${e.step}, ${e.elapsed.toFixed(0)} s): test overlap ${e.testOverlap.toFixed(4)}, last-layer log10 NC1 ${e.log10Nc1Last.toFixed(3)}`);
      }
      const secs = (performance.now() - t0) / 1000;
      if (secs - lastPrint > 120) { lastPrint = secs; console.log(`  webgl: step ${st.step} after ${secs.toFixed(0)} s`); }
      if (st.result) return { epochs: st.result.epochs, done: true, msPerStep: st.result.msPerStep, impl: st.result.impl };
      if (secs > budgetS) {
        return { epochs: st.epochs, done: false, msPerStep: secs * 1000 / Math.max(st.step, 1), impl: "ops", reason: `budget of ${budgetS} s reached at step ${st.step}` };
      }
    }
  } finally {
    await closeBrowser(browser);
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function run(): Promise<void> {
  const graphs = process.env.GNC_QUICK_TRAIN_GRAPHS;
  const base = resolveConfig({ preset: "quick", flags: { seed: 0, ...(graphs ? { train: { trainGraphs: Number(graphs) } } : {}) } });
  const epochs = Number(process.env.GNC_QUICK_EPOCHS ?? base.train.epochs);
  const budgetS = Number(process.env.GNC_QUICK_BUDGET_S ?? 3600);
  console.log(`workload: preset quick, seed 0 (SBM N=${base.graph.n}, C=${base.graph.classes}, p=${base.graph.pIn}, q=${base.graph.pOut}; ${base.model.layer} ${base.model.aggregation} W1=${base.model.useW1}, L=${base.model.depth}, d=${base.model.hidden}; ${base.train.loss}, lr ${base.train.lr}; ${base.train.trainGraphs} fixed graphs × ${epochs} epoch(s), ${base.train.testGraphs} test graphs)`);

  // The wasm baseline, in Node.
  const wasmCfg: RunConfig = { ...base, backend: "wasm" };
  await initBackend("wasm");
  const wasm = await trainQuick(wasmCfg, { epochs, onEpoch: (e) => console.log(`  wasm  epoch ${e.epoch} (step ${e.step}, ${e.elapsed.toFixed(0)} s): test overlap ${e.testOverlap.toFixed(4)}, last-layer log10 NC1 ${e.log10Nc1Last.toFixed(3)}`) });
  console.log(`  wasm ${wasm.impl}: ${wasm.msPerStep.toFixed(1)} ms/step (median)`);

  // This loop against gnc train's own (same backend: the same bits are expected).
  if (process.env.GNC_QUICK_SKIP_LOOPCHECK !== "1" && epochs === base.train.epochs) {
    const out = mkdtempSync(path.join(os.tmpdir(), "gnc-quick-"));
    try {
      const r = await trainRun(wasmCfg, { outDir: out, log: () => {} });
      const a = r.last!, b = wasm.epochs[wasm.epochs.length - 1];
      const same = a.testOverlap === b.testOverlap && a.log10Nc1Last === b.log10Nc1Last;
      console.log(`  gnc train (wasm): test overlap ${a.testOverlap.toFixed(4)}, last-layer log10 NC1 ${a.log10Nc1Last.toFixed(3)} — ${same ? "identical to this loop" : `DIFFERS from this loop (${b.testOverlap}, ${b.log10Nc1Last})`}`);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }

  const gl = await webglRun({ ...base, backend: "auto" }, epochs, budgetS);
  if (gl.reason === "no chromium") { console.log("webgl: skipped (no chromium; apt-get install chromium or set GNC_CHROMIUM)"); return; }
  console.log(`  webgl ${gl.impl} (Chromium, SwiftShader): ${gl.msPerStep.toFixed(1)} ms/step (median) = ${(gl.msPerStep / wasm.msPerStep).toFixed(1)}× wasm ${wasm.impl}`);
  if (!gl.done) console.log(`  webgl run incomplete: ${gl.reason}; ${gl.epochs.length} of ${epochs} epoch(s) compared`);

  console.log(`${"epoch".padStart(5)} ${"overlap wasm".padStart(13)} ${"webgl".padStart(8)} ${"|Δ|".padStart(7)} ${"≤0.01".padStart(6)}   ${"log10 NC1 wasm".padStart(14)} ${"webgl".padStart(8)} ${"|Δ|".padStart(7)} ${"≤0.5".padStart(5)}`);
  let ok = true;
  for (const g of gl.epochs) {
    const w = wasm.epochs.find((e) => e.epoch === g.epoch)!;
    const dOv = Math.abs(g.testOverlap - w.testOverlap), dNc = Math.abs(g.log10Nc1Last - w.log10Nc1Last);
    const okOv = dOv <= TOL.overlap, okNc = dNc <= TOL.nc1;
    ok &&= okOv && okNc;
    console.log(`${String(g.epoch).padStart(5)} ${w.testOverlap.toFixed(4).padStart(13)} ${g.testOverlap.toFixed(4).padStart(8)} ${dOv.toFixed(4).padStart(7)} ${(okOv ? "yes" : "NO").padStart(6)}   ${w.log10Nc1Last.toFixed(3).padStart(14)} ${g.log10Nc1Last.toFixed(3).padStart(8)} ${dNc.toFixed(3).padStart(7)} ${(okNc ? "yes" : "NO").padStart(5)}`);
  }
  console.log(gl.epochs.length === 0 ? "no webgl epoch finished" : `${ok ? "within" : "OUTSIDE"} the acceptance tolerances${gl.done ? "" : " (for the epochs done)"}`);
}
