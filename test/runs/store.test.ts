import { describe, expect, it } from "vitest";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { spawn } from "node:child_process";
import os from "node:os";
import path from "node:path";
import { RunStore, readManifest } from "../../src/runs/store.js";
import { acquireLock, lockHolder, releaseLock } from "../../src/runs/lock.js";
import { GncError } from "../../src/util/errors.js";

const tmp = () => mkdtempSync(path.join(os.tmpdir(), "gnc-store-"));

describe("RunStore", () => {
  it("lays out OUT/name/hash12, writes config, manifest sessions and DONE", () => {
    const out = tmp();
    const cfg = { name: "s", seed: 3, x: [1, 2] };
    const st = RunStore.forConfig(out, cfg);
    expect(st.dir).toBe(path.join(out, "s", st.hash.slice(0, 12)));
    st.claim(cfg);
    st.start({ study: "test", seed: 3, extra: 1 });
    st.metrics().append([{ run: "s", epoch: 0, step: 0, split: "test", layer: 1, kind: "k", variant: "H", metric: "nc1", mean: 1, std: 0, meanLog10: 0, stdLog10: 0 }]);
    st.saveCheckpoint({ a: 1 }, "epoch-1");
    expect(st.loadCheckpoint()).toEqual({ a: 1 });
    st.finish("stopped", "budget");
    st.release();
    expect(readManifest(st.dir)).toMatchObject({ study: "test", status: "stopped", message: "budget", extra: 1, configHash: st.hash });
    expect(st.isDone()).toBe(false);
    // a second session keeps the first start and adds a session
    st.claim(cfg);
    st.start({ study: "test", seed: 3, fromStep: 5 });
    st.finish("done");
    st.release();
    const m = readManifest(st.dir)!;
    expect(m.sessions.map((s) => s.fromStep)).toEqual([0, 5]);
    expect(m.message).toBeUndefined();
    expect(st.isDone()).toBe(true);
    expect(readFileSync(st.files.metrics, "utf8").split("\n")[0]).toBe("run,epoch,step,split,layer,kind,variant,metric,mean,std,meanLog10,stdLog10");
  });

  it("refuses a directory that holds another config; force starts over", () => {
    const out = tmp();
    const a = { name: "same", v: 1 };
    const st = RunStore.forConfig(out, a);
    st.claim(a);
    st.release();
    writeFileSync(st.files.config, JSON.stringify({ name: "same", v: 2 }));
    expect(() => st.claim(a)).toThrow(/holds a different config/);
    expect(lockHolder(st.dir)).toBeNull(); // a refused claim drops its lock
    st.claim(a, { force: true });
    st.release();
    expect(JSON.parse(readFileSync(st.files.config, "utf8"))).toEqual(a);
  });
});

describe("run lock", () => {
  it("a live process's lock refuses a second holder; a dead process's lock is taken over", async () => {
    const dir = tmp();
    // A live child holds the lock …
    const child = spawn(process.execPath, ["-e", `
      const fs = require("fs"), os = require("os");
      fs.writeFileSync(${JSON.stringify(path.join(dir, "LOCK"))}, JSON.stringify({ pid: process.pid, host: os.hostname(), since: "t" }));
      console.log("ready"); setTimeout(() => {}, 60000);`]);
    await new Promise<void>((r) => child.stdout.once("data", () => r()));
    let err: unknown;
    try {
      acquireLock(dir);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(GncError);
    expect((err as Error).message).toMatch(new RegExp(`in use by process ${child.pid}`));
    // … until it dies (kill -9): then the lock is stale and taken over.
    child.kill("SIGKILL");
    await new Promise((r) => child.once("exit", r));
    acquireLock(dir);
    expect(JSON.parse(readFileSync(path.join(dir, "LOCK"), "utf8")).pid).toBe(process.pid);
    releaseLock(dir);
    expect(existsSync(path.join(dir, "LOCK"))).toBe(false);
  });
});
