/**
 * One pass over the raw argv, using the option types the command declared to yargs, that catches
 * what yargs lets through silently (issue 11, "flag parsing"):
 *
 *   --lr            (at the end, or followed by another flag)  → "--lr needs a number"
 *   --lr abc                                                   → '--lr: "abc" is not a number'
 *   --seed 1 --seed 2, --preset a --preset b, -C 2 --classes 3 → "--seed given twice"
 *   --loss xx       (an option with choices)                   → '--loss: "xx" is not one of mse, ce, …'
 *
 * yargs would use the default for the first (exit 0 with a silently different run), turn the
 * second into an array ("expected number, received array", unknown preset "a,b") and print a bare
 * "Invalid values:" for the last. The check is generic: it reads yargs' getOptions() (number,
 * string, boolean, array, alias, choices) of the command being run, so every command gets it.
 * Array options may repeat; booleans may not (--permute --no-permute is a contradiction).
 */
import { GncError } from "../util/errors.js";

/** The slice of yargs' getOptions() this check reads. */
export interface DeclaredOptions {
  key: Record<string, unknown>;
  alias: Record<string, string[]>;
  number: string[];
  string: string[];
  boolean: string[];
  array: string[];
  choices: Record<string, unknown[]>;
}

const NUMBER_LITERAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$|^[+-]?0[xX][0-9a-fA-F]+$/;

const kebab = (s: string) => s.replace(/[A-Z]/g, (c) => "-" + c.toLowerCase());

function fail(what: string): never {
  throw new GncError(`gnc: ${what}`);
}

/** A token that is a flag rather than a value ("-3" and "-0.5" are values). */
function looksLikeFlag(t: string): boolean {
  return t.length > 1 && t.startsWith("-") && !NUMBER_LITERAL.test(t);
}

/** Throw a one-line GncError for the first flag-parsing fault in argv (see banner). */
export function checkArgv(argv: readonly string[], o: DeclaredOptions): void {
  // Canonical name of every spelling: the declared key, its aliases, their camelCase forms.
  const canon = new Map<string, string>();
  for (const k of Object.keys(o.key)) canon.set(k, k);
  for (const [k, aliases] of Object.entries(o.alias ?? {})) {
    const group = [k, ...aliases];
    const main = group.find((a) => a.length > 1) ?? k;
    for (const a of group) canon.set(a, main);
  }
  const resolve = (name: string): string | undefined => canon.get(name) ?? canon.get(kebab(name));
  const isType = (list: string[], key: string) => list.some((n) => resolve(n) === key);
  const seen = new Map<string, string>();

  for (let i = 0; i < argv.length; i++) {
    const tok = argv[i];
    if (tok === "--") break;
    if (!looksLikeFlag(tok)) continue;
    const long = tok.startsWith("--");
    const body = long ? tok.slice(2) : tok.slice(1);
    const eq = body.indexOf("=");
    let name = eq >= 0 ? body.slice(0, eq) : body;
    let inline: string | undefined = eq >= 0 ? body.slice(eq + 1) : undefined;
    if (!long && name.length > 1 && inline === undefined) {
      inline = name.slice(1); // -n5
      name = name[0];
    }
    let key = resolve(name);
    if (key === undefined && long && name.startsWith("no-")) {
      const neg = resolve(name.slice(3));
      if (neg !== undefined && isType(o.boolean, neg)) key = neg;
    }
    if (key === undefined) continue; // unknown flags: yargs' strict mode names them
    const typed = (long ? "--" : "-") + name;
    if (isType(o.array, key)) continue;
    const before = seen.get(key);
    if (before !== undefined) fail(before === typed ? `${typed} given twice` : `${typed} given twice (also as ${before})`);
    seen.set(key, typed);
    if (isType(o.boolean, key)) continue;

    let value = inline;
    if (value === undefined) {
      const next = argv[i + 1];
      if (next === undefined || next === "--" || looksLikeFlag(next)) {
        fail(`${typed} needs ${isType(o.number, key) ? "a number" : "a value"}`);
      }
      value = next;
      i++;
    }
    if (isType(o.number, key) && !(value.trim() !== "" && Number.isFinite(Number(value)))) {
      fail(`${typed}: "${value}" is not a number`);
    }
    const choices = Object.entries(o.choices ?? {}).find(([k]) => resolve(k) === key)?.[1];
    if (choices && !choices.map(String).includes(value)) {
      fail(`${typed}: "${value}" is not one of ${choices.map(String).join(", ")}`);
    }
  }
}

/**
 * yargs' own multi-line "Invalid values:" message as one line in the same words (for positional
 * choices, which the argv pass does not see).
 */
export function oneLineUsageError(msg: string): string {
  const m = /Argument: ([^,]+), Given: (.*), Choices: (.*)$/m.exec(msg);
  if (m) {
    const choices = m[3].split(",").map((s) => s.trim().replace(/^"|"$/g, ""));
    return `gnc: ${m[1].length > 1 ? "--" : "-"}${m[1]}: ${m[2]} is not one of ${choices.join(", ")}`;
  }
  return `gnc: ${msg.split("\n")[0]}`;
}
