/** The Lanczos vector kernels (src/spectral/ortho.ts) against plain one-accumulator loops on random inputs. */
import { describe, expect, it } from "vitest";
import { Rng } from "../../src/util/rng.js";
import { axpy, axpyDot, axpyNorm2, basisDots, combineBasis, combineBasisMany, dot, projectOut, scaleInto, subtractBasis } from "../../src/spectral/ortho.js";

const rand = (rng: Rng, len: number) => Float64Array.from({ length: len }, () => rng.normal());
const close = (a: ArrayLike<number>, b: ArrayLike<number>, tol = 1e-12) => {
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]) / (1 + Math.abs(b[i])));
  expect(worst).toBeLessThan(tol);
};

describe("Lanczos vector kernels", () => {
  it("match the obvious loops (n and basis counts not multiples of the unrolling)", () => {
    const rng = Rng.seeded(23);
    for (const [n, count] of [[1, 1], [7, 3], [33, 9], [101, 13], [64, 16]] as const) {
      const V = rand(rng, (count + 1) * n), w0 = rand(rng, n), c = rand(rng, count);
      const vec = (i: number) => V.subarray(i * n, (i + 1) * n);
      const ref = (i: number) => { let s = 0; for (let t = 0; t < n; t++) s += V[i * n + t] * w0[t]; return s; };
      close([dot(V, w0, n, 2 % count * n)], [ref(2 % count)]);
      const out = new Float64Array(count);
      basisDots(V, w0, n, count, out);
      close(out, Array.from({ length: count }, (_, i) => ref(i)));
      // w − Σ c_i V_i
      let w = w0.slice();
      subtractBasis(V, c, n, count, w);
      const want = w0.slice();
      for (let i = 0; i < count; i++) for (let t = 0; t < n; t++) want[t] -= c[i] * V[i * n + t];
      close(w, want);
      // axpy, axpyDot, axpyNorm2, scaleInto
      w = w0.slice();
      axpy(w, 0.7, V, n, n);
      close(w, Array.from(w0, (x, t) => x - 0.7 * V[n + t]));
      w = w0.slice();
      const a = axpyDot(w, 0.3, V, 0, count * n, n);
      const w1 = Array.from(w0, (x, t) => x - 0.3 * V[t]);
      close(w, w1);
      close([a], [w1.reduce((s, x, t) => s + x * V[count * n + t], 0)]);
      const nn = axpyNorm2(w, -1.1, V, n * (count - 1), n);
      const w2 = w1.map((x, t) => x + 1.1 * V[(count - 1) * n + t]);
      close(w, w2);
      close([nn], [w2.reduce((s, x) => s + x * x, 0)]);
      const dst = new Float64Array((count + 1) * n);
      scaleInto(dst, count * n, w0, 2.5, n);
      close(dst.subarray(count * n), Array.from(w0, (x) => 2.5 * x));
      // Ritz combinations: S column-major-by-row (stride), one column and several at once.
      const stride = count + 2, S = rand(rng, count * stride), cols = [1, 0, count + 1, 3 % stride].slice(0, Math.max(1, Math.min(4, count)));
      const Y = new Float64Array(cols.length * n);
      combineBasisMany(V, S, stride, cols, n, count, Y);
      cols.forEach((col, q) => {
        const y = new Float64Array(n);
        for (let j = 0; j < count; j++) for (let t = 0; t < n; t++) y[t] += S[j * stride + col] * V[j * n + t];
        close(Y.subarray(q * n, (q + 1) * n), y);
        const one = new Float64Array(n).fill(9);
        combineBasis(V, S, stride, col, n, count, one);
        close(one, y);
      });
      // projectOut: remove a unit direction.
      const u = vec(0).slice();
      const nu = Math.sqrt(u.reduce((s, x) => s + x * x, 0));
      for (let t = 0; t < n; t++) u[t] /= nu;
      w = w0.slice();
      projectOut(w, [u]);
      if (n > 1) expect(Math.abs(w.reduce((s, x, t) => s + x * u[t], 0))).toBeLessThan(1e-12 * (1 + Math.sqrt(w0.reduce((s, x) => s + x * x, 0))));
    }
  });
});
