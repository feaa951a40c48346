/**
 * redis-server restarted in the middle of a queue sweep (appendonly on), then a worker stopped by
 * SIGTERM mid-job (checkpoint, job handed back, exit 0); a diverging run retried --attempts times
 * and listed as failed; a password that appears in no file or output; summary.csv and layers.csv
 * equal the local `gnc sweep --jobs 1` bytes. In its own file (own process): it hung when it ran
 * after queue.test.ts's SIGKILL test in one process, and passes alone.
 */
import { expect, it } from "vitest";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { Redis } from "ioredis";
import { TINY, STEPS, tmp, read, runDirs, until, filesUnder, expectNoDuplicatedSteps, suite, queueFixture } from "./harness.js";

suite("gnc sweep --queue / gnc worker (BullMQ on redis-server)", () => {
  const { ref, start, redis } = queueFixture();

  it("redis-server restarted mid-sweep (appendonly), then a worker SIGTERMed mid-job: nothing lost or duplicated; a diverging run is tried --attempts times, then listed as failed; the password appears nowhere", async () => {
    const r = await redis({ password: "pw-QX81z" });
    const out = tmp();
    const w = start(["worker", "--queue", r.url, "--name", "W"]);
    const v = start(["worker", "--queue", r.url, "--name", "V"]);
    const nan = start(["sweep", "--p-in", "0.3", "--p-out", "0.05", "-n", "60", "--depth", "3", "--hidden", "4", "--feature-dim", "4", "--epochs", "1", "--train-graphs", "20",
      "--test-graphs", "2", "--lr", "1e30", "--backend", "wasm", "--name", "nan", "--queue", r.url, "--attempts", "2", "--out", tmp(), "--no-figures"]);
    const coord = start(["sweep", ...TINY, "--queue", r.url, "--out", out, "--no-figures"]);
    await until(() => runDirs(out).some((d) => existsSync(path.join(d, "DONE"))), "the first finished run");
    const doneBefore = runDirs(out).filter((d) => existsSync(path.join(d, "DONE"))).length;
    await r.restart();
    // SIGTERM a worker in the middle of a job: it checkpoints, hands the job back and exits 0.
    const client = new Redis({ port: r.port, host: "127.0.0.1", password: "pw-QX81z" });
    let holder = "";
    let victim = "";
    await until(async () => {
      for (const key of await client.keys("gnc:ckpt:*")) {
        const st = JSON.parse((await client.get(key)) ?? "null");
        const step = st && JSON.parse(Buffer.from(st.files["checkpoints/latest.json"], "base64").toString("utf8")).step;
        if (step > 0 && step <= STEPS / 2) [holder, victim] = [st.worker, key.slice("gnc:ckpt:".length, "gnc:ckpt:".length + 12)];
      }
      return holder !== "";
    }, "a worker to checkpoint a job after the restart");
    const [stopped, other] = holder === "W" ? [w, v] : [v, w];
    stopped.child.kill("SIGTERM");
    expect(await stopped.exit, stopped.out()).toBe(0);
    expect(stopped.out()).toMatch(new RegExp(`${victim} interrupted; its checkpoint is stored and the job goes back to the queue`));
    expect(await coord.exit, coord.out()).toBe(0);
    expect(other.out()).toMatch(new RegExp(`picked ${victim} \\(gnn, resuming from the stored checkpoint\\)`));
    expect(doneBefore).toBeLessThan(4);
    expectNoDuplicatedSteps(out);
    expect(read(out, "summary.csv")).toBe(read(ref, "summary.csv"));
    expect(read(out, "layers.csv")).toBe(read(ref, "layers.csv"));
    for (const f of filesUnder(out)) expect(readFileSync(f, "utf8").includes("pw-QX81z"), f).toBe(false);
    await nan.exit;
    for (const p of [w, v, nan, coord]) expect(p.out()).not.toContain("pw-QX81z");
    const completed = await client.zcard("gnc:runs:completed");
    const failed = await client.zcard("gnc:runs:failed");
    await client.quit();
    expect(completed).toBe(4);
    expect(failed).toBe(1);
    expect(await nan.exit, nan.out()).toBe(1);
    expect(nan.out()).toMatch(/failed: setting 0 seed 0 \(nan\/[0-9a-f]{12}\): gnc train: the loss became NaN/);
    expect((w.out() + v.out()).match(/failed \(attempt \d of 2\): gnc train: the loss became NaN/g)?.length).toBe(2);
    other.child.kill("SIGTERM");
    expect(await other.exit, other.out()).toBe(0);
  }, 150_000);

});
