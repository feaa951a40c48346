/**
 * The run lock: one process at a time per run directory. A second process on the same directory (a
 * duplicated job, the same config launched twice, a sweep rerun while the first is still going)
 * refuses with a clear message instead of appending every row twice.
 *
 * The lock is the file LOCK holding {pid, host, since}, created atomically with its content (written
 * to a temp file, then hard-linked to LOCK: link fails when LOCK exists). A lock whose process is
 * gone — same host, pid not alive — is stale (a crash, kill -9) and taken over; a lock of another
 * host is never taken over (the user removes it).
 */
import { linkSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { GncError } from "../util/errors.js";

export interface LockInfo {
  pid: number;
  host: string;
  since: string;
}

export const LOCK_FILE = "LOCK";

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

function readLock(file: string): LockInfo | null {
  try {
    const v = JSON.parse(readFileSync(file, "utf8"));
    return typeof v?.pid === "number" && typeof v?.host === "string" ? (v as LockInfo) : null;
  } catch {
    return null;
  }
}

/** Take the lock of `dir` (which must exist) for this process; GncError (exit 2) when another live process holds it. */
export function acquireLock(dir: string): void {
  const file = path.join(dir, LOCK_FILE);
  const me: LockInfo = { pid: process.pid, host: os.hostname(), since: new Date().toISOString() };
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(me) + "\n");
  try {
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        linkSync(tmp, file);
        return;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw new GncError(`gnc/runs/lock: ${file}: cannot create the run lock (${(err as Error).message.split("\n")[0]})`);
      }
      const held = readLock(file);
      if (held && held.pid === process.pid && held.host === me.host) return; // re-entrant in one process
      const stale = held === null || (held.host === me.host && !alive(held.pid));
      if (!stale) {
        throw new GncError(`gnc/runs/lock: ${dir}: the run is in use by process ${held!.pid} on ${held!.host} since ${held!.since}; wait for it, or stop it (a lock of a dead process on this host is taken over)`);
      }
      rmSync(file, { force: true });
    }
    throw new GncError(`gnc/runs/lock: ${dir}: could not take the run lock (another process keeps taking it)`);
  } finally {
    rmSync(tmp, { force: true });
  }
}

/** Drop the lock of `dir` if this process holds it. */
export function releaseLock(dir: string): void {
  const file = path.join(dir, LOCK_FILE);
  const held = readLock(file);
  if (held && held.pid === process.pid && held.host === os.hostname()) rmSync(file, { force: true });
}

/** The holder of `dir`'s lock, when it is alive (null: free or stale). */
export function lockHolder(dir: string): LockInfo | null {
  const held = readLock(path.join(dir, LOCK_FILE));
  if (!held) return null;
  return held.host !== os.hostname() || alive(held.pid) ? held : null;
}
