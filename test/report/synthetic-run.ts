/**
 * Writes a synthetic training-run directory (metrics.csv, train-log.csv, config.json) with plausible
 * values in the trainer's format, for the figure tests. NC1 falls with depth and with epochs, ÂH
 * sits below H, the std band is nonzero; a few unrelated rows (final-layer metrics, an unknown
 * metric, the train split) check that the figures ignore what they do not plot.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { stringify } from "csv-stringify/sync";
import { Rng } from "../../src/util/rng.js";

export interface SyntheticRun {
  dir: string;
  depth: number;
  epochs: number[];
  steps: number;
}

export function writeSyntheticRun(
  dir: string,
  opts: { depth?: number; epochs?: number; stepsPerEpoch?: number; name?: string; seed?: number } = {},
): SyntheticRun {
  const L = opts.depth ?? 6;
  const E = opts.epochs ?? 3;
  const spe = opts.stepsPerEpoch ?? 40;
  const name = opts.name ?? "synthetic";
  const rng = Rng.seeded(opts.seed ?? 7);
  mkdirSync(dir, { recursive: true });
  const header = ["run", "epoch", "step", "split", "layer", "kind", "variant", "metric", "mean", "std", "meanLog10", "stdLog10"];
  const rows: unknown[][] = [];
  const epochs = Array.from({ length: E }, (_, e) => e + 1);
  const kinds = ["conv", "relu", "bn"];
  for (const split of ["test", "train"]) {
    for (const e of epochs) {
      const step = e * spe;
      for (let l = 1; l <= L; l++) {
        for (const [ki, kind] of kinds.entries()) {
          for (const variant of ["H", "HA"]) {
            const base = 0.5 - (3 * l * e) / (L * E) - 0.1 * ki - (variant === "HA" ? 0.4 : 0) + 0.05 * (rng.uniform() - 0.5);
            const s = 0.1 + 0.1 * rng.uniform();
            const trW = 10 ** (1 - (2 * l * e) / (L * E) + 0.1 * ki);
            const trB = 10 ** (0.5 + 0.05 * l);
            const vals: [string, number, number][] = [
              ["nc1", base, s],
              ["nc1Tilde", base - 0.3, s * 0.8],
              ["trSigmaW", Math.log10(trW), 0.05],
              ["trSigmaB", Math.log10(trB), 0.05],
              ["trSigmaWRatio", -0.1, 0.02],
              ["mysteryMetric", 3, 1],
            ];
            for (const [metric, ml, sl] of vals) rows.push([name, e, step, split, l, kind, variant, metric, 10 ** ml, 10 ** ml * sl, ml, sl]);
          }
        }
      }
      rows.push([name, e, step, split, L + 1, "final", "H", "nc2EtfError", 0.2, 0.01, -0.7, 0.02]);
      const tl = 0.25 * Math.exp(-e);
      const to = 1 - Math.exp(-e);
      rows.push([name, e, step, split, L + 1, "final", "out", "loss", tl, tl / 10, Math.log10(tl), 0.05]);
      rows.push([name, e, step, split, L + 1, "final", "out", "overlap", to, 0.02, Math.log10(to), 0.01]);
    }
  }
  writeFileSync(path.join(dir, "metrics.csv"), stringify([header, ...rows]));
  const log: unknown[][] = [["run", "epoch", "step", "loss", "overlap"]];
  for (let s = 1; s <= E * spe; s++) {
    const e = Math.ceil(s / spe);
    log.push([name, e, s, 0.25 * Math.exp(-s / (spe * 0.7)) + 0.01 * rng.uniform() + 0.001, Math.min(1, 1 - Math.exp(-s / spe) + 0.1 * (rng.uniform() - 0.5))]);
  }
  writeFileSync(path.join(dir, "train-log.csv"), stringify(log));
  writeFileSync(path.join(dir, "config.json"), JSON.stringify({ name, model: { depth: L } }, null, 2));
  return { dir, depth: L, epochs, steps: E * spe };
}
