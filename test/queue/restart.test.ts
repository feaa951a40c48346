/**
 * (Split from queue.test.ts so that it runs in its own process.)
 * `gnc sweep --queue` + `gnc worker` end to end with real processes and a real redis-server (one
 * per test, on a free loopback port, appendonly on): the same sweep enqueued twice at once by two
 * coordinators, served by two workers, one SIGKILLed in the middle of a job — the job resumes on the
 * other worker from the checkpoint stored in Redis; redis-server restarted in the middle of a sweep,
 * then a worker stopped by SIGTERM mid-job (checkpoint, job handed back, exit 0); a diverging run
 * retried --attempts times and listed as failed; a password that appears in no file or output. In every case summary.csv and layers.csv
 * equal the local `gnc sweep --jobs 1` bytes. Bad queue URLs: one line, exit 2, password redacted.
 * Without redis-server: skipped with the reason, except in CI (CI=true or GNC_REQUIRE_ORACLES=1).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Redis } from "ioredis";
import { ROOT } from "../helpers/cli.js";
import { GncError } from "../../src/util/errors.js";
import { checkReachable } from "../../src/sweep/queue/connect.js";
import { parseQueueUrl } from "../../src/sweep/queue/url.js";
import { freePort, redisMissing, redisRequired, startRedis, type TestRedis } from "./redis.js";

const TINY = ["--p-in", "0.3,0.05", "--p-out", "0.05,0.3", "--zip", "--seeds", "2", "-n", "60", "--depth", "3", "--hidden", "4", "--feature-dim", "4",
  "--epochs", "2", "--train-graphs", "400", "--test-graphs", "3", "--checkpoint-interval", "10", "--backend", "wasm", "--name", "t"];
// 800 steps per run with a checkpoint every 10: on an idle machine a run lasts long enough (about a
// second or more) for the tests to see a mid-job checkpoint before the sweep is over.
const STEPS = 800;
// A short job lock so a killed worker's job moves on within seconds — but long enough that a worker whose event loop
// is blocked for a while (tfjs start-up on a loaded machine) keeps its job.
const ENV = { GNC_QUEUE_LOCK_MS: "10000", GNC_QUEUE_STALLED_MS: "2000", GNC_QUEUE_POLL_MS: "200", GNC_QUEUE_CONNECT_MS: "2000" };
const tmp = () => mkdtempSync(path.join(os.tmpdir(), "gnc-queue-"));
const read = (out: string, f: string) => readFileSync(path.join(out, "sweeps", "t", f), "utf8");
const runDirs = (out: string) => (existsSync(path.join(out, "t")) ? readdirSync(path.join(out, "t")).map((h) => path.join(out, "t", h)) : []);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Proc { child: ChildProcess; out: () => string; exit: Promise<number | null> }

function gncProc(args: string[]): Proc {
  const child = spawn(process.execPath, ["--import", "tsx", path.join(ROOT, "src/cli/main.ts"), ...args], { cwd: ROOT, env: { ...process.env, ...ENV }, stdio: ["ignore", "pipe", "pipe"] });
  let text = "";
  child.stdout!.on("data", (d) => (text += d));
  child.stderr!.on("data", (d) => (text += d));
  const exit = new Promise<number | null>((r) => child.once("exit", (code) => r(code)));
  return { child, out: () => text, exit };
}

async function until(cond: () => boolean | Promise<boolean>, what: string, ms = 90_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

const filesUnder = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(path.join(dir, e.name)) : [path.join(dir, e.name)]));

/** Every run's train-log holds steps 1..STEPS exactly once. */
function expectNoDuplicatedSteps(out: string): void {
  const dirs = runDirs(out);
  expect(dirs.length).toBe(4);
  for (const d of dirs) {
    const steps = readFileSync(path.join(d, "train-log.csv"), "utf8").trim().split("\n").slice(1).map((l) => Number(l.split(",")[2]));
    expect(steps).toEqual(Array.from({ length: STEPS }, (_, i) => i + 1));
  }
}

const missing = redisMissing();
if (missing && !redisRequired()) console.warn(`test/queue: skipped: ${missing}`);
const suite = missing && !redisRequired() ? describe.skip : describe;

suite("gnc sweep --queue / gnc worker (BullMQ on redis-server)", () => {
  const ref = tmp();
  const servers: TestRedis[] = [];
  const procs: Proc[] = [];
  const start = (args: string[]) => {
    const p = gncProc(args);
    procs.push(p);
    return p;
  };
  const redis = async (opts: { password?: string } = {}) => {
    const r = await startRedis(opts);
    servers.push(r);
    return r;
  };

  beforeAll(async () => {
    if (missing) throw new Error(`test/queue: ${missing} (required in CI)`);
    const r = gncProc(["sweep", ...TINY, "--jobs", "1", "--out", ref, "--no-figures"]);
    expect(await r.exit, r.out()).toBe(0);
  }, 120_000);

  afterAll(async () => {
    for (const p of procs) if (p.child.exitCode === null) p.child.kill("SIGKILL");
    for (const s of servers) await s.stop();
  });

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
