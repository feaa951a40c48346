/**
 * `gnc worker --queue URL [--concurrency N] [--name NAME]` — serve a queue sweep (`gnc sweep …
 * --queue URL`) from this machine: pull runs from the BullMQ queue on Redis, run them with the same
 * code as a local sweep, return their files through Redis (src/sweep/queue/worker.ts). Needs no
 * shared file system. Runs until stopped: SIGTERM or Ctrl-C aborts the running jobs at their next
 * step, stores their checkpoints in Redis and hands them back to the queue, then exits with 0.
 * Exit 2: a malformed, unreachable or unauthorised URL (one line, password redacted).
 */
import type { Argv } from "yargs";
import os from "node:os";
import type { GncCommand } from "./types.js";
import { GncError } from "../../util/errors.js";

export const workerCommand: GncCommand = {
  command: "worker",
  describe: "run the jobs of queue sweeps (gnc sweep --queue URL) on this machine, through Redis",
  builder: (y: Argv) =>
    y
      .usage("gnc worker --queue redis://[:password@]host:port[/db] [--concurrency N] [--name NAME]")
      .option("queue", { type: "string", describe: "the Redis URL the sweep was started with (rediss:// for TLS)" })
      .option("concurrency", { type: "number", default: 1, describe: "runs at a time in this process (one per core at most is sensible)" })
      .option("name", { type: "string", describe: "worker name in logs and the sweep's progress (default: host-pid)" })
      .option("warm-up", { type: "boolean", default: true, describe: "run a small training before serving, so the first job does not pay for loading tfjs and compiling (--no-warm-up to skip)" })
      .example("gnc worker --queue redis://:secret@10.0.0.5:6379", "serve the queue on this machine"),
  handler: async (args: Record<string, any>) => {
    const prog = "gnc worker";
    if (args.queue === undefined) throw new GncError(`${prog}: give --queue URL (redis://[:password@]host:port[/db])`);
    if (!(Number.isInteger(args.concurrency) && args.concurrency >= 1)) throw new GncError(`${prog}: --concurrency must be a positive integer, got ${args.concurrency}`);
    const name = String(args.name ?? `${os.hostname()}-${process.pid}`);
    if (!/^[\w.@-]{1,64}$/.test(name)) throw new GncError(`${prog}: --name: letters, digits, . _ - @ only (at most 64), got ${JSON.stringify(name.slice(0, 70))}`);
    const { parseQueueUrl } = await import("../../sweep/queue/url.js");
    const { checkReachable } = await import("../../sweep/queue/connect.js");
    const { startQueueWorker } = await import("../../sweep/queue/worker.js");
    const url = parseQueueUrl(args.queue);
    await checkReachable(url);
    if (args.warmUp) {
      const { warmUp } = await import("../../sweep/warm-up.js");
      process.stderr.write(`${prog} ${name}: warmed up in ${(await warmUp()).toFixed(1)} s\n`);
    }
    let fatal: string | null = null;
    let stopping: Promise<void> | null = null;
    let code = 0;
    const w = startQueueWorker({
      url, name, concurrency: args.concurrency,
      onFatal: (line) => {
        if (fatal) return;
        fatal = line;
        stop("fatal");
        // Closing cleanly needs the server that is gone: do not wait for it long.
        setTimeout(() => {
          process.stderr.write(`${line}\n`);
          process.exit(1);
        }, 5000).unref();
      },
    });
    process.stderr.write(`${prog} ${name}: serving ${url.redacted} (concurrency ${args.concurrency}); SIGTERM or Ctrl-C to stop\n`);
    const stop = (why: string) => {
      if (stopping) {
        if (why !== "fatal") process.exit(why === "SIGINT" ? 130 : 143);
        return stopping;
      }
      if (why !== "fatal") process.stderr.write(`${prog} ${name}: ${why} — checkpointing the running jobs and handing them back to the queue (again to quit at once)\n`);
      stopping = w.stop();
      return stopping;
    };
    const done = new Promise<void>((resolve) => {
      const on = (sig: NodeJS.Signals) => stop(sig)?.then(resolve, resolve);
      process.on("SIGINT", on);
      process.on("SIGTERM", on);
      w.worker.on("closed", () => resolve());
    });
    await done;
    if (stopping) await stopping;
    if (fatal) {
      process.stderr.write(`${fatal}\n`);
      code = 1;
    } else process.stderr.write(`${prog} ${name}: stopped\n`);
    // Everything is handed back; a connection BullMQ left open must not keep the process alive.
    setTimeout(() => process.exit(code), 1000).unref();
    return code;
  },
};
