/**
 * Exit codes of `gnc` (README, "Commands"): 0 ok, 1 negative result, 2 bad input or environment,
 * 3 internal error — one line, the stack only with GNC_DEBUG=1. Real child processes throughout:
 * the internal-error cases run the real runCli with one extra command that has a bug.
 */
import { describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import path from "node:path";
import { gnc, ROOT } from "../helpers/cli.js";

/** Run runCli in a child with an extra command "boom" whose handler throws `throwExpr`. */
function withBuggyCommand(throwExpr: string, env: Record<string, string> = {}) {
  const main = path.join(ROOT, "src/cli/main.ts");
  const cmds = path.join(ROOT, "src/cli/commands/index.ts");
  const script = `
    const { runCli } = await import(${JSON.stringify(main)});
    const { commands } = await import(${JSON.stringify(cmds)});
    commands.push({ command: "boom", describe: "a bug", builder: (y) => y, handler: async () => { ${throwExpr}; } });
    process.exitCode = await runCli(["boom"]);`;
  const r = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
    cwd: ROOT, env: { ...process.env, GNC_DEBUG: "", ...env }, encoding: "utf8", timeout: 60_000,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

describe("gnc exit codes", () => {
  it("0 when the condition holds, 1 when it does not", () => {
    expect(gnc(["check", "graphs/regular-sbm-hetero.edges"]).code).toBe(0);
    expect(gnc(["check", "graphs/karate.edges"]).code).toBe(1);
  });

  it("2 for bad input: one line, no stack", () => {
    const r = gnc(["check", "no/such/file.edges"]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).not.toMatch(/\s+at /);
  });

  it("3 for a bug: one line that says so, without the stack", () => {
    const r = withBuggyCommand(`const o = undefined; o.field`);
    expect(r.code).toBe(3);
    const lines = r.stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^gnc: internal error \(please report; GNC_DEBUG=1 shows the stack\): Cannot read properties of undefined/);
  });

  it("3 with the stack when GNC_DEBUG=1", () => {
    const r = withBuggyCommand(`throw new TypeError("a bug")`, { GNC_DEBUG: "1" });
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/^gnc: internal error \(please report\): TypeError: a bug/);
    expect(r.stderr).toMatch(/\n\s+at /);
  });

  it("2 for an environment fault raised by node (permission, read-only, not a directory)", () => {
    const r = withBuggyCommand(`const e = new Error("EACCES: permission denied, open '/x'"); e.code = "EACCES"; e.syscall = "open"; throw e`);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe("gnc: EACCES: permission denied, open '/x'");
  });

  it("2 when an allocation does not fit", () => {
    const r = withBuggyCommand(`new Float64Array(2 ** 40)`);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^gnc: not enough memory for this problem size/);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
  });
});
