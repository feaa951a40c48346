/**
 * Fuzzed readers (issue 11): for every reader, random bytes, random text over its syntax, every
 * truncation of a valid file and random mutations give a correct parse or a one-line GncError with
 * exit code 2 — never another exception, a hang or NaN/partial output. Seeded and bounded here
 * (GNC_FUZZ_RUNS cases per property, default 150); `npm run fuzz` runs many more.
 */
import { afterAll, describe, expect, it } from "vitest";
import { TARGETS, cleanupFuzzFiles } from "./targets.js";
import { mutations, randomBytes, randomText, truncations } from "./properties.js";

// Sizes a file declares are checked against this budget (machine-independent here).
process.env.GNC_MAX_MEMORY = "256M";
const runs = Number(process.env.GNC_FUZZ_RUNS ?? 150);
const seed = Number(process.env.GNC_FUZZ_SEED ?? 20261202);

afterAll(cleanupFuzzFiles);

describe.each(TARGETS.map((t) => [t.name, t] as const))("fuzz: %s", (_name, t) => {
  it("every truncation of a valid file", () => {
    expect(truncations(t)).toBeGreaterThan(0);
  });
  it("random bytes", () => randomBytes(t, { runs, seed }));
  it("random text over the format's syntax", () => randomText(t, { runs, seed }));
  it("random mutations of a valid file", () => mutations(t, { runs, seed }));
});
