/**
 * The build-time generated kernels (src/tensor/kernels/generated.ts): the committed file is exactly
 * what the generator produces, and every unrolled kernel is bit-identical to the loop version that
 * runs for widths outside the generated list (so training output never depends on that list). For
 * a few unlisted widths the generator's source is compiled here (tests run in Node, no CSP) and
 * compared bitwise with the loops too.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { BLOCK_WIDTHS, DENSE_WIDTHS, PROP_WIDTHS, STATS_WIDTHS, blockSource, denseSource, generatedModule, propSource, statsSource } from "../../src/tensor/kernels/codegen.js";
import { GENERATED_BLOCK, GENERATED_DENSE, GENERATED_PROP, GENERATED_STATS } from "../../src/tensor/kernels/generated.js";
import { propLoop } from "../../src/tensor/aggregate-cpu.js";
import { GENERATED_PATH } from "../../scripts/build-kernels.js";
import { unrolledEquivalent, type DenseKernels } from "../../src/tensor/kernels/dense.js";
import { unrolledEquivalentBlock, type BlockKernels } from "../../src/tensor/kernels/block.js";
import { unrolledEquivalentStats } from "../../src/train/fast-stats.js";
import { Rng } from "../../src/util/rng.js";
import { randomArray, randomGraph } from "./helpers.js";

const bits = (a: Float32Array | Float64Array) => Array.from(a, (v) => (Object.is(v, -0) ? "-0" : String(v)));

function compileDense(din: number, dout: number): DenseKernels {
  const s = denseSource(din, dout);
  const f = (args: string, body: string) => new Function(args, body) as never;
  return { mm: f("F, W, out, n", s.mm), mmAdd: f("F, W, out, n", s.mmAdd), atbAdd: f("F, S, acc, n", s.atbAdd), abtAdd: f("S, W, out, n", s.abtAdd) };
}
function compileBlock(d: number, relu: boolean): BlockKernels {
  const s = blockSource(d, relu);
  return { forward: new Function("R, n, gamma, beta, mu, invstd, B", s.forward) as never, backward: new Function("dB, R, n, gamma, mu, invstd, dGamma, dBeta", s.backward) as never };
}

function sameDense(a: DenseKernels, b: DenseKernels, din: number, dout: number, seed: number): void {
  const rng = Rng.seeded(seed), n = 23;
  const F = randomArray(n * din, rng), W = randomArray(din * dout, rng), S = randomArray(n * dout, rng);
  F[0] = -0; S[1] = 0; // signed zeros must come out the same too
  const run = (k: DenseKernels) => {
    const o1 = new Float32Array(n * dout), o2 = randomArray(n * dout, Rng.seeded(1)), acc = randomArray(din * dout, Rng.seeded(2));
    const acc64 = Float64Array.from(acc), o3 = randomArray(n * din, Rng.seeded(3));
    k.mm(F, W, o1, n); k.mmAdd(F, W, o2, n); k.atbAdd(F, S, acc64, n); k.abtAdd(S, W, o3, n);
    return [o1, o2, acc64, o3].map(bits);
  };
  expect(run(a)).toEqual(run(b));
}

function sameBlock(a: BlockKernels, b: BlockKernels, d: number, seed: number): void {
  const rng = Rng.seeded(seed), n = 31;
  const Z = randomArray(n * d, rng, 2), gamma = randomArray(d, rng), beta = randomArray(d, rng), dB = randomArray(n * d, rng);
  const dGamma0 = randomArray(d, rng);
  const run = (k: BlockKernels) => {
    const R = Float32Array.from(Z), B = new Float32Array(n * d), mu = new Float64Array(d), iv = new Float64Array(d);
    k.forward(R, n, gamma, beta, mu, iv, B);
    const g = Float32Array.from(dB), dgam = Float64Array.from(dGamma0), dbet = new Float64Array(d);
    k.backward(g, R, n, gamma, mu, iv, dgam, dbet);
    return [R, B, mu, iv, g, dgam, dbet].map(bits);
  };
  expect(run(a)).toEqual(run(b));
}

describe("generated kernels", () => {
  it("generated.ts equals the generator's output byte for byte", () => {
    expect(readFileSync(GENERATED_PATH, "utf8")).toBe(generatedModule());
  });

  it("every generated dense kernel is bit-identical to its loop version", () => {
    for (const din of DENSE_WIDTHS) for (const dout of DENSE_WIDTHS) {
      sameDense((GENERATED_DENSE as Record<string, DenseKernels>)[`${din}x${dout}`], unrolledEquivalent(din, dout), din, dout, din * 97 + dout);
    }
  });

  it("the generator's dense source for unlisted shapes equals the loops too (5×7, 3×12, 9×9, 12×16)", () => {
    for (const [din, dout] of [[5, 7], [3, 12], [9, 9], [12, 16]]) sameDense(compileDense(din, dout), unrolledEquivalent(din, dout), din, dout, din + dout);
  });

  it("every generated ReLU+BatchNorm kernel, and unlisted widths 5 and 12, are bit-identical to the loops", () => {
    for (const d of BLOCK_WIDTHS) for (const relu of [true, false]) {
      const gen = (GENERATED_BLOCK as Record<string, BlockKernels>)[`${d}:${relu}`];
      sameBlock(gen, unrolledEquivalentBlock(d, relu), d, d * 7 + (relu ? 1 : 0));
    }
    for (const d of [5, 12]) for (const relu of [true, false]) sameBlock(compileBlock(d, relu), unrolledEquivalentBlock(d, relu), d, d);
  });

  it("every generated statistics kernel, and unlisted widths 7 and 20, are bit-identical to the loops", () => {
    type K = ReturnType<typeof unrolledEquivalentStats>;
    const rng = Rng.seeded(77);
    const graph = randomGraph(40, 0.1, rng, [3]), n = graph.n, C = 3;
    const labels = new Int32Array(n).map((_, i) => i % C);
    const check = (a: K, b: K, d: number) => {
      const X = [0, 1, 2].map(() => randomArray(n * d, rng, 5));
      const run = (k: K) => {
        const sums = new Float64Array(C * d);
        k.sum(X[0], labels, sums, n);
        const means = sums.map((v) => v / 13), s = new Float64Array(C * d), S = new Float64Array(d * d);
        k.scatter(X[1], labels, means, s, S, n);
        const o = [0, 1, 2].map(() => new Float64Array(n * d));
        k.agg3(graph.rowPtr, graph.cols, n, X[0], X[1], X[2], o[0], o[1], o[2]);
        return [sums, s, S, ...o].map(bits);
      };
      expect(run(a)).toEqual(run(b));
    };
    for (const d of STATS_WIDTHS) check((GENERATED_STATS as Record<number, K>)[d], unrolledEquivalentStats(d), d);
    const compile = (d: number): K => {
      const s = statsSource(d);
      return {
        sum: new Function("X", "labels", "sums", "N", s.sum) as never,
        scatter: new Function("X", "labels", "means", "s", "S", "N", s.scatter) as never,
        agg3: new Function("rowPtr", "cols", "n", "X0", "X1", "X2", "o0", "o1", "o2", s.agg3) as never,
      };
    };
    for (const d of [7, 20]) check(compile(d), unrolledEquivalentStats(d), d);
  });

  it("propagation row sums: bit-identical to the loop, with and without a row scaling, for the listed widths and two others", () => {
    const rng = Rng.seeded(41), n = 29;
    const graph = randomGraph(n, 0.3, rng, [0, 7]);
    type P = (rowPtr: Int32Array, cols: Int32Array, n: number, src: Float32Array, r: Float32Array | null, out: Float32Array) => void;
    const check = (a: P, b: P, d: number) => {
      const src = randomArray(n * d, rng, 5);
      src[0] = -0;
      const r = randomArray(n, rng, 1);
      const run = (k: P) => [null, r].map((rr) => {
        const out = randomArray(n * d, Rng.seeded(9)); // overwritten, not accumulated into
        k(graph.rowPtr, graph.cols, n, src, rr, out);
        return bits(out);
      });
      expect(run(a), `d = ${d}`).toEqual(run(b));
    };
    for (const d of PROP_WIDTHS) check(GENERATED_PROP[d], propLoop(d), d);
    expect(Object.keys(GENERATED_PROP).map(Number)).toEqual([...PROP_WIDTHS]);
    for (const d of [5, 20]) check(new Function("rowPtr", "cols", "n", "src", "r", "out", propSource(d)) as P, propLoop(d), d);
  });
});
