/**
 * Label-permutation search for the permutation-invariant losses and the overlap (REFERENCE.md §2):
 * given a C×C cost (row = true class c, column = predicted/target class k), find σ minimising
 * Σ_c cost[c][σ(c)]. Node classification on an SBM identifies classes only up to relabelling, so
 * both the loss and the accuracy are minimised/maximised over σ.
 *
 * C ≤ 6: enumerate all C! permutations (the reference's approach; ties go to the first permutation
 * in lexicographic order, which makes the choice deterministic). C > 6: the Hungarian algorithm
 * (Kuhn 1955, Munkres 1957; the O(C³) potentials form of Jonker–Volgenant), exact as well.
 */

const permCache = new Map<number, Int32Array[]>();

/** All permutations of 0..C-1 in lexicographic order (cached; C ≤ 8). */
export function allPermutations(C: number): Int32Array[] {
  const hit = permCache.get(C);
  if (hit) return hit;
  const out: Int32Array[] = [];
  const cur = new Int32Array(C);
  const used = new Uint8Array(C);
  const rec = (pos: number) => {
    if (pos === C) {
      out.push(cur.slice());
      return;
    }
    for (let k = 0; k < C; k++) {
      if (used[k]) continue;
      used[k] = 1;
      cur[pos] = k;
      rec(pos + 1);
      used[k] = 0;
    }
  };
  rec(0);
  permCache.set(C, out);
  return out;
}

/** Largest C for which the permutations are enumerated (beyond: Hungarian). */
export const ENUMERATE_MAX_C = 6;

/**
 * The permutation σ (σ[c] = column assigned to row c) minimising Σ_c cost[c·C + σ[c]], and that
 * minimum. cost is row-major C×C.
 */
export function minCostAssignment(cost: ArrayLike<number>, C: number): { perm: Int32Array; cost: number } {
  if (C <= ENUMERATE_MAX_C) {
    let best: Int32Array | null = null;
    let bestCost = Infinity;
    for (const p of allPermutations(C)) {
      let s = 0;
      for (let c = 0; c < C; c++) s += cost[c * C + p[c]];
      if (s < bestCost || best === null) {
        bestCost = s;
        best = p;
      }
    }
    return { perm: best!.slice(), cost: bestCost };
  }
  return hungarian(cost, C);
}

/** Hungarian algorithm with potentials, O(C³), 1-based internal arrays (e-maxx formulation). */
export function hungarian(cost: ArrayLike<number>, C: number): { perm: Int32Array; cost: number } {
  const u = new Float64Array(C + 1);
  const v = new Float64Array(C + 1);
  const p = new Int32Array(C + 1); // p[j] = row matched to column j
  const way = new Int32Array(C + 1);
  for (let i = 1; i <= C; i++) {
    p[0] = i;
    let j0 = 0;
    const minv = new Float64Array(C + 1).fill(Infinity);
    const used = new Uint8Array(C + 1);
    do {
      used[j0] = 1;
      const i0 = p[j0];
      let delta = Infinity;
      let j1 = 0;
      for (let j = 1; j <= C; j++) {
        if (used[j]) continue;
        const cur = cost[(i0 - 1) * C + (j - 1)] - u[i0] - v[j];
        if (cur < minv[j]) {
          minv[j] = cur;
          way[j] = j0;
        }
        if (minv[j] < delta) {
          delta = minv[j];
          j1 = j;
        }
      }
      for (let j = 0; j <= C; j++) {
        if (used[j]) {
          u[p[j]] += delta;
          v[j] -= delta;
        } else minv[j] -= delta;
      }
      j0 = j1;
    } while (p[j0] !== 0);
    do {
      const j1 = way[j0];
      p[j0] = p[j1];
      j0 = j1;
    } while (j0);
  }
  const perm = new Int32Array(C);
  for (let j = 1; j <= C; j++) perm[p[j] - 1] = j - 1;
  let total = 0;
  for (let c = 0; c < C; c++) total += cost[c * C + perm[c]];
  return { perm, cost: total };
}
