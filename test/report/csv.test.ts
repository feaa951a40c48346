import { describe, expect, it } from "vitest";
import { stringify } from "csv-stringify/sync";
import { parseCsv, requireColumns } from "../../src/report/csv.js";
import { Rng } from "../../src/util/rng.js";

/** A random cell mixing the characters that need quoting. */
function randomCell(rng: Rng): string {
  const alphabet = ["a", "b", "7", ",", '"', "\n", " ", "Σ", "-", ".", "\r\n"];
  const n = rng.int(6);
  let s = "";
  for (let i = 0; i < n; i++) s += alphabet[rng.int(alphabet.length)];
  return s;
}

describe("parseCsv", () => {
  it("round-trips random tables written by csv-stringify (the writer gnc uses)", () => {
    const rng = Rng.seeded(11);
    for (let trial = 0; trial < 200; trial++) {
      const cols = 1 + rng.int(5);
      const rows = 1 + rng.int(6);
      const header = Array.from({ length: cols }, (_, j) => `c${j}`);
      const body = Array.from({ length: rows }, () => Array.from({ length: cols }, () => randomCell(rng)));
      // A record that is one empty field would be a blank line: csv-stringify writes it unquoted.
      if (cols === 1) for (const r of body) if (r[0] === "") r[0] = "x";
      // csv-stringify quotes only fields holding ITS record delimiter: quote every line break so that
      // the CRLF variant is unambiguous too.
      const text = stringify([header, ...body], { record_delimiter: rng.int(2) ? "unix" : "windows", quoted_match: /[\r\n]/ });
      const t = parseCsv(text, "t.csv");
      expect(t.header).toEqual(header);
      expect(t.records.map((r) => r.fields)).toEqual(body);
    }
  });

  it("numbers records by the line they start on, counting newlines inside quotes", () => {
    const t = parseCsv('a,b\n1,"x\ny"\n2,z\n\n3,w\n', "t.csv");
    expect(t.records.map((r) => r.line)).toEqual([2, 4, 6]);
    expect(t.records[0].fields).toEqual(["1", "x\ny"]);
  });

  it("rejects malformed input with file and line", () => {
    expect(() => parseCsv("a,b\n1,2\n3\n", "m.csv")).toThrow('gnc/report: m.csv: line 3: expected 2 fields as in the header, got 1');
    expect(() => parseCsv('a,b\n1,"2\n', "m.csv")).toThrow("gnc/report: m.csv: line 2: unterminated quoted field");
    expect(() => parseCsv('a,b\n1,x"y\n', "m.csv")).toThrow("gnc/report: m.csv: line 2: stray quote");
    expect(() => parseCsv('a,b\n1,"x"y\n', "m.csv")).toThrow("gnc/report: m.csv: line 2: text after a closing quote");
    expect(() => parseCsv("", "m.csv")).toThrow("gnc/report: m.csv: line 1: empty file");
  });

  it("names a missing column", () => {
    const t = parseCsv("a,b\n1,2\n", "m.csv");
    expect(requireColumns(t, ["b", "a"], "m.csv")).toEqual({ b: 1, a: 0 });
    expect(() => requireColumns(t, ["a", "metric"], "m.csv")).toThrow('gnc/report: m.csv: line 1: missing column "metric"');
  });
});
