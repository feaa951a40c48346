import { describe, expect, it } from "vitest";
import { pythonOracle } from "../helpers/oracle.js";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { encodeNpy, parseNpy, readNpy, writeNpy } from "../../src/util/npy.js";
import { GncError } from "../../src/util/errors.js";

const dir = mkdtempSync(path.join(tmpdir(), "gnc-npy-"));
const numpy = pythonOracle(["numpy"]);

describe("npy", () => {
  it("round-trips every supported dtype through v1, v2 and v3 headers", () => {
    const cases = [
      { dtype: "<f8" as const, shape: [2, 3], data: Float64Array.from([1.5, -2, 3e-300, 4, 5, Math.PI]) },
      { dtype: "<f4" as const, shape: [3, 1], data: Float32Array.from([1, 2.5, -3]) },
      { dtype: "<i4" as const, shape: [4], data: Int32Array.from([0, -1, 2147483647, 7]) },
      { dtype: "<i8" as const, shape: [2], data: BigInt64Array.from([5n, -9n]) },
      { dtype: "|u1" as const, shape: [3], data: Uint8Array.from([0, 255, 3]) },
    ];
    for (const c of cases) for (const version of [1, 2, 3] as const) {
      const bytes = encodeNpy(c, { version });
      const back = parseNpy(bytes, "x.npy");
      expect(back.dtype).toBe(c.dtype);
      expect(back.shape).toEqual(c.shape);
      expect(Array.from(back.data as ArrayLike<unknown>)).toEqual(Array.from(c.data as ArrayLike<unknown>));
      // The data starts at a multiple of 64, as numpy writes it.
      expect((bytes.length - c.data.byteLength) % 64).toBe(0);
    }
    const f = path.join(dir, "a.npy");
    writeNpy(f, cases[0]);
    expect(Array.from(readNpy(f).data as Float64Array)).toEqual(Array.from(cases[0].data as Float64Array));
  });

  it("rejects Fortran order, unsupported and big-endian dtypes, truncated data, bad magic", () => {
    const a = { dtype: "<f8" as const, shape: [2, 2], data: new Float64Array(4) };
    expect(() => parseNpy(encodeNpy(a, { fortranOrder: true }), "f.npy")).toThrow(/f\.npy: Fortran-order/);
    expect(() => parseNpy(encodeNpy(a, { descr: "<c16" }), "f.npy")).toThrow(/unsupported dtype '<c16'/);
    expect(() => parseNpy(encodeNpy(a, { descr: ">f8" }), "f.npy")).toThrow(/big-endian/);
    const full = encodeNpy(a);
    expect(() => parseNpy(full.subarray(0, full.length - 3), "f.npy")).toThrow(/truncated data/);
    expect(() => parseNpy(full.subarray(0, 20), "f.npy")).toThrow(/truncated header/);
    expect(() => parseNpy(new TextEncoder().encode("1,2,3\n4,5,6\n"), "f.npy")).toThrow(/not a \.npy file/);
    expect(() => readNpy(path.join(dir, "missing.npy"))).toThrow(GncError);
  });

  it.skipIf(numpy.skip)("reads what numpy writes (float32/64, int32/64, uint8, 0-d and large shapes)", () => {
    const py = String.raw`
import numpy as np, sys
d = sys.argv[1]
np.save(d + "/f8.npy", np.arange(12, dtype="<f8").reshape(3, 4) / 7)
np.save(d + "/f4.npy", np.linspace(-1, 1, 6, dtype="<f4").reshape(2, 3))
np.save(d + "/i4.npy", np.array([3, -1, 0], dtype="<i4"))
np.save(d + "/i8.npy", np.array([[1], [2]], dtype="<i8"))
np.save(d + "/u1.npy", np.array([9, 8], dtype="u1"))
np.save(d + "/ff.npy", np.asfortranarray(np.ones((2, 3))))
`;
    numpy.run(py, { args: [dir] });
    const f8 = readNpy(path.join(dir, "f8.npy"));
    expect(f8.shape).toEqual([3, 4]);
    expect(Array.from(f8.data as Float64Array)).toEqual(Array.from({ length: 12 }, (_, i) => i / 7));
    const f4 = readNpy(path.join(dir, "f4.npy"));
    expect(f4.dtype).toBe("<f4");
    expect(Array.from(f4.data as Float32Array)).toEqual(Array.from(Float32Array.from([-1, -0.6, -0.2, 0.2, 0.6, 1])));
    expect(Array.from(readNpy(path.join(dir, "i4.npy")).data as Int32Array)).toEqual([3, -1, 0]);
    expect(readNpy(path.join(dir, "i8.npy")).shape).toEqual([2, 1]);
    expect(Array.from(readNpy(path.join(dir, "u1.npy")).data as Uint8Array)).toEqual([9, 8]);
    expect(() => readNpy(path.join(dir, "ff.npy"))).toThrow(/Fortran-order/);
  });
});
