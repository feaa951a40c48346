/**
 * The oracle helper itself (test/helpers/oracle.ts), in child processes so the environment is
 * real: a missing module skips with a printed reason, and FAILS under GNC_REQUIRE_ORACLES=1.
 */
import { describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { ROOT } from "../helpers/cli.js";

const dir = mkdtempSync(path.join(tmpdir(), "gnc-oracle-"));
const spec = path.join(dir, "missing-oracle.test.ts");
writeFileSync(spec, `
import { describe, expect, it } from "vitest";
import { pythonOracle } from ${JSON.stringify(path.join(ROOT, "test/helpers/oracle.ts"))};
const py = pythonOracle(["gnc_no_such_module_xyz"]);
describe.skipIf(py.skip)("needs the oracle", () => {
  it("uses it", () => { expect(py.run("print(1)").trim()).toBe("1"); });
});
`);

function vitest(env: Record<string, string>) {
  const r = spawnSync(process.execPath, [path.join(ROOT, "node_modules/vitest/vitest.mjs"), "run", "--root", dir, "--dir", dir, spec], {
    cwd: dir, env: { ...process.env, ...env }, encoding: "utf8", timeout: 120_000,
  });
  return { code: r.status, out: r.stdout + r.stderr };
}

describe("pythonOracle", () => {
  it("skips with the reason printed when the oracle is missing", () => {
    const r = vitest({ GNC_REQUIRE_ORACLES: "" });
    expect(r.code, r.out).toBe(0);
    expect(r.out).toMatch(/python oracle \(gnc_no_such_module_xyz\) missing, tests skipped: \/usr\/bin\/python3 cannot (import gnc_no_such_module_xyz|run)/);
    expect(r.out).toMatch(/1 skipped/);
  });

  it("fails under GNC_REQUIRE_ORACLES=1", () => {
    const r = vitest({ GNC_REQUIRE_ORACLES: "1" });
    expect(r.code).not.toBe(0);
    expect(r.out).toMatch(/GNC_REQUIRE_ORACLES=1 but the python oracle is missing/);
    expect(r.out).toMatch(/1 failed/);
  });
});
