/**
 * A throwaway redis-server for tests and benches: a free loopback port, a temporary directory,
 * appendonly on (so a restart keeps the queue), optional password; `restart()` stops it with
 * SHUTDOWN semantics (SIGTERM flushes the AOF) and starts it again on the same port and directory.
 * Where redis-server is missing, `redisMissing()` says why: tests skip with that reason, except in
 * CI (CI=true) or under GNC_REQUIRE_ORACLES=1, where it is a failure.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";

const CANDIDATES = [process.env.GNC_REDIS_SERVER, "/usr/bin/redis-server", "/usr/local/bin/redis-server"].filter(Boolean) as string[];

export function redisServerPath(): string | null {
  for (const c of CANDIDATES) if (existsSync(c)) return c;
  const w = spawnSync("sh", ["-c", "command -v redis-server"], { encoding: "utf8" });
  return w.status === 0 && w.stdout.trim() ? w.stdout.trim() : null;
}

/** Why the Redis tests cannot run here, or null when they can. */
export function redisMissing(): string | null {
  return redisServerPath() ? null : "redis-server not found (apt-get install redis-server)";
}

/** True when a missing redis-server must fail the suite instead of skipping it. */
export const redisRequired = () => process.env.CI === "true" || process.env.GNC_REQUIRE_ORACLES === "1";

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

function waitForPort(port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const attempt = () => {
      const c = net.connect(port, "127.0.0.1");
      c.once("connect", () => (c.destroy(), resolve()));
      c.once("error", () => {
        c.destroy();
        if (Date.now() > deadline) reject(new Error(`redis-server did not listen on ${port}`));
        else setTimeout(attempt, 50);
      });
    };
    attempt();
  });
}

export interface TestRedis {
  port: number;
  dir: string;
  url: string;
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export async function startRedis(opts: { password?: string } = {}): Promise<TestRedis> {
  const bin = redisServerPath();
  if (!bin) throw new Error(redisMissing()!);
  const port = await freePort();
  const dir = mkdtempSync(path.join(os.tmpdir(), "gnc-redis-"));
  let child: ChildProcess | null = null;
  const launch = async () => {
    const args = ["--port", String(port), "--bind", "127.0.0.1", "--dir", dir, "--appendonly", "yes", "--save", "", "--daemonize", "no", "--loglevel", "warning"];
    if (opts.password) args.push("--requirepass", opts.password);
    child = spawn(bin, args, { stdio: "ignore" });
    await waitForPort(port, 10_000);
  };
  const halt = async () => {
    const c = child;
    child = null;
    if (!c || c.exitCode !== null) return;
    const exited = new Promise((r) => c.once("exit", r));
    c.kill("SIGTERM");
    await exited;
  };
  await launch();
  const auth = opts.password ? `:${encodeURIComponent(opts.password)}@` : "";
  return {
    port, dir, url: `redis://${auth}127.0.0.1:${port}/0`,
    restart: async () => {
      await halt();
      await launch();
    },
    stop: async () => {
      await halt();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
