/**
 * CLI flags derived from a config schema — the schema is the single source of every parameter's
 * flag, type, choices and description, so a new field gets its flag (and its `--sweep` axis) by
 * being added to the schema. Rules: the flag is the kebab-case of the field name (graph.pIn →
 * --p-in, model.useW1 → --[no-]use-w1) unless the field's `.meta({ flag })` names another one
 * (graph.kind → --graph-kind) or hides it (`flag: false`); enums become choices; arrays of numbers
 * take a comma-separated list; literals (a study tag) have no flag.
 *
 * zod 4 schemas are walked through their public `def` (type "object" | "default" | "optional" | …).
 */
import type { Argv } from "yargs";
import { z } from "zod";
import { GncError } from "../util/errors.js";

export type FlagType = "number" | "string" | "boolean" | "array";

export interface FlagSpec {
  /** Flag name without dashes. */
  flag: string;
  /** Config path, e.g. ["graph", "pIn"]. */
  path: string[];
  type: FlagType;
  /** Integers only (number flags). */
  int?: boolean;
  choices?: string[];
  describe: string;
}

type AnySchema = z.ZodType & { _zod: { def: Record<string, any> }; meta: () => Record<string, unknown> | undefined };

function meta(s: AnySchema): Record<string, unknown> {
  try {
    return (s.meta() as Record<string, unknown> | undefined) ?? {};
  } catch {
    return {};
  }
}

const kebab = (k: string) => k.replace(/([a-z0-9])([A-Z])/g, "$1-$2").toLowerCase();

/** Peel default / optional wrappers, collecting metadata on the way (outer wins). */
function unwrap(s: AnySchema): { inner: AnySchema; meta: Record<string, unknown> } {
  let m: Record<string, unknown> = {};
  let cur = s;
  for (;;) {
    m = { ...meta(cur), ...m };
    const t = cur._zod.def.type;
    if (t === "default" || t === "optional" || t === "nullable" || t === "prefault") cur = cur._zod.def.innerType as AnySchema;
    else return { inner: cur, meta: m };
  }
}

function leafSpec(path: string[], s: AnySchema): FlagSpec | null {
  const { inner, meta: m } = unwrap(s);
  if (m.flag === false) return null;
  const flag = typeof m.flag === "string" ? m.flag : kebab(path[path.length - 1]);
  const describe = typeof m.describe === "string" ? m.describe : path.join(".");
  const def = inner._zod.def;
  switch (def.type) {
    case "number": {
      const checks: any[] = def.checks ?? [];
      const int = checks.some((c) => c?._zod?.def?.format === "safeint" || c?._zod?.def?.check === "number_format") || (inner as any).isInt === true;
      return { flag, path, type: "number", int, describe };
    }
    case "boolean":
      return { flag, path, type: "boolean", describe };
    case "string":
      return { flag, path, type: "string", describe };
    case "enum":
      return { flag, path, type: "string", choices: Object.values(def.entries as Record<string, string>), describe };
    case "array": {
      const el = unwrap(def.element as AnySchema).inner._zod.def;
      if (el.type === "enum") return { flag, path, type: "array", choices: Object.values(el.entries as Record<string, string>), describe };
      return { flag, path, type: "array", describe };
    }
    case "literal":
      return null;
    case "union": {
      // e.g. a number or a keyword: take it as a string and let the schema judge it.
      return { flag, path, type: "string", describe };
    }
    default:
      return { flag, path, type: "string", describe };
  }
}

/** The flags of a config schema (objects are walked; `exclude` drops dotted paths or prefixes). */
export function schemaFlags(schema: z.ZodType, opts: { exclude?: string[] } = {}): FlagSpec[] {
  const out: FlagSpec[] = [];
  const excluded = (p: string[]) => (opts.exclude ?? []).some((e) => p.join(".") === e || p.join(".").startsWith(e + "."));
  const walk = (s: AnySchema, path: string[]) => {
    const { inner } = unwrap(s);
    if (inner._zod.def.type === "object") {
      for (const [k, v] of Object.entries(inner._zod.def.shape as Record<string, AnySchema>)) {
        const p = [...path, k];
        if (!excluded(p)) walk(v, p);
      }
      return;
    }
    const spec = leafSpec(path, s);
    if (spec) out.push(spec);
  };
  walk(schema as AnySchema, []);
  const seen = new Map<string, string>();
  for (const f of out) {
    const prev = seen.get(f.flag);
    if (prev) throw new Error(`gnc/runs/flags: fields ${prev} and ${f.path.join(".")} both map to --${f.flag}; name one with .meta({ flag })`);
    seen.set(f.flag, f.path.join("."));
  }
  return out;
}

