/**
 * Flag parsing for every command (src/cli/argv.ts): a number flag without its value, a flag given
 * twice and a bad choice are one clear line with exit 2, before the command runs.
 */
import { describe, expect, it } from "vitest";
import { gnc } from "../helpers/cli.js";

function usageError(args: string[], message: string | RegExp) {
  const r = gnc(args);
  expect(r.code, r.stderr).toBe(2);
  expect(r.stdout).toBe("");
  expect(r.stderr.trim().split("\n")).toHaveLength(1);
  if (typeof message === "string") expect(r.stderr.trim()).toBe(message);
  else expect(r.stderr).toMatch(message);
}

const GEN = ["generate", "sbm", "--n", "20", "--p-in", "0.2", "--p-out", "0.1", "--out", "/nonexistent-gnc/never"];

describe("flag parsing, every command", () => {
  it.each([
    [["train", "--loss", "xx"], `gnc: --loss: "xx" is not one of mse, ce, ls-ce, focal`],
    [["train", "--pair-sampling", "both"], `gnc: --pair-sampling: "both" is not one of single, or`],
    [["check", "graphs/karate.edges", "--format", "csv"], `gnc: --format: "csv" is not one of edgelist, mtx, json, gexf, graphml`],
    [["nc", "--features", "f.csv", "--labels", "y.txt", "--nc3-means", "both"], `gnc: --nc3-means: "both" is not one of centred, uncentred`],
    [[...GEN, "--format", "png"], `gnc: --format: "png" is not one of edgelist, mtx, json, gexf, graphml`],
    [[...GEN, "--pair-sampling", "and"], `gnc: --pair-sampling: "and" is not one of single, or`],
    [["rare-event", "--n", "10", "--classes", "2", "--p-out", "0.1", "--pair-sampling", "x"], `gnc: --pair-sampling: "x" is not one of single, or`],
  ])("a bad choice names the flag, the value and the choices: %j", (args, message) => usageError(args as string[], message));

  it.each([
    [["train", "--lr"], "gnc: --lr needs a number"],
    [["train", "--lr", "--epochs", "2"], "gnc: --lr needs a number"],
    [["train", "--lr", "fast"], `gnc: --lr: "fast" is not a number`],
    [["check", "graphs/karate.edges", "--show"], "gnc: --show needs a number"],
    [["rare-event", "--classes", "2", "--p-out", "0.1", "--n"], "gnc: --n needs a number"],
    [["nc", "--labels", "y.txt", "--features"], "gnc: --features needs a value"],
    [[...GEN, "--seed", "--no-permute"], "gnc: --seed needs a number"],
  ])("a flag without its value is an error, never the default: %j", (args, message) => usageError(args as string[], message));

  it.each([
    [["train", "--seed", "1", "--seed", "2"], "gnc: --seed given twice"],
    [["train", "--preset", "quick", "--preset", "paper"], "gnc: --preset given twice"],
    [["train", "--permute", "--no-permute"], "gnc: --no-permute given twice (also as --permute)"],
    [["rare-event", "--n", "10", "--classes", "2", "--p-out", "0.1", "--p-out=0.2"], "gnc: --p-out given twice"],
    [[...GEN, "-C", "2", "--classes", "3"], "gnc: --classes given twice (also as -C)"],
    [["check", "graphs/karate.edges", "--json", "--json"], "gnc: --json given twice"],
  ])("a repeated flag is one clear error: %j", (args, message) => usageError(args as string[], message));

  it("negative numbers are values, not flags (the command then judges them)", () => {
    const r = gnc(["rare-event", "--n", "12", "--classes", "2", "--p-out", "-0.5"]);
    expect(r.code).toBe(2);
    expect(r.stderr).not.toMatch(/needs a number/);
  });

  it("well-formed flags still run", () => {
    const r = gnc(["check", "graphs/karate.edges", "--show=2", "--json"]);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).nodes).toBe(34);
  });
});
