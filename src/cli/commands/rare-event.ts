/**
 * `gnc rare-event` — how unlikely the exact-collapse condition C is on an SBM sample (REFERENCE.md
 * §5): the analytic upper bound in log space and, with --samples, a Monte-Carlo estimate.
 * Science in src/condition/rare-event.ts.
 */
import type { GncCommand } from "./types.js";
import { jsonLine } from "../json.js";
import { GncError } from "../../util/errors.js";
import { checkProbability, checkSeed, checkSize } from "../../util/validate.js";
import { rareEventBound, rareEventMonteCarlo, type RareEventMonteCarlo } from "../../condition/rare-event.js";

function fmtProb(p: number, log10: number): string {
  if (p > 0) return p.toExponential(4);
  return `10^${log10.toFixed(3)} (below double precision)`;
}

export const rareEventCommand: GncCommand = {
  command: "rare-event",
  describe: "Upper bound (and optional Monte-Carlo estimate) of P(condition C holds) for an SBM sample",
  builder: (y) =>
    y
      .option("n", { type: "number", demandOption: true, describe: "number of nodes N" })
      .option("classes", { type: "number", demandOption: true, describe: "number of classes C (≥ 2)" })
      .option("p-out", { type: "number", demandOption: true, describe: "between-class edge probability q" })
      .option("p-in", { type: "number", describe: "within-class edge probability p (needed with --samples)" })
      .option("samples", { type: "number", describe: "Monte-Carlo: number of SBM graphs to sample and check" })
      .option("seed", { type: "number", default: 0, describe: "seed of the Monte-Carlo stream" })
      .option("pair-sampling", { type: "string", choices: ["single", "or"], default: "single", describe: "SBM edge sampling (\"or\": reference quirk)" })
      .option("json", { type: "boolean", default: false, describe: "print one JSON object" })
      .example("gnc rare-event --n 1000 --classes 2 --p-out 0.0017", "the paper's setting: ~1e-185")
      .example("gnc rare-event --n 12 --classes 2 --p-in 0.5 --p-out 0.3 --samples 10000", "bound and Monte Carlo"),
  handler: async (args: any) => {
    // Flags checked here, in flag words, before the library sees them (util/validate.ts).
    const M = "rare-event";
    const C = checkSize(args.classes, "--classes", M, 2);
    const n = checkSize(args.n, "--n", M, 1);
    if (n < C) throw new GncError(`gnc/${M}: --n (${n}) must be at least --classes (${C})`);
    const q = checkProbability(args["p-out"], "--p-out", M);
    const pIn = args["p-in"] === undefined ? undefined : checkProbability(args["p-in"], "--p-in", M);
    const seed = checkSeed(args.seed, "--seed", M);
    const bound = rareEventBound({ n, classes: C, pOut: q });
    let mc: RareEventMonteCarlo | undefined;
    if (args.samples !== undefined) {
      const samples = checkSize(args.samples, "--samples", M, 1);
      if (pIn === undefined) throw new GncError("gnc/rare-event: --samples needs --p-in (the condition also constrains within-class counts)");
      mc = rareEventMonteCarlo({ n, classes: C, pIn, pOut: q, samples, seed, pairSampling: args["pair-sampling"] });
    }
    if (args.json) {
      const out: Record<string, unknown> = {
        n, classes: C, pOut: q,
        log10Probability: bound.log10Probability,
        probability: bound.probability,
        nPerClass: bound.nPerClass,
        classSizes: bound.classSizes,
        pairs: bound.pairs,
      };
      if (mc) Object.assign(out, { pIn: args["p-in"], seed: args.seed, pairSampling: args["pair-sampling"], monteCarlo: mc });
      process.stdout.write(jsonLine(out));
      return 0;
    }
    const lines = [
      `P(condition C holds) for SBM(N=${n}, C=${C}, q=${q}); class sizes ${bound.classSizes.join(", ")}, ${bound.pairs} class pair(s)`,
      `  upper bound [Σ_t Bin(t; n, q)^n]^(C(C−1)/2): ${fmtProb(bound.probability, bound.log10Probability)}  (log10 = ${bound.log10Probability.toFixed(6)})`,
    ];
    if (mc) {
      lines.push(
        `  Monte Carlo (p=${args["p-in"]}, ${mc.samples} samples, seed ${args.seed}): ${mc.satisfiedCount} satisfied, ` +
          `estimate ${mc.estimate.toPrecision(4)}, 95% Wilson interval [${mc.ciLow.toPrecision(4)}, ${mc.ciHigh.toPrecision(4)}]`,
      );
    }
    process.stdout.write(lines.join("\n") + "\n");
    return 0;
  },
};
