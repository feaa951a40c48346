import { describe, expect, it } from "vitest";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseIntVector, parseMatrixCsv, readIntVectorFile, readMatrixFile } from "../../src/util/matrix-file.js";
import { writeNpy } from "../../src/util/npy.js";

const dir = mkdtempSync(path.join(tmpdir(), "gnc-mf-"));

describe("readMatrixFile", () => {
  it("parses CSV with an optional header, comments, blank lines and spaces", () => {
    const m = parseMatrixCsv("# features\nx, y , z\n1, 2.5, -3e-2\n\n.5,+4,1E3\n", "f.csv");
    expect(m.rows).toBe(2);
    expect(m.cols).toBe(3);
    expect(Array.from(m.data)).toEqual([1, 2.5, -0.03, 0.5, 4, 1000]);
    expect(parseMatrixCsv("1,2\n3,4", "f.csv").rows).toBe(2);
  });

  it("reports ragged rows, non-numeric cells, NaN/Inf and empty files with file and line", () => {
    expect(() => parseMatrixCsv("a,b\n1,2\n3\n", "f.csv")).toThrow(/^gnc\/util\/matrix-file: f\.csv: line 3: expected 2 columns, got 1$/);
    expect(() => parseMatrixCsv("1,2\n3,x\n", "f.csv")).toThrow(/f\.csv: line 2: column 2: "x" is not a number/);
    expect(() => parseMatrixCsv("1,abc\n", "f.csv")).toThrow(/line 1: column 2: "abc" is not a number/);
    expect(() => parseMatrixCsv("1,2\nNaN,3\n", "f.csv")).toThrow(/line 2: column 1: "NaN" is not a finite number/);
    expect(() => parseMatrixCsv("1,-inf\n", "f.csv")).toThrow(/not a finite number/);
    expect(() => parseMatrixCsv("1,1e999\n", "f.csv")).toThrow(/overflows/);
    expect(() => parseMatrixCsv("1,,2\n", "f.csv")).toThrow(/column 2: "" is not a number/);
    expect(() => parseMatrixCsv("a,b\n", "f.csv")).toThrow(/no data rows/);
  });

  it("reads 2-D .npy (float and int), rejecting other ranks and non-finite values", () => {
    const f = path.join(dir, "m.npy");
    writeNpy(f, { dtype: "<f4", shape: [2, 2], data: Float32Array.from([1, 2, 3, 4.5]) });
    const m = readMatrixFile(f);
    expect([m.rows, m.cols, Array.from(m.data)]).toEqual([2, 2, [1, 2, 3, 4.5]]);
    expect(m.data).toBeInstanceOf(Float64Array);
    writeNpy(f, { dtype: "<f8", shape: [3], data: new Float64Array(3) });
    expect(() => readMatrixFile(f)).toThrow(/expected a 2-D array, got shape \(3\)/);
    writeNpy(f, { dtype: "<f8", shape: [1, 2], data: Float64Array.from([1, NaN]) });
    expect(() => readMatrixFile(f)).toThrow(/row 0, column 1: value NaN is not finite/);
    const c = path.join(dir, "m.csv");
    writeFileSync(c, "1,2\n3,4\n");
    expect(readMatrixFile(c).rows).toBe(2);
  });
});

describe("readIntVectorFile", () => {
  it("reads one integer per line (header word allowed) and 1-D / N×1 integer .npy", () => {
    expect(Array.from(parseIntVector("label\n0\n1\n\n# c\n2\n", "y.txt"))).toEqual([0, 1, 2]);
    expect(() => parseIntVector("0\n1.5\n", "y.txt")).toThrow(/y\.txt: line 2: expected one integer, got "1.5"/);
    const f = path.join(dir, "y.npy");
    writeNpy(f, { dtype: "<i8", shape: [3, 1], data: BigInt64Array.from([2n, 0n, 1n]) });
    expect(Array.from(readIntVectorFile(f))).toEqual([2, 0, 1]);
    writeNpy(f, { dtype: "<f8", shape: [2], data: new Float64Array(2) });
    expect(() => readIntVectorFile(f)).toThrow(/expected integers/);
    writeNpy(f, { dtype: "<i8", shape: [1], data: BigInt64Array.from([1n << 40n]) });
    expect(() => readIntVectorFile(f)).toThrow(/does not fit in int32/);
  });
});
