/**
 * Benches that time worker processes run the compiled package (dist/), as `npx gnc` does: workers
 * started from the TypeScript sources go through tsx's loader, which made a training run cost 15 %
 * more CPU alone and 30–45 % more two at once (measured on the 2-core dev VM: the 4-setting sweep
 * bench took 39–46 s of CPU with two tsx workers against 28–29 s with two compiled ones). dist/ is
 * rebuilt first when a source file is newer than it.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

function newestMtime(dir: string): number {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newestMtime(p) : e.name.endsWith(".ts") ? statSync(p).mtimeMs : 0);
  }
  return t;
}

/** Build dist/ when it is missing or older than src/ (tsc re-emits every file, so one output dates the build). */
export function ensureBuilt(): void {
  const stamp = path.join(ROOT, "dist/cli/main.js");
  if (existsSync(stamp) && statSync(stamp).mtimeMs >= newestMtime(path.join(ROOT, "src"))) return;
  console.log("(dist/ is older than src/: building it with tsc first)");
  const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
  execFileSync(process.execPath, [tsc, "-p", path.join(ROOT, "tsconfig.json")], { stdio: "inherit" });
}

/** Import a compiled module of the package, e.g. builtModule("sweep/run.js"). */
export async function builtModule<T = any>(rel: string): Promise<T> {
  ensureBuilt();
  return import(pathToFileURL(path.join(ROOT, "dist", rel)).href);
}

/** The compiled CLI entry point. */
export function builtCli(): string {
  ensureBuilt();
  return path.join(ROOT, "dist/cli/main.js");
}
