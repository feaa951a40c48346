/**
 * Graph file formats and how gnc picks one from a file name.
 *
 *   edgelist  .edges .edgelist .el .txt .csv .tsv  (whitespace or comma separated id pairs)
 *   mtx       .mtx                                  (Matrix Market coordinate, NIST / SuiteSparse)
 *   json      .json                                 (graphology's serialized format)
 *   gexf      .gexf                                 (Gephi GEXF 1.2 / 1.3)
 *   graphml   .graphml .xml                         (GraphML)
 *
 * A trailing ".gz" is not supported (decompress first); the extension test is case-insensitive.
 */
import path from "node:path";
import { inputError } from "../../util/errors.js";

export type GraphFormat = "edgelist" | "mtx" | "json" | "gexf" | "graphml";

export const GRAPH_FORMATS: readonly GraphFormat[] = ["edgelist", "mtx", "json", "gexf", "graphml"];

const BY_EXTENSION: Record<string, GraphFormat> = {
  ".edges": "edgelist",
  ".edgelist": "edgelist",
  ".el": "edgelist",
  ".txt": "edgelist",
  ".csv": "edgelist",
  ".tsv": "edgelist",
  ".mtx": "mtx",
  ".json": "json",
  ".gexf": "gexf",
  ".graphml": "graphml",
  ".xml": "graphml",
};

/** The format a graph file has, by its extension. Throws a GncError for an unknown extension. */
export function formatFromPath(file: string): GraphFormat {
  const ext = path.extname(file).toLowerCase();
  const f = BY_EXTENSION[ext];
  if (f === undefined) {
    const known = Object.keys(BY_EXTENSION).join(" ");
    throw inputError(
      "graphs/io",
      `cannot tell the graph format from the extension "${ext || "(none)"}"; known: ${known} (or pass the format explicitly)`,
      file,
    );
  }
  return f;
}

/** Validate a user-given format name (e.g. from a --format flag). */
export function parseFormat(name: string): GraphFormat {
  if ((GRAPH_FORMATS as readonly string[]).includes(name)) return name as GraphFormat;
  throw inputError("graphs/io", `unknown graph format "${name}"; expected one of ${GRAPH_FORMATS.join(", ")}`);
}
