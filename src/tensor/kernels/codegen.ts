/**
 * Source generators for the unrolled typed-array kernels, run at BUILD time (scripts/build-kernels.ts
 * writes their output to generated.ts, committed; test/tensor/generated.test.ts checks the committed
 * file equals what this produces — the simd-wat.ts → simd-binary.ts pattern). Nothing is compiled at
 * run time, so the kernels run under a browser's CSP and show up in stack traces and in tsc.
 *
 * Why unrolled: the paper's widths are tiny (d = 8 or 16), so a generic triple loop spends most of
 * its time on loop control over an inner length of 8 (≈ 3 ns per multiply-add on N×8·8×8); with the
 * weights and accumulators in local variables V8 keeps them in registers (≈ 4–8× faster). Every
 * generated body performs exactly the floating-point operations, in the same order, of the loop
 * versions in dense.ts / block.ts / fast-stats.ts (`unrolledEquivalent…`), so
 * shapes outside the generated list give bit-identical results, only slower (tested bitwise).
 *
 * Kernels:
 *   dense (din×dout; F: N×din, W: din×dout, S: N×dout, row-major):
 *     mm: out = F W;  mmAdd: out += F W;  atbAdd: acc += Fᵀ S (Float64);  abtAdd: out += S Wᵀ
 *   block (d, relu): ReLU + BatchNorm forward/backward (tensor/kernels/block.ts)
 *   stats (d): class sums, the residual scatter Σ r rᵀ, and three mean aggregations in one edge pass
 *     (train/fast-stats.ts)
 *   prop (d): out_i = r_i · Σ_{j ∈ N(i)} src_j (r null: 1) with float32 accumulators (Math.fround on
 *     every add, as the loop's Float32Array `out[o + k] +=` rounds): tensor/aggregate-cpu.ts
 */

/** Shapes that get unrolled code. Others run the bit-identical loops. */
export const DENSE_WIDTHS = [1, 2, 3, 4, 8, 16] as const;
export const BLOCK_WIDTHS = [1, 2, 3, 4, 8, 16, 32] as const;
export const STATS_WIDTHS = [1, 2, 3, 4, 5, 6, 8, 12, 16, 24] as const;
/** Not 8: that width keeps its float64-accumulator row sum (tensor/aggregate-cpu.ts). */
export const PROP_WIDTHS = [1, 2, 3, 4, 12, 16, 24, 32] as const;
/** The BatchNorm ε baked into the block kernels (tensor/kernels/block.ts BN_EPS). */
export const GEN_BN_EPS = 1e-5;

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

/** Body of the dense kernels for din×dout (din·dout ≤ 256). */
export function denseSource(din: number, dout: number): { mm: string; mmAdd: string; atbAdd: string; abtAdd: string } {
  const J = range(din), K = range(dout);
  const loadW = J.flatMap((j) => K.map((k) => `const w${j}_${k} = W[${j * dout + k}];`)).join("\n");
  const loadF = J.map((j) => `const f${j} = F[fo + ${j}];`).join(" ");
  const sumFW = (k: number) => J.map((j) => `f${j} * w${j}_${k}`).join(" + ");
  const mmSrc = (add: boolean) => `
    ${loadW}
    for (let i = 0; i < n; i++) {
      const fo = i * ${din}, oo = i * ${dout};
      ${loadF}
      ${K.map((k) => `out[oo + ${k}] ${add ? "+=" : "="} ${sumFW(k)};`).join("\n")}
    }`;
  // Fᵀ S: accumulators in locals when they fit in registers comfortably, else in acc directly.
  const local = din * dout <= 64;
  const loadS = K.map((k) => `const s${k} = S[so + ${k}];`).join(" ");
  const atbSrc = local
    ? `
    ${J.flatMap((j) => K.map((k) => `let a${j}_${k} = 0;`)).join(" ")}
    for (let i = 0; i < n; i++) {
      const fo = i * ${din}, so = i * ${dout};
      ${loadF} ${loadS}
      ${J.flatMap((j) => K.map((k) => `a${j}_${k} += f${j} * s${k};`)).join(" ")}
    }
    ${J.flatMap((j) => K.map((k) => `acc[${j * dout + k}] += a${j}_${k};`)).join(" ")}`
    : `
    for (let i = 0; i < n; i++) {
      const fo = i * ${din}, so = i * ${dout};
      ${loadF} ${loadS}
      ${J.flatMap((j) => K.map((k) => `acc[${j * dout + k}] += f${j} * s${k};`)).join(" ")}
    }`;
  const abtSrc = `
    ${loadW}
    for (let i = 0; i < n; i++) {
      const so = i * ${dout}, oo = i * ${din};
      ${loadS}
      ${J.map((j) => `out[oo + ${j}] += ${K.map((k) => `s${k} * w${j}_${k}`).join(" + ")};`).join("\n")}
    }`;
  return { mm: mmSrc(false), mmAdd: mmSrc(true), atbAdd: atbSrc, abtAdd: abtSrc };
}

