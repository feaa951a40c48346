/**
 * The explorer page end to end in headless Chromium: the esbuild bundle (src/web/build.ts) served
 * over http://127.0.0.1 loads on webgl, trains a small network from the form, redraws its NC1 chart
 * after every epoch, logs no console errors, and its screenshot is not blank; dropping
 * graphs/karate.edges + karate.labels runs the exact-collapse check and lists violating nodes, and a
 * regular SBM (which satisfies the condition by construction) lists none.
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "puppeteer-core";
import { browserTestMode, launchBrowser, pngVariety, serveDir } from "../helpers/browser.js";
import { buildExplorer } from "../../src/web/build.js";
import { checkCondition } from "../../src/condition/index.js";
import { loadLabelledGraph } from "../../src/graphs/io/index.js";
import { closeBrowser } from "./bundle.js";

const mode = browserTestMode();
if (!mode.run) console.log(`test/web/explorer: skipped — ${mode.reason}`);
const GRAPHS = path.join(import.meta.dirname, "../../graphs");

describe.skipIf(!mode.run)("explorer page in Chromium", () => {
  let browser: Browser, page: Page, server: { url: string; close: () => Promise<void> }, dir: string;
  const errors: string[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), "gnc-explorer-test-"));
    await buildExplorer(dir);
    server = await serveDir(dir);
    browser = await launchBrowser();
    page = await browser.newPage();
    await page.setViewport({ width: 1000, height: 900 });
    page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
    page.on("pageerror", (e) => errors.push(String(e)));
    await page.goto(`${server.url}?backend=webgl`);
    await page.waitForFunction("globalThis.gncExplorer && globalThis.gncExplorer.backend !== ''", { timeout: 60_000 });
  }, 180_000);

  afterAll(async () => {
    await page?.close();
    await closeBrowser(browser);
    await server?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("trains on webgl from the form, redraws the chart every epoch, no console errors, non-blank screenshot", async () => {
    expect(await page.evaluate("gncExplorer.backend")).toBe("webgl");
    const set = async (name: string, v: string) => page.$eval(`[name=${name}]`, (el, val) => { (el as unknown as { value: string }).value = val; }, v);
    await set("n", "80"); await set("depth", "3"); await set("epochs", "3"); await set("stepsPerEpoch", "4"); await set("lr", "0.02");
    await page.click("#train");
    await page.waitForFunction("gncExplorer.epochs === 3 && !gncExplorer.running && gncExplorer.redraws >= 3", { timeout: 240_000, polling: 500 });
    const st = await page.evaluate("({ error: gncExplorer.error, redraws: gncExplorer.redraws, n: gncExplorer.reports.length, impl: gncExplorer.reports[0].impl, layers: [...new Set(gncExplorer.reports.at(-1).rows.filter(r => r.metric === 'nc1').map(r => r.layer))].length })") as { error: string | null; redraws: number; n: number; impl: string; layers: number };
    expect(st.error).toBeNull();
    expect(st.n).toBe(4); // epoch 0 (before training) + 3 epochs
    expect(st.impl).toBe("ops");
    expect(st.layers).toBe(4); // hidden layers 1..3 and the final layer
    expect(await page.$("#chart canvas")).not.toBeNull();
    expect(await page.$eval("#status", (el) => el.textContent)).toMatch(/webgl \(ops\) · epoch 3\/3/);
    const shot = await page.screenshot({ type: "png" });
    const v = pngVariety(shot);
    expect(v.colours).toBeGreaterThan(50);
    expect(v.nonWhite).toBeGreaterThan(0.02);
    expect(errors).toEqual([]);
  }, 300_000);

  it("checks a dropped graph + labels: karate violates condition C at the same nodes as the library", async () => {
    const input = await page.$("#files");
    await input!.uploadFile(path.join(GRAPHS, "karate.edges"), path.join(GRAPHS, "karate.labels"));
    await page.waitForFunction("document.getElementById('check').textContent.length > 0", { timeout: 30_000 });
    const text = await page.$eval("#check", (el) => el.textContent ?? "");
    const listed = (await page.$eval("#violations", (el) => el.textContent ?? "")).split(/\s+/).filter(Boolean);
    const ref = loadLabelledGraph(path.join(GRAPHS, "karate.edges"), { labels: path.join(GRAPHS, "karate.labels") });
    const rep = checkCondition(ref.graph, ref.labels, ref.classes);
    expect(rep.satisfied).toBe(false);
    expect(text).toMatch(/Condition C \(counts\): violated/);
    expect(listed).toEqual(Array.from(rep.violatingNodeIds, (i) => ref.nodeIds[i]));
    await input!.uploadFile(path.join(GRAPHS, "regular-sbm-hetero.edges"), path.join(GRAPHS, "regular-sbm-hetero.labels"));
    await page.waitForFunction("document.getElementById('check').textContent.includes('regular-sbm-hetero')", { timeout: 30_000 });
    expect(await page.$eval("#check", (el) => el.textContent ?? "")).toMatch(/Condition C \(counts\): holds.*0 violating node/);
    expect(errors).toEqual([]);
  }, 120_000);
});
