/**
 * Build the explorer's static site with esbuild (Node only; never part of the bundle itself):
 * src/web/explorer.ts bundled for the browser (ESM, minified) → <out>/explorer.js, index.html, and
 * the tfjs wasm binaries the wasm fallback loads. Default <out>: dist/explorer/ in the package.
 * `npm run build:web` (scripts/build-web.ts) runs it; `gnc explore` runs it when the bundle is missing.
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { GncError } from "../util/errors.js";

/** The package root (this file is src/web/build.ts or dist/web/build.js). */
export const PACKAGE_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const EXPLORER_DIR = path.join(PACKAGE_ROOT, "dist", "explorer");
const ENTRY = path.join(PACKAGE_ROOT, "src", "web", "explorer.ts");

/** True when the bundle exists and is newer than every file under src/ (when src/ is present). */
export function explorerIsFresh(outDir = EXPLORER_DIR): boolean {
  const bundle = path.join(outDir, "explorer.js");
  if (!existsSync(bundle) || !existsSync(path.join(outDir, "index.html"))) return false;
  const srcDir = path.join(PACKAGE_ROOT, "src");
  if (!existsSync(srcDir)) return true; // an installed package ships the bundle, not the sources
  const built = statSync(bundle).mtimeMs;
  const newest = (dir: string): number => readdirSync(dir, { withFileTypes: true }).reduce((m, e) => {
    const p = path.join(dir, e.name);
    return Math.max(m, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }, 0);
  return newest(srcDir) <= built;
}

/**
 * esbuild settings for any browser bundle of the library (the explorer, test pages, bench pages):
 * ESM for the browser; `process.env.*` reads become undefined (no environment in a page); `node:os`
 * (graphs/estimate.ts's memory budget) maps to a shim whose totalmem() is the page's
 * navigator.deviceMemory (GiB, default 4) — the readers' size checks then bound a dropped file.
 */
export function browserBuildOptions(entry: string, outfile: string, minify: boolean): import("esbuild").BuildOptions {
  return {
    entryPoints: [entry],
    bundle: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    minify,
    outfile,
    define: { "process.env.NODE_ENV": '"production"', "process.env": "{}" },
    logLevel: "error",
    plugins: [{
      name: "gnc-browser-shims",
      setup(b) {
        b.onResolve({ filter: /^(node:)?os$/ }, () => ({ path: "os", namespace: "gnc-shim" }));
        b.onLoad({ filter: /.*/, namespace: "gnc-shim" }, () => ({
          contents: "export function totalmem() { const g = globalThis.navigator && globalThis.navigator.deviceMemory; return (g || 4) * 1073741824; }\nexport default { totalmem };",
          loader: "js",
        }));
      },
    }],
  };
}

/** Bundle the explorer into outDir; resolves to the bundle's size in bytes and the build time. */
export async function buildExplorer(outDir = EXPLORER_DIR): Promise<{ bytes: number; ms: number; dir: string }> {
  if (!existsSync(ENTRY)) throw new GncError(`gnc/web/build: the explorer's sources (${ENTRY}) are not in this installation, and no built bundle was found`);
  let esbuild: typeof import("esbuild");
  try {
    esbuild = await import("esbuild");
  } catch {
    throw new GncError("gnc/web/build: esbuild is not installed (it is a devDependency: run npm install in the gnc checkout)");
  }
  const t0 = performance.now();
  mkdirSync(outDir, { recursive: true });
  await esbuild.build(browserBuildOptions(ENTRY, path.join(outDir, "explorer.js"), true));
  copyFileSync(path.join(PACKAGE_ROOT, "src", "web", "index.html"), path.join(outDir, "index.html"));
  const require_ = createRequire(import.meta.url);
  const wasmDir = path.dirname(require_.resolve("@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm"));
  for (const f of readdirSync(wasmDir)) if (f.endsWith(".wasm")) copyFileSync(path.join(wasmDir, f), path.join(outDir, f));
  return { bytes: statSync(path.join(outDir, "explorer.js")).size, ms: performance.now() - t0, dir: outDir };
}
