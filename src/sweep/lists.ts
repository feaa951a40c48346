/**
 * Value lists of `gnc sweep` axes: "a,b,c" (values), "start:stop:count" (evenly spaced, both ends
 * included) and "log:start:stop:count" (evenly spaced in log10, both ends included, start and stop
 * > 0). Values are converted to the field's type (flags.ts) — numbers, integers, booleans, enums — so
 * `--sweep model.useW1=true,false` and `--sweep model.depth=8,16,32` work like `--p-in 0.01:0.05:5`.
 * Ranges round each value to 12 significant digits, so 0.1:0.3:3 gives 0.2, not 0.20000000000000004.
 */
import { GncError } from "../util/errors.js";
import { parseFlagValue, type FlagSpec } from "../runs/flags.js";

const round12 = (x: number) => Number(x.toPrecision(12));

/** Parse one list for the field `spec`; `what` names it in errors ("--p-in", "--sweep model.depth"). */
export function parseList(raw: string, spec: FlagSpec, what: string, prog = "gnc sweep"): unknown[] {
  const s = String(raw).trim();
  if (s === "") throw new GncError(`${prog}: ${what}: empty list`);
  const range = /^(log:)?([^:,]+):([^:,]+):([^:,]+)$/.exec(s);
  if (range) {
    if (spec.type !== "number") throw new GncError(`${prog}: ${what}: a range start:stop:count needs a number field, ${spec.path.join(".")} is not one`);
    const [a, b, n] = [Number(range[2]), Number(range[3]), Number(range[4])];
    if (![a, b].every(Number.isFinite) || !Number.isInteger(n) || n < 1) {
      throw new GncError(`${prog}: ${what}: cannot read "${s}" as ${range[1] ? "log:" : ""}start:stop:count (numbers, count a positive integer)`);
    }
    if (range[1] && (a <= 0 || b <= 0)) throw new GncError(`${prog}: ${what}: a log range needs start and stop > 0, got "${s}"`);
    const vals: number[] = [];
    for (let i = 0; i < n; i++) {
      const t = n === 1 ? 0 : i / (n - 1);
      vals.push(round12(range[1] ? 10 ** (Math.log10(a) + t * (Math.log10(b) - Math.log10(a))) : a + t * (b - a)));
    }
    if (n > 1) { vals[0] = a; vals[n - 1] = b; }
    return vals.map((v) => parseFlagValue(spec, v, prog));
  }
  if (s.includes(":")) throw new GncError(`${prog}: ${what}: cannot read "${s}": use a,b,c or start:stop:count or log:start:stop:count`);
  const parts = s.split(",").map((p) => p.trim());
  if (parts.some((p) => p === "")) throw new GncError(`${prog}: ${what}: empty value in "${s}"`);
  const out = parts.map((p) => {
    try {
      return parseFlagValue(spec, p, prog);
    } catch (e) {
      throw new GncError(`${prog}: ${what}: ${(e as Error).message.replace(/^.*?--[\w-]+: /, "")}`);
    }
  });
  return out;
}
