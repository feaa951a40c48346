/**
 * `gnc generate sbm|regular-sbm` — sample one graph (REFERENCE.md §1) and write it with its labels:
 * PREFIX.<ext> (edgelist → .edges, mtx → .mtx, json → .json, gexf → .gexf, graphml → .graphml) and
 * PREFIX.labels (one integer class per line, node order). No science here: flags are checked and
 * named in errors, then src/graphs/sbm.ts / regular-sbm.ts do the sampling and src/graphs/io writes.
 */
import path from "node:path";
import type { GncCommand } from "./types.js";
import { GncError } from "../../util/errors.js";
import { Rng } from "../../util/rng.js";
import { checkOutputFile, ensureOutputDir } from "../../util/fs.js";
import { checkProbability, checkSeed, checkSize, parsePrior } from "../../util/validate.js";
import { createDelayedProgress } from "../../util/progress.js";
import { sampleSbm } from "../../graphs/sbm.js";
import { sampleRegularSbm } from "../../graphs/regular-sbm.js";
import { classCounts, edgeCount } from "../../graphs/csr.js";
import {
  checkGraphLimits, checkMemory, defaultMemoryBudget, edgeListChars, expectedSbmEdges, formatBytes, graphBytes,
  MAX_STRING_CHARS, parseByteSize, regularSbmEdges, type MemoryItem,
} from "../../graphs/estimate.js";

const FORMATS = ["edgelist", "mtx", "json", "gexf", "graphml"] as const;
type Format = (typeof FORMATS)[number];
const EXT: Record<Format, string> = { edgelist: ".edges", mtx: ".mtx", json: ".json", gexf: ".gexf", graphml: ".graphml" };
/** Extra characters per edge beyond the two ids, by format (the writers in src/graphs/io). */
const CHARS_PER_EDGE: Record<Format, number> = { edgelist: 0, mtx: 0, json: 26, gexf: 40, graphml: 34 };
const MOD = "generate";

function bad(what: string): never {
  throw new GncError(`gnc/${MOD}: ${what}`);
}

/**
 * Refuse before sampling what cannot fit: Int32 limits, the memory budget, and the one-string
 * limit of the text writers. m = expected (sbm) or exact (regular-sbm) edge count.
 */
