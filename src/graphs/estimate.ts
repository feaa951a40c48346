/**
 * Size and memory of a problem BEFORE sampling or allocating it (issue 11, "early limits"), so a
 * too-large request is one line with the numbers instead of a RangeError or a machine swapping.
 *
 * Expected edges of an SBM (REFERENCE.md §1, class sizes n_c = floor(N·π_c), last class the rest):
 *   E[m] = Σ_c p_cc · n_c(n_c − 1)/2 + Σ_{a<b} p_ab · n_a · n_b,  with p → 1 − (1 − p)² for "or".
 * Regular SBM: m = N·(k_in + (C − 1)·k_out)/2 exactly.
 *
 * Bytes (what the code allocates, counted from src/graphs/sbm.ts, csr.ts and io/):
 *   sampling   EdgeBuffer src+dst Int32 (2 · 4 · m), labels and permutation (2 · 4 · N)
 *   csr        counts + fill + rowPtr (3 · 4 · N), cols twice while compacting (2 · 8 · m)
 *   features   N · d float64 (collapse metrics) — the caller gives d
 *   activations N · width · (depth + 1) float32, × 3 (pre-activation, output, gradient) for
 *              training — the caller (gnc train) gives depth and width
 * The budget is a byte count: `parseByteSize` reads "512M", "8G", "1.5GB", "2e9"; the default is
 * half of the physical memory (os.totalmem()). Hard limits independent of the budget: node ids and
 * CSR offsets are Int32 (N ≤ 2^31 − 2, 2m ≤ 2^31 − 1), and a text file written as one JS string
 * must stay below V8's 2^29 − 24 characters.
 */
import { totalmem } from "node:os";
import { GncError } from "../util/errors.js";

const MOD = "graphs/estimate";
const GIB = 2 ** 30;
/** V8's longest string (64-bit): the text writers build one string per file. */
export const MAX_STRING_CHARS = 2 ** 29 - 24;
/** CSR offsets are Int32: 2m ≤ 2^31 − 1. */
export const MAX_EDGES = Math.floor((2 ** 31 - 1) / 2);

export interface SbmSize {
  n: number;
  classes: number;
  pIn: number;
  pOut: number;
  prior?: number[];
  pairSampling?: "single" | "or";
}

/** Expected undirected edge count E[m] of SBM(N, C, π, p, q) (see banner). Exact in float64 up to rounding. */
export function expectedSbmEdges(o: SbmSize): number {
  const C = o.classes;
  const prior = o.prior ?? Array.from({ length: C }, () => 1 / C);
  const sizes: number[] = [];
  let used = 0;
  for (let c = 0; c < C - 1; c++) {
    const s = Math.floor(o.n * prior[c]);
    sizes.push(s);
    used += s;
  }
  sizes.push(Math.max(0, o.n - used));
  const eff = (p: number) => (o.pairSampling === "or" ? -Math.expm1(2 * Math.log1p(-p)) : p);
  const p = eff(o.pIn), q = eff(o.pOut);
  let within = 0, total = 0;
  for (const s of sizes) {
    within += (s * (s - 1)) / 2;
    total += s;
  }
  const between = (total * (total - 1)) / 2 - within;
  return p * within + q * between;
}

/** Edges of a regular SBM with the given degrees (exact). */
export function regularSbmEdges(n: number, classes: number, kIn: number, kOut: number): number {
  return (n * (kIn + (classes - 1) * kOut)) / 2;
}

export interface MemoryItem {
  /** What the bytes are for, e.g. "graph sampling" (shown in the refusal). */
  label: string;
  bytes: number;
}

/** Bytes of sampling an N-node, m-edge graph and building its CSR (see banner). */
export function graphBytes(n: number, m: number): MemoryItem[] {
  return [
    { label: "edge sampling", bytes: 8 * m + 8 * n },
    { label: "CSR build", bytes: 16 * m + 12 * n },
  ];
}

/** Bytes of N×d float64 features. */
export function featureBytes(n: number, d: number): MemoryItem {
  return { label: `features ${n}×${d} float64`, bytes: 8 * n * d };
}

/** Bytes of the activations of a depth-L, width-d network on N nodes in training (see banner). */
export function activationBytes(n: number, depth: number, width: number): MemoryItem {
  return { label: `activations (${depth + 1} layers × ${n}×${width} float32, ×3)`, bytes: 3 * 4 * n * width * (depth + 1) };
}

