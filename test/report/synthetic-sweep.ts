/**
 * Writes a synthetic sweep output folder (sweep.json, summary.csv, layers.csv) in the format of
 * `gnc sweep` (src/sweep/merge.ts; OUT/sweeps/NAME/), with plausible values, for the sweep figure
 * and report tests. Booleans go through csv-stringify as the real writer's do (true → "1").
 *
 * The model of the numbers: a setting's collapse rate follows its Kesten–Stigum margin
 * κ = (c_in − c_out)²/(C(c_in + (C−1)c_out)), c = N·p: r = 3·max(0, 1 − 1/κ) — so no-signal settings
 * (p = q, κ = 0) stay at log10 NC1 ≈ 1 while detectable ones fall with depth and epochs; ÂH sits
 * below H; each seed gets its own offset (seed-to-seed spread ≈ 0.3 decades, as in DESIGN.md). Runs
 * can be marked failed (no rows, a message) or missing. Summary rows are computed from the same
 * generated values (mean and sample sd over seeds), not by the code under test.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { stringify } from "csv-stringify/sync";
import { Rng } from "../../src/util/rng.js";

export interface SyntheticSweepOptions {
  name?: string;
  pIn?: number[];
  pOut?: number[];
  /** Also sweep model.depth over these values (else depth `depth` for all). */
  depths?: number[];
  depth?: number;
  seeds?: number;
  epochs?: number;
  n?: number;
  classes?: number;
  /** Spectral operators run beside the GNN on every setting (e.g. ["bh"]); power iterations = depth. */
  spectral?: string[];
  /** A gUFM sweep instead of GNN training (kind "ufm", one layer, epochs = evaluations). */
  ufm?: boolean;
  /** [setting, seedIndex] pairs whose GNN run failed. */
  failed?: [number, number][];
  /** [setting, seedIndex] pairs whose GNN run is missing (not run yet). */
  missing?: [number, number][];
  seed?: number;
}

export interface SyntheticSweep {
  dir: string;
  settings: number;
  fields: string[];
}

const KINDS = ["conv", "relu", "bn"];
const VARIANTS = ["H", "HA"];
export const LAYER_HEADER_TAIL = ["run", "epoch", "step", "split", "layer", "kind", "variant", "metric", "mean", "std", "meanLog10", "stdLog10"];

function meanSd(xs: number[]): [number, number] {
  const v = xs.filter(Number.isFinite);
  if (v.length === 0) return [NaN, NaN];
  const m = v.reduce((s, x) => s + x, 0) / v.length;
  if (v.length < 2) return [m, NaN];
  return [m, Math.sqrt(v.reduce((s, x) => s + (x - m) ** 2, 0) / (v.length - 1))];
}

const cell = (x: number) => (Number.isFinite(x) ? x : "");