/** Body of the ReLU + BatchNorm kernels for width d. */
export function blockSource(d: number, relu: boolean): { forward: string; backward: string } {
  const K = range(d);
  const each = (f: (k: number) => string, sep = " ") => K.map(f).join(sep);
  const forward = `
    ${each((k) => `let s${k} = 0;`)}
    for (let i = 0; i < n; i++) {
      const o = i * ${d};
      ${each((k) => relu ? `let v${k} = R[o + ${k}]; if (!(v${k} > 0)) { v${k} = 0; R[o + ${k}] = 0; } s${k} += v${k};` : `s${k} += R[o + ${k}];`, "\n")}
    }
    ${each((k) => `const m${k} = s${k} / n; let q${k} = 0;`)}
    for (let i = 0; i < n; i++) {
      const o = i * ${d};
      ${each((k) => `const c${k} = R[o + ${k}] - m${k}; q${k} += c${k} * c${k};`, "\n")}
    }
    ${each((k) => `const iv${k} = 1 / Math.sqrt(q${k} / n + ${GEN_BN_EPS}); const a${k} = gamma[${k}] * iv${k}; const b${k} = beta[${k}] - m${k} * a${k}; mu[${k}] = m${k}; invstd[${k}] = iv${k};`, "\n")}
    for (let i = 0; i < n; i++) {
      const o = i * ${d};
      ${each((k) => `B[o + ${k}] = R[o + ${k}] * a${k} + b${k};`)}
    }`;
  const backward = `
    ${each((k) => `let s${k} = 0, x${k} = 0; const m${k} = mu[${k}], iv${k} = invstd[${k}];`, "\n")}
    for (let i = 0; i < n; i++) {
      const o = i * ${d};
      ${each((k) => `const g${k} = dB[o + ${k}]; s${k} += g${k}; x${k} += g${k} * (R[o + ${k}] - m${k});`, "\n")}
    }
    ${each((k) => `x${k} *= iv${k}; dBeta[${k}] += s${k}; dGamma[${k}] += x${k}; const a${k} = gamma[${k}] * iv${k}, e${k} = s${k} / n, c${k} = x${k} * iv${k} / n;`, "\n")}
    for (let i = 0; i < n; i++) {
      const o = i * ${d};
      ${each((k) => relu
        ? `{ const r = R[o + ${k}]; dB[o + ${k}] = r > 0 ? a${k} * (dB[o + ${k}] - e${k} - (r - m${k}) * c${k}) : 0; }`
        : `dB[o + ${k}] = a${k} * (dB[o + ${k}] - e${k} - (R[o + ${k}] - m${k}) * c${k});`, "\n")}
    }`;
  return { forward, backward };
}

