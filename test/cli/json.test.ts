import { describe, expect, it } from "vitest";
import { jsonLine } from "../../src/cli/json.js";

describe("jsonLine", () => {
  it("writes non-finite numbers as strings, nested too, and ends with one newline", () => {
    const line = jsonLine({ a: Infinity, b: [-Infinity, NaN, 1.5], c: { d: 0, e: "x" } });
    expect(line.endsWith("}\n")).toBe(true);
    expect(line.split("\n")).toHaveLength(2);
    expect(JSON.parse(line)).toEqual({ a: "Infinity", b: ["-Infinity", "NaN", 1.5], c: { d: 0, e: "x" } });
  });
});