export function writeSyntheticSweep(dir: string, o: SyntheticSweepOptions = {}): SyntheticSweep {
  const name = o.name ?? "synthetic-sweep";
  const pIns = o.pIn ?? [0.025, 0.0017];
  const pOuts = o.pOut ?? [0.0017, 0.025];
  const depths = o.depths ?? [o.depth ?? 6];
  const K = o.seeds ?? 2;
  const E = o.epochs ?? 3;
  const N = o.n ?? 1000;
  const C = o.classes ?? 2;
  const spectral = o.spectral ?? [];
  const rng = Rng.seeded(o.seed ?? 11);
  const fields = ["graph.pIn", "graph.pOut", ...(o.depths ? ["model.depth"] : [])];
  const isIn = (list: [number, number][] | undefined, s: number, k: number) => (list ?? []).some(([a, b]) => a === s && b === k);

  const grid: { p: number; q: number; L: number }[] = [];
  for (const p of pIns) for (const q of pOuts) for (const L of depths) grid.push({ p, q, L });

  const settings: unknown[] = [];
  const layerRows: unknown[][] = [];
  const summaryRows: unknown[][] = [];
  for (const [s, { p, q, L }] of grid.entries()) {
    const values: Record<string, number> = { "graph.pIn": p, "graph.pOut": q };
    if (o.depths) values["model.depth"] = L;
    const label = `p=${p} q=${q}` + (o.depths ? ` depth=${L}` : "");
    const cin = N * p;
    const cout = N * q;
    const ks = (cin - cout) ** 2 / (C * (cin + (C - 1) * cout));
    const rate = 3 * Math.max(0, 1 - 1 / ks);
    const runs: unknown[] = [];
    const methods: [string, string][] = o.ufm ? [["ufm", "ufm"]] : [["gnn", "gnn"], ...spectral.map((m) => ["spectral", m] as [string, string])];
    for (const [study, method] of methods) {
      const per: Record<string, number[]> = {};
      const push = (k: string, v: number) => (per[k] ??= []).push(v);
      let done = 0;
      let failed = 0;
      for (let k = 0; k < K; k++) {
        const seed = 1000 + 17 * k;
        const hash = (s * 97 + k * 13 + method.length).toString(16).padStart(12, "0");
        const isGnn = study === "gnn";
        const trained = study !== "spectral";
        const Lm = study === "ufm" ? 1 : L;
        const status = trained && isIn(o.failed, s, k) ? "failed" : trained && isIn(o.missing, s, k) ? "missing" : "done";
        runs.push({
          seedIndex: k, seed, study, method, hash, runDir: `${name}-${hash}/${hash}`, status,
          ...(status === "failed" ? { message: `gnc/train: loss is NaN at epoch 2, step 77 (setting ${s}, seed ${seed})` } : {}),
        });
        if (status === "failed") failed++;
        if (status !== "done") continue;
        done++;
        const offset = 0.3 * rng.normal();
        const run = `${name}-s${s}-k${k}-${method}`;
        const fieldCells = [p, q, ...(o.depths ? [L] : [])];
        const emit = (epoch: number, step: number | "", layer: number, kind: string, variant: string, metric: string, ml: number, sl: number) =>
          layerRows.push([s, k, seed, study, method, ...fieldCells, run, epoch, step, "test", layer, kind, variant, metric, 10 ** ml, 10 ** ml * sl, ml, sl]);
        const epochs = trained ? Array.from({ length: E }, (_, e) => e + 1) : [0];
        for (const e of epochs) {
          const frac = trained ? e / E : 1;
          const step = trained ? e * 50 : "";
          for (let l = 1; l <= Lm; l++) {
            for (const kind of isGnn ? KINDS : [method]) {
              for (const variant of VARIANTS) {
                const base = 1 - rate * (l / Lm) * frac + offset - (variant === "HA" ? 0.3 * rate : 0) - (kind === "bn" ? 0.05 : 0) + 0.05 * rng.normal();
                const sl = 0.1 + 0.05 * rng.uniform();
                emit(e, step, l, kind, variant, "nc1", base, sl);
                emit(e, step, l, kind, variant, "nc1Tilde", base - 0.4, sl);
                emit(e, step, l, kind, variant, "trSigmaW", 0.5 - 0.8 * rate * (l / Lm) * frac + offset, 0.05);
                emit(e, step, l, kind, variant, "trSigmaB", 0.2 + 0.1 * (l / Lm), 0.05);
              }
            }
          }
          const overlap = Math.min(1, Math.max(-0.05, (1 - 1 / Math.max(ks, 1e-9)) * (0.6 + 0.35 * frac) + 0.03 * rng.normal()));
          emit(e, step, Lm + 1, isGnn ? "final" : method, "out", "overlap", Math.log10(Math.max(overlap, 1e-3)), 0.02);
          if (!trained) emit(e, step, Lm + 1, `${method}-eig`, "H", "nc1", 1 - rate + offset, 0.1);
          if (e === epochs[epochs.length - 1]) {
            push("overlap", overlap);
            // last evaluation, kind bn (gnn) / operator (spectral), as the figures read them
            const last = (variant: string, l: number) => 1 - rate * (l / Lm) * frac + offset - (variant === "HA" ? 0.3 * rate : 0);
            push("nc1HFirst", last("H", 1));
            push("nc1HMid", last("H", Math.floor((1 + Lm) / 2)));
            push("nc1HLast", last("H", Lm));
            push("nc1HAFirst", last("HA", 1));
            push("nc1HAMid", last("HA", Math.floor((1 + Lm) / 2)));
            push("nc1HALast", last("HA", Lm));
            if (isGnn) {
              push("nc2WEtf", 0.05 + 0.2 * rng.uniform());
              push("nc3", 0.1 + 0.2 * rng.uniform());
              push("nc4", 0.9 + 0.1 * rng.uniform());
            }
          }
        }
      }
      const stat = (k: string) => meanSd(per[k] ?? []);
      const pairs = ["overlap", "nc1HFirst", "nc1HMid", "nc1HLast", "nc1HAFirst", "nc1HAMid", "nc1HALast", "nc2WEtf", "nc3", "nc4"].flatMap((k) => stat(k).map(cell));
      const status = done === K ? "done" : done > 0 ? "partial" : "failed";
      const message = failed > 0 ? `${failed} of ${K} runs failed` : done < K ? `${K - done} of ${K} runs missing` : "";
      summaryRows.push([
        s, label, study, method, p, q, ...(o.depths ? [L] : []), N, C, p, q, p === q, cin / (cin + (C - 1) * cout), cin / C, cout / C,
        (cin - cout) ** 2 / (C * ((cin + (C - 1) * cout) / C)), ks, K, done, failed, ...pairs, status, message,
      ]);
    }
    settings.push({ setting: s, values, label, runs });
  }

  const valueCols = ["overlap", "log10Nc1HFirst", "log10Nc1HMid", "log10Nc1HLast", "log10Nc1HAFirst", "log10Nc1HAMid", "log10Nc1HALast", "nc2WEtf", "nc3", "nc4"];
  const summaryHeader = [
    "setting", "label", "study", "method", ...fields, "n", "classes", "pIn", "pOut", "noSignal", "homophily", "degIn", "degOut", "snr", "ksRatio", "runs", "done", "failed",
    ...valueCols.flatMap((c) => [c, `${c}Sd`]), "status", "message",
  ];
  const sweep = {
    version: 1,
    name,
    command: `gnc sweep --p-in ${pIns.join(",")} --p-out ${pOuts.join(",")}${o.depths ? ` --sweep model.depth=${depths.join(",")}` : ""} --seeds ${K} --name ${name}`,
    gnc: "0.1.0",
    fields,
    seeds: K,
    base: { name, graph: { kind: "sbm", n: N, classes: C, pIn: pIns[0], pOut: pOuts[0] }, model: { depth: depths[0], width: 8, useW1: true }, train: { epochs: E, lr: 0.004 } },
    settings,
  };
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, "sweep.json"), JSON.stringify(sweep, null, 2) + "\n");
  writeFileSync(path.join(dir, "summary.csv"), stringify([summaryHeader, ...summaryRows]));
  writeFileSync(path.join(dir, "layers.csv"), stringify([["setting", "seedIndex", "seed", "study", "method", ...fields, ...LAYER_HEADER_TAIL], ...layerRows]));
  return { dir, settings: grid.length, fields };
}
