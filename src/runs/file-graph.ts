/**
 * graph.kind "file": train on a user's own labelled graph (any format src/graphs/io reads) instead
 * of sampled SBMs — the setting of "does collapse happen on MY graph with featureless inputs?".
 *
 * Semantics: every training step and every test "graph" is the SAME loaded graph with the same
 * labels; what changes from step to step is the random input features X (features.strategy, e.g.
 * random_normal, drawn from the step's seeded stream exactly as for an SBM sample, data.ts). So
 * graphs "fixed" reuses K_train feature draws every epoch and "fresh" draws new features each step.
 *
 * Resolution (resolveFileGraph, called by each study's resolveConfig and again by its runner):
 *   - labels come from graph.labels (a labels file) or graph.labelAttr (a node attribute); with
 *     neither, GRAPH with its extension replaced by .labels — the rule of `gnc check`. The resolved
 *     config names the labels file it used.
 *   - graph.n and graph.classes are taken from the file (classes = largest label + 1). When the user
 *     gave them (flags or --config file; a preset's SBM values do not count) they must agree, else a
 *     one-line GncError naming the file and both numbers.
 *   - graph.sha256 / graph.labelsSha256 are set to the SHA-256 of the files' bytes, so the config
 *     hash (and the run directory) changes whenever a file does: a changed file never resumes an old
 *     run. A config that already carries them (a copied config.json) must match the files.
 *   - graph.pIn / graph.pOut are replaced by the graph's empirical within- / between-class edge
 *     densities p̂ = E_in / Σ_c C(n_c, 2), q̂ = E_out / Σ_{c<c'} n_c n_c'. Sampling does not use them;
 *     the weight-based trace-ratio bounds of tracking.ts do (REFERENCE.md §3): they are derived for
 *     the expected graph of a balanced SBM(p, q), so on a real graph the "bounds" are those of the
 *     SBM with the same densities and n = N/C — a reference curve, not a guarantee.
 *   - prior is rejected; pairSampling and permute are ignored (nothing is sampled).
 */
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import type { CsrGraph } from "../graphs/csr.js";
import { loadLabelledGraph, resolveLabelSource } from "../graphs/io/index.js";
import { GncError } from "../util/errors.js";
import type { GraphConfig } from "./schema/common.js";

export interface FileGraph {
  /** Graph file path as given. */
  file: string;
  /** Labels file used, or undefined when the labels came from labelAttr. */
  labelsFile?: string;
  graph: CsrGraph;
  /** Int32Array(N), classes 0..C−1. Shared: never mutate. */
  labels: Int32Array;
  classes: number;
  sha256: string;
  labelsSha256?: string;
  /** Empirical within- and between-class edge densities. */
  pIn: number;
  pOut: number;
  /** Reader warnings (empty classes, nodes added from the labels file, …). */
  warnings: string[];
}

const MODULE = "gnc/runs/config";

