/**
 * gnc — the library's public surface. The CLI (src/cli) is a thin layer over these exports.
 */
export { Rng, rngFromSeed } from "./util/rng.js";
export { GncError } from "./util/errors.js";
export type { CsrGraph, BuildStats } from "./graphs/csr.js";
export { csrFromEdges, csrToEdges, degrees, edgeCount, hasEdge, permuteCsr, validateCsr, validateLabels, classCounts } from "./graphs/csr.js";
