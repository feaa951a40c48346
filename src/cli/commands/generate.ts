/**
 * `gnc generate sbm|regular-sbm` — sample one graph (REFERENCE.md §1) and write it with its labels:
 * PREFIX.<ext> (edgelist → .edges, mtx → .mtx, json → .json, gexf → .gexf, graphml → .graphml) and
 * PREFIX.labels (one integer class per line, node order). No science here: flags are checked and
 * named in errors, then src/graphs/sbm.ts / regular-sbm.ts do the sampling and src/graphs/io writes.
 */
import { mkdirSync } from "node:fs";
import path from "node:path";
import type { GncCommand } from "./types.js";
import { GncError } from "../../util/errors.js";
import { Rng } from "../../util/rng.js";
import { sampleSbm } from "../../graphs/sbm.js";
import { sampleRegularSbm } from "../../graphs/regular-sbm.js";
import { classCounts, edgeCount } from "../../graphs/csr.js";

const FORMATS = ["edgelist", "mtx", "json", "gexf", "graphml"] as const;
type Format = (typeof FORMATS)[number];
const EXT: Record<Format, string> = { edgelist: ".edges", mtx: ".mtx", json: ".json", gexf: ".gexf", graphml: ".graphml" };

function bad(what: string): never {
  throw new GncError(`gnc/generate: ${what}`);
}

function intFlag(v: unknown, flag: string, min: number): number {
  if (typeof v !== "number" || !Number.isInteger(v) || v < min) bad(`--${flag} must be an integer ≥ ${min}, got ${String(v)}`);
  return v;
}

function probFlag(v: unknown, flag: string): number | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== "number" || !(v >= 0 && v <= 1)) bad(`--${flag} must be a probability in [0, 1], got ${String(v)}`);
  return v;
}

/** "0.3,0.7" → [0.3, 0.7] with C entries, non-negative, summing to 1 (1e-9). */
function parsePrior(v: unknown, C: number): number[] | undefined {
  if (v === undefined) return undefined;
  const parts = String(v).split(",").map((s) => s.trim());
  const prior = parts.map((s) => (s === "" ? NaN : Number(s)));
  if (prior.some((x) => !Number.isFinite(x) || x < 0)) bad(`--prior must be ${C} non-negative numbers separated by commas, got "${String(v)}"`);
  if (prior.length !== C) bad(`--prior needs ${C} entries (one per class), got ${prior.length}`);
  const s = prior.reduce((a, b) => a + b, 0);
  if (Math.abs(s - 1) > 1e-9) bad(`--prior must sum to 1, got ${s}`);
  return prior;
}

