/**
 * k-means on the rows of an N×k matrix: Lloyd's algorithm (Lloyd, "Least squares quantization in
 * PCM", IEEE Trans. Inf. Theory 28, 1982) from k-means++ seeding (Arthur & Vassilvitskii,
 * "k-means++: the advantages of careful seeding", SODA 2007), best of several seeded restarts by
 * inertia Σ_i ‖x_i − μ_{a_i}‖². This is how spectral clustering turns C − 1 eigenvectors (or power
 * iterates) into C groups (von Luxburg, "A tutorial on spectral clustering", 2007, §4).
 *
 * Deterministic given the Rng. An empty cluster is re-seeded with the point farthest from its
 * centre. Assignment ties go to the lowest cluster index. O(restarts · iterations · N · k · C).
 */
import type { Matrix } from "../collapse/types.js";
import { GncError } from "../util/errors.js";
import type { Rng } from "../util/rng.js";

export interface KMeansOptions {
  /** Independent k-means++ restarts; the lowest inertia wins (default 8). */
  restarts?: number;
  /** Lloyd iterations per restart (default 100). */
  maxIter?: number;
}

export interface KMeansResult {
  /** Cluster of each row, Int32Array(N) in 0..clusters−1. */
  assignment: Int32Array;
  /** clusters × k centres, row-major. */
  centres: Float64Array;
  inertia: number;
  /** Lloyd iterations of the winning restart. */
  iterations: number;
}

function dist2(X: ArrayLike<number>, i: number, C: Float64Array, c: number, k: number): number {
  let s = 0;
  for (let a = 0; a < k; a++) { const e = X[i * k + a] - C[c * k + a]; s += e * e; }
  return s;
}

function seedPlusPlus(X: Matrix, clusters: number, rng: Rng): Float64Array {
  const N = X.rows, k = X.cols, D = X.data;
  const centres = new Float64Array(clusters * k);
  const first = rng.int(N);
  for (let a = 0; a < k; a++) centres[a] = D[first * k + a];
  const best = new Float64Array(N);
  for (let i = 0; i < N; i++) best[i] = dist2(D, i, centres, 0, k);
  for (let c = 1; c < clusters; c++) {
    let total = 0;
    for (let i = 0; i < N; i++) total += best[i];
    let pick = N - 1;
    if (total > 0) {
      let u = rng.uniform() * total;
      for (let i = 0; i < N; i++) { u -= best[i]; if (u < 0) { pick = i; break; } }
    } else pick = rng.int(N);
    for (let a = 0; a < k; a++) centres[c * k + a] = D[pick * k + a];
    for (let i = 0; i < N; i++) { const d = dist2(D, i, centres, c, k); if (d < best[i]) best[i] = d; }
  }
  return centres;
}

function lloyd(X: Matrix, clusters: number, centres: Float64Array, maxIter: number): KMeansResult {
  const N = X.rows, k = X.cols, D = X.data;
  const assignment = new Int32Array(N).fill(-1);
  const counts = new Int32Array(clusters);
  let inertia = 0, it = 0;
  for (; it < maxIter; it++) {
    let changed = 0;
    inertia = 0;
    for (let i = 0; i < N; i++) {
      let bc = 0, bd = dist2(D, i, centres, 0, k);
      for (let c = 1; c < clusters; c++) { const d = dist2(D, i, centres, c, k); if (d < bd) { bd = d; bc = c; } }
      if (assignment[i] !== bc) { assignment[i] = bc; changed++; }
      inertia += bd;
    }
    if (changed === 0 && it > 0) break;
    centres.fill(0);
    counts.fill(0);
    for (let i = 0; i < N; i++) {
      const c = assignment[i];
      counts[c]++;
      for (let a = 0; a < k; a++) centres[c * k + a] += D[i * k + a];
    }
    for (let c = 0; c < clusters; c++) {
      if (counts[c] > 0) {
        for (let a = 0; a < k; a++) centres[c * k + a] /= counts[c];
        continue;
      }
      // Empty cluster: move it onto the point farthest from its current centre.
      let far = 0, fd = -1;
      for (let i = 0; i < N; i++) {
        const d = dist2(D, i, centres, assignment[i], k);
        if (d > fd) { fd = d; far = i; }
      }
      for (let a = 0; a < k; a++) centres[c * k + a] = D[far * k + a];
      assignment[far] = c;
    }
  }
  return { assignment, centres, inertia, iterations: it };
}

/** k-means of the rows of X (N×k) into `clusters` groups (see the banner). */
export function kmeans(X: Matrix, clusters: number, rng: Rng, opts: KMeansOptions = {}): KMeansResult {
  const restarts = opts.restarts ?? 8, maxIter = opts.maxIter ?? 100;
  if (!(Number.isInteger(clusters) && clusters >= 1)) throw new GncError(`gnc/spectral/kmeans: clusters must be a positive integer, got ${clusters}`);
  if (clusters > X.rows) throw new GncError(`gnc/spectral/kmeans: ${clusters} clusters asked of ${X.rows} points`);
  if (!(Number.isInteger(restarts) && restarts >= 1)) throw new GncError(`gnc/spectral/kmeans: restarts must be a positive integer, got ${restarts}`);
  for (let i = 0; i < X.data.length; i++) {
    if (!Number.isFinite(X.data[i])) throw new GncError(`gnc/spectral/kmeans: row ${Math.floor(i / X.cols)} has a non-finite entry`);
  }
  let best: KMeansResult | null = null;
  for (let r = 0; r < restarts; r++) {
    const res = lloyd(X, clusters, seedPlusPlus(X, clusters, rng), maxIter);
    if (!best || res.inertia < best.inertia) best = res;
  }
  return best!;
}