/** The spec of one field by its dotted path (for `--sweep FIELD=LIST`), or null when unknown. */
export function fieldSpec(flags: FlagSpec[], dotted: string): FlagSpec | null {
  return flags.find((f) => f.path.join(".") === dotted || f.flag === dotted) ?? null;
}

/** Register the flags on a yargs builder. */
export function addSchemaFlags<T>(y: Argv<T>, flags: FlagSpec[], group?: string): Argv<T> {
  let b = y;
  for (const f of flags) {
    const type = f.type === "array" ? "string" : f.type;
    b = b.option(f.flag, {
      type, describe: f.describe, ...(f.choices && f.type !== "array" ? { choices: f.choices } : {}), ...(group ? { group } : {}),
    }) as Argv<T>;
  }
  return b;
}

/**
 * Convert one raw value (a CLI string, or what yargs parsed) to the field's type; throws a one-line
 * GncError naming the flag. Lists (arrays) are comma-separated.
 */
export function parseFlagValue(f: FlagSpec, raw: unknown, prog: string): unknown {
  const bad = (what: string) => new GncError(`${prog}: --${f.flag}: ${what}`);
  if (Array.isArray(raw) && f.type !== "array") throw bad(`given ${raw.length} times; give it once`);
  switch (f.type) {
    case "number": {
      const v = typeof raw === "number" ? raw : typeof raw === "string" && raw.trim() !== "" ? Number(raw) : NaN;
      if (!Number.isFinite(v)) throw bad(`expected a number, got "${String(raw)}"`);
      if (f.int && !Number.isInteger(v)) throw bad(`expected an integer, got ${v}`);
      return v;
    }
    case "boolean": {
      if (typeof raw === "boolean") return raw;
      const s = String(raw).trim().toLowerCase();
      if (s === "true" || s === "1" || s === "yes") return true;
      if (s === "false" || s === "0" || s === "no") return false;
      throw bad(`expected true or false, got "${String(raw)}"`);
    }
    case "array": {
      const parts = String(raw).split(",").map((s) => s.trim());
      if (parts.some((s) => s === "")) throw bad(`expected a comma-separated list, got "${String(raw)}"`);
      if (f.choices) {
        const badOne = parts.find((p) => !f.choices!.includes(p));
        if (badOne !== undefined) throw bad(`"${badOne}" is not one of ${f.choices.join(", ")}`);
        return parts;
      }
      const nums = parts.map(Number);
      if (nums.some((x) => !Number.isFinite(x))) throw bad(`expected comma-separated numbers, got "${String(raw)}"`);
      return nums;
    }
    default: {
      const s = String(raw);
      if (f.choices && !f.choices.includes(s)) throw bad(`"${s}" is not one of ${f.choices.join(", ")}`);
      return s;
    }
  }
}

/** Set a nested value by path. */
export function setPath(obj: Record<string, any>, path: string[], v: unknown): void {
  let o = obj;
  for (const k of path.slice(0, -1)) o = o[k] ??= {};
  o[path[path.length - 1]] = v;
}

/** The partial nested config given by the flags the user set (yargs args in, config fragment out). */
export function flagsToPartial(args: Record<string, unknown>, flags: FlagSpec[], prog: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of flags) {
    const v = args[f.flag];
    if (v === undefined) continue;
    setPath(out, f.path, parseFlagValue(f, v, prog));
  }
  // --graph FILE implies graph.kind "file" unless --graph-kind says otherwise (validation then objects).
  const graphPath = flags.find((f) => f.path.join(".") === "graph.path");
  const graphKind = flags.find((f) => f.path.join(".") === "graph.kind");
  if (graphPath && graphKind && args[graphPath.flag] !== undefined && args[graphKind.flag] === undefined) setPath(out, ["graph", "kind"], "file");
  return out;
}
