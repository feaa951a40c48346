/** The CLI shell: usage errors are one line with exit code 2, and never run the command. */
import { describe, expect, it } from "vitest";
import { gnc } from "../helpers/cli.js";

describe("gnc (shell)", () => {
  it("lists every command in --help", () => {
    const r = gnc(["--help"]);
    expect(r.code).toBe(0);
    for (const c of ["train", "plot", "nc", "check", "rare-event", "generate"]) expect(r.stdout).toContain(`gnc ${c}`);
  });

  it.each([
    [[], /name a command/],
    [["frobnicate"], /Unknown argument: frobnicate/],
    [["check"], /Not enough non-option arguments/],
    [["check", "--bogus", "1", "graphs/karate.edges"], /Unknown argument: bogus/],
  ])("%j is a one-line usage error with exit 2 and no output", (args, message) => {
    const r = gnc(args as string[]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(message);
  });
});
