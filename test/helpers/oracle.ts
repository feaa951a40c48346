/**
 * Python oracles for the tests (/usr/bin/python3 with Debian's numpy, scipy, networkx, sklearn).
 *
 *   const py = pythonOracle(["numpy", "scipy.stats"]);
 *   describe.skipIf(py.skip)("… vs scipy", () => { … py.run(script, { input }) … });
 *
 * Outside CI a missing interpreter or module skips the tests, and says why on stderr (a silent
 * skip hid a broken install before). With GNC_REQUIRE_ORACLES=1 (.ci/run sets it) nothing is
 * skipped: `skip` is false and `run` throws the reason, so the oracle tests FAIL instead.
 */
import { spawnSync } from "node:child_process";

export const PYTHON = "/usr/bin/python3";

export interface PythonOracle {
  /** True when the oracle is missing and missing oracles may skip (not under GNC_REQUIRE_ORACLES=1). */
  skip: boolean;
  /** Why the oracle is missing (undefined when it is available). */
  reason?: string;
  /** Run a script (`python3 -c script ...args`) and return its stdout; throws with stderr on failure. */
  run(script: string, opts?: { input?: string; args?: string[]; timeoutMs?: number }): string;
}

const cache = new Map<string, string | undefined>();

/** Why `import modules` fails in /usr/bin/python3, or undefined when it works (memoised). */
function probe(modules: string[]): string | undefined {
  const key = modules.join(",");
  if (!cache.has(key)) {
    const r = spawnSync(PYTHON, ["-c", `import ${key}`], { encoding: "utf8", timeout: 60_000 });
    let why: string | undefined;
    if (r.error) why = `${PYTHON} cannot run (${r.error.message})`;
    else if (r.status !== 0) why = `${PYTHON} cannot import ${key} (${(r.stderr ?? "").trim().split("\n").pop()})`;
    cache.set(key, why);
  }
  return cache.get(key);
}

export function pythonOracle(modules: string[], label = modules.join(", ")): PythonOracle {
  const reason = probe(modules);
  const required = process.env.GNC_REQUIRE_ORACLES === "1";
  if (reason && !required) console.warn(`python oracle (${label}) missing, tests skipped: ${reason}; set GNC_REQUIRE_ORACLES=1 to make this a failure`);
  return {
    skip: reason !== undefined && !required,
    reason,
    run(script, opts = {}) {
      if (reason) throw new Error(`GNC_REQUIRE_ORACLES=1 but the python oracle is missing: ${reason}`);
      const r = spawnSync(PYTHON, ["-c", script, ...(opts.args ?? [])], {
        input: opts.input, encoding: "utf8", timeout: opts.timeoutMs ?? 120_000, maxBuffer: 256 * 2 ** 20,
      });
      if (r.error) throw new Error(`python oracle failed to run: ${r.error.message}`);
      if (r.status !== 0) throw new Error(`python oracle exited ${r.status}: ${(r.stderr ?? "").trim()}`);
      return r.stdout;
    },
  };
}
