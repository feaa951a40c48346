/**
 * What the queue tests share: the tiny sweep they run, real `gnc` processes, waiting helpers, and a
 * fixture (inside a describe) that makes the local `--jobs 1` reference sweep and stops every
 * process and redis-server it started.
 */
import { afterAll, beforeAll, describe, expect } from "vitest";
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { ROOT } from "../helpers/cli.js";
import { redisMissing, redisRequired, startRedis, type TestRedis } from "./redis.js";

export const TINY = ["--p-in", "0.3,0.05", "--p-out", "0.05,0.3", "--zip", "--seeds", "2", "-n", "60", "--depth", "3", "--hidden", "4", "--feature-dim", "4",
  "--epochs", "2", "--train-graphs", "400", "--test-graphs", "3", "--checkpoint-interval", "10", "--backend", "wasm", "--name", "t"];
// 800 steps per run with a checkpoint every 10: on an idle machine a run lasts long enough (about a
// second or more) for the tests to see a mid-job checkpoint before the sweep is over.
export const STEPS = 800;
// A short job lock so a killed worker's job moves on within seconds — but long enough that a worker whose event loop
// is blocked for a while (tfjs start-up on a loaded machine) keeps its job.
export const ENV = { GNC_QUEUE_LOCK_MS: "10000", GNC_QUEUE_STALLED_MS: "2000", GNC_QUEUE_POLL_MS: "200", GNC_QUEUE_CONNECT_MS: "2000" };
export const tmp = () => mkdtempSync(path.join(os.tmpdir(), "gnc-queue-"));
export const read = (out: string, f: string) => readFileSync(path.join(out, "sweeps", "t", f), "utf8");
export const runDirs = (out: string) => (existsSync(path.join(out, "t")) ? readdirSync(path.join(out, "t")).map((h) => path.join(out, "t", h)) : []);
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface Proc { child: ChildProcess; out: () => string; exit: Promise<number | null> }

export function gncProc(args: string[]): Proc {
  const child = spawn(process.execPath, ["--import", "tsx", path.join(ROOT, "src/cli/main.ts"), ...args], { cwd: ROOT, env: { ...process.env, ...ENV }, stdio: ["ignore", "pipe", "pipe"] });
  let text = "";
  child.stdout!.on("data", (d) => (text += d));
  child.stderr!.on("data", (d) => (text += d));
  const exit = new Promise<number | null>((r) => child.once("exit", (code) => r(code)));
  return { child, out: () => text, exit };
}

export async function until(cond: () => boolean | Promise<boolean>, what: string, ms = 90_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

export const filesUnder = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(path.join(dir, e.name)) : [path.join(dir, e.name)]));

/** Every run's train-log holds steps 1..STEPS exactly once. */
export function expectNoDuplicatedSteps(out: string): void {
  const dirs = runDirs(out);
  expect(dirs.length).toBe(4);
  for (const d of dirs) {
    const steps = readFileSync(path.join(d, "train-log.csv"), "utf8").trim().split("\n").slice(1).map((l) => Number(l.split(",")[2]));
    expect(steps).toEqual(Array.from({ length: STEPS }, (_, i) => i + 1));
  }
}

export const missing = redisMissing();
if (missing && !redisRequired()) console.warn(`test/queue: skipped: ${missing}`);
/** describe, or describe.skip (with the reason printed) where redis-server is missing outside CI. */
export const suite = missing && !redisRequired() ? describe.skip : describe;

/** Call inside the suite: the reference sweep (beforeAll), process/server bookkeeping, cleanup (afterAll). */
export function queueFixture() {
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

  return { ref, start, redis };
}
