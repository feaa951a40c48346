/**
 * The library runs in a browser (issue 10): the modules the explorer and a page-side user need —
 * graphs (samplers, features, CSR, the in-memory readers), models, tensor kernels, the training core
 * (step, losses, optimiser, tracking, overlap), collapse and condition — bundle with esbuild for
 * the browser with no node: module left (graphs/estimate.ts's node:os goes to the shim of
 * src/web/build.ts), and none of gnc's sources compiles code at run time
 * (`new Function` / eval: blocked by a page's CSP, invisible to tsc).
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { build } from "esbuild";
import { browserBuildOptions } from "../../src/web/build.js";

const SRC = path.join(import.meta.dirname, "../../src");
const BROWSER_MODULES = [
  "graphs/sbm.ts", "graphs/regular-sbm.ts", "graphs/features.ts", "graphs/csr.ts",
  "graphs/io/edgelist.ts", "graphs/io/mtx.ts", "graphs/io/json.ts", "graphs/io/labels.ts",
  "models/network.ts", "models/layers.ts", "tensor/aggregate.ts", "tensor/kernels/aggregate.ts",
  "train/step.ts", "train/losses.ts", "train/optimizer.ts", "train/tracking.ts", "train/overlap.ts",
  "collapse/index.ts", "condition/index.ts", "web/session.ts",
];

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = path.join(dir, f);
    return statSync(p).isDirectory() ? files(p) : p.endsWith(".ts") ? [p] : [];
  });
}

describe("the library in the browser", () => {
  it("bundles for the browser with no node: module (esbuild, platform browser)", async () => {
    const entry = BROWSER_MODULES.map((m, i) => `export * as m${i} from "./${m.replace(/\.ts$/, ".js")}";`).join("\n");
    const opts = browserBuildOptions("unused", "unused.js", false);
    delete opts.entryPoints;
    delete opts.outfile;
    const r = await build({ ...opts, stdin: { contents: entry, resolveDir: SRC, loader: "ts" }, write: false, metafile: true });
    const inputs = Object.keys(r.metafile!.inputs);
    expect(inputs.some((p) => p.includes("src/train/tracking.ts"))).toBe(true);
    expect(inputs.filter((p) => p.startsWith("node:") || /^(fs|path|module|child_process)$/.test(p))).toEqual([]);
    expect(r.outputFiles![0].text.length).toBeGreaterThan(100_000);
  }, 60_000);

  it("no gnc source in graphs, models, tensor, train (but loop), collapse, condition, web compiles code at run time", () => {
    const dirs = ["graphs", "models", "tensor", "train", "collapse", "condition", "web"];
    const offenders = dirs.flatMap((d) => files(path.join(SRC, d)))
      .filter((f) => /new Function\s*\(|\beval\s*\(/.test(readFileSync(f, "utf8")))
      .map((f) => path.relative(SRC, f));
    expect(offenders).toEqual([]);
  });
});
