/** checkArgv (src/cli/argv.ts) in-process: the spellings yargs accepts, each fault class once. */
import { describe, expect, it } from "vitest";
import { checkArgv, oneLineUsageError, type DeclaredOptions } from "../../src/cli/argv.js";

const opts: DeclaredOptions = {
  key: { n: true, classes: true, C: true, "p-in": true, seed: true, loss: true, json: true, permute: true, tags: true, out: true },
  alias: { classes: ["C"] },
  number: ["n", "classes", "C", "p-in", "seed"],
  string: ["out"],
  boolean: ["json", "permute"],
  array: ["tags"],
  choices: { loss: ["mse", "ce"] },
};
const run = (argv: string[]) => () => checkArgv(argv, opts);

describe("checkArgv", () => {
  it("accepts what yargs accepts", () => {
    for (const argv of [
      ["--n", "5", "--p-in=0.1", "-C", "3", "--seed", "-3", "--loss", "ce", "--json", "--no-permute", "--out", "x"],
      ["-n5", "--pIn", "1e-3", "--tags", "a", "--tags", "b", "pos"],
      ["--n", "1", "--", "--n", "2"],
      ["--unknown", "1", "--unknown", "2"],
      ["--seed", "0x10"],
    ]) expect(run(argv), argv.join(" ")).not.toThrow();
  });

  it.each([
    [["--n"], "gnc: --n needs a number"],
    [["--n", "--json"], "gnc: --n needs a number"],
    [["--n", "--"], "gnc: --n needs a number"],
    [["--n="], `gnc: --n: "" is not a number`],
    [["--n", "ten"], `gnc: --n: "ten" is not a number`],
    [["--out"], "gnc: --out needs a value"],
    [["--seed", "1", "--seed", "2"], "gnc: --seed given twice"],
    [["--p-in", "0.1", "--pIn", "0.2"], "gnc: --pIn given twice (also as --p-in)"],
    [["-C", "2", "--classes", "3"], "gnc: --classes given twice (also as -C)"],
    [["--json", "--no-json"], "gnc: --no-json given twice (also as --json)"],
    [["--loss", "l1"], `gnc: --loss: "l1" is not one of mse, ce`],
  ])("%j", (argv, message) => {
    expect(run(argv as string[])).toThrowError(message);
  });

  it("rewords yargs' multi-line choice message as one line", () => {
    expect(oneLineUsageError('Invalid values:\n  Argument: model, Given: "x", Choices: "sbm", "regular-sbm"')).toBe('gnc: --model: "x" is not one of sbm, regular-sbm');
    expect(oneLineUsageError("Missing required argument: n")).toBe("gnc: Missing required argument: n");
  });
});