function fileDigest(file: string): string {
  let buf: Buffer;
  try {
    buf = readFileSync(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === "ENOENT" ? "no such file" : code === "EISDIR" ? "is a directory" : (err as Error).message.split("\n")[0];
    throw new GncError(`${MODULE}: ${file}: cannot read: ${why}`);
  }
  return createHash("sha256").update(buf).digest("hex");
}

/**
 * Within- and between-class edge densities of an undirected graph (each edge counted once, self
 * loops skipped). A density whose pair count is 0 (all classes singletons; one class) is 0.
 */
export function edgeDensities(graph: CsrGraph, labels: Int32Array, classes: number): { pIn: number; pOut: number } {
  let within = 0, between = 0;
  for (let i = 0; i < graph.n; i++) {
    for (let e = graph.rowPtr[i]; e < graph.rowPtr[i + 1]; e++) {
      const j = graph.cols[e];
      if (j <= i) continue;
      if (labels[i] === labels[j]) within++;
      else between++;
    }
  }
  const sizes = new Float64Array(classes);
  for (let i = 0; i < graph.n; i++) sizes[labels[i]]++;
  let withinPairs = 0;
  for (const s of sizes) withinPairs += (s * (s - 1)) / 2;
  const betweenPairs = (graph.n * (graph.n - 1)) / 2 - withinPairs;
  return { pIn: withinPairs > 0 ? within / withinPairs : 0, pOut: betweenPairs > 0 ? between / betweenPairs : 0 };
}

/** Last few loaded graphs, keyed by paths + digests: steps re-use the parsed graph without I/O. */
const cache = new Map<string, FileGraph>();
const CACHE_SIZE = 4;

function cacheKey(...parts: (string | undefined)[]): string {
  return JSON.stringify(parts.map((p) => p ?? null));
}

/** Where the labels come from: { labels file } or { attribute }. Throws when neither can be found. */
function labelSource(g: GraphConfig): { labels?: string; labelAttr?: string } {
  return resolveLabelSource(g.path!, { labels: g.labels, labelAttr: g.labelAttr });
}

/**
 * Load (or fetch from the cache) the labelled graph of a kind "file" config. A config carrying
 * sha256 / labelsSha256 whose files no longer match is a GncError.
 */
export function loadFileGraph(g: GraphConfig): FileGraph {
  if (g.kind !== "file" || g.path === undefined) throw new GncError(`${MODULE}: graph.path is needed for graph.kind "file"`);
  // A resolved config (labels path and digests filled in) already loaded: no I/O — this runs once
  // per training step.
  if (g.sha256 !== undefined) {
    const hit = cache.get(cacheKey(g.path, g.labels, g.labelAttr, g.sha256, g.labelsSha256));
    if (hit) return hit;
  }
  // The graph file first: a missing graph is reported as such, not as missing default labels.
  if (!existsSync(g.path)) throw new GncError(`${MODULE}: ${g.path}: cannot read: no such file`);
  const src = labelSource(g);
  const sha256 = fileDigest(g.path);
  const labelsSha256 = src.labels !== undefined ? fileDigest(src.labels) : undefined;
  if (g.sha256 !== undefined && g.sha256 !== sha256) {
    throw new GncError(`${MODULE}: ${g.path}: the file changed (sha256 ${sha256.slice(0, 12)}…, the config says ${g.sha256.slice(0, 12)}…); drop graph.sha256 from the config to train on the new contents`);
  }
  if (g.labelsSha256 !== undefined && g.labelsSha256 !== labelsSha256) {
    throw new GncError(`${MODULE}: ${src.labels ?? g.path}: the labels changed (the config's graph.labelsSha256 does not match); drop it from the config to train on the new labels`);
  }
  const loaded = loadLabelledGraph(g.path, src);
  if (loaded.graph.cols.length === 0) {
    throw new GncError(`${MODULE}: ${g.path}: the graph has no edges; a GNN has nothing to aggregate`);
  }
  const fg: FileGraph = {
    file: g.path, labelsFile: src.labels, graph: loaded.graph, labels: loaded.labels, classes: loaded.classes,
    sha256, labelsSha256, ...edgeDensities(loaded.graph, loaded.labels, loaded.classes), warnings: loaded.warnings,
  };
  cache.set(cacheKey(g.path, src.labels, src.labelAttr, sha256, labelsSha256), fg);
  while (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value!);
  return fg;
}

/**
 * Complete a kind "file" config from its files (see the banner): n, classes, labels path, digests,
 * pIn/pOut. `given` says which of n / classes the user set (they must then match the file); by
 * default both are checked, which is what trainRun does on an already resolved config.
 */
export function resolveFileGraph<T extends { graph: GraphConfig }>(cfg: T, given: { n: boolean; classes: boolean } = { n: true, classes: true }): T {
  const g = cfg.graph;
  const fg = loadFileGraph(g);
  const labelsFrom = fg.labelsFile ?? `attribute "${g.labelAttr}"`;
  if (given.classes && g.classes !== fg.classes) {
    throw new GncError(`${MODULE}: ${fg.file}: graph.classes is ${g.classes} but the labels (${labelsFrom}) have ${fg.classes} classes (largest label + 1)`);
  }
  if (given.n && g.n !== fg.graph.n) {
    throw new GncError(`${MODULE}: ${fg.file}: graph.n is ${g.n} but the graph has ${fg.graph.n} nodes (n is taken from the file; drop -n)`);
  }
  const graph: GraphConfig = {
    ...g, n: fg.graph.n, classes: fg.classes, pIn: fg.pIn, pOut: fg.pOut, sha256: fg.sha256,
    ...(fg.labelsFile !== undefined ? { labels: fg.labelsFile, labelsSha256: fg.labelsSha256 } : {}),
  };
  return { ...cfg, graph };
}