/** Bodies of the collapse-statistics kernels for width d. */
export function statsSource(d: number): { sum: string; scatter: string; agg3: string } {
  const sum = [`for (let i = 0; i < N; i++) {`, `  const base = i * ${d}, mb = labels[i] * ${d};`,
    "  " + range(d).map((a) => `sums[mb + ${a}] += X[base + ${a}];`).join(" "), `}`].join("\n");
  const S: string[] = [], acc: string[] = [];
  for (let a = 0; a < d; a++) for (let b = a; b < d; b++) acc.push(`s${a}_${b}`);
  S.push(`let ${acc.map((v) => v + " = 0").join(", ")};`);
  S.push(`for (let i = 0; i < N; i++) {`, `  const base = i * ${d}, mb = labels[i] * ${d};`);
  for (let a = 0; a < d; a++) S.push(`  const r${a} = X[base + ${a}] - means[mb + ${a}]; s[mb + ${a}] += r${a};`);
  for (let a = 0; a < d; a++) S.push("  " + range(d - a).map((t) => `s${a}_${a + t} += r${a} * r${a + t};`).join(" "));
  S.push(`}`);
  for (let a = 0; a < d; a++) for (let b = a; b < d; b++) S.push(`S[${a * d + b}] = s${a}_${b};`);
  const v = (m: number, a: number) => `a${m}_${a}`;
  const A: string[] = [`for (let i = 0; i < n; i++) {`, `  const s = rowPtr[i], e = rowPtr[i + 1], ob = i * ${d};`];
  A.push(`  let ${[0, 1, 2].flatMap((m) => range(d).map((a) => `${v(m, a)} = 0`)).join(", ")};`);
  A.push(`  for (let p = s; p < e; p++) {`, `    const jb = cols[p] * ${d};`);
  for (let m = 0; m < 3; m++) A.push("    " + range(d).map((a) => `${v(m, a)} += X${m}[jb + ${a}];`).join(" "));
  A.push(`  }`, `  const inv = e > s ? 1 / (e - s) : 0;`);
  for (let m = 0; m < 3; m++) A.push("  " + range(d).map((a) => `o${m}[ob + ${a}] = ${v(m, a)} * inv;`).join(" "));
  A.push(`}`);
  return { sum, scatter: S.join("\n"), agg3: A.join("\n") };
}

/** Body of the row-sum propagation kernel for width d (bit-identical to aggregate-cpu.ts's loop). */
export function propSource(d: number): string {
  const a = (k: number) => `a${k}`;
  return [
    `for (let i = 0; i < n; i++) {`,
    `  let ${range(d).map((k) => `${a(k)} = 0`).join(", ")};`,
    `  for (let p = rowPtr[i], e = rowPtr[i + 1]; p < e; p++) {`,
    `    const q = cols[p] * ${d};`,
    "    " + range(d).map((k) => `${a(k)} = Math.fround(${a(k)} + src[q + ${k}]);`).join(" "),
    `  }`,
    `  const ri = r === null ? 1 : r[i], o = i * ${d};`,
    "  " + range(d).map((k) => `out[o + ${k}] = ${a(k)} * ri;`).join(" "),
    `}`,
  ].join("\n");
}

const indent = (body: string) => body.split("\n").map((l) => l.trim()).filter((l) => l.length > 0).map((l) => "  " + l).join("\n");
const fn = (name: string, params: string, body: string) => `function ${name}(${params}): void {\n${indent(body)}\n}\n`;

