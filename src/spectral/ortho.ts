/**
 * The dense vector kernels of Lanczos (lanczos.ts) on float64 basis vectors stored back to back
 * (vector i of length n at V[i·n ..]): dot products and updates against one vector or a block of
 * basis vectors, fused where a Lanczos step reads the same data twice. Plain JS loops with several
 * accumulators or several basis vectors per pass over w (the memory traffic, not the arithmetic,
 * bounds them at N = 1e5); small module-level functions, so V8 keeps their optimised code from
 * one solve to the next. Checked through Lanczos against dense and scipy references
 * (test/spectral/lanczos*.test.ts) and directly on random inputs (test/spectral/ortho.test.ts).
 */

/** Σ a[ao + i]·b[i], four accumulators (breaks the add dependency chain; ~1.7× faster in V8). */
export function dot(a: Float64Array, b: Float64Array, n: number, ao = 0): number {
  let s0 = 0, s1 = 0, s2 = 0, s3 = 0, i = 0;
  for (; i + 3 < n; i += 4) {
    s0 += a[ao + i] * b[i]; s1 += a[ao + i + 1] * b[i + 1];
    s2 += a[ao + i + 2] * b[i + 2]; s3 += a[ao + i + 3] * b[i + 3];
  }
  for (; i < n; i++) s0 += a[ao + i] * b[i];
  return (s0 + s1) + (s2 + s3);
}

/** w ← w − c·V[ao ..]; returns V[bo ..]·w (the updated w): one pass for the first half of a Lanczos step. */
export function axpyDot(w: Float64Array, c: number, V: Float64Array, ao: number, bo: number, n: number): number {
  let s0 = 0, s1 = 0, i = 0;
  for (; i + 1 < n; i += 2) {
    const x0 = w[i] - c * V[ao + i], x1 = w[i + 1] - c * V[ao + i + 1];
    w[i] = x0; w[i + 1] = x1;
    s0 += V[bo + i] * x0; s1 += V[bo + i + 1] * x1;
  }
  for (; i < n; i++) { const x = w[i] - c * V[ao + i]; w[i] = x; s0 += V[bo + i] * x; }
  return s0 + s1;
}

/** w ← w − c·V[o ..]; returns ‖w‖² (the updated w). */
export function axpyNorm2(w: Float64Array, c: number, V: Float64Array, o: number, n: number): number {
  let s0 = 0, s1 = 0, i = 0;
  for (; i + 1 < n; i += 2) {
    const x0 = w[i] - c * V[o + i], x1 = w[i + 1] - c * V[o + i + 1];
    w[i] = x0; w[i + 1] = x1;
    s0 += x0 * x0; s1 += x1 * x1;
  }
  for (; i < n; i++) { const x = w[i] - c * V[o + i]; w[i] = x; s0 += x * x; }
  return s0 + s1;
}

/**
 * V[o ..] ← c·w. The hot loops live in small module-level functions like this one rather than inline
 * in lanczos(): V8 then keeps their optimised code from one solve to the next (inline, the second
 * and third solves ran ~2× slower while lanczos() itself was re-optimised).
 */
export function scaleInto(V: Float64Array, o: number, w: Float64Array, c: number, n: number): void {
  for (let i = 0; i < n; i++) V[o + i] = w[i] * c;
}

/** w ← w − c·a[ao ..]. */
export function axpy(w: Float64Array, c: number, a: Float64Array, n: number, ao = 0): void {
  for (let i = 0; i < n; i++) w[i] -= c * a[ao + i];
}

/** out[i] = V_i · w for the first `count` basis vectors (V column-blocked, n each); four per pass over w. */
export function basisDots(V: Float64Array, w: Float64Array, n: number, count: number, out: Float64Array): void {
  let i = 0;
  for (; i + 3 < count; i += 4) {
    const o0 = i * n, o1 = o0 + n, o2 = o1 + n, o3 = o2 + n;
    let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    for (let t = 0; t < n; t++) {
      const x = w[t];
      s0 += V[o0 + t] * x; s1 += V[o1 + t] * x; s2 += V[o2 + t] * x; s3 += V[o3 + t] * x;
    }
    out[i] = s0; out[i + 1] = s1; out[i + 2] = s2; out[i + 3] = s3;
  }
  for (; i < count; i++) out[i] = dot(V, w, n, i * n);
}

