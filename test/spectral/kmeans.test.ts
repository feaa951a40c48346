import { describe, expect, it } from "vitest";
import { Rng } from "../../src/util/rng.js";
import { kmeans } from "../../src/spectral/kmeans.js";
import { overlapFromPredictions } from "../../src/train/overlap.js";

function blobs(rng: Rng, perCluster: number, centres: number[][], spread: number) {
  const k = centres[0].length, N = perCluster * centres.length;
  const data = new Float64Array(N * k), labels = new Int32Array(N);
  for (let i = 0; i < N; i++) {
    const c = i % centres.length;
    labels[i] = c;
    for (let a = 0; a < k; a++) data[i * k + a] = centres[c][a] + spread * rng.normal();
  }
  return { X: { data, rows: N, cols: k }, labels };
}

describe("k-means++", () => {
  it("recovers well-separated clusters exactly", () => {
    const rng = Rng.seeded(1);
    const { X, labels } = blobs(rng, 60, [[0, 0, 0], [5, 0, 0], [0, 5, 0], [0, 0, 5]], 0.5);
    const res = kmeans(X, 4, Rng.seeded(2));
    expect(overlapFromPredictions(res.assignment, labels, 4).overlap).toBe(1);
    // Inertia equals the within-cluster sum of squares about the returned centres.
    let inertia = 0;
    for (let i = 0; i < X.rows; i++) for (let a = 0; a < 3; a++) inertia += (X.data[i * 3 + a] - res.centres[res.assignment[i] * 3 + a]) ** 2;
    expect(res.inertia).toBeCloseTo(inertia, 8);
  });

  it("is deterministic for a seed and never worse with more restarts", () => {
    const { X } = blobs(Rng.seeded(3), 40, [[0, 0], [1, 0], [0, 1]], 0.6);
    const a = kmeans(X, 3, Rng.seeded(4)), b = kmeans(X, 3, Rng.seeded(4));
    expect(Array.from(a.assignment)).toEqual(Array.from(b.assignment));
    const one = kmeans(X, 3, Rng.seeded(4), { restarts: 1 });
    expect(kmeans(X, 3, Rng.seeded(4), { restarts: 20 }).inertia).toBeLessThanOrEqual(one.inertia + 1e-12);
  });

  it("keeps every cluster non-empty on duplicated points and rejects bad input", () => {
    const X = { data: new Float64Array([0, 0, 0, 0, 1, 1]), rows: 6, cols: 1 };
    const r = kmeans(X, 2, Rng.seeded(1));
    expect(new Set(r.assignment).size).toBe(2);
    expect(() => kmeans(X, 7, Rng.seeded(1))).toThrow(/7 clusters/);
    expect(() => kmeans({ data: new Float64Array([0, NaN]), rows: 2, cols: 1 }, 2, Rng.seeded(1))).toThrow(/non-finite/);
  });
});
