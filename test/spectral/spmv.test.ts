/**
 * The WebAssembly product of the spectral operators (src/spectral/spmv.ts): its committed binary is
 * the assembly of spmv-wat.ts, and every operator gives bitwise the same y as the JS loop it
 * replaces (GNC_SIMD=0), which the operator tests check against the dense formulas.
 * Regenerate the binary: GNC_WRITE_WASM=1 npx vitest run test/spectral/spmv.test.ts
 */
import { createHash } from "node:crypto";
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import wabtInit from "wabt";
import { Rng } from "../../src/util/rng.js";
import { csrFromEdges } from "../../src/graphs/csr.js";
import { sampleSbm } from "../../src/graphs/sbm.js";
import { makeOperator, type OperatorName } from "../../src/spectral/operators.js";
import { wasmSpmv } from "../../src/spectral/spmv.js";
import { SPMV_WAT } from "../../src/spectral/spmv-wat.js";
import { SPMV_WASM_BASE64 } from "../../src/spectral/spmv-binary.js";
import { randomGraph, randomVector } from "./dense.js";

const NAMES: OperatorName[] = ["bh", "nl", "adj"];

/** The operator as built with the WebAssembly path switched off (the JS reference loop). */
function jsOperator(name: OperatorName, g: Parameters<typeof makeOperator>[1]) {
  const old = process.env.GNC_SIMD;
  process.env.GNC_SIMD = "0";
  try {
    return makeOperator(name, g);
  } finally {
    if (old === undefined) delete process.env.GNC_SIMD;
    else process.env.GNC_SIMD = old;
  }
}

describe("spectral spmv on WebAssembly", () => {
  it("the committed binary is wat2wasm of spmv-wat.ts, byte for byte", async () => {
    const wabt = await wabtInit();
    const mod = wabt.parseWat("spmv.wat", SPMV_WAT, {});
    const built = Buffer.from(mod.toBinary({}).buffer);
    mod.destroy();
    if (process.env.GNC_WRITE_WASM === "1") {
      const sha = createHash("sha256").update(built).digest("hex");
      const file = fileURLToPath(new URL("../../src/spectral/spmv-binary.ts", import.meta.url));
      writeFileSync(file, `/**
 * Generated from spmv-wat.ts (wabt's wat2wasm; test/spectral/spmv.test.ts checks it and rewrites it
 * under GNC_WRITE_WASM=1). Do not edit: regenerate. ${built.length} bytes, sha256 ${sha.slice(0, 16)}….
 */
export const SPMV_WASM_BASE64 =
  ${JSON.stringify(built.toString("base64"))};
`);
    }
    expect(built.length).toBeGreaterThan(100);
    expect(built.equals(Buffer.from(SPMV_WASM_BASE64, "base64"))).toBe(true);
  });

  it.skipIf(process.env.GNC_SIMD === "0")("is available here (so the comparison below is not JS against JS)", () => {
    const g = randomGraph(Rng.seeded(1), 10, 0.3);
    expect(wasmSpmv(g, { dg: new Float64Array(10), cf: new Float64Array(10), pre: null })).not.toBeNull();
  });

  it("every operator gives bitwise the JS loop's product (odd and even degrees, isolated nodes, subarray inputs)", () => {
    const rng = Rng.seeded(17);
    const graphs = [
      randomGraph(rng, 50, 0.05), // sparse: isolated nodes, degrees 0..4
      randomGraph(rng, 31, 0.4),
      sampleSbm({ n: 600, classes: 3, pIn: 0.03, pOut: 0.004 }, rng).graph,
      csrFromEdges(3, [0], [1]).graph, // node 2 isolated
    ];
    for (const g of graphs) {
      for (const name of NAMES) {
        const fast = makeOperator(name, g), ref = jsOperator(name, g);
        const n = g.n;
        for (let t = 0; t < 3; t++) {
          const big = randomVector(rng, 2 * n + 3);
          const x = big.subarray(n + 1, 2 * n + 1); // a view, as Lanczos passes its basis columns
          const y = new Float64Array(n).fill(Number.NaN), want = new Float64Array(n);
          fast.apply(x, y);
          ref.apply(x, want);
          for (let i = 0; i < n; i++) if (!(y[i] === want[i])) expect.fail(`${name} n=${n} row ${i}: ${y[i]} vs ${want[i]}`);
        }
      }
    }
  });
});