/** w ← w − Σ_i c[i]·V_i over the first `count` basis vectors, eight per pass over w (w is read and written once per pass: 8 halves that traffic against 4, ≈ 1.4× here). */
export function subtractBasis(V: Float64Array, c: Float64Array, n: number, count: number, w: Float64Array): void {
  let i = 0;
  for (; i + 7 < count; i += 8) {
    const o0 = i * n, o1 = o0 + n, o2 = o1 + n, o3 = o2 + n, o4 = o3 + n, o5 = o4 + n, o6 = o5 + n, o7 = o6 + n;
    const c0 = c[i], c1 = c[i + 1], c2 = c[i + 2], c3 = c[i + 3], c4 = c[i + 4], c5 = c[i + 5], c6 = c[i + 6], c7 = c[i + 7];
    for (let t = 0; t < n; t++) {
      w[t] -= (c0 * V[o0 + t] + c1 * V[o1 + t] + c2 * V[o2 + t] + c3 * V[o3 + t]) + (c4 * V[o4 + t] + c5 * V[o5 + t] + c6 * V[o6 + t] + c7 * V[o7 + t]);
    }
  }
  for (; i + 3 < count; i += 4) {
    const o0 = i * n, o1 = o0 + n, o2 = o1 + n, o3 = o2 + n;
    const c0 = c[i], c1 = c[i + 1], c2 = c[i + 2], c3 = c[i + 3];
    for (let t = 0; t < n; t++) w[t] -= c0 * V[o0 + t] + c1 * V[o1 + t] + c2 * V[o2 + t] + c3 * V[o3 + t];
  }
  for (; i < count; i++) axpy(w, c[i], V, n, i * n);
}

/** out ← Σ_j S[j·stride + c]·V_j over the first `count` basis vectors (a Ritz vector), four per pass. */
export function combineBasis(V: Float64Array, S: Float64Array, stride: number, c: number, n: number, count: number, out: Float64Array): void {
  out.fill(0);
  let j = 0;
  for (; j + 3 < count; j += 4) {
    const o0 = j * n, o1 = o0 + n, o2 = o1 + n, o3 = o2 + n;
    const c0 = S[j * stride + c], c1 = S[(j + 1) * stride + c], c2 = S[(j + 2) * stride + c], c3 = S[(j + 3) * stride + c];
    for (let t = 0; t < n; t++) out[t] += c0 * V[o0 + t] + c1 * V[o1 + t] + c2 * V[o2 + t] + c3 * V[o3 + t];
  }
  for (; j < count; j++) {
    const s = S[j * stride + c], o = j * n;
    for (let t = 0; t < n; t++) out[t] += s * V[o + t];
  }
}

/**
 * Y[t] ← Σ_j S[j·stride + cols[t]]·V_j for every t (the thick-restart basis V·S): two outputs and
 * four basis vectors per pass over n, so each pass does 8 multiply-adds per 6 loads (vs 4 per 5).
 */
export function combineBasisMany(V: Float64Array, S: Float64Array, stride: number, cols: readonly number[], n: number, count: number, Y: Float64Array): void {
  let t = 0;
  for (; t + 1 < cols.length; t += 2) {
    const a = cols[t], b = cols[t + 1], ya = t * n, yb = ya + n;
    let j = 0;
    for (; j + 3 < count; j += 4) {
      const o0 = j * n, o1 = o0 + n, o2 = o1 + n, o3 = o2 + n;
      const a0 = S[j * stride + a], a1 = S[(j + 1) * stride + a], a2 = S[(j + 2) * stride + a], a3 = S[(j + 3) * stride + a];
      const b0 = S[j * stride + b], b1 = S[(j + 1) * stride + b], b2 = S[(j + 2) * stride + b], b3 = S[(j + 3) * stride + b];
      for (let i = 0; i < n; i++) {
        const v0 = V[o0 + i], v1 = V[o1 + i], v2 = V[o2 + i], v3 = V[o3 + i];
        Y[ya + i] += a0 * v0 + a1 * v1 + a2 * v2 + a3 * v3;
        Y[yb + i] += b0 * v0 + b1 * v1 + b2 * v2 + b3 * v3;
      }
    }
    for (; j < count; j++) {
      const o = j * n, sa = S[j * stride + a], sb = S[j * stride + b];
      for (let i = 0; i < n; i++) { const v = V[o + i]; Y[ya + i] += sa * v; Y[yb + i] += sb * v; }
    }
  }
  if (t < cols.length) combineBasis(V, S, stride, cols[t], n, count, Y.subarray(t * n, (t + 1) * n));
}

export function projectOut(w: Float64Array, us: readonly Float64Array[]): void {
  for (const u of us) {
    const h = dot(u, w, w.length);
    for (let i = 0; i < w.length; i++) w[i] -= h * u[i];
  }
}
