/**
 * `npm run bench [name…]`: runs every bench/<name>.bench.ts (or the named ones) in turn. Each bench
 * prints its workload, its figures and a ratio against a baseline measured in the same run.
 * Benchmarks never run inside the test suite.
 */
import { readdirSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";
import path from "node:path";
import { machineDescription } from "../src/util/machine.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const wanted = process.argv.slice(2);
const files = readdirSync(here)
  .filter((f) => f.endsWith(".bench.ts"))
  .filter((f) => wanted.length === 0 || wanted.some((w) => f.startsWith(w)))
  .sort();

console.log(`gnc bench — ${machineDescription()}, node ${process.version}`);
for (const f of files) {
  console.log(`\n=== ${f.replace(".bench.ts", "")} ===`);
  const mod = await import(pathToFileURL(path.join(here, f)).href);
  const t0 = performance.now();
  await mod.run();
  console.log(`(${f}: ${((performance.now() - t0) / 1000).toFixed(1)} s)`);
}
