/**
 * Regenerate src/tensor/simd-binary.ts from the WebAssembly text in src/tensor/simd-wat.ts, with
 * wabt's wat2wasm (the `wabt` npm package, a devDependency). test/tensor/simd-binary.test.ts checks
 * that the committed binary is exactly what this produces.   Usage: npx tsx scripts/build-simd.ts
 */
import { createHash } from "node:crypto";
import { fileURLToPath } from "node:url";
import path from "node:path";
import wabtInit from "wabt";
import { kernelsWat } from "../src/tensor/simd-wat.js";
import { writeFileAtomic } from "../src/util/fs.js";

/** Assemble the kernels' text into the wasm binary. */
export async function assembleKernels(): Promise<Uint8Array> {
  const wabt = await wabtInit();
  const mod = wabt.parseWat("kernels.wat", kernelsWat(), { simd: true });
  try {
    return Uint8Array.from(mod.toBinary({}).buffer);
  } finally {
    mod.destroy();
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const bin = await assembleKernels();
  const sha = createHash("sha256").update(bin).digest("hex");
  const b64 = Buffer.from(bin).toString("base64");
  const text = `/**
 * Generated from simd-wat.ts by scripts/build-simd.ts (wabt's wat2wasm). Do not edit: regenerate.
 * ${bin.length} bytes, sha256 ${sha.slice(0, 16)}….
 */
export const KERNELS_WASM_BASE64 =
  ${JSON.stringify(b64)};
`;
  const out = path.join(path.dirname(fileURLToPath(import.meta.url)), "../src/tensor/simd-binary.ts");
  writeFileAtomic(out, text);
  console.log(`wrote ${out}: ${bin.length} bytes, sha256 ${sha}`);
}
