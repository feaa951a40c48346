/**
 * The fuzz properties over every target (targets.ts), parameterised by the number of cases:
 * random bytes, random text over the format's alphabet, truncation at every offset of each valid
 * file, and random mutations (set / insert / delete bytes) of a valid file. fast-check runs each
 * property from a fixed seed, so a failure reproduces; it shrinks a failing input before reporting.
 */
import fc from "fast-check";
import { fuzzOutcome, type FuzzTarget } from "./targets.js";

export interface FuzzOptions {
  /** Cases per random property. */
  runs: number;
  seed: number;
}

/**
 * Set / insert / delete one byte, or (op 3) insert a token that stresses sizes and number parsing:
 * ids and counts near and past 2^31, huge and non-finite numbers.
 */
type Mutation = [op: 0 | 1 | 2 | 3, at: number, byte: number];

export const TOKENS = ["2147483647", "2147483646", "4294967296", "1999999999", "99999999999999999999", "1e308", "-1e308", "1e-320", "-0", "NaN", "Infinity", "0x1F", "\ufeff", "\u0000"];

function mutate(base: Uint8Array, muts: Mutation[]): Uint8Array {
  const a = Array.from(base);
  for (const [op, at, byte] of muts) {
    const i = a.length === 0 ? 0 : at % (a.length + (op === 1 ? 1 : 0));
    if (op === 0 && a.length > 0) a[i] = byte;
    else if (op === 1) a.splice(i, 0, byte);
    else if (op === 2 && a.length > 0) a.splice(i, 1);
    else if (op === 3) a.splice(i % (a.length + 1), 0, ...new TextEncoder().encode(TOKENS[byte % TOKENS.length]));
  }
  return Uint8Array.from(a);
}

function byteArb(alphabet: string): fc.Arbitrary<number> {
  const pool = Array.from(new Set(Array.from(alphabet, (c) => c.charCodeAt(0) & 0xff)));
  return fc.oneof(fc.integer({ min: 0, max: 255 }), fc.constantFrom(...pool));
}

/** Every offset of every valid file (deterministic; returns the number of inputs checked). */
export function truncations(t: FuzzTarget): number {
  let count = 0;
  for (const v of t.valid) {
    const full = fuzzOutcome(t, v);
    if (full.kind !== "parsed") throw new Error(`${t.name}: a valid seed file is refused: ${full.message}`);
    for (let k = 0; k < v.length; k++) {
      fuzzOutcome(t, v.subarray(0, k));
      count++;
    }
  }
  return count;
}

export function randomBytes(t: FuzzTarget, o: FuzzOptions): void {
  fc.assert(fc.property(fc.uint8Array({ maxLength: 400 }), (b) => { fuzzOutcome(t, b); }), { numRuns: o.runs, seed: o.seed });
}

export function randomText(t: FuzzTarget, o: FuzzOptions): void {
  const arb = fc.array(byteArb(t.alphabet), { maxLength: 300 }).map((a) => Uint8Array.from(a));
  fc.assert(fc.property(arb, (b) => { fuzzOutcome(t, b); }), { numRuns: o.runs, seed: o.seed + 1 });
}

export function mutations(t: FuzzTarget, o: FuzzOptions): void {
  const mut: fc.Arbitrary<Mutation> = fc.tuple(fc.constantFrom(0 as const, 1 as const, 2 as const, 3 as const), fc.nat({ max: 1 << 20 }), byteArb(t.alphabet));
  const arb = fc.tuple(fc.nat({ max: t.valid.length - 1 }), fc.array(mut, { minLength: 1, maxLength: 8 }));
  fc.assert(fc.property(arb, ([which, muts]) => { fuzzOutcome(t, mutate(t.valid[which], muts)); }), { numRuns: o.runs, seed: o.seed + 2 });
}
