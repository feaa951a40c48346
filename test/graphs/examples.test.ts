/**
 * The example graphs in graphs/ are what their documented commands make (graphs/README.md): a
 * change to the samplers or the rng that alters them must regenerate them, not leave stale files.
 */
import { describe, expect, it } from "vitest";
import { mkdtempSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { gnc, ROOT } from "../helpers/cli.js";

const EXAMPLES: [string, string[]][] = [
  ["regular-sbm-hetero", ["regular-sbm", "--n", "200", "--classes", "2", "--k-in", "2", "--k-out", "5", "--seed", "0"]],
  ["sbm-homo", ["sbm", "--n", "200", "--classes", "2", "--p-in", "0.05", "--p-out", "0.005", "--seed", "0"]],
];

describe("graphs/ examples", () => {
  it.each(EXAMPLES)("graphs/%s.* is what its gnc generate command writes", (name, args) => {
    const readme = readFileSync(path.join(ROOT, "graphs/README.md"), "utf8");
    expect(readme).toContain(`gnc generate ${args.join(" ")} --out graphs/${name}`);
    const dir = mkdtempSync(path.join(os.tmpdir(), "gnc-examples-"));
    const r = gnc(["generate", ...args, "--out", path.join(dir, name)]);
    expect(r.code, r.stderr).toBe(0);
    for (const ext of [".edges", ".labels"]) {
      expect(readFileSync(path.join(dir, name + ext), "utf8")).toBe(readFileSync(path.join(ROOT, "graphs", name + ext), "utf8"));
    }
  });
});
