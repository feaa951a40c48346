/**
 * Ctrl-C (SIGINT) and SIGTERM (timeout, SLURM, docker stop) during `gnc train`: the run checkpoints,
 * exits 130 / 143 with a resume hint, and running the same command again finishes with CSV files
 * byte-identical to an uninterrupted run's. While the run is going, a second process on the same run
 * directory is refused (the run lock) instead of appending every row twice.
 */
import { describe, expect, it } from "vitest";
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { gnc, ROOT } from "../helpers/cli.js";

const ARGS = ["train", "--n", "60", "--p-in", "0.3", "--p-out", "0.03", "--depth", "3", "--hidden", "4", "--feature-dim", "4",
  "--epochs", "3", "--train-graphs", "2000", "--test-graphs", "2", "--backend", "wasm", "--no-figures", "--name", "sig"];

function runDir(out: string): string {
  const [hash] = readdirSync(path.join(out, "sig"));
  return path.join(out, "sig", hash);
}

/**
 * Start the run, send `sig` once its first evaluation is logged (first running `whileRunning`, e.g. a
 * second process on the same run), resolve with the exit code and output.
 */
function interrupted(out: string, sig: NodeJS.Signals, whileRunning?: () => void): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", path.join(ROOT, "src/cli/main.ts"), ...ARGS, "--out", out], { cwd: ROOT });
    let stdout = "", stderr = "", sent = false;
    child.stdout.on("data", (b) => (stdout += b));
    child.stderr.on("data", (b) => {
      stderr += b;
      if (!sent && /epoch 0 \(step 0/.test(stderr)) {
        sent = true;
        whileRunning?.();
        setTimeout(() => child.kill(sig), 50);
      }
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

describe("gnc train, interrupted", () => {
  it("checkpoints on SIGINT (exit 130) and SIGTERM (exit 143) and resumes to the same CSVs as an uninterrupted run; a second process on the run is refused", async () => {
    const b = mkdtempSync(path.join(os.tmpdir(), "gnc-sig-b-"));
    const whole = gnc([...ARGS, "--out", b]);
    expect(whole.code, whole.stderr).toBe(0);

    for (const [sig, code, word] of [["SIGINT", 130, "Ctrl-C"], ["SIGTERM", 143, "SIGTERM"]] as const) {
      const a = mkdtempSync(path.join(os.tmpdir(), "gnc-sig-a-"));
      let second: ReturnType<typeof gnc> | null = null;
      const first = await interrupted(a, sig, sig === "SIGTERM" ? () => (second = gnc([...ARGS, "--out", a])) : undefined);
      expect(first.code, first.stderr).toBe(code);
      expect(first.stderr).toContain(word);
      expect(first.stdout).toMatch(/interrupted at step (\d+); run the same command again/);
      const stoppedAt = Number(/interrupted at step (\d+)/.exec(first.stdout)![1]);
      expect(stoppedAt).toBeGreaterThan(0);
      expect(stoppedAt).toBeLessThan(6000);
      expect(JSON.parse(readFileSync(path.join(runDir(a), "manifest.json"), "utf8")).status).toBe("interrupted");
      if (sig === "SIGTERM") {
        const s = second as ReturnType<typeof gnc> | null;
        expect(s?.code, s?.stderr).toBe(2);
        expect(s!.stderr.trim()).toMatch(/^gnc\/runs\/lock: .*the run is in use by process \d+/);
        expect(s!.stderr.trim().split("\n").length).toBe(1);
      }

      const resumed = gnc([...ARGS, "--out", a]);
      expect(resumed.code, resumed.stderr).toBe(0);
      expect(resumed.stderr).toMatch(new RegExp(`resuming at step ${stoppedAt} of 6000`));
      for (const f of ["metrics.csv", "train-log.csv"]) {
        expect(readFileSync(path.join(runDir(a), f), "utf8"), `${sig} ${f}`).toBe(readFileSync(path.join(runDir(b), f), "utf8"));
      }
    }
  }, 300_000);
});