export const generateCommand: GncCommand = {
  command: "generate <model>",
  describe: "Sample an SBM or a regular SBM and write PREFIX.<ext> + PREFIX.labels",
  builder: (y) =>
    y
      .positional("model", { type: "string", describe: "sbm: independent edges; regular-sbm: equitable partition (exact-collapse condition holds)" })
      .option("n", { type: "number", demandOption: true, describe: "number of nodes N" })
      .option("classes", { alias: "C", type: "number", default: 2, describe: "number of classes C ≥ 2" })
      .option("p-in", { type: "number", describe: "within-class edge probability p (regular-sbm: k_in = ceil(p·N/C))" })
      .option("p-out", { type: "number", describe: "between-class edge probability q (regular-sbm: k_out = ceil(q·N/C))" })
      .option("k-in", { type: "number", describe: "regular-sbm: explicit within-class degree (instead of --p-in)" })
      .option("k-out", { type: "number", describe: "regular-sbm: explicit degree towards each other class (instead of --p-out)" })
      .option("prior", { type: "string", describe: "class prior, comma separated (default uniform), e.g. 0.3,0.7" })
      .option("seed", { type: "number", default: 0, describe: "random seed (integer)" })
      .option("format", { type: "string", choices: FORMATS as unknown as string[], default: "edgelist", describe: "graph file format" })
      .option("pair-sampling", { type: "string", choices: ["single", "or"], default: "single", describe: "sbm: 'or' reproduces the reference's 2p − p² edge probability" })
      .option("permute", { type: "boolean", default: true, describe: "randomly permute node order (--no-permute keeps classes in blocks)" })
      .option("out", { type: "string", demandOption: true, describe: "output path prefix (PREFIX.<ext>, PREFIX.labels)" })
      .example("gnc generate sbm --n 1000 --p-in 0.025 --p-out 0.0017 --seed 1 --out out/sbm", "homophilic SBM, paper setting")
      .example("gnc generate regular-sbm --n 200 --k-in 2 --k-out 5 --out graphs/reg", "regular heterophilic SBM"),
  handler: async (args) => {
    const model = String(args.model);
    if (model !== "sbm" && model !== "regular-sbm") bad(`unknown model "${model}" (sbm or regular-sbm)`);
    const n = intFlag(args.n, "n", 1);
    const C = intFlag(args.classes, "classes", 2);
    if (n < C) bad(`--n (${n}) must be at least --classes (${C})`);
    const pIn = probFlag(args.pIn, "p-in");
    const pOut = probFlag(args.pOut, "p-out");
    const prior = parsePrior(args.prior, C);
    const seed = args.seed;
    if (typeof seed !== "number" || !Number.isSafeInteger(seed)) bad(`--seed must be an integer, got ${String(seed)}`);
    const format = String(args.format) as Format;
    if (!FORMATS.includes(format)) bad(`--format must be one of ${FORMATS.join(", ")}, got "${format}"`);
    const pairSampling = String(args.pairSampling);
    if (pairSampling !== "single" && pairSampling !== "or") bad(`--pair-sampling must be single or or, got "${pairSampling}"`);
    const permute = args.permute !== false;
    const out = String(args.out);
    if (out === "" || out.endsWith("/")) bad(`--out must be a path prefix like out/graph, got "${out}"`);
    const rng = Rng.seeded(seed);

    let sample;
    let extra = "";
    if (model === "sbm") {
      if (args.kIn !== undefined || args.kOut !== undefined) bad("--k-in / --k-out apply to regular-sbm only");
      if (pIn === undefined || pOut === undefined) bad("sbm needs --p-in and --p-out");
      sample = sampleSbm({ n, classes: C, pIn, pOut, prior, permute, pairSampling }, rng);
      extra = `pair sampling: ${pairSampling}`;
    } else {
      if (pairSampling !== "single") bad("--pair-sampling applies to sbm only");
      const kIn = args.kIn === undefined ? undefined : intFlag(args.kIn, "k-in", 0);
      const kOut = args.kOut === undefined ? undefined : intFlag(args.kOut, "k-out", 0);
      if (kIn === undefined && pIn === undefined) bad("regular-sbm needs --p-in or --k-in");
      if (kOut === undefined && pOut === undefined) bad("regular-sbm needs --p-out or --k-out");
      const r = sampleRegularSbm({ n, classes: C, pIn, pOut, kIn, kOut, prior, permute }, rng);
      sample = r;
      extra = `k_in: ${r.kIn}, k_out: ${r.kOut}`;
    }

    // Helper B's writers (loaded here so `gnc --help` stays light).
    const io = await import("../../graphs/io/index.js");
    const graphPath = out + EXT[format];
    const labelsPath = out + ".labels";
    const dir = path.dirname(graphPath);
    if (dir && dir !== ".") mkdirSync(dir, { recursive: true });
    await io.writeGraph(graphPath, sample.graph, { format, labels: sample.labels });
    await io.writeLabels(labelsPath, sample.labels);

    const m = edgeCount(sample.graph);
    const sizes = Array.from(classCounts(sample.labels, C));
    process.stdout.write(
      [
        `wrote ${graphPath} (${format}) and ${labelsPath}`,
        `model: ${model}, N: ${n}, C: ${C}, m: ${m}, mean degree: ${((2 * m) / n).toFixed(4)}`,
        `class sizes: ${sizes.join(",")}, ${extra}, permuted: ${permute}, seed: ${seed}`,
      ].join("\n") + "\n",
    );
    return 0;
  },
};
