/**
 * WebAssembly text of the sparse matrix–vector product behind every spectral operator (operators.ts):
 *
 *   spmv(n, rowPtr, cols, s, x, dg, cf, out)   out_i = dg_i·x_i + cf_i·Σ_{p ∈ [rowPtr_i, rowPtr_{i+1})} s[cols_p]
 *   scale(n, a, x, out)                        out_i = a_i·x_i
 *
 * Bethe Hessian: s = x, dg = r² − 1 + d, cf = −r. Normalised adjacency / Laplacian: s = D^-½x (scale),
 * dg = 0 / 1, cf = ±D^-½. The row sum runs in two accumulators over alternate entries (s0 on even
 * offsets from the row start, s1 on odd), added as s0 + s1 — the same order as the JS loops in
 * operators.ts, so both paths give bitwise-identical results (test/spectral/spmv.test.ts checks).
 * Scalar f64: the gather x[cols_p] has no SIMD form in wasm; the gain over V8's JS is the missing
 * bounds checks (≈ 2× at mean degree 10). Pointers are byte offsets into the exported memory.
 * Source of spmv-binary.ts; the test assembles this text with wabt's wat2wasm and compares.
 */
export const SPMV_WAT = String.raw`(module
  (memory (export "mem") 1)
  (func (export "spmv") (param $n i32) (param $rp i32) (param $cols i32) (param $s i32) (param $x i32) (param $dg i32) (param $cf i32) (param $out i32)
    (local $i i32) (local $p i32) (local $e i32) (local $o i32) (local $s0 f64) (local $s1 f64)
    (local.set $p (i32.load (local.get $rp)))
    (block $done (loop $row
      (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
      (local.set $e (i32.load offset=4 (i32.add (local.get $rp) (i32.shl (local.get $i) (i32.const 2)))))
      (local.set $s0 (f64.const 0))
      (local.set $s1 (f64.const 0))
      (block $pairsDone (loop $pairs
        (br_if $pairsDone (i32.ge_s (i32.add (local.get $p) (i32.const 1)) (local.get $e)))
        (local.set $o (i32.add (local.get $cols) (i32.shl (local.get $p) (i32.const 2))))
        (local.set $s0 (f64.add (local.get $s0) (f64.load (i32.add (local.get $s) (i32.shl (i32.load (local.get $o)) (i32.const 3))))))
        (local.set $s1 (f64.add (local.get $s1) (f64.load (i32.add (local.get $s) (i32.shl (i32.load offset=4 (local.get $o)) (i32.const 3))))))
        (local.set $p (i32.add (local.get $p) (i32.const 2)))
        (br $pairs)))
      (if (i32.lt_s (local.get $p) (local.get $e))
        (then
          (local.set $s0 (f64.add (local.get $s0) (f64.load (i32.add (local.get $s)
            (i32.shl (i32.load (i32.add (local.get $cols) (i32.shl (local.get $p) (i32.const 2)))) (i32.const 3))))))
          (local.set $p (i32.add (local.get $p) (i32.const 1)))))
      (local.set $o (i32.shl (local.get $i) (i32.const 3)))
      (f64.store (i32.add (local.get $out) (local.get $o))
        (f64.add
          (f64.mul (f64.load (i32.add (local.get $dg) (local.get $o))) (f64.load (i32.add (local.get $x) (local.get $o))))
          (f64.mul (f64.load (i32.add (local.get $cf) (local.get $o))) (f64.add (local.get $s0) (local.get $s1)))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $row)))
  )
  (func (export "scale") (param $n i32) (param $a i32) (param $x i32) (param $out i32)
    (local $o i32) (local $end i32)
    (local.set $end (i32.shl (local.get $n) (i32.const 3)))
    (block $done (loop $l
      (br_if $done (i32.ge_u (local.get $o) (local.get $end)))
      (f64.store (i32.add (local.get $out) (local.get $o))
        (f64.mul (f64.load (i32.add (local.get $a) (local.get $o))) (f64.load (i32.add (local.get $x) (local.get $o)))))
      (local.set $o (i32.add (local.get $o) (i32.const 8)))
      (br $l)))
  )
)`;