function checkFits(n: number, m: number, format: Format, budget: number, budgetName: string): void {
  checkGraphLimits(n, m, MOD);
  const chars = edgeListChars(n, m) + CHARS_PER_EDGE[format] * m + (format === "edgelist" || format === "mtx" ? 0 : 40 * n);
  if (chars > MAX_STRING_CHARS) {
    bad(`the ${format} file would hold about ${formatBytes(chars)} of text (${m.toExponential(3)} expected edges), ` +
      `more than one JavaScript string can hold (${formatBytes(MAX_STRING_CHARS)}); use fewer nodes or a smaller --p-in / --p-out`);
  }
  const items: MemoryItem[] = [...graphBytes(n, m), { label: `writing ${format}`, bytes: 3 * chars + 8 * m + (format === "gexf" ? 300 * m + 200 * n : 0) }];
  checkMemory(items, budget, budgetName, MOD);
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
      .option("max-memory", { type: "string", describe: "refuse graphs whose estimated memory is above this (e.g. 4G, 512M; default half the physical memory)" })
      .example("gnc generate sbm --n 1000 --p-in 0.025 --p-out 0.0017 --seed 1 --out out/sbm", "homophilic SBM, paper setting")
      .example("gnc generate regular-sbm --n 200 --k-in 2 --k-out 5 --out graphs/reg", "regular heterophilic SBM"),
  handler: async (args) => {
    const model = String(args.model);
    if (model !== "sbm" && model !== "regular-sbm") bad(`unknown model "${model}" (sbm or regular-sbm)`);
    // Every check before any work: flags, output paths, then the size estimate.
    const n = checkSize(args.n, "--n", MOD, 1, 2 ** 31 - 2);
    const C = checkSize(args.classes, "--classes", MOD, 2);
    if (n < C) bad(`--n (${n}) must be at least --classes (${C})`);
    const pIn = args.pIn === undefined ? undefined : checkProbability(args.pIn, "--p-in", MOD);
    const pOut = args.pOut === undefined ? undefined : checkProbability(args.pOut, "--p-out", MOD);
    const prior = args.prior === undefined ? undefined : parsePrior(String(args.prior), C, "--prior", MOD);
    const seed = checkSeed(args.seed, "--seed", MOD);
    const format = String(args.format) as Format;
    const pairSampling = String(args.pairSampling) as "single" | "or";
    const permute = args.permute !== false;
    const out = String(args.out);
    if (out === "" || out.endsWith("/")) bad(`--out must be a path prefix like out/graph, got "${out}"`);
    const graphPath = out + EXT[format];
    const labelsPath = out + ".labels";
    checkOutputFile(graphPath, "--out");
    checkOutputFile(labelsPath, "--out");
    let budget = defaultMemoryBudget();
    let budgetName = "--max-memory (default: half the physical memory)";
    if (args.maxMemory !== undefined) {
      const b = parseByteSize(String(args.maxMemory));
      if (b === undefined) bad(`--max-memory must be a size like 4G or 512M, got "${String(args.maxMemory)}"`);
      budget = b;
      budgetName = "--max-memory";
    }

    let kIn: number | undefined, kOut: number | undefined;
    if (model === "sbm") {
      if (args.kIn !== undefined || args.kOut !== undefined) bad("--k-in / --k-out apply to regular-sbm only");
      if (pIn === undefined || pOut === undefined) bad("sbm needs --p-in and --p-out");
      checkFits(n, expectedSbmEdges({ n, classes: C, pIn, pOut, prior, pairSampling }), format, budget, budgetName);
    } else {
      if (pairSampling !== "single") bad("--pair-sampling applies to sbm only");
      kIn = args.kIn === undefined ? undefined : checkSize(args.kIn, "--k-in", MOD, 0);
      kOut = args.kOut === undefined ? undefined : checkSize(args.kOut, "--k-out", MOD, 0);
      if (kIn === undefined && pIn === undefined) bad("regular-sbm needs --p-in or --k-in");
      if (kOut === undefined && pOut === undefined) bad("regular-sbm needs --p-out or --k-out");
      // The sampler derives k = ceil(p·N/C) (and checks it); the estimate only needs its size.
      const kin = kIn ?? Math.ceil((pIn! * n) / C), kout = kOut ?? Math.ceil((pOut! * n) / C);
      checkFits(n, regularSbmEdges(n, C, kin, kout), format, budget, budgetName);
    }

    const rng = Rng.seeded(seed);
    let sample;
    let extra = "";
    if (model === "sbm") {
      // Progress (TTY bar, else a line every 10 s) only when sampling takes more than a second.
      const expected = expectedSbmEdges({ n, classes: C, pIn: pIn!, pOut: pOut!, prior, pairSampling });
      const progress = createDelayedProgress({ total: Math.max(1, Math.round(expected)), label: "gnc generate: sampling", unit: "edge" });
      sample = sampleSbm({ n, classes: C, pIn: pIn!, pOut: pOut!, prior, permute, pairSampling, onProgress: (edges) => progress.update(edges) }, rng);
      progress.stop();
      extra = `pair sampling: ${pairSampling}`;
    } else {
      const kin = kIn ?? Math.ceil((pIn! * n) / C), kout = kOut ?? Math.ceil((pOut! * n) / C);
      const progress = createDelayedProgress({ total: Math.max(1, regularSbmEdges(n, C, kin, kout)), label: "gnc generate: sampling", unit: "edge" });
      const r = sampleRegularSbm({ n, classes: C, pIn, pOut, kIn, kOut, prior, permute, onProgress: (edges) => progress.update(edges) }, rng);
      progress.stop();
      sample = r;
      extra = `k_in: ${r.kIn}, k_out: ${r.kOut}`;
    }

    // Helper B's writers (loaded here so `gnc --help` stays light).
    const io = await import("../../graphs/io/index.js");
    ensureOutputDir(path.dirname(path.resolve(graphPath)), "--out");
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
