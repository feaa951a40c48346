/** Bundle a browser test page with esbuild into a fresh folder (with an index.html and the tfjs wasm files). */
import { copyFileSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { build } from "esbuild";
import { browserBuildOptions } from "../../src/web/build.js";

export async function bundlePage(entry: string): Promise<string> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "gnc-web-test-"));
  await build(browserBuildOptions(entry, path.join(dir, "page.js"), false));
  writeFileSync(path.join(dir, "index.html"), '<!doctype html><html><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>gnc test</title></head><body><script type="module" src="./page.js"></script></body></html>');
  const require_ = createRequire(import.meta.url);
  const wasmDir = path.dirname(require_.resolve("@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm"));
  for (const f of readdirSync(wasmDir)) if (f.endsWith(".wasm")) copyFileSync(path.join(wasmDir, f), path.join(dir, f));
  return dir;
}

/**
 * Close a browser from test/helpers/browser.ts and remove its profile folder with retries: the
 * helper's own removal on "disconnected" can race chromium's last writes (ENOTEMPTY).
 */
export async function closeBrowser(browser: import("puppeteer-core").Browser | undefined): Promise<void> {
  if (!browser) return;
  const arg = browser.process()?.spawnargs.find((a) => a.startsWith("--user-data-dir="));
  browser.removeAllListeners("disconnected");
  await browser.close();
  if (arg) rmSync(arg.slice("--user-data-dir=".length), { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
}