const DENSE_PARAMS = {
  mm: "F: Float32Array, W: Float32Array, out: Float32Array, n: number",
  mmAdd: "F: Float32Array, W: Float32Array, out: Float32Array, n: number",
  atbAdd: "F: Float32Array, S: Float32Array, acc: Float64Array, n: number",
  abtAdd: "S: Float32Array, W: Float32Array, out: Float32Array, n: number",
};
const BLOCK_PARAMS = {
  forward: "R: Float32Array, n: number, gamma: Float32Array, beta: Float32Array, mu: Float64Array, invstd: Float64Array, B: Float32Array",
  backward: "dB: Float32Array, R: Float32Array, n: number, gamma: Float32Array, mu: Float64Array, invstd: Float64Array, dGamma: Float64Array, dBeta: Float64Array",
};
const STATS_PARAMS = {
  sum: "X: ArrayLike<number>, labels: Int32Array, sums: Float64Array, N: number",
  scatter: "X: ArrayLike<number>, labels: Int32Array, means: Float64Array, s: Float64Array, S: Float64Array, N: number",
  agg3: "rowPtr: Int32Array, cols: Int32Array, n: number, X0: Float32Array, X1: Float32Array, X2: Float32Array, o0: Float64Array, o1: Float64Array, o2: Float64Array",
};
const PROP_PARAMS = "rowPtr: Int32Array, cols: Int32Array, n: number, src: Float32Array, r: Float32Array | null, out: Float32Array";

/** The whole generated.ts module text. */
export function generatedModule(): string {
  const out: string[] = [
    "/**",
    " * Generated by scripts/build-kernels.ts from src/tensor/kernels/codegen.ts. Do not edit: regenerate",
    " * (`npx tsx scripts/build-kernels.ts`). Unrolled typed-array kernels for the widths listed there;",
    " * test/tensor/generated.test.ts checks this file equals the generator's output and that every",
    " * kernel is bit-identical to its loop version.",
    " */",
    "/* eslint-disable */",
    "",
  ];
  const dense: string[] = [], block: string[] = [], stats: string[] = [];
  for (const din of DENSE_WIDTHS) for (const dout of DENSE_WIDTHS) {
    const src = denseSource(din, dout), id = `${din}x${dout}`;
    for (const k of ["mm", "mmAdd", "atbAdd", "abtAdd"] as const) out.push(fn(`${k}_${din}x${dout}`, DENSE_PARAMS[k], src[k]));
    dense.push(`  "${id}": { mm: mm_${id}, mmAdd: mmAdd_${id}, atbAdd: atbAdd_${id}, abtAdd: abtAdd_${id} },`);
  }
  for (const d of BLOCK_WIDTHS) for (const relu of [true, false]) {
    const src = blockSource(d, relu), id = `${d}_${relu ? "relu" : "linear"}`;
    out.push(fn(`blockForward_${id}`, BLOCK_PARAMS.forward, src.forward));
    out.push(fn(`blockBackward_${id}`, BLOCK_PARAMS.backward, src.backward));
    block.push(`  "${d}:${relu}": { forward: blockForward_${id}, backward: blockBackward_${id} },`);
  }
  for (const d of STATS_WIDTHS) {
    const src = statsSource(d);
    for (const k of ["sum", "scatter", "agg3"] as const) out.push(fn(`${k}_${d}`, STATS_PARAMS[k], src[k]));
    stats.push(`  ${d}: { sum: sum_${d}, scatter: scatter_${d}, agg3: agg3_${d} },`);
  }
  const prop: string[] = [];
  for (const d of PROP_WIDTHS) {
    out.push(fn(`prop_${d}`, PROP_PARAMS, propSource(d)));
    prop.push(`  ${d}: prop_${d},`);
  }
  out.push(`/** Dense kernels by "din x dout". */\nexport const GENERATED_DENSE = {\n${dense.join("\n")}\n} as const;\n`);
  out.push(`/** ReLU + BatchNorm kernels by "d:relu". */\nexport const GENERATED_BLOCK = {\n${block.join("\n")}\n} as const;\n`);
  out.push(`/** Collapse-statistics kernels by width d. */\nexport const GENERATED_STATS = {\n${stats.join("\n")}\n} as const;\n`);
  out.push(`/** Row-sum propagation kernels by width d. */\nexport const GENERATED_PROP: Record<number, (${PROP_PARAMS}) => void> = {\n${prop.join("\n")}\n};\n`);
  return out.join("\n");
}
