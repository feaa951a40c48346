/** The committed wasm binary (src/tensor/simd-binary.ts) is exactly wat2wasm of its source text. */
import { describe, expect, it } from "vitest";
import { KERNELS_WASM_BASE64 } from "../../src/tensor/simd-binary.js";
import { assembleKernels } from "../../scripts/build-simd.js";

describe("simd-binary", () => {
  it("matches the assembly of simd-wat.ts byte for byte", async () => {
    const built = Buffer.from(await assembleKernels());
    expect(built.length).toBeGreaterThan(100);
    expect(built.equals(Buffer.from(KERNELS_WASM_BASE64, "base64"))).toBe(true);
  });
});
