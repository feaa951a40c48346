/**
 * Matrix Market coordinate files (.mtx), the format of the SuiteSparse / Network Repository
 * collections. Reference: Boisvert, Pozo, Remington, "The Matrix Market Exchange Formats: Initial
 * Design" (NIST IR 5935, 1996).
 *
 *   %%MatrixMarket matrix coordinate pattern|integer|real general|symmetric
 *   % comments
 *   rows cols entries
 *   i j [value]            (1-based, `entries` lines)
 *
 * The matrix must be square (it is an adjacency matrix). Values are ignored (one warning): gnc works
 * on the unweighted graph. A `general` matrix is symmetrised (A ∨ Aᵀ, warned when it was not already
 * symmetric); the diagonal is dropped (warned). Dense `array` files, `complex`, `skew-symmetric` and
 * `hermitian` are rejected. Node ids reported back are the 1-based indices of the file.
 */
import { csrFromEdges, csrToEdges, edgeCount, type BuildStats, type CsrGraph } from "../csr.js";
import { inputError, snippet } from "../../util/errors.js";
import { isBlank, LineScanner, whyNotUint } from "./scan.js";
import { checkDeclaredGraph } from "../estimate.js";

const MOD = "graphs/mtx";
const HEADER = /^%%MatrixMarket\s+(\S+)\s+(\S+)\s+(\S+)\s+(\S+)\s*$/i;

export interface ParsedMtx {
  graph: CsrGraph;
  nodeIds: string[];
  warnings: string[];
  stats: BuildStats;
}

/** Parse a Matrix Market coordinate file held in memory. `file` is only used in messages. */
export function parseMtx(buf: Uint8Array, file: string): ParsedMtx {
  const sc = new LineScanner(buf, "%");
  if (isBlank(buf) || !sc.next()) {
    throw inputError(MOD, "the file is empty", file);
  }
  const head = HEADER.exec(sc.lineText().trim());
  if (!head) {
    throw inputError(MOD, `expected the header "%%MatrixMarket matrix coordinate <field> <symmetry>", got "${snippet(sc.lineText())}"`, file, 1);
  }
  const [object, format, field, symmetry] = [head[1], head[2], head[3], head[4]].map((s) => s.toLowerCase());
  if (object !== "matrix") throw inputError(MOD, `header object must be "matrix", got "${snippet(head[1])}"`, file, 1);
  if (format === "array") throw inputError(MOD, `dense "array" files are not supported; gnc reads sparse "coordinate" files`, file, 1);
  if (format !== "coordinate") throw inputError(MOD, `header format must be "coordinate", got "${snippet(head[2])}"`, file, 1);
  if (field !== "pattern" && field !== "integer" && field !== "real") {
    throw inputError(MOD, `header field must be pattern, integer or real, got "${snippet(head[3])}"`, file, 1);
  }
  if (symmetry !== "general" && symmetry !== "symmetric") {
    throw inputError(MOD, `header symmetry must be general or symmetric, got "${snippet(head[4])}"`, file, 1);
  }
  const columns = field === "pattern" ? 2 : 3;

  // Size line: the first non-comment, non-blank line.
  let rows = -1, nnz = -1, sizeLine = 0;
  while (sc.next()) {
    if (sc.count === 0) continue;
    sizeLine = sc.line;
    if (sc.count !== 3) throw inputError(MOD, `expected the size line "rows cols entries", got "${snippet(sc.lineText())}"`, file, sc.line);
    for (let k = 0; k < 3; k++) {
      if (sc.uint(k) < 0) throw inputError(MOD, `size "${snippet(sc.text(k))}" ${whyNotUint(sc.text(k))}`, file, sc.line);
    }
    rows = sc.uint(0);
    const cols = sc.uint(1);
    nnz = sc.uint(2);
    if (rows !== cols) throw inputError(MOD, `an adjacency matrix must be square, got ${rows}×${cols}`, file, sc.line);
    if (rows > 2 ** 31 - 2) throw inputError(MOD, `${rows} rows is too many`, file, sc.line);
    checkDeclaredGraph(rows, Math.min(nnz, buf.length / 3), MOD, file, sc.line);
    break;
  }
  if (sizeLine === 0) throw inputError(MOD, "the size line \"rows cols entries\" is missing", file, sc.line);

  // Every entry takes at least 3 bytes, so a size line claiming more cannot be honest: allocate
  // what the file can hold and let the count check below report the truncation.
  const cap = Math.min(nnz, Math.ceil(buf.length / 3) + 1);
  const src = new Int32Array(cap), dst = new Int32Array(cap);
  let k = 0;
  while (sc.next()) {
    const c = sc.count;
    if (c === 0) continue;
    if (k === nnz) throw inputError(MOD, `more entries than the ${nnz} declared on line ${sizeLine}`, file, sc.line);
    if (c !== columns) {
      throw inputError(MOD, `expected ${columns} numbers for a ${field} entry, got ${c}: "${snippet(sc.lineText())}"`, file, sc.line);
    }
    const i = sc.uint(0), j = sc.uint(1);
    if (i < 0 || j < 0) {
      const bad = i < 0 ? sc.text(0) : sc.text(1);
      throw inputError(MOD, `index "${snippet(bad)}" ${whyNotUint(bad)}`, file, sc.line);
    }
    if (i < 1 || i > rows || j < 1 || j > rows) {
      throw inputError(MOD, `index (${i}, ${j}) is outside 1..${rows}`, file, sc.line);
    }
    src[k] = i - 1; dst[k] = j - 1; k++;
  }
  if (k < nnz) {
    throw inputError(MOD, `the file ends after ${k} of the ${nnz} entries declared on line ${sizeLine} (truncated?)`, file, sc.line);
  }

  const { graph, stats } = csrFromEdges(rows, src.subarray(0, k), dst.subarray(0, k));
  const warnings: string[] = [];
  if (field !== "pattern") warnings.push(`${file}: ${field} values (edge weights) ignored; gnc uses the unweighted graph`);
  if (stats.selfLoops > 0) warnings.push(`${file}: ${stats.selfLoops} diagonal entr(ies) (self-loops) dropped`);
  const offDiag = nnz - stats.selfLoops, m = edgeCount(graph);
  if (symmetry === "general") {
    if (offDiag !== 2 * m) {
      warnings.push(`${file}: general matrix is not symmetric (or repeats entries): read as the undirected graph A ∨ Aᵀ`);
    }
  } else if (stats.duplicates > 0) {
    warnings.push(`${file}: ${stats.duplicates} duplicate entr(ies) collapsed`);
  }
  const nodeIds = new Array<string>(rows);
  for (let v = 0; v < rows; v++) nodeIds[v] = String(v + 1);
  return { graph, nodeIds, warnings, stats };
}

/** Serialise as "coordinate pattern symmetric", lower triangle (row > col), 1-based. */
export function formatMtx(graph: CsrGraph): string {
  const { src, dst } = csrToEdges(graph);
  const parts = [
    "%%MatrixMarket matrix coordinate pattern symmetric\n",
    "% written by gnc: undirected adjacency, lower triangle, 1-based\n",
    `${graph.n} ${graph.n} ${edgeCount(graph)}\n`,
  ];
  const CHUNK = 65536;
  for (let s = 0; s < src.length; s += CHUNK) {
    const e = Math.min(src.length, s + CHUNK);
    const lines = new Array<string>(e - s);
    for (let k = s; k < e; k++) lines[k - s] = `${dst[k] + 1} ${src[k] + 1}`;
    parts.push(lines.join("\n") + "\n");
  }
  return parts.join("");
}
