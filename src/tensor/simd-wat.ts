/**
 * WebAssembly text (with 128-bit SIMD) of gnc's width-8 kernels — the paper's d = 8 (C = 2) case,
 * where V8's scalar code left ~40% of the fused step in these loops. Source of simd-binary.ts:
 *   npx tsx src/tensor/simd-wat.ts > /tmp/k.wat && wat2wasm /tmp/k.wat -o /tmp/k.wasm
 *   then base64 /tmp/k.wasm into simd-binary.ts (wat2wasm from wabt ≥ 1.0.32).
 * Pointers are byte offsets into the exported memory; rows are 8 floats (32 bytes, two f32x4).
 *
 *   prop8(n, rowPtr, cols, src, out, r)   out_i = r_i · Σ_{j ∈ N(i)} src_j   (r = 0: no scaling)
 *   mm8(F, W, out, n, add)                out = F W (add = 0) or out += F W (add = 1); W 8×8
 *   atb8(F, S, acc, n)                    acc (8×8, overwritten) = Fᵀ S
 *   scale8(n, src, c, dst)                dst_i = c_i · src_i
 */
const R8 = [0, 1, 2, 3, 4, 5, 6, 7];

function mm8(): string {
  const loadW = R8.map((j) => `(local.set $w${j}l (v128.load offset=${32 * j} (local.get $W))) (local.set $w${j}h (v128.load offset=${32 * j + 16} (local.get $W)))`).join("\n    ");
  const body = R8.map((j) => `(local.set $f (f32x4.splat (f32.load offset=${4 * j} (local.get $fo))))
        (local.set $al (f32x4.add (local.get $al) (f32x4.mul (local.get $f) (local.get $w${j}l))))
        (local.set $ah (f32x4.add (local.get $ah) (f32x4.mul (local.get $f) (local.get $w${j}h))))`).join("\n        ");
  return `(func (export "mm8") (param $F i32) (param $W i32) (param $out i32) (param $n i32) (param $add i32)
    (local $i i32) (local $fo i32) (local $oo i32) (local $f v128) (local $al v128) (local $ah v128)
    ${R8.map((j) => `(local $w${j}l v128) (local $w${j}h v128)`).join(" ")}
    ${loadW}
    (block $done (loop $row
      (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
      (local.set $fo (i32.add (local.get $F) (i32.shl (local.get $i) (i32.const 5))))
      (local.set $oo (i32.add (local.get $out) (i32.shl (local.get $i) (i32.const 5))))
      (if (local.get $add)
        (then (local.set $al (v128.load (local.get $oo))) (local.set $ah (v128.load offset=16 (local.get $oo))))
        (else (local.set $al (v128.const i32x4 0 0 0 0)) (local.set $ah (v128.const i32x4 0 0 0 0))))
        ${body}
      (v128.store (local.get $oo) (local.get $al))
      (v128.store offset=16 (local.get $oo) (local.get $ah))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $row)))
  )`;
}

function atb8(): string {
  const body = R8.map((j) => `(local.set $f (f32x4.splat (f32.load offset=${4 * j} (local.get $fo))))
        (local.set $a${j}l (f32x4.add (local.get $a${j}l) (f32x4.mul (local.get $f) (local.get $sl))))
        (local.set $a${j}h (f32x4.add (local.get $a${j}h) (f32x4.mul (local.get $f) (local.get $sh))))`).join("\n        ");
  return `(func (export "atb8") (param $F i32) (param $S i32) (param $acc i32) (param $n i32)
    (local $i i32) (local $fo i32) (local $so i32) (local $f v128) (local $sl v128) (local $sh v128)
    ${R8.map((j) => `(local $a${j}l v128) (local $a${j}h v128)`).join(" ")}
    (block $done (loop $row
      (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
      (local.set $fo (i32.add (local.get $F) (i32.shl (local.get $i) (i32.const 5))))
      (local.set $so (i32.add (local.get $S) (i32.shl (local.get $i) (i32.const 5))))
      (local.set $sl (v128.load (local.get $so)))
      (local.set $sh (v128.load offset=16 (local.get $so)))
        ${body}
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $row)))
    ${R8.map((j) => `(v128.store offset=${32 * j} (local.get $acc) (local.get $a${j}l)) (v128.store offset=${32 * j + 16} (local.get $acc) (local.get $a${j}h))`).join("\n    ")}
  )`;
}

function prop8(): string {
  return `(func (export "prop8") (param $n i32) (param $rowPtr i32) (param $cols i32) (param $src i32) (param $out i32) (param $r i32)
    (local $i i32) (local $p i32) (local $e i32) (local $o i32) (local $al v128) (local $ah v128) (local $s v128)
    (block $done (loop $row
      (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
      (local.set $al (v128.const i32x4 0 0 0 0))
      (local.set $ah (v128.const i32x4 0 0 0 0))
      (local.set $p (i32.load (i32.add (local.get $rowPtr) (i32.shl (local.get $i) (i32.const 2)))))
      (local.set $e (i32.load offset=4 (i32.add (local.get $rowPtr) (i32.shl (local.get $i) (i32.const 2)))))
      (block $nbdone (loop $nb
        (br_if $nbdone (i32.ge_u (local.get $p) (local.get $e)))
        (local.set $o (i32.add (local.get $src)
          (i32.shl (i32.load (i32.add (local.get $cols) (i32.shl (local.get $p) (i32.const 2)))) (i32.const 5))))
        (local.set $al (f32x4.add (local.get $al) (v128.load (local.get $o))))
        (local.set $ah (f32x4.add (local.get $ah) (v128.load offset=16 (local.get $o))))
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (br $nb)))
      (if (local.get $r) (then
        (local.set $s (f32x4.splat (f32.load (i32.add (local.get $r) (i32.shl (local.get $i) (i32.const 2))))))
        (local.set $al (f32x4.mul (local.get $al) (local.get $s)))
        (local.set $ah (f32x4.mul (local.get $ah) (local.get $s)))))
      (local.set $o (i32.add (local.get $out) (i32.shl (local.get $i) (i32.const 5))))
      (v128.store (local.get $o) (local.get $al))
      (v128.store offset=16 (local.get $o) (local.get $ah))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $row)))
  )`;
}

function scale8(): string {
  return `(func (export "scale8") (param $n i32) (param $src i32) (param $c i32) (param $dst i32)
    (local $i i32) (local $o i32) (local $q i32) (local $s v128)
    (block $done (loop $row
      (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
      (local.set $s (f32x4.splat (f32.load (i32.add (local.get $c) (i32.shl (local.get $i) (i32.const 2))))))
      (local.set $o (i32.add (local.get $src) (i32.shl (local.get $i) (i32.const 5))))
      (local.set $q (i32.add (local.get $dst) (i32.shl (local.get $i) (i32.const 5))))
      (v128.store (local.get $q) (f32x4.mul (local.get $s) (v128.load (local.get $o))))
      (v128.store offset=16 (local.get $q) (f32x4.mul (local.get $s) (v128.load offset=16 (local.get $o))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $row)))
  )`;
}

/** The module's text. */
export function kernelsWat(): string {
  return `(module
  (memory (export "mem") 1)
  ${prop8()}
  ${mm8()}
  ${atb8()}
  ${scale8()}
)
`;
}

if (process.argv[1] && /simd-wat\.ts$/.test(process.argv[1])) process.stdout.write(kernelsWat());
