/**
 * `npm run fuzz` — the reader fuzz properties of test/fuzz (random bytes, random text over each
 * format's syntax, every truncation of the valid files, random mutations) with many more cases
 * than the test suite runs. GNC_FUZZ_RUNS cases per property (default 20000), GNC_FUZZ_SEED the
 * seed (default: the suite's), an optional argument filters targets by name:
 *
 *   npm run fuzz                      # everything, 20000 cases per property
 *   GNC_FUZZ_RUNS=200000 npm run fuzz -- mtx
 *
 * A failure prints fast-check's shrunk counterexample and its seed, and exits 1.
 */
import { TARGETS, cleanupFuzzFiles } from "../test/fuzz/targets.js";
import { mutations, randomBytes, randomText, truncations } from "../test/fuzz/properties.js";

process.env.GNC_MAX_MEMORY ??= "256M";
const runs = Number(process.env.GNC_FUZZ_RUNS ?? 20000);
const seed = Number(process.env.GNC_FUZZ_SEED ?? 20261202);
const filter = (process.argv[2] ?? "").toLowerCase();
if (!(Number.isInteger(runs) && runs > 0)) {
  console.error(`fuzz: GNC_FUZZ_RUNS must be a positive integer, got ${process.env.GNC_FUZZ_RUNS}`);
  process.exit(2);
}

let failed = 0;
const t0 = performance.now();
for (const t of TARGETS.filter((x) => x.name.toLowerCase().includes(filter))) {
  const s = performance.now();
  try {
    const n = truncations(t);
    randomBytes(t, { runs, seed });
    randomText(t, { runs, seed });
    mutations(t, { runs, seed });
    console.log(`fuzz ${t.name.padEnd(16)} ok: ${n} truncations + 3 × ${runs} random cases in ${((performance.now() - s) / 1000).toFixed(1)} s`);
  } catch (err) {
    failed++;
    console.log(`fuzz ${t.name.padEnd(16)} FAILED (seed ${seed}):\n${(err as Error).message}`);
  }
}
cleanupFuzzFiles();
console.log(`fuzz: ${failed === 0 ? "all readers passed" : `${failed} reader(s) failed`} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
process.exit(failed === 0 ? 0 : 1);
