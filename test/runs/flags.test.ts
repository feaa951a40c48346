import { describe, expect, it } from "vitest";
import { z } from "zod";
import { fieldSpec, flagsToPartial, parseFlagValue, schemaFlags } from "../../src/runs/flags.js";
import { runConfigSchema, LOSSES, resolveConfig } from "../../src/runs/schema/gnn.js";
import { GncError } from "../../src/util/errors.js";

describe("flags derived from the schema", () => {
  const flags = schemaFlags(runConfigSchema);

  it("every leaf field of the config has exactly one flag (except the file digests)", () => {
    const leaves: string[] = [];
    const walk = (o: Record<string, unknown>, p: string[]) => {
      for (const [k, v] of Object.entries(o)) {
        if (v && typeof v === "object" && !Array.isArray(v)) walk(v as Record<string, unknown>, [...p, k]);
        else leaves.push([...p, k].join("."));
      }
    };
    walk(runConfigSchema.parse({}) as Record<string, unknown>, []);
    const paths = flags.map((f) => f.path.join("."));
    for (const l of leaves) expect(paths, l).toContain(l);
    expect(paths).not.toContain("graph.sha256");
    expect(new Set(flags.map((f) => f.flag)).size).toBe(flags.length);
  });

  it("names, types and choices come from the schema", () => {
    expect(fieldSpec(flags, "graph.pIn")).toMatchObject({ flag: "p-in", type: "number", int: false });
    expect(fieldSpec(flags, "train.epochs")).toMatchObject({ flag: "epochs", type: "number", int: true });
    expect(fieldSpec(flags, "model.useW1")).toMatchObject({ flag: "use-w1", type: "boolean" });
    expect(fieldSpec(flags, "train.loss")!.choices).toEqual([...LOSSES]);
    expect(fieldSpec(flags, "graph.kind")!.flag).toBe("graph-kind");
    expect(fieldSpec(flags, "graph.prior")!.type).toBe("array");
  });

  it("a new schema field gets its flag with no table to edit", () => {
    const s = z.object({ block: z.object({ someNewField: z.number().int().default(3), mode: z.enum(["a", "b"]).default("a") }) });
    const f = schemaFlags(s);
    expect(f.map((x) => x.flag)).toEqual(["some-new-field", "mode"]);
    expect(flagsToPartial({ "some-new-field": 4, mode: "b" }, f, "p")).toEqual({ block: { someNewField: 4, mode: "b" } });
  });

  it("bad values are one-line errors naming the flag", () => {
    const bad: [string, unknown][] = [["train.loss", "xx"], ["train.epochs", 1.5], ["graph.pIn", "abc"], ["graph.prior", "0.3,,0.7"], ["model.useW1", "maybe"], ["seed", [1, 2]]];
    for (const [p, v] of bad) {
      const f = fieldSpec(flags, p)!;
      expect(() => parseFlagValue(f, v, "gnc train"), p).toThrow(GncError);
      try {
        parseFlagValue(f, v, "gnc train");
      } catch (e) {
        expect((e as Error).message).toMatch(new RegExp(`^gnc train: --${f.flag}: `));
      }
    }
    expect(parseFlagValue(fieldSpec(flags, "graph.prior")!, "0.3,0.7", "p")).toEqual([0.3, 0.7]);
  });

  it("GNC_BACKEND fills in backend auto; an explicit backend wins; a bad value is a one-line error", () => {
    expect(resolveConfig({ env: { GNC_BACKEND: "cpu" } }).backend).toBe("cpu");
    expect(resolveConfig({ env: {} }).backend).toBe("auto");
    expect(resolveConfig({ flags: { backend: "wasm" }, env: { GNC_BACKEND: "cpu" } }).backend).toBe("wasm");
    expect(() => resolveConfig({ env: { GNC_BACKEND: "tpu" } })).toThrow(/GNC_BACKEND: backend/);
  });
});
