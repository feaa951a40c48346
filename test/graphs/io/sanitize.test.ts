/**
 * A binary file given to any reader is one message without control bytes (they would reach the
 * user's terminal) and without an endless line of garbage; the GEXF writer's viz namespace matches
 * the version it writes.
 */
import { describe, expect, it } from "vitest";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { readGraph, readLabels, writeGraph } from "../../../src/graphs/io/index.js";
import { fixVizNamespace } from "../../../src/graphs/io/xml.js";
import { readIntVectorFile, readMatrixFile } from "../../../src/util/matrix-file.js";
import { GncError } from "../../../src/util/errors.js";
import { Rng } from "../../../src/util/rng.js";
import { randomGraph, tempDir } from "./support.js";
import { readFileSync } from "node:fs";
import { gnc } from "../../helpers/cli.js";

const dir = tempDir();
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/;

/** Bytes that look like text lines for the tokenizers but carry terminal escapes and NULs. */
function nasty(prefix: string): Buffer {
  const junk = "\x1b[2J\x1b]0;pwned\x07\x00\x01" + "\x1b[31m".repeat(60);
  return Buffer.from(prefix + junk + " 7\n" + junk + "\n", "latin1");
}

function message(f: () => unknown): string {
  try { f(); } catch (e) {
    expect(e).toBeInstanceOf(GncError);
    return (e as Error).message;
  }
  throw new Error("expected a GncError");
}

describe("binary input in messages", () => {
  const cases: [string, string, (p: string) => unknown][] = [
    ["edge list", "a.edges", (p) => readGraph(p)],
    ["edge list, bad id", "b.edges", (p) => readGraph(p)],
    ["mtx header", "c.mtx", (p) => readGraph(p)],
    ["labels", "d.labels", (p) => readLabels(p)],
    ["json", "e.json", (p) => readGraph(p)],
    ["gexf", "f.gexf", (p) => readGraph(p)],
    ["graphml", "g.graphml", (p) => readGraph(p)],
    ["csv matrix", "h.csv", (p) => readMatrixFile(p)],
    ["int vector", "i.txt", (p) => readIntVectorFile(p)],
    ["npy header", "j.npy", (p) => readMatrixFile(p)],
  ];
  it.each(cases)("%s", (name, file, read) => {
    const p = path.join(dir, file);
    let bytes = nasty(name === "edge list, bad id" ? "1 " : name === "gexf" ? "<gexf>" : "");
    if (name === "npy header") {
      const dict = "{'descr': '\x1b[31m<f9\x07', 'fortran_order': False, 'shape': (1,), }".padEnd(117) + "\n";
      bytes = Buffer.concat([Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, dict.length, 0]), Buffer.from(dict, "latin1"), Buffer.alloc(8)]);
    }
    writeFileSync(p, bytes);
    const m = message(() => read(p));
    expect(m, JSON.stringify(m)).not.toMatch(CONTROL);
    expect(m.length).toBeLessThan(400);
  });

  it("through the CLI: stderr carries no control bytes", () => {
    const p = path.join(dir, "bin.edges");
    writeFileSync(p, nasty(""));
    const r = gnc(["check", p, "--labels", p]);
    expect(r.code).toBe(2);
    expect(r.stderr).not.toMatch(CONTROL);
    expect(r.stderr).toMatch(/\\x1b/);
  });
});

describe("GEXF viz namespace", () => {
  it("the written file's viz namespace is its main namespace + /viz", () => {
    const p = path.join(dir, "v.gexf");
    writeGraph(p, randomGraph(Rng.seeded(1), 6, 0.5));
    const head = readFileSync(p, "utf8").split("\n")[1];
    expect(head).toContain('version="1.2"');
    expect(head).toContain('xmlns="http://www.gexf.net/1.2draft"');
    expect(head).toContain('xmlns:viz="http://www.gexf.net/1.2draft/viz"');
    expect(readFileSync(path.join(__dirname, "../../../graphs/karate.gexf"), "utf8")).not.toContain("http:///");
  });

  it("GEXF 1.3 gets the 1.3 viz namespace", () => {
    const x = `<?xml version="1.0"?>\n<gexf version="1.3" xmlns="http://gexf.net/1.3" xmlns:viz="http:///www.gexf.net/1.1draft/viz">\n</gexf>\n`;
    expect(fixVizNamespace(x)).toContain('<gexf version="1.3" xmlns="http://gexf.net/1.3" xmlns:viz="http://gexf.net/1.3/viz">');
  });
});
