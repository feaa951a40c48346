/**
 * The graph kernels on a real GPU backend: headless Debian Chromium (WebGL 2 on SwiftShader) runs
 * kernel-page.ts, which computes every op on webgl and on cpu. Asserts (issue 10): values and
 * gradients agree to 1e-4 relative (float32) for the aggregation (mean/sum/sym/gcn, isolated nodes)
 * and for GraphConv with/without W1, GCN, sum, sym networks; the aggregation runs as the registered
 * GncAggregate kernel; 50 SGD steps on webgl (ops impl, optimiser on the device) lower the loss; a
 * short training session reaches the wasm path's test overlap (±0.01) and last-layer NC1 (±0.5 log10).
 * Skips outside CI without chromium (test/helpers/browser.ts); never in CI.
 */
import path from "node:path";
import { rmSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "puppeteer-core";
import { browserTestMode, launchBrowser, serveDir } from "../helpers/browser.js";
import { bundlePage, closeBrowser } from "./bundle.js";

const mode = browserTestMode();
if (!mode.run) console.log(`test/web/kernels: skipped — ${mode.reason}`);

describe.skipIf(!mode.run)("graph kernels in Chromium: webgl vs cpu", () => {
  let browser: Browser, page: Page, server: { url: string; close: () => Promise<void> }, dir: string;
  const errors: string[] = [];

  beforeAll(async () => {
    dir = await bundlePage(path.join(import.meta.dirname, "kernel-page.ts"));
    server = await serveDir(dir);
    browser = await launchBrowser();
    page = await browser.newPage();
    page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
    page.on("pageerror", (e) => errors.push(String(e)));
    await page.goto(server.url);
    await page.waitForFunction("globalThis.gncKernelPageReady === true", { timeout: 60_000 });
  }, 120_000);

  afterAll(async () => {
    await page?.close();
    await closeBrowser(browser);
    await server?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("aggregation: values and gradients within 1e-4, isolated nodes zero, run by the GncAggregate kernel", async () => {
    const r = await page.evaluate("gncKernelPage.aggregation()") as Record<string, { value: number; grad: number; isolatedZero: boolean; kernel: boolean }>;
    expect(Object.keys(r).sort()).toEqual(["gcn", "mean", "sum", "sym"]);
    for (const [mode, v] of Object.entries(r)) {
      expect(v.value, mode).toBeLessThan(1e-4);
      expect(v.grad, mode).toBeLessThan(1e-4);
      expect(v.isolatedZero, mode).toBe(true);
      expect(v.kernel, mode).toBe(true);
    }
  }, 120_000);

  it("networks (GraphConv ± W1, GCN, sum, sym + bias): output and all gradients within 1e-4", async () => {
    const r = await page.evaluate("gncKernelPage.networks()") as Record<string, { out: number; grads: number; dx: number }>;
    expect(Object.keys(r).length).toBe(5);
    for (const [name, v] of Object.entries(r)) {
      expect(v.out, name).toBeLessThan(1e-4);
      expect(v.grads, name).toBeLessThan(1e-4);
      expect(v.dx, name).toBeLessThan(1e-4);
    }
  }, 180_000);

  it("50 training steps on webgl lower the loss (ops impl, optimiser on the device)", async () => {
    const r = await page.evaluate("gncKernelPage.training()") as { first: number; last: number; impl: string; onDevice: boolean; backend: string };
    expect(r.backend).toBe("webgl");
    expect(r.impl).toBe("ops");
    expect(r.onDevice).toBe(true);
    expect(r.last).toBeLessThan(0.8 * r.first);
  }, 300_000);

  it("a short session on webgl reaches the wasm path's test overlap (±0.01) and last-layer NC1 (±0.5 log10)", async () => {
    const r = await page.evaluate("gncKernelPage.sessions()") as Record<string, { overlap: number; nc1: number; impl: string }>;
    expect(r.webgl.impl).toBe("ops");
    expect(r.wasm.impl).toBe("fused");
    expect(Math.abs(r.webgl.overlap - r.wasm.overlap)).toBeLessThanOrEqual(0.01);
    expect(Math.abs(r.webgl.nc1 - r.wasm.nc1)).toBeLessThanOrEqual(0.5);
    expect(errors).toEqual([]);
  }, 300_000);
});