/** Characters of gnc's edge-list / Matrix Market text for N nodes and m edges (≈ bytes of the file). */
export function edgeListChars(n: number, m: number): number {
  const digits = Math.max(1, Math.ceil(Math.log10(Math.max(2, n + 1))));
  return m * (2 * digits + 2) + 100;
}

/** "1.5 GB", "320 MB", "12 kB" (powers of 1024, as `free -h`). */
export function formatBytes(b: number): string {
  if (!Number.isFinite(b)) return String(b);
  if (b >= GIB) return `${Number((b / GIB).toPrecision(3))} GB`;
  if (b >= 2 ** 20) return `${Number((b / 2 ** 20).toPrecision(3))} MB`;
  if (b >= 1024) return `${Number((b / 1024).toPrecision(3))} kB`;
  return `${Math.round(b)} B`;
}

/** "512M", "8G", "8GB", "1.5g", "2e9", "4096K" → bytes; undefined for anything else. */
export function parseByteSize(text: string): number | undefined {
  const m = /^\s*(\d+(?:\.\d*)?(?:e\d+)?|\.\d+)\s*([kmgt]?)(?:i?b)?\s*$/i.exec(text);
  if (!m) return undefined;
  const scale: Record<string, number> = { "": 1, k: 2 ** 10, m: 2 ** 20, g: GIB, t: 2 ** 40 };
  const v = Number(m[1]) * scale[m[2].toLowerCase()];
  return Number.isFinite(v) && v > 0 ? v : undefined;
}

/**
 * The default budget: $GNC_MAX_MEMORY when set (a size like "4G"), else half of the physical
 * memory. Readers use it for the sizes a file declares (a "# gnc: nodes=2000000000" line).
 */
export function defaultMemoryBudget(): number {
  const env = process.env.GNC_MAX_MEMORY;
  if (env !== undefined && env !== "") {
    const b = parseByteSize(env);
    if (b === undefined) throw new GncError(`gnc/${MOD}: GNC_MAX_MEMORY must be a size like 4G or 512M, got "${env}"`);
    return b;
  }
  return Math.floor(totalmem() / 2);
}

/**
 * For readers: refuse a file whose declared size (N nodes, m edges) needs more memory than the
 * default budget, before allocating. `where` is the file, `line` the line that declares it.
 */
export function checkDeclaredGraph(n: number, m: number, module: string, where: string, line?: number): void {
  const at = `${where}: ${line !== undefined ? `line ${line}: ` : ""}`;
  if (n > 2 ** 31 - 2) throw new GncError(`gnc/${module}: ${at}${n} nodes is above the 2^31 − 2 that 32-bit node ids allow`);
  const budget = defaultMemoryBudget();
  const items = graphBytes(n, m);
  const total = items.reduce((s, it) => s + it.bytes, 0);
  if (total > budget) {
    throw new GncError(`gnc/${module}: ${at}${n} nodes need about ${formatBytes(total)} of memory, above the budget of ${formatBytes(budget)} (GNC_MAX_MEMORY, default half the physical memory)`);
  }
}

/**
 * Refuse (GncError, exit 2) when the items need more than `budget` bytes. `budgetName` is the
 * user's word for the budget (the CLI passes "--max-memory"); the message lists the items.
 */
export function checkMemory(items: MemoryItem[], budget: number, budgetName = "the memory budget", module = MOD): void {
  const total = items.reduce((s, it) => s + it.bytes, 0);
  if (total <= budget) return;
  const parts = items.filter((it) => it.bytes > 0).map((it) => `${it.label} ${formatBytes(it.bytes)}`).join(", ");
  throw new GncError(`gnc/${module}: needs about ${formatBytes(total)} (${parts}), above ${budgetName} of ${formatBytes(budget)}`);
}

/**
 * The hard limits for a graph of N nodes and (expected) m edges: Int32 node ids and CSR offsets.
 * `what` describes the request in the user's words ("N = 1e8, p = 0.5").
 */
export function checkGraphLimits(n: number, m: number, module = MOD): void {
  if (n > 2 ** 31 - 2) throw new GncError(`gnc/${module}: N = ${n} nodes is above the 2^31 − 2 that 32-bit node ids allow`);
  if (m > MAX_EDGES) {
    throw new GncError(`gnc/${module}: about ${m.toExponential(3)} edges expected, above the ${MAX_EDGES.toExponential(3)} that 32-bit CSR offsets allow`);
  }
}
